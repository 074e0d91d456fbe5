"""Who keeps the unit registry: the Department (staff of a unit that monitors a directive) and
the superuser. One helper, so every registry page asks the same question."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from . import roles


def keeps_registry(user) -> bool:
    return user.is_authenticated and (user.is_superuser or roles.reviews_any_directive(user))


def require_registry_keeper(user) -> None:
    if not keeps_registry(user):
        raise PermissionDenied


MANAGE_ACCOUNTS = "units.manage_accounts"


def manages_accounts(user) -> bool:
    """Department staff given the "manage accounts" permission (the superuser has it). A unit's
    own staff never manage accounts, even with the permission by mistake."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or (
        roles.reviews_any_directive(user) and user.has_perm(MANAGE_ACCOUNTS)
    )


def require_account_manager(user) -> None:
    if not manages_accounts(user):
        raise PermissionDenied


def get_account_for_manager(request, user_id: int):
    """An account the manager may change, with its memberships: 404 for an unknown one, 403
    for a superuser (kept in the admin by another superuser) unless the manager is one."""
    require_account_manager(request.user)
    account = get_object_or_404(
        get_user_model().objects.prefetch_related("memberships__unit"), pk=user_id
    )
    if account.is_superuser and not request.user.is_superuser:
        raise PermissionDenied
    return account
