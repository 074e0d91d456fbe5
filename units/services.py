"""Changes to the organisation: rename, merge, split and end a unit.

Each change is one transaction that records a UnitEvent and never deletes anything: the units
before keep their reports and names, and end the day before the change takes effect. Their
task assignments (directives.TaskLead, TaskCoordination) end that day too and the successors'
start on the effective date, so every period reads the units of its own due date.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import imports
from .models import Membership, Unit, UnitEvent, UnitEventKind, UnitGroup, UnitName


@dataclass(frozen=True)
class NewUnit:
    """What the Department types for a unit that a merger or a split creates."""

    code: str
    name: str
    short_name: str
    symbol: str
    kind: str
    parent: Unit | None = None


def _check_in_force(units: list[Unit], day: datetime.date) -> None:
    # A unit that has already ended (or not yet begun) cannot change on `day`: the event would
    # contradict the dates the registry already holds.
    for unit in units:
        if not unit.is_valid_on(day) or (unit.valid_from and unit.valid_from >= day):
            raise ValidationError(
                _("%(unit)s is not in force before %(day)s.")
                % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")}
            )


def _end(unit: Unit, day: datetime.date) -> None:
    unit.valid_to = day - datetime.timedelta(days=1)
    unit.save(update_fields=["valid_to"])


def _create(new: NewUnit, day: datetime.date) -> Unit:
    if Unit.objects.filter(code=new.code).exists():
        raise ValidationError(_("The code %(code)s is already used.") % {"code": new.code})
    unit = Unit(
        code=new.code,
        name=new.name,
        short_name=new.short_name,
        symbol=new.symbol,
        kind=new.kind,
        parent=new.parent,
        valid_from=day,
    )
    unit.full_clean()
    unit.save()
    return unit


def _pass_obligations(*, before: list[Unit], after: Unit, day: datetime.date) -> None:
    """Periods due on or after the event ask the successor instead; a report already sent
    stays with the unit that sent it, and so does its obligation."""
    from reports.periods.models import ReportingObligation
    from reports.submissions.models import ReportStatus, UnitReport

    started = {
        (period_id, unit_id): status
        for period_id, unit_id, status in UnitReport.objects.filter(unit__in=before).values_list(
            "period_id", "unit_id", "status"
        )
    }
    obligations = ReportingObligation.objects.filter(unit__in=before, period__due_on__gte=day)
    for obligation in obligations.select_related("period").order_by("period", "unit"):
        status = started.get((obligation.period_id, obligation.unit_id))
        if status is not None and status != ReportStatus.DRAFT:
            continue
        if ReportingObligation.objects.filter(period=obligation.period, unit=after).exists():
            # Two merged units asked in the same period: the successor answers once. The
            # second unit is no longer asked, unless it has a draft there, kept with it.
            if status is None:
                obligation.delete()
            continue
        obligation.unit = after
        obligation.save(update_fields=["unit"])


def _pass_tasks(
    *, before: list[Unit], day: datetime.date, heir_of: Callable[[int], Unit | None]
) -> None:
    """The tasks the units before led or coordinated on `day` pass to `heir_of(task_id)` (None:
    nobody takes it). The old rows end the day before, so documents and matrices of earlier
    periods keep the units the directive named."""
    from directives.models import TaskCoordination, TaskLead

    last_day = day - datetime.timedelta(days=1)
    for model in (TaskLead, TaskCoordination):
        rows = list(model.objects.filter(unit__in=before).in_force_on(day).order_by("pk"))
        for row in rows:
            if row.valid_from is not None and row.valid_from > last_day:
                # Began on the event's day itself: it never held, and ending it would put its
                # end before its start.
                row.delete()
                continue
            row.valid_to = last_day
            row.save(update_fields=["valid_to"])
        for task_id in sorted({row.task_id for row in rows}):
            heir = heir_of(task_id)
            if heir is None:
                continue
            # A successor already on the task (two merged units leading it, or a unit absorbing
            # one with the same task) keeps its one row.
            model.objects.get_or_create(task_id=task_id, unit=heir, defaults={"valid_from": day})


def _join_groups(*, before: list[Unit], after: list[Unit]) -> None:
    """The successors take the place of the units before in their groups, and so the tasks
    given to a whole group (every district for task 1 of 186-CV/TU). A group counts a unit only
    while it is in force, so the 2021 matrices still show the units before."""
    for group in UnitGroup.objects.filter(units__in=before).distinct():
        group.units.add(*after)


def _hand_over(
    *,
    before: list[Unit],
    after: Unit,
    move_memberships: bool,
    day: datetime.date,
    heir_of: Callable[[int], Unit | None] | None = None,
) -> None:
    """The successor takes over what the units before were doing from the event on."""
    from directives.models import Directive

    Directive.objects.filter(monitoring_unit__in=before).update(monitoring_unit=after)
    _pass_tasks(before=before, day=day, heir_of=heir_of or (lambda _task_id: after))
    _join_groups(before=before, after=[after])
    _pass_obligations(before=before, after=after, day=day)
    if move_memberships:
        # The old memberships stay: they are the record of who filed the old reports.
        for membership in Membership.objects.filter(unit__in=before).select_related("user"):
            Membership.objects.get_or_create(
                user=membership.user, unit=after, defaults={"role": membership.role}
            )


def _record(*, kind, day, decision, note, recorded_by, before, after) -> UnitEvent:
    event = UnitEvent.objects.create(
        kind=kind, effective_on=day, decision=decision, note=note, recorded_by=recorded_by
    )
    event.predecessors.set(before)
    event.successors.set(after)
    return event


@transaction.atomic
def unit_rename(
    *,
    unit: Unit,
    name: str,
    short_name: str,
    symbol: str,
    effective_on: datetime.date,
    decision: str = "",
    note: str = "",
    recorded_by=None,
) -> UnitEvent:
    """The unit goes on under a new name; documents dated before `effective_on` keep the old."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_in_force([unit], effective_on)
    until = effective_on - datetime.timedelta(days=1)
    if unit.former_names.filter(valid_until__gte=until).exists():
        raise ValidationError(_("The unit was already renamed on or after this date."))
    event = _record(
        kind=UnitEventKind.RENAME,
        day=effective_on,
        decision=decision,
        note=note,
        recorded_by=recorded_by,
        before=[unit],
        after=[unit],
    )
    UnitName.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        symbol=unit.symbol,
        valid_until=until,
        event=event,
    )
    unit.name, unit.short_name, unit.symbol = name, short_name, symbol
    unit.full_clean()
    unit.save(update_fields=["name", "short_name", "symbol"])
    return event


@transaction.atomic
def unit_merge(
    *,
    units: list[Unit],
    into: NewUnit,
    effective_on: datetime.date,
    move_memberships: bool = True,
    decision: str = "",
    note: str = "",
    recorded_by=None,
) -> UnitEvent:
    """Two or more units become one new unit from `effective_on`."""
    units = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in units]))
    if len(units) < 2:
        raise ValidationError(_("A merger needs at least two units."))
    _check_in_force(units, effective_on)
    successor = _create(into, effective_on)
    successor.predecessors.set(units)
    for unit in units:
        _end(unit, effective_on)
    _hand_over(before=units, after=successor, move_memberships=move_memberships, day=effective_on)
    return _record(
        kind=UnitEventKind.MERGE,
        day=effective_on,
        decision=decision,
        note=note,
        recorded_by=recorded_by,
        before=units,
        after=[successor],
    )


@transaction.atomic
def unit_split(
    *,
    unit: Unit,
    into: list[NewUnit],
    effective_on: datetime.date,
    monitoring_successor_code: str | None = None,
    task_successor_codes: dict[int, str] | None = None,
    decision: str = "",
    note: str = "",
    recorded_by=None,
) -> UnitEvent:
    """One unit becomes two or more new units. Memberships are not moved: the Department
    gives each person to the unit they now work in. Directives the unit monitored pass to the
    successor named by `monitoring_successor_code` (the first by default), and each task it led
    or coordinated to the one `task_successor_codes` names for it (task id -> code; that same
    successor by default)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if len(into) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    _check_in_force([unit], effective_on)
    successors = [_create(new, effective_on) for new in into]
    for successor in successors:
        successor.predecessors.add(unit)
    _end(unit, effective_on)
    by_code = {s.code: s for s in successors}
    heir = by_code.get(monitoring_successor_code or "", successors[0])
    chosen = task_successor_codes or {}
    unknown = set(chosen.values()) - set(by_code)
    if unknown:
        raise ValidationError(
            _("%(code)s is not one of the new units.") % {"code": ", ".join(sorted(unknown))}
        )
    from reports.periods.models import ReportingObligation
    from reports.submissions.models import ReportStatus, UnitReport

    # Periods due from the event in which the unit still has to answer (as _pass_obligations
    # decides): each successor given one of its tasks is asked there too.
    sent = set(
        UnitReport.objects.filter(unit=unit)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("period_id", flat=True)
    )
    asked = [
        period_id
        for period_id in ReportingObligation.objects.filter(
            unit=unit, period__due_on__gte=effective_on
        ).values_list("period_id", flat=True)
        if period_id not in sent
    ]
    _hand_over(
        before=[unit],
        after=heir,
        move_memberships=False,
        day=effective_on,
        heir_of=lambda task_id: by_code.get(chosen.get(task_id, ""), heir),
    )
    from directives.models import TaskLead

    leading = TaskLead.objects.filter(unit__in=successors, valid_from=effective_on)
    for other in Unit.objects.filter(pk__in=leading.values("unit_id")).exclude(pk=heir.pk):
        for period_id in asked:
            ReportingObligation.objects.get_or_create(period_id=period_id, unit=other)
    # Every part stays a recipient of what the whole unit received.
    _join_groups(before=[unit], after=successors)
    return _record(
        kind=UnitEventKind.SPLIT,
        day=effective_on,
        decision=decision,
        note=note,
        recorded_by=recorded_by,
        before=[unit],
        after=successors,
    )


@transaction.atomic
def unit_end(
    *,
    unit: Unit,
    effective_on: datetime.date,
    successor: Unit | None = None,
    move_memberships: bool = False,
    decision: str = "",
    note: str = "",
    recorded_by=None,
) -> UnitEvent:
    """The unit ceases on `effective_on` (the district level on 01/07/2025), its work passing to
    `successor` if there is one."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_in_force([unit], effective_on)
    if successor is not None:
        if successor.pk == unit.pk or not successor.is_valid_on(effective_on):
            raise ValidationError(_("The successor must be another unit in force on that day."))
        successor.predecessors.add(unit)
        _hand_over(
            before=[unit], after=successor, move_memberships=move_memberships, day=effective_on
        )
    else:
        _pass_tasks(before=[unit], day=effective_on, heir_of=lambda _task_id: None)
    _end(unit, effective_on)
    return _record(
        kind=UnitEventKind.END,
        day=effective_on,
        decision=decision,
        note=note,
        recorded_by=recorded_by,
        before=[unit],
        after=[successor] if successor else [],
    )


# bulk_update writes one CASE over the batch's rows for every field, which the database
# evaluates for each of those rows: the work grows with the square of the batch. At 1,000 rows
# a batch the import of 5,000 changed units is several times faster than in one statement,
# and any file changing up to 1,000 units still takes a single UPDATE (docs/benchmarks.md).
UPDATE_BATCH = 1000


class ImportStale(Exception):
    """The registry changed between the preview and the confirmation: the plan is new."""

    def __init__(self, plan: imports.ImportPlan):
        super().__init__("stale import preview")
        self.plan = plan


@transaction.atomic
def unit_import(
    *, data: bytes, filename: str, expected_digest: str | None = None
) -> imports.ImportPlan:
    """Apply the Department's list: new units created, changed ones updated, all or nothing.

    The file is read and checked again inside the transaction (the preview may be old);
    any error refuses the whole file, and a plan other than the one previewed raises
    ImportStale. Writes in bulk: one INSERT per level of new units under new units (a parent
    defined in the same file is created before its children), one UPDATE for the changed ones,
    so the queries do not grow with the file (up to the database's batch size)."""
    plan = imports.read_and_plan(data, filename)
    if not plan.is_valid:
        raise ValidationError([str(error) for error in plan.errors])
    if expected_digest is not None and plan.digest != expected_digest:
        raise ImportStale(plan)
    pk_of = dict(plan.pk_of)

    waiting = plan.with_status("new")
    while waiting:
        ready = [p for p in waiting if not p.values.get("parent") or p.values["parent"] in pk_of]
        if not ready:  # cannot happen after the cycle check; never loop for ever
            raise ValidationError(_("The parent units go round in a circle."))
        created = Unit.objects.bulk_create(
            Unit(
                code=p.code,
                name=p.values["name"],
                short_name=p.values["short_name"],
                symbol=p.values.get("symbol", ""),
                kind=p.values["kind"],
                parent_id=pk_of.get(p.values.get("parent") or ""),
                valid_from=p.values.get("valid_from"),
                valid_to=p.values.get("valid_to"),
                aliases=p.values.get("aliases", ""),
                # New units keep the order of the Department's list within their kind.
                position=p.row,
            )
            for p in ready
        )
        pk_of.update({unit.code: unit.pk for unit in created})
        ready_codes = {p.code for p in ready}
        waiting = [p for p in waiting if p.code not in ready_codes]

    changed = plan.with_status("changed")
    fields: set[str] = set()
    for p in changed:
        for change in p.changes:
            fields.add("parent" if change.field == "parent" else change.field)
            value = p.values[change.field]
            if change.field == "parent":
                p.unit.parent_id = pk_of[value] if value else None
            else:
                setattr(p.unit, change.field, value)
    if changed:
        Unit.objects.bulk_update([p.unit for p in changed], sorted(fields), batch_size=UPDATE_BATCH)
    return plan
