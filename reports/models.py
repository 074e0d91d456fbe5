"""The models of the reports app, each defined in its sub-domain and gathered here, where Django
and the migrations look for them (the app label stays `reports`).

- `reports.periods.models`: periods and the units that must report in them;
- `reports.submissions.models`: a unit's report, its entries, evidence, events and revisions;
- `reports.notifications.models`: in-app notifications;
- `reports.monitoring.models`: reminders;
- `reports.consolidated.models`: the consolidated report, its sections and numbering terms.
"""

from reports.consolidated.models import (
    ConsolidatedRecipient,
    ConsolidatedReport,
    ConsolidatedReportQuerySet,
    ConsolidatedSection,
    ConsolidatedSectionRevision,
    ConsolidatedSigningStep,
    DocumentTerm,
    DocumentTermQuerySet,
    consolidated_pdf_path,
)
from reports.monitoring.models import DeadlineReminder, Reminder
from reports.notifications.models import Notification
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import (
    EntryComment,
    Evidence,
    IndicatorValue,
    ProgressStatus,
    ReportEvent,
    ReportRevision,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
    evidence_path,
)

__all__ = [
    "ConsolidatedRecipient",
    "ConsolidatedReport",
    "ConsolidatedReportQuerySet",
    "ConsolidatedSection",
    "ConsolidatedSectionRevision",
    "ConsolidatedSigningStep",
    "DocumentTerm",
    "DocumentTermQuerySet",
    "EntryComment",
    "Evidence",
    "IndicatorValue",
    "Notification",
    "ProgressStatus",
    "Reminder",
    "DeadlineReminder",
    "ReportEvent",
    "ReportRevision",
    "ReportStatus",
    "ReportingObligation",
    "ReportingPeriod",
    "TaskAnswer",
    "TaskProgress",
    "UnitReport",
    "consolidated_pdf_path",
    "evidence_path",
]
