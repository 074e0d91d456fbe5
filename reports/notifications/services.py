"""Telling people: an in-app notification for each user, and the same text by email.

The email leaves after the transaction commits, and a mail server outage never undoes the
workflow step that caused it.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils.translation import gettext as _

from reports.notifications.models import Notification
from units.models import Membership, Unit

logger = logging.getLogger(__name__)


def notify(*, users, message: str, url: str = "") -> list[Notification]:
    """An in-app notification for each user, and the same text by email once committed."""
    users = list(users.distinct() if hasattr(users, "distinct") else users)
    notifications = Notification.objects.bulk_create(
        Notification(user=user, message=message, url=url) for user in users
    )
    recipients = [user.email for user in users if user.email]
    if recipients:
        transaction.on_commit(lambda: _send_email(recipients, message, url))
    return notifications


def notify_units(*, units, message: str, url_for: Callable[[Unit], str]) -> dict[int, int]:
    """Notify every active member of each unit (one read of the members for all units), each
    unit with its own link; returns how many people each unit's notice reached."""
    units = list(units)
    members: dict[int, list] = defaultdict(list)
    for membership in Membership.objects.filter(
        unit__in=units, user__is_active=True
    ).select_related("user"):
        members[membership.unit_id].append(membership.user)
    return {
        unit.pk: len(notify(users=members[unit.pk], message=message, url=url_for(unit)))
        for unit in units
    }


def _send_email(recipients: list[str], message: str, url: str) -> None:
    body = message
    site_url = getattr(settings, "SITE_URL", "")
    if url and site_url:
        body += "\n\n" + site_url.rstrip("/") + url
    emails = [
        EmailMessage(
            # The first line only: a line break in a header is refused as header injection.
            subject=_("[Directive tracking] %(message)s")
            % {"message": (message.splitlines() or [""])[0][:80]},
            body=body,
            to=[address],
        )
        for address in recipients
    ]
    try:
        mailers.default.send_messages(emails)
    except Exception:
        # The notification is already in the app; a mail server outage must not undo the
        # workflow step that caused it.
        logger.exception("Could not send notification email to %s", recipients)
