"""Who may read or manage a directive's periods.

Reviewers of the directive (members of its monitoring unit) manage its periods and act on
them; the Standing Committee reads (403 on writes); anyone else is told the page does not exist
(404).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from directives.models import Directive
from reports.periods.models import ReportingPeriod
from units.roles import is_leadership_member, reviews_directive


def can_monitor(user, directive) -> tuple[bool, bool]:
    """(may read, may act): reviewers act; the Standing Committee only reads."""
    if reviews_directive(user, directive):
        return True, True
    return is_leadership_member(user), False


def get_period_for_monitoring(request, period_id: int, *, write: bool = False):
    """The period with its directive, and whether the user may act on it.

    Outsiders (unit staff included) get 404, the read-only Standing Committee 403 on writes."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("directive"), pk=period_id)
    can_read, can_act = can_monitor(request.user, period.directive)
    if not can_read:
        raise Http404("No reporting period matches the given query.")
    if write and not can_act:
        raise PermissionDenied(_("The Standing Committee follows the reports; it does not act."))
    return period, can_act


def get_directive_for_monitoring(request, slug: str) -> Directive:
    directive = get_object_or_404(Directive, slug=slug)
    if not can_monitor(request.user, directive)[0]:
        raise Http404("No directive matches the given query.")
    return directive


def get_directive_for_periods(request, slug: str, *, write: bool = False) -> Directive:
    """The directive whose periods the user manages (write) or reads.

    Reviewers manage; the Standing Committee reads (403 on writes); others get 404."""
    directive = get_object_or_404(Directive, slug=slug)
    if reviews_directive(request.user, directive):
        directive.can_act = True
        return directive
    if not is_leadership_member(request.user):
        raise Http404("No directive matches the given query.")
    if write:
        raise PermissionDenied(_("The Standing Committee follows the reports; it does not act."))
    directive.can_act = False
    return directive
