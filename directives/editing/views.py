"""The Department's pages for entering and changing a directive: header, tasks (add, change,
move, end, replace or split, delete a mistake), publishing, the end of its force, and the
history of every change. Plain forms and POST buttons: no script is needed.

Each view fetches through the access helper (403 for those who may read but not change,
404 for a draft to anyone else), checks a plain form, calls one service, and redirects.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directives.editing import services
from directives.editing.access import (
    get_directive_for_editing,
    get_indicator_for_editing,
    get_task_for_editing,
    monitoring_unit_choices,
    require_directive_creator,
)
from directives.editing.forms import (
    DirectiveEndForm,
    DirectiveForm,
    IndicatorForm,
    TaskEndForm,
    TaskForm,
    TaskReplaceForm,
)
from directives.models import Directive, Task, TaskCoordination, TaskLead
from units.models import Unit
from units.roles import memberships


def _apply_errors(form, error: ValidationError) -> None:
    """A service's refusal next to the field it concerns."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _posted(request):
    # Not `request.POST or None`: a form posted with every field empty is still a submission.
    return request.POST if request.method == "POST" else None


def _tasks_page(directive):
    return redirect("directive_tasks_edit", directive.slug)


@require_http_methods(["GET", "POST"])
@login_required
def directive_create(request):
    require_directive_creator(request)
    units = monitoring_unit_choices(request.user)
    # The Department enters its own directives: its unit is the one proposed.
    own = [m.unit_id for m in memberships(request.user)]
    proposed = units.filter(pk__in=own).values_list("pk", flat=True).first()
    form = DirectiveForm(
        _posted(request), monitoring_units=units, initial={"monitoring_unit": proposed}
    )
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(user=request.user, fields=form.cleaned_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Draft saved. Add its tasks, then publish it when it is complete.")
            )
            return _tasks_page(directive)
    return render(
        request,
        "directives/edit_directive.html",
        {"form": form, "directive": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def directive_edit(request, slug):
    directive = get_directive_for_editing(request, slug)
    # The monitoring unit can be handed to another unit the user may choose, or stay as it is.
    units = monitoring_unit_choices(request.user) | Unit.objects.filter(
        pk=directive.monitoring_unit_id
    )
    form = DirectiveForm(_posted(request), instance=directive, monitoring_units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(
                directive=directive, user=request.user, fields=form.cleaned_fields()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The directive's header was saved."))
            return _tasks_page(directive)
    return render(
        request,
        "directives/edit_directive.html",
        {"form": form, "directive": directive},
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def directive_tasks_edit(request, slug):
    """The directive's tasks in document order, each with what can be done to it."""
    directive = get_directive_for_editing(request, slug)
    tasks = list(
        Task.objects.filter(directive=directive)
        .order_by("position")
        .prefetch_related(
            Prefetch("tasklead_set", queryset=TaskLead.objects.select_related("unit")),
            Prefetch(
                "taskcoordination_set", queryset=TaskCoordination.objects.select_related("unit")
            ),
            "lead_groups",
            "replaces",
        )
    )
    reported = set(
        Task.objects.filter(directive=directive, progress__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for task in tasks:
        task.has_entries = task.pk in reported
    return render(
        request,
        "directives/edit_tasks.html",
        {"directive": directive, "tasks": tasks, "end_form": _end_form(directive)},
    )


def _end_form(directive, data=None):
    initial = {}
    if directive.in_force_until is not None:
        initial["no_longer_in_force_from"] = directive.in_force_until + datetime.timedelta(days=1)
    return DirectiveEndForm(data, initial=initial)


@require_POST
@login_required
def directive_publish(request, slug):
    directive = get_directive_for_editing(request, slug)
    try:
        services.directive_publish(directive=directive, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The directive is published: the units can see it."))
    return _tasks_page(directive)


@require_http_methods(["GET", "POST"])
@login_required
def directive_end(request, slug):
    directive = get_directive_for_editing(request, slug)
    form = _end_form(directive, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_set_end(
                directive=directive,
                user=request.user,
                no_longer_in_force_from=form.cleaned_data["no_longer_in_force_from"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The directive's period in force was saved."))
            return _tasks_page(directive)
    return render(
        request,
        "directives/edit_end.html",
        {"directive": directive, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def directive_history(request, slug):
    directive = get_object_or_404(
        Directive.objects.visible_to(request.user).select_related("issuer"), slug=slug
    )
    changes = list(directive.changes.select_related("user", "task"))
    labels = _field_labels()
    for change in changes:
        for row in change.changes:
            row["label"] = labels.get(row["field"], row["field"])
    return render(
        request,
        "directives/edit_history.html",
        {"directive": directive, "changes": changes},
    )


def _field_labels() -> dict[str, str]:
    labels = {f.name: str(f.verbose_name) for f in Directive._meta.get_fields() if f.concrete}
    labels.update({f.name: str(f.verbose_name) for f in Task._meta.get_fields() if f.concrete})
    labels["position"] = _("place")
    labels["replaced_by"] = _("replaced by")
    labels["task_count"] = _("tasks")
    return labels


@require_http_methods(["GET", "POST"])
@login_required
def task_create(request, slug):
    directive = get_directive_for_editing(request, slug)
    after = None
    initial = {}
    if request.GET.get("cha", "").isdigit():
        parent = get_object_or_404(Task, directive=directive, pk=int(request.GET["cha"]))
        initial = {"parent": parent, "number": f"{parent.number}."}
    if request.GET.get("sau", "").isdigit():
        after = get_object_or_404(Task, directive=directive, pk=int(request.GET["sau"]))
        initial = {"parent": after.parent_id}
    form = TaskForm(
        _posted(request),
        instance=Task(directive=directive),
        directive=directive,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_add(
                directive=directive, user=request.user, fields=form.cleaned_fields(), after=after
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Task %(number)s added.") % {"number": task.number})
            return _tasks_page(directive)
    return render(
        request,
        "directives/edit_task.html",
        {"directive": directive, "form": form, "task": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_edit(request, slug, task_id):
    task = get_task_for_editing(request, slug, task_id)
    directive = task.directive
    form = TaskForm(_posted(request), instance=task, directive=directive)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=task,
                user=request.user,
                fields=form.cleaned_fields(),
                renumber_confirmed=form.cleaned_data.get("confirm_renumber", False),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Task %(number)s saved.") % {"number": task.number})
            return _tasks_page(directive)
    return render(
        request,
        "directives/edit_task.html",
        {"directive": directive, "form": form, "task": task},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def task_move(request, slug, task_id):
    task = get_task_for_editing(request, slug, task_id)
    services.task_move(task=task, user=request.user, up=request.POST.get("direction") == "up")
    return _tasks_page(task.directive)


@require_POST
@login_required
def task_delete(request, slug, task_id):
    task = get_task_for_editing(request, slug, task_id)
    try:
        services.task_delete(task=task, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Task %(number)s deleted.") % {"number": task.number})
    return _tasks_page(task.directive)


@require_http_methods(["GET", "POST"])
@login_required
def task_end(request, slug, task_id):
    task = get_task_for_editing(request, slug, task_id)
    form = TaskEndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.task_end(
                task=task, user=request.user, ends_from=form.cleaned_data["ends_from"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Task %(number)s ended.") % {"number": task.number})
            return _tasks_page(task.directive)
    return render(
        request,
        "directives/edit_task_end.html",
        {"directive": task.directive, "task": task, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_replace(request, slug, task_id):
    task = get_task_for_editing(request, slug, task_id)
    form = TaskReplaceForm(_posted(request), task=task)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.task_replace(
                task=task,
                user=request.user,
                ends_from=form.cleaned_data["ends_from"],
                parts=form.parts(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Task %(number)s ended; it is carried on by %(new)s.")
                % {"number": task.number, "new": ", ".join(t.number for t in created)},
            )
            return _tasks_page(task.directive)
    return render(
        request,
        "directives/edit_task_replace.html",
        {"directive": task.directive, "task": task, "form": form},
        status=400 if form.is_bound else 200,
    )


# ---- indicators ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def directive_indicators_edit(request, slug):
    """The figures the directive asks for, and the form to add one."""
    directive = get_directive_for_editing(request, slug)
    form = IndicatorForm(_posted(request), directive=directive)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_add(
                directive=directive, user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Indicator “%(name)s” added.") % {"name": indicator.name})
            return redirect("directive_indicators_edit", directive.slug)
    indicators = directive.indicators.select_related("task").annotate(value_count=Count("values"))
    return render(
        request,
        "directives/edit_indicators.html",
        {"directive": directive, "indicators": indicators, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request, slug, indicator_id):
    indicator = get_indicator_for_editing(request, slug, indicator_id)
    directive = indicator.directive
    form = IndicatorForm(_posted(request), instance=indicator, directive=directive)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                indicator=indicator, user=request.user, fields=form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Indicator “%(name)s” saved.") % {"name": indicator.name})
            return redirect("directive_indicators_edit", directive.slug)
    return render(
        request,
        "directives/edit_indicator.html",
        {"directive": directive, "indicator": indicator, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def indicator_delete(request, slug, indicator_id):
    indicator = get_indicator_for_editing(request, slug, indicator_id)
    try:
        services.indicator_delete(indicator=indicator, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Indicator “%(name)s” deleted.") % {"name": indicator.name})
    return redirect("directive_indicators_edit", indicator.directive.slug)
