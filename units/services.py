"""Changes to the organisation: rename, merge, split and end a unit.

Each change is one transaction that records a UnitEvent and never deletes anything: the units
before keep their reports and names, and end the day before the change takes effect.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import imports
from .models import Membership, Unit, UnitEvent, UnitEventKind, UnitName


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

    sent = set(
        UnitReport.objects.filter(unit__in=before)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("period_id", "unit_id")
    )
    obligations = ReportingObligation.objects.filter(unit__in=before, period__due_on__gte=day)
    for obligation in obligations.select_related("period").order_by("period", "unit"):
        if (obligation.period_id, obligation.unit_id) in sent:
            continue
        if ReportingObligation.objects.filter(period=obligation.period, unit=after).exists():
            # Two merged units asked in the same period: the successor answers once, and the
            # second obligation stays where it was rather than being deleted.
            continue
        obligation.unit = after
        obligation.save(update_fields=["unit"])


def _hand_over(
    *, before: list[Unit], after: Unit, move_memberships: bool, day: datetime.date
) -> None:
    """The successor takes over what the units before were doing from the event on."""
    from directives.models import Directive

    Directive.objects.filter(monitoring_unit__in=before).update(monitoring_unit=after)
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
    decision: str = "",
    note: str = "",
    recorded_by=None,
) -> UnitEvent:
    """One unit becomes two or more new units. Memberships are not moved: the Department
    gives each person to the unit they now work in. Directives the unit monitored pass to the
    successor named by `monitoring_successor_code` (the first by default)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if len(into) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    _check_in_force([unit], effective_on)
    successors = [_create(new, effective_on) for new in into]
    for successor in successors:
        successor.predecessors.add(unit)
    _end(unit, effective_on)
    heir = next((s for s in successors if s.code == monitoring_successor_code), successors[0])
    _hand_over(before=[unit], after=heir, move_memberships=False, day=effective_on)
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
