"""Accounts kept by the Department, not in the Django admin: a unit's accounts, their roles,
deactivation of people who leave, and a password reset without email.

Many offices run on a closed network with no mail, so a reset is a one-time link the
administrator hands over: Django's PasswordResetTokenGenerator signs it with the account's
password hash and last sign-in, so it stops working once a password is set with it, and after
PASSWORD_RESET_TIMEOUT (ACCOUNT_LINK_HOURS). Nothing is ever deleted: a person who leaves is
deactivated, and their reports, reviews and signatures stay attributed to them.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import Membership, MembershipRole, Unit

logger = logging.getLogger(__name__)


def set_password_path(user) -> str:
    """The one-time link (path) at which the account's holder chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("account_set_password", args=[uid, token])


def _split_name(full_name: str) -> tuple[str, str]:
    """ "Nguyễn Thị Tuyên" -> ("Tuyên", "Nguyễn Thị"): given name last, as Vietnamese write it."""
    last, _sep, first = " ".join(full_name.split()).rpartition(" ")
    return first, last


@transaction.atomic
def account_create(
    *, unit: Unit, username: str, full_name: str, email: str, role: str, by
) -> tuple[object, str]:
    """A new account in the unit with no usable password, and the one-time link at which its
    holder chooses one."""
    User = get_user_model()
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This user name is already taken.")]})
    first, last = _split_name(full_name)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=email.strip(), first_name=first, last_name=last
            )
    except IntegrityError:
        raise ValidationError({"username": [_("This user name is already taken.")]}) from None
    # An unusable password: nobody can sign in until the holder opens the link.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, unit=unit, role=role)
    logger.info("Account %s created in %s (%s) by %s", username, unit.code, role, by)
    return user, set_password_path(user)


@transaction.atomic
def account_set_role(*, membership: Membership, role: str, by) -> Membership:
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a role from the list."))
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        logger.info(
            "Role of %s in %s set to %s by %s",
            membership.user,
            membership.unit.code,
            role,
            by,
        )
    return membership


@transaction.atomic
def account_deactivate(*, user, by):
    """The person left: they can no longer sign in (their open sessions end too, since Django
    refuses an inactive user on every request); their work and memberships are kept."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        logger.info("Account %s deactivated by %s", user, by)
    return user


@transaction.atomic
def account_reactivate(*, user, by):
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        logger.info("Account %s reactivated by %s", user, by)
    return user


@transaction.atomic
def account_password_reset(*, user, by) -> str:
    """Cancel the account's password and return a fresh one-time link to choose a new one. The
    old password stops working at once, and so does any link made before (both are signed
    with the password hash)."""
    if not user.is_active:
        raise ValidationError(_("Reactivate the account before resetting its password."))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    logger.info("Password of %s reset by %s", user, by)
    return set_password_path(user)


@transaction.atomic
def account_two_factor_remove(*, user, by) -> int:
    """Remove the person's authenticator devices (a lost or changed phone): they sign in with
    the password alone again, or enrol anew if their role requires it. Returns how many."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed, _kinds = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        logger.info("Two-step sign-in devices of %s removed by %s", user, by)
    return removed
