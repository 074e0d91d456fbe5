"""The writes of directive editing: each one changes the directive and its tasks together and
records what changed (DirectiveChange: who, when, each field before and after).

A task that units already reported on keeps its row, its number and its entries: it is never
deleted (TaskProgress.task is PROTECT, and the services refuse first with a message); it can be
ended, or replaced by one or more new tasks that record what they replace. Each service raises
ValidationError keyed by form field before anything is written.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directives.models import (
    Directive,
    DirectiveChange,
    DirectiveStatus,
    Indicator,
    Task,
    TaskCoordination,
    TaskLead,
)
from units.models import Unit, UnitGroup

HEADER_FIELDS = (
    "document_type",
    "number",
    "symbol",
    "issuer",
    "issuer_heading",
    "place",
    "issued_on",
    "subject",
    "preamble",
    "signing_authority",
    "signer_position",
    "signer_name",
    "monitoring_unit",
)
TASK_FIELDS = (
    "number",
    "parent",
    "marker",
    "text",
    "short_title",
    "recurring",
    "deadline",
    "deadline_text",
    "deliverable",
    "coordination_note",
)
INDICATOR_FIELDS = ("code", "name", "unit_of_measure", "scope", "task", "position")
# Positions are rewritten in two steps (out of the way, then in place) because the database
# checks "one task per position" after every row, not at the end of the statement.
_OUT_OF_THE_WAY = 1_000_000


def shown(value: Any) -> str:
    """A value as the history page prints it, in the app's language."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        with translation.override(settings.LANGUAGE_CODE):
            return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Task):
        return value.number
    if isinstance(value, Unit | UnitGroup):
        return value.short_name if isinstance(value, Unit) else value.name
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(shown(item) for item in value))
    return str(value)


def record(
    *,
    directive: Directive,
    user,
    action: str,
    changes: list[dict] | None = None,
    task: Task | None = None,
) -> DirectiveChange:
    return DirectiveChange.objects.create(
        directive=directive,
        task=task,
        task_number=task.number if task is not None else "",
        action=action,
        changes=changes or [],
        user=user if user is not None and user.is_authenticated else None,
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict]:
    rows = []
    for field, new in after.items():
        old = before.get(field)
        if shown(old) != shown(new):
            rows.append({"field": field, "old": shown(old), "new": shown(new)})
    return rows


def _free_slug(directive_fields: Mapping[str, Any]) -> str:
    base = (
        slugify(
            f"{directive_fields['number']}-{directive_fields['symbol']}".replace("/", "-")
            .replace("Đ", "D")
            .replace("đ", "d")
        )[:70]
        or "van-ban"
    )
    slug, n = base, 1
    while Directive.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _duplicate_number_error() -> ValidationError:
    return ValidationError(
        {"number": [_("The issuing body already has a document with this number and symbol.")]}
    )


@transaction.atomic
def directive_create(*, user, fields: Mapping[str, Any]) -> Directive:
    """A new directive, as a draft: no unit sees it and no period asks for it until it is
    published."""
    values = {field: fields[field] for field in HEADER_FIELDS if field in fields}
    try:
        with transaction.atomic():
            directive = Directive.objects.create(
                slug=_free_slug(values), status=DirectiveStatus.DRAFT, **values
            )
    except IntegrityError:
        raise _duplicate_number_error() from None
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.CREATED,
        changes=diff({}, values),
    )
    return directive


@transaction.atomic
def directive_update(*, directive: Directive, user, fields: Mapping[str, Any]) -> Directive:
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    before = {field: getattr(directive, field) for field in HEADER_FIELDS}
    after = {field: fields[field] for field in HEADER_FIELDS if field in fields}
    changes = diff(before, after)
    if not changes:
        return directive
    for field, value in after.items():
        setattr(directive, field, value)
    try:
        with transaction.atomic():
            directive.save(update_fields=list(after))
    except IntegrityError:
        raise _duplicate_number_error() from None
    record(directive=directive, user=user, action=DirectiveChange.Action.CHANGED, changes=changes)
    return directive


@transaction.atomic
def directive_publish(*, directive: Directive, user) -> Directive:
    """Publish a draft: the units see it and periods may ask for it. It needs a task that a
    unit leads, or no unit would have anything to report."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if not directive.is_draft:
        raise ValidationError(_("This directive is already published."))
    if not directive.tasks.exists():
        raise ValidationError(_("Add at least one task before publishing the directive."))
    directive.status = DirectiveStatus.PUBLISHED
    directive.save(update_fields=["status"])
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.PUBLISHED,
        changes=diff({"status": _status_label("draft")}, {"status": _status_label("published")}),
    )
    return directive


def _status_label(value: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(DirectiveStatus(value).label)


@transaction.atomic
def directive_set_end(
    *, directive: Directive, user, no_longer_in_force_from: datetime.date | None
) -> Directive:
    """Mark the directive as no longer in force from a day (None: in force again). Periods
    already open keep their reports; no period starting on or after that day can be opened."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    until = (
        no_longer_in_force_from - datetime.timedelta(days=1)
        if no_longer_in_force_from is not None
        else None
    )
    if until is not None and until < directive.issued_on:
        raise ValidationError(
            {
                "no_longer_in_force_from": [
                    _("The directive was issued on %(date)s: it cannot end before that.")
                    % {"date": directive.issued_on.strftime("%d/%m/%Y")}
                ]
            }
        )
    changes = diff({"in_force_until": directive.in_force_until}, {"in_force_until": until})
    if changes:
        directive.in_force_until = until
        directive.save(update_fields=["in_force_until"])
        record(
            directive=directive, user=user, action=DirectiveChange.Action.IN_FORCE, changes=changes
        )
    return directive


# ---- tasks ----------------------------------------------------------------------------------


def has_entries(task: Task) -> bool:
    return task.progress.exists()


def _tree_order(tasks: list[Task]) -> list[Task]:
    """Tasks in document order: each followed by its sub-tasks, siblings by position."""
    children: dict[int | None, list[Task]] = {}
    for task in sorted(tasks, key=lambda t: t.position):
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []

    def walk(parent_id):
        for task in children.get(parent_id, []):
            ordered.append(task)
            walk(task.pk)

    walk(None)
    return ordered


def _write_positions(directive: Directive, ordered: list[Task]) -> None:
    """Positions 1, 2, 3 ... in `ordered` order, for every task of the directive (two queries:
    every row out of the way, then each in place)."""
    Task.objects.filter(directive=directive).update(position=F("position") + _OUT_OF_THE_WAY)
    for position, task in enumerate(ordered, start=1):
        task.position = position
    Task.objects.bulk_update(ordered, ["position"])


def _check_number(directive: Directive, number: str, *, exclude: Task | None = None) -> None:
    number = number.strip()
    taken = Task.objects.filter(directive=directive, number=number, in_force_until__isnull=True)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {"number": [_("This directive already has a task with this number.")]}
        )


def _check_parent(directive: Directive, parent: Task | None, *, task: Task | None = None):
    if parent is None:
        return
    if parent.directive_id != directive.pk:
        raise ValidationError({"parent": [_("The parent task must belong to the same directive.")]})
    if task is not None:
        node = parent
        while node is not None:
            if node.pk == task.pk:
                raise ValidationError(
                    {"parent": [_("A task cannot be placed under itself or its own sub-tasks.")]}
                )
            node = node.parent


def _check_deadline(fields: Mapping[str, Any]) -> None:
    if fields.get("recurring") and fields.get("deadline"):
        raise ValidationError(
            {"deadline": [_("An ongoing task has no deadline: clear the date or untick it.")]}
        )


def _set_assignments(
    *, task: Task, model, units: Iterable[Unit], directive: Directive
) -> tuple[list[Unit], list[Unit]]:
    """Make `units` the task's current leads (or coordinators). A unit that already reported on
    the task keeps its row, ended yesterday: its entries stay its own and the matrices of past
    periods still show it. Returns (before, after) for the history."""
    today = timezone.localdate()
    rows = {row.unit_id: row for row in model.objects.filter(task=task).select_related("unit")}
    before = [row.unit for row in rows.values() if row.valid_to is None]
    wanted = {unit.pk: unit for unit in units}
    reported = set(task.progress.values_list("report__unit_id", flat=True))
    for unit_id, row in rows.items():
        if row.valid_to is not None or unit_id in wanted:
            continue
        if unit_id in reported:
            row.valid_to = max(today - datetime.timedelta(days=1), row.valid_from or today)
            row.save(update_fields=["valid_to"])
        else:
            row.delete()
    start = None if directive.is_draft else today
    for unit_id, unit in wanted.items():
        row = rows.get(unit_id)
        if row is None:
            model.objects.create(task=task, unit=unit, valid_from=start)
        elif row.valid_to is not None:
            row.valid_to = None
            row.save(update_fields=["valid_to"])
    return before, list(wanted.values())


def _apply_people(task: Task, directive: Directive, people: Mapping[str, Any]) -> list[dict]:
    changes = []
    if "lead_units" in people:
        before, after = _set_assignments(
            task=task, model=TaskLead, units=people["lead_units"], directive=directive
        )
        changes += diff({"lead_units": before}, {"lead_units": after})
    if "coordinating_units" in people:
        before, after = _set_assignments(
            task=task,
            model=TaskCoordination,
            units=people["coordinating_units"],
            directive=directive,
        )
        changes += diff({"coordinating_units": before}, {"coordinating_units": after})
    if "lead_groups" in people:
        before = list(task.lead_groups.all())
        task.lead_groups.set(people["lead_groups"])
        changes += diff({"lead_groups": before}, {"lead_groups": list(people["lead_groups"])})
    return changes


PEOPLE_FIELDS = ("lead_units", "coordinating_units", "lead_groups")


def _split(fields: Mapping[str, Any]) -> tuple[dict, dict]:
    own = {field: fields[field] for field in TASK_FIELDS if field in fields}
    people = {field: fields[field] for field in PEOPLE_FIELDS if field in fields}
    if "number" in own:
        own["number"] = own["number"].strip()
    return own, people


@transaction.atomic
def task_add(
    *, directive: Directive, user, fields: Mapping[str, Any], after: Task | None = None
) -> Task:
    """A new task at the end of its parent's sub-tasks (or after `after`, a sibling)."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    own, people = _split(fields)
    parent = own.get("parent")
    _check_parent(directive, parent)
    _check_number(directive, own["number"])
    _check_deadline(own)
    last = Task.objects.filter(directive=directive).aggregate(last=Max("position"))["last"] or 0
    task = Task.objects.create(directive=directive, position=last + 1, **own)
    tasks = [t for t in Task.objects.filter(directive=directive) if t.pk != task.pk]
    if after is not None and after.parent_id == task.parent_id:
        # In memory only, for the sort: between `after` and the sibling that followed it.
        task.position = after.position + 0.5
    _write_positions(directive, _tree_order([*tasks, task]))
    changes = diff({}, own) + _apply_people(task, directive, people)
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.TASK_ADDED,
        changes=changes,
        task=task,
    )
    return task


@transaction.atomic
def task_update(
    *, task: Task, user, fields: Mapping[str, Any], renumber_confirmed: bool = False
) -> Task:
    """Change a task's number, place in the tree, text, deadline, deliverable and units.

    Its row and its entries stay together whatever changes; a new number for a task units
    already reported on must be confirmed (`renumber_confirmed`), so that it is never silent."""
    task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
    directive = task.directive
    own, people = _split(fields)
    if "number" in own and own["number"] != task.number:
        _check_number(directive, own["number"], exclude=task)
        if has_entries(task) and not renumber_confirmed:
            raise ValidationError(
                {
                    "number": [
                        _(
                            "Units have already reported on task %(number)s: their entries "
                            "stay with it under its new number. Tick the confirmation to "
                            "renumber it."
                        )
                        % {"number": task.number}
                    ]
                }
            )
    if "parent" in own:
        _check_parent(directive, own["parent"], task=task)
    _check_deadline({**{f: getattr(task, f) for f in ("recurring", "deadline")}, **own})
    before = {field: getattr(task, field) for field in own}
    changes = diff(before, own)
    moved = "parent" in own and own["parent"] != task.parent
    for field, value in own.items():
        setattr(task, field, value)
    if moved:
        # At the end of its new parent's sub-tasks.
        task.position = _OUT_OF_THE_WAY - 1
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError:
        raise ValidationError(
            {"number": [_("This directive already has a task with this number.")]}
        ) from None
    if moved:
        _write_positions(directive, _tree_order(list(Task.objects.filter(directive=directive))))
    changes += _apply_people(task, directive, people)
    if changes:
        record(
            directive=directive,
            user=user,
            action=DirectiveChange.Action.TASK_CHANGED,
            changes=changes,
            task=task,
        )
    return task


@transaction.atomic
def task_move(*, task: Task, user, up: bool) -> Task:
    """One place up or down among its siblings, its sub-tasks with it."""
    task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
    directive = task.directive
    tasks = list(Task.objects.filter(directive=directive))
    siblings = sorted((t for t in tasks if t.parent_id == task.parent_id), key=lambda t: t.position)
    index = next(i for i, t in enumerate(siblings) if t.pk == task.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return task
    mine = next(t for t in tasks if t.pk == task.pk)
    neighbour = siblings[other]
    mine.position, neighbour.position = neighbour.position, mine.position
    _write_positions(directive, _tree_order(tasks))
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.TASK_MOVED,
        changes=[
            {
                "field": "position",
                "old": _("before %(number)s") % {"number": neighbour.number}
                if not up
                else _("after %(number)s") % {"number": neighbour.number},
                "new": _("after %(number)s") % {"number": neighbour.number}
                if not up
                else _("before %(number)s") % {"number": neighbour.number},
            }
        ],
        task=task,
    )
    return task


def _subtree(task: Task, tasks: list[Task]) -> list[Task]:
    found, frontier = [], [task.pk]
    while frontier:
        layer = [t for t in tasks if t.parent_id in frontier]
        found += layer
        frontier = [t.pk for t in layer]
    return found


@transaction.atomic
def task_delete(*, task: Task, user) -> None:
    """Delete a task entered by mistake, with its sub-tasks. Refused when a unit reported on
    it or on one of them: end or replace it instead."""
    task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
    directive = task.directive
    tasks = list(Task.objects.filter(directive=directive))
    doomed = [task, *_subtree(task, tasks)]
    # TaskProgress.task is PROTECT, so the database would refuse anyway; asked first to say why.
    if Task.objects.filter(pk__in=[t.pk for t in doomed], progress__isnull=False).exists():
        raise ValidationError(
            _(
                "Units have already reported on task %(number)s or its sub-tasks: it cannot be "
                "deleted. End it, or replace it, and its entries stay attached to it."
            )
            % {"number": task.number}
        )
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.TASK_DELETED,
        changes=[{"field": "text", "old": task.text, "new": ""}],
        task=task,
    )
    Task.objects.filter(pk__in=[t.pk for t in doomed]).delete()
    _write_positions(directive, _tree_order(list(Task.objects.filter(directive=directive))))


def _end(task: Task, until: datetime.date, tasks: list[Task]) -> list[Task]:
    ended = [task, *(t for t in _subtree(task, tasks) if t.in_force_until is None)]
    Task.objects.filter(pk__in=[t.pk for t in ended]).update(in_force_until=until)
    return ended


def _check_end_day(task: Task, day: datetime.date) -> datetime.date:
    until = day - datetime.timedelta(days=1)
    if until < task.directive.issued_on:
        raise ValidationError(
            {
                "ends_from": [
                    _("The directive was issued on %(date)s: the task cannot end before that.")
                    % {"date": task.directive.issued_on.strftime("%d/%m/%Y")}
                ]
            }
        )
    if task.in_force_until is not None:
        raise ValidationError(_("This task has already ended."))
    return until


@transaction.atomic
def task_end(*, task: Task, user, ends_from: datetime.date) -> Task:
    """No longer carried out from `ends_from` (with its sub-tasks): periods starting on or
    after it do not ask for it; its entries and its number stay as they were."""
    task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
    until = _check_end_day(task, ends_from)
    _end(task, until, list(Task.objects.filter(directive=task.directive)))
    record(
        directive=task.directive,
        user=user,
        action=DirectiveChange.Action.TASK_ENDED,
        changes=diff({"in_force_until": None}, {"in_force_until": until}),
        task=task,
    )
    task.in_force_until = until
    return task


@transaction.atomic
def task_replace(
    *, task: Task, user, ends_from: datetime.date, parts: list[Mapping[str, Any]]
) -> list[Task]:
    """Replace a task by one new task, or split it into several, from `ends_from`: the old one
    ends the day before (its entries stay attached to it), the new ones are placed right after
    it, keep its parent, its lead and coordinating units, and record what they replace. Each
    part gives at least a number and a text; the old task's number may be reused."""
    task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
    directive = task.directive
    if not parts:
        raise ValidationError(_("Give the text of at least one new task."))
    until = _check_end_day(task, ends_from)
    tasks = list(Task.objects.filter(directive=directive))
    _end(task, until, tasks)
    numbers = [part["number"].strip() for part in parts]
    if len(set(numbers)) != len(numbers):
        raise ValidationError(_("Two new tasks cannot have the same number."))
    for number in numbers:
        _check_number(directive, number)
    leads = list(
        TaskLead.objects.filter(task=task, valid_to__isnull=True).values_list("unit", flat=True)
    )
    coordinators = list(
        TaskCoordination.objects.filter(task=task, valid_to__isnull=True).values_list(
            "unit", flat=True
        )
    )
    groups = list(task.lead_groups.all())
    created = []
    for offset, part in enumerate(parts, start=1):
        new = Task.objects.create(
            directive=directive,
            parent=task.parent,
            marker=task.marker,
            number=part["number"].strip(),
            text=part["text"],
            position=_OUT_OF_THE_WAY * 2 + offset,
            recurring=task.recurring,
            deadline=task.deadline,
            deadline_text=task.deadline_text,
            deliverable=task.deliverable,
            coordination_note=task.coordination_note,
        )
        new.replaces.add(task)
        for unit_id in leads:
            TaskLead.objects.create(task=new, unit_id=unit_id, valid_from=ends_from)
        for unit_id in coordinators:
            TaskCoordination.objects.create(task=new, unit_id=unit_id, valid_from=ends_from)
        new.lead_groups.set(groups)
        created.append(new)
    # The new tasks come right after the old one and its sub-tasks.
    block = {task.pk, *(t.pk for t in _subtree(task, tasks))}
    ordered = _tree_order(tasks)
    last = max(i for i, t in enumerate(ordered) if t.pk in block)
    ordered[last + 1 : last + 1] = created
    _write_positions(directive, ordered)
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.TASK_REPLACED,
        changes=[
            {"field": "in_force_until", "old": "", "new": shown(until)},
            {"field": "replaced_by", "old": "", "new": ", ".join(numbers)},
        ],
        task=task,
    )
    for new in created:
        record(
            directive=directive,
            user=user,
            action=DirectiveChange.Action.TASK_ADDED,
            changes=[
                {"field": "number", "old": "", "new": new.number},
                {"field": "text", "old": "", "new": new.text},
                {"field": "replaces", "old": "", "new": task.number},
            ],
            task=new,
        )
    return created


# ---- indicators ------------------------------------------------------------------------------


def _indicator_checked(indicator: Indicator) -> None:
    """The model's rules (a task-scoped indicator names a task of this directive, one asked once
    per report names none, codes unique per directive) as form errors, before the database."""
    if indicator.scope == Indicator.Scope.REPORT:
        indicator.task = None
    indicator.full_clean()


@transaction.atomic
def indicator_add(*, directive: Directive, user, fields: Mapping[str, Any]) -> Indicator:
    """A figure the directive asks units for, recorded in its history."""
    Directive.objects.select_for_update().get(pk=directive.pk)
    indicator = Indicator(directive=directive, **{f: fields.get(f) for f in INDICATOR_FIELDS})
    if indicator.position is None:
        last = directive.indicators.aggregate(last=Max("position"))["last"]
        indicator.position = (last or 0) + 1
    _indicator_checked(indicator)
    indicator.save()
    record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.INDICATOR_ADDED,
        changes=diff({}, {"name": indicator.name, "unit_of_measure": indicator.unit_of_measure}),
        task=indicator.task,
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, user, fields: Mapping[str, Any]) -> Indicator:
    """Change an indicator. Figures units already gave keep their meaning: an indicator with
    figures keeps its scope and task (asked once per report or under one task)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = {f: getattr(indicator, f) for f in INDICATOR_FIELDS}
    has_values = indicator.values.exists()
    for field_name in INDICATOR_FIELDS:
        setattr(indicator, field_name, fields.get(field_name, before[field_name]))
    if indicator.position is None:
        indicator.position = before["position"]
    if has_values and (
        indicator.scope != before["scope"]
        or indicator.task_id != getattr(before["task"], "pk", None)
    ):
        raise ValidationError(
            {
                "scope": [
                    _(
                        "Units have already stated this figure: it stays asked where they "
                        "answered it. Add a new indicator instead."
                    )
                ]
            }
        )
    _indicator_checked(indicator)
    indicator.save()
    after = {f: getattr(indicator, f) for f in INDICATOR_FIELDS}
    changes = diff(before, after)
    if changes:
        record(
            directive=indicator.directive,
            user=user,
            action=DirectiveChange.Action.INDICATOR_CHANGED,
            changes=changes,
            task=indicator.task,
        )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user) -> None:
    """Delete an indicator entered by mistake; refused once a unit stated a figure for it
    (IndicatorValue.indicator is PROTECT: asked first to say why)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.values.exists():
        raise ValidationError(
            _(
                "Units have already stated figures for “%(name)s”: it cannot be deleted, and "
                "their figures stay with it."
            )
            % {"name": indicator.name}
        )
    record(
        directive=indicator.directive,
        user=user,
        action=DirectiveChange.Action.INDICATOR_DELETED,
        changes=[{"field": "name", "old": indicator.name, "new": ""}],
        task=indicator.task,
    )
    indicator.delete()
