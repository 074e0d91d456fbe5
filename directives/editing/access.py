"""Who may change a directive: the staff of its monitoring unit (the Department that follows it
up) and the superuser. Directives are read by every official, so anyone else signed in is told
plainly that they may not change it (403); a draft, seen by no one else, does not exist for them
(404)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from directives.models import Directive, Indicator, Task
from units.models import Unit, UnitKind
from units.roles import memberships, reviews_directive

# The Provincial Committee's advisory agencies (Ban Tuyên giáo, Ban Tổ chức, Văn phòng ...)
# draft and follow up its directives; a unit that already monitors one may enter more.
EDITING_KINDS = (UnitKind.ADVISORY_AGENCY,)


def monitoring_unit_choices(user):
    """Units whose staff may enter a new directive, as its monitoring unit."""
    if user.is_superuser:
        return Unit.objects.exclude(kind__in=(UnitKind.LEADERSHIP, UnitKind.CENTRAL))
    ids = [
        m.unit_id
        for m in memberships(user)
        if m.unit.kind in EDITING_KINDS or m.monitors_a_directive
    ]
    return Unit.objects.filter(pk__in=ids)


def may_create_directives(user) -> bool:
    return user.is_superuser or any(
        m.unit.kind in EDITING_KINDS or m.monitors_a_directive for m in memberships(user)
    )


def may_edit(user, directive: Directive) -> bool:
    return reviews_directive(user, directive)


def _refuse():
    raise PermissionDenied(
        _("Only the staff of the directive's monitoring unit may change this directive.")
    )


def require_directive_creator(request) -> None:
    if not may_create_directives(request.user):
        raise PermissionDenied(_("Only the Department that follows up directives may enter one."))


def get_directive_for_editing(request, slug: str) -> Directive:
    directive = get_object_or_404(
        Directive.objects.select_related("issuer", "monitoring_unit"), slug=slug
    )
    if not may_edit(request.user, directive):
        if directive.is_draft:
            raise Http404("No directive matches the given query.")
        _refuse()
    return directive


def get_task_for_editing(request, slug: str, task_id: int) -> Task:
    """The task with its directive (and its parent), for its directive's editors."""
    task = get_object_or_404(
        Task.objects.select_related("directive__issuer", "directive__monitoring_unit", "parent"),
        Q(directive__slug=slug),
        pk=task_id,
    )
    if not may_edit(request.user, task.directive):
        if task.directive.is_draft:
            raise Http404("No task matches the given query.")
        _refuse()
    return task


def get_indicator_for_editing(request, slug: str, indicator_id: int) -> Indicator:
    """The indicator with its directive, for its directive's editors."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("directive__monitoring_unit", "task"),
        directive__slug=slug,
        pk=indicator_id,
    )
    if not may_edit(request.user, indicator.directive):
        if indicator.directive.is_draft:
            raise Http404("No indicator matches the given query.")
        _refuse()
    return indicator
