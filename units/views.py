from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directives.models import Directive, Task

from . import forms
from .access import keeps_registry, require_registry_keeper
from .models import Unit, UnitEvent


@require_GET
@login_required
def unit_detail(request, code):
    unit = get_object_or_404(
        Unit.objects.select_related("parent").prefetch_related("former_names"), code=code
    )
    tasks = (
        Task.objects.assigned_to(unit)
        .filter(directive__in=Directive.objects.visible_to(request.user))
        .select_related("directive", "parent")
        .prefetch_related(Prefetch("lead_groups"), "lead_units")
        .order_by("directive__issued_on", "directive_id", "position")
    )
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "tasks": tasks, "keeps_registry": keeps_registry(request.user)},
    )


@require_GET
@login_required
def registry(request):
    require_registry_keeper(request.user)
    today = timezone.localdate()
    units = Unit.objects.select_related("parent").prefetch_related("former_names")
    events = UnitEvent.objects.prefetch_related("predecessors", "successors")[:50]
    return render(
        request,
        "units/registry.html",
        {"units": units, "events": events, "today": today},
    )


def _event_page(request, form, *, title, unit=None):
    """Form, then a preview of the change with the same data hidden, then the change itself:
    a change to the organisation cannot be undone, so it is never made from the first POST."""
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        if "confirm" in request.POST:
            try:
                form.save(request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The change has been recorded."))
                return redirect("unit_registry")
        if not form.errors:
            return render(
                request,
                "units/event_preview.html",
                {"form": form, "title": title, "unit": unit},
            )
    return render(request, "units/event_form.html", {"form": form, "title": title, "unit": unit})


def _unit_in_force(code):
    return get_object_or_404(Unit, code=code, valid_to__isnull=True)


@login_required
def unit_rename_view(request, code):
    require_registry_keeper(request.user)
    unit = _unit_in_force(code)
    form = forms.RenameForm(request.POST or None, unit=unit)
    return _event_page(request, form, title=_("Rename %(unit)s") % {"unit": unit.name}, unit=unit)


@login_required
def unit_split_view(request, code):
    require_registry_keeper(request.user)
    unit = _unit_in_force(code)
    form = forms.SplitForm(request.POST or None, unit=unit)
    return _event_page(request, form, title=_("Split %(unit)s") % {"unit": unit.name}, unit=unit)


@login_required
def unit_end_view(request, code):
    require_registry_keeper(request.user)
    unit = _unit_in_force(code)
    form = forms.EndForm(request.POST or None, unit=unit)
    return _event_page(request, form, title=_("End %(unit)s") % {"unit": unit.name}, unit=unit)


@login_required
def unit_merge_view(request):
    require_registry_keeper(request.user)
    form = forms.MergeForm(request.POST or None)
    return _event_page(request, form, title=_("Merge units"))
