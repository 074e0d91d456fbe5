"""Who may see, edit, sign and download a consolidated report: the one place that decides it.

The monitoring department (reviewers of the directive) drafts, edits and submits it for
signature; only a signer of the monitoring unit (its head or deputy head) returns or issues it;
the Standing Committee and other leadership bodies read drafts and issued reports and change
nothing; the members of the units on an issued report's "Nơi nhận" list may read and download
it. Anyone else is told it does not exist (404). Nothing is ever served from a public URL.
"""

import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from reports.consolidated.models import ConsolidatedReport
from reports.periods.models import ReportingPeriod
from units.models import Unit
from units.roles import is_leadership_member, reviews_directive, signs_for, unit_ids


class ConsolidatedAction(StrEnum):
    READ = "read"
    EDIT = "edit"


def signing_unit_ids(report: ConsolidatedReport, day: datetime.date) -> set[int]:
    """The monitoring unit as it is on the document's date: the issuing unit while it is in
    force, otherwise the units that succeeded it (through any chain of mergers and renames) in
    force that day, as the directive's monitoring unit follows its successor."""
    unit = report.issuing_unit
    if unit.is_valid_on(day):
        return {unit.pk}
    found: set[int] = set()
    seen, frontier = {unit.pk}, [unit]
    while frontier:
        successors = list(Unit.objects.filter(predecessors__in=frontier).exclude(pk__in=seen))
        seen |= {s.pk for s in successors}
        found |= {s.pk for s in successors if s.is_valid_on(day)}
        frontier = [s for s in successors if not s.is_valid_on(day)]
    return found


def may_sign(user, report: ConsolidatedReport, day: datetime.date | None = None) -> bool:
    """Whether the user may return or issue the report dated `day` (today by default)."""
    return signs_for(user, signing_unit_ids(report, day or timezone.localdate()))


def consolidated_permissions(user, report: ConsolidatedReport) -> dict[str, bool]:
    """Uses `report.recipients` (prefetched by the access helper) for the Nơi nhận check."""
    reviewer = reviews_directive(user, report.period.directive)
    leader = is_leadership_member(user)
    mine = unit_ids(user)
    recipient = report.is_issued and any(r.unit_id in mine for r in report.recipients.all())
    signer = not report.is_issued and may_sign(user, report)
    return {
        "read": reviewer or leader or recipient,
        "edit": reviewer,
        "is_reviewer": reviewer,
        # Submit to the signer: an editor, while the text is with the specialists.
        "submit": reviewer and report.is_editable,
        # Return or issue: a signer of the monitoring unit, while it is not issued.
        "sign": signer,
    }


def get_consolidated_for_user(
    request, pk: int, *, action: ConsolidatedAction = ConsolidatedAction.READ
) -> ConsolidatedReport:
    """The report with its period, directive, sections and recipients, or 404 / 403.
    Three queries: the report with its joins, its recipients, its sections."""
    report = get_object_or_404(
        ConsolidatedReport.objects.select_related(
            "period__directive__monitoring_unit", "issuing_unit", "term", "replaces"
        ).prefetch_related("recipients", "sections"),
        pk=pk,
    )
    permissions = consolidated_permissions(request.user, report)
    if not permissions["read"]:
        raise Http404
    if not permissions[ConsolidatedAction(action).value]:
        raise PermissionDenied
    report.permissions = permissions
    return report


def get_period_for_reviewer(request, period_id: int) -> ReportingPeriod:
    """A period whose consolidated report the user may draft: reviewers only; leadership 403."""
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("directive__monitoring_unit"), pk=period_id
    )
    if reviews_directive(request.user, period.directive):
        return period
    if is_leadership_member(request.user):
        raise PermissionDenied
    raise Http404


def visible_reports(user):
    """Consolidated reports the user may see in lists: issued ones by the access rule above,
    drafts only for their department and the leadership."""
    queryset = ConsolidatedReport.objects.all()
    if user.is_superuser or is_leadership_member(user):
        return queryset
    mine = unit_ids(user)
    return queryset.filter(
        Q(period__directive__monitoring_unit_id__in=mine)
        | Q(status=ConsolidatedReport.Status.ISSUED, recipients__unit_id__in=mine)
    ).distinct()
