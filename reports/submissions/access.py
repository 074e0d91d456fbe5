"""Who may do what with a unit's report: the one place that decides it.

A unit's members read and edit their own unit's reports; reviewers (the unit monitoring the
directive) read every report of it and review them; leadership bodies read everything and change
nothing; the admin does everything. Anyone else is told the report does not exist (404), so the
address of another unit's report reveals nothing.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404

from reports.submissions.models import Evidence, UnitReport
from units.models import UnitName
from units.roles import (
    is_leadership_member,
    is_member_of,
    predecessor_ids,
    reviews_directive,
    succeeds,
    unit_ids,
)


class ReportAction(StrEnum):
    READ = "read"
    EDIT = "edit"
    REVIEW = "review"


def report_permissions(user, report: UnitReport) -> dict[str, bool]:
    """What the user may do with the report, for the access check and for the template."""
    owner = is_member_of(user, report.unit_id)
    reviewer = reviews_directive(user, report.period.directive)
    return {
        "read": owner
        or reviewer
        or user.is_superuser
        or is_leadership_member(user)
        # The successor's staff read what the units it replaced filed, and change none of it.
        or succeeds(user, report.unit_id),
        "edit": owner or user.is_superuser,
        # Reviewing one's own unit is refused by the service with a message, not hidden here.
        "review": reviewer,
        "is_owner": owner,
    }


def readable_reports(user):
    """The reports `report_permissions` lets the user read, as a query (for search): their
    units' own, those of the units their units replaced, every report of the directives their
    units monitor; everything for leadership members and the admin."""
    if user.is_superuser or is_leadership_member(user):
        return UnitReport.objects.all()
    own = unit_ids(user)
    return UnitReport.objects.filter(
        Q(unit_id__in=own | predecessor_ids(user))
        | Q(period__directive__monitoring_unit_id__in=own)
    )


def check_report_access(user, report: UnitReport, action: ReportAction) -> dict[str, bool]:
    permissions = report_permissions(user, report)
    if not permissions["read"]:
        raise Http404
    if not permissions[ReportAction(action).value]:
        raise PermissionDenied
    return permissions


def get_report_for_user(request, pk: int, *, action: ReportAction = ReportAction.READ):
    """The report with what its pages need, or 404 / 403; sets `report.permissions`."""
    # The unit's name as on the period's due date, in the same query: a 2021 report keeps the
    # name of 2021 after a rename.
    former = UnitName.objects.filter(
        unit=OuterRef("unit_id"), valid_until__gte=OuterRef("period__due_on")
    ).order_by("valid_until")
    try:
        report = (
            UnitReport.objects.select_related(
                "period__directive__monitoring_unit", "unit", "updated_by"
            )
            .annotate(
                unit_name_then=Subquery(former.values("name")[:1]),
                unit_short_name_then=Subquery(former.values("short_name")[:1]),
            )
            .get(pk=pk)
        )
    except UnitReport.DoesNotExist:
        raise Http404 from None
    if report.unit_name_then:
        # Shown, never saved: the pages read the unit as the period knew it.
        report.unit.name = report.unit_name_then
        report.unit.short_name = report.unit_short_name_then
    report.permissions = check_report_access(request.user, report, action)
    return report


def get_evidence_for_user(request, pk: int, *, action: ReportAction = ReportAction.READ):
    """An evidence file is readable by whoever may read its report, and nobody else."""
    try:
        evidence = Evidence.objects.select_related(
            "report__period__directive", "report__unit", "entry"
        ).get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404 from None
    evidence.report.permissions = check_report_access(request.user, evidence.report, action)
    return evidence
