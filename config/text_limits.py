"""How long a text typed in a form may be (issue 13): every free-text field of the reporting
forms has one, checked by the form before anything reaches the database, with one message.

The limits are far above real use (the longest section of the 150-unit consolidated report is
about 24,000 characters; a unit's answer to a task a few thousand) and far below the megabytes
that were accepted before and copied into every revision."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

REPORT_TEXT = 20_000  # a unit's answers: overall assessment, results, difficulties, proposals
COMMENT = 5_000  # a reviewer's comments
REASON = 2_000  # reasons and notes
SECTION = 200_000  # a section of the consolidated report (quotes every unit)
RECIPIENTS = 20_000  # the "Nơi nhận" list, one recipient a line

TOO_LONG = _("This text is too long: at most %(limit_value)d characters (it has %(show_value)d).")


def bounded(limit: int, error_messages: dict | None = None) -> dict:
    """The keyword arguments of a forms.CharField limited to `limit` characters."""
    return {
        "max_length": limit,
        "error_messages": {"max_length": TOO_LONG, **(error_messages or {})},
    }


def length_checks(prefix: str, limit: int, *fields: str) -> list[models.CheckConstraint]:
    """The same limits in the database, for the texts that are copied into every revision: a
    write that bypasses the forms (a script, the admin, a bug) cannot store megabytes either."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit),
            name=f"{prefix}_{field}_length",
            violation_error_message=TOO_LONG,
        )
        for field in fields
    ]
