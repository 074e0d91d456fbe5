"""Reporting periods: opening, changing, closing them, and granting a unit a later due date.

A period is managed by the reviewers of its directive (the Propaganda Department for 186-CV/TU).
The units that must report are chosen when the period is opened: by default every unit a leaf
task is assigned to, directly or through a unit group. Each service checks the rules a user can
break and raises ValidationError keyed by form field, before anything is written.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directives.models import Directive, Task, TaskLead
from reports.notifications.services import notify_units
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.periods.signals import period_dates_changed
from units.models import Unit, UnitKind

# Bodies that issue or receive directives from above never report on them.
NON_REPORTING_KINDS = (UnitKind.LEADERSHIP, UnitKind.CENTRAL)


def default_period_units(directive: Directive, on: datetime.date | None = None) -> QuerySet[Unit]:
    """Units with a leaf task of the directive on `on` (the period's due date; today when not
    known yet), directly or through a group (one query): after a reorganisation, the
    successors, never a unit that has ended.

    A heading task (3, with 3.1-3.3 under it) is answered through its sub-tasks, so a unit
    assigned only a heading has nothing to report."""
    on = on or timezone.localdate()
    # A task ended (replaced, split) before that day asks nothing.
    leaves = (
        Task.objects.filter(directive=directive)
        .in_force_between(on, on)
        .filter(~Exists(Task.objects.filter(parent=OuterRef("pk"))))
    )
    direct = TaskLead.objects.filter(task__in=leaves).in_force_on(on).values("unit_id")
    return (
        Unit.objects.valid_on(on)
        .filter(Q(pk__in=direct) | Q(groups__led_tasks__in=leaves))
        .distinct()
        .order_by("kind", "position", "name")
    )


def period_unit_choices(period: ReportingPeriod | None = None) -> QuerySet[Unit]:
    """Units a reviewer may require to report: every unit below the leadership that has not
    ended (a unit of the registry's past is not offered), and whoever already reports in the
    period."""
    units = ~Q(kind__in=NON_REPORTING_KINDS) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
    )
    if period is not None and period.pk:
        units |= Q(obligations__period=period)
    return Unit.objects.filter(units).distinct().order_by("kind", "position", "name")


def _check_period(
    *,
    directive: Directive,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    due_on: datetime.date,
    units: list[Unit],
    period: ReportingPeriod | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the period a name, for example “Năm 2026”.")]
    else:
        same_name = ReportingPeriod.objects.filter(directive=directive, name=name.strip())
        if period is not None:
            same_name = same_name.exclude(pk=period.pk)
        if same_name.exists():
            errors["name"] = [_("This directive already has a period with this name.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The end date must not be before the start date.")]
    if due_on < starts_on:
        errors["due_on"] = [_("The due date must not be before the start date.")]
    if not units:
        errors["units"] = [_("Choose at least one unit that must report.")]
    # A unit that no longer exists on the due date cannot be asked; one that already has a
    # report in the period (sent before it ended) stays.
    with_report = set(period.reports.values_list("unit_id", flat=True)) if period else set()
    ended = [u for u in units if not u.is_valid_on(due_on) and u.pk not in with_report]
    if ended:
        errors.setdefault("units", []).append(
            _("%(units)s is not in force on the due date %(day)s; ask its successor instead.")
            % {
                "units": ", ".join(u.short_name for u in ended),
                "day": due_on.strftime("%d/%m/%Y"),
            }
        )
    if directive.is_draft:
        errors[NON_FIELD_ERRORS] = [_("This directive is a draft: publish it before a period.")]
    elif not directive.is_in_force_on(starts_on):
        errors["starts_on"] = [
            _("The directive is no longer in force after %(date)s: no period can start later.")
            % {"date": directive.in_force_until.strftime("%d/%m/%Y")}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def period_open(
    *,
    directive: Directive,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    due_on: datetime.date,
    units: Iterable[Unit],
    user,
    recurring: bool = False,
) -> ReportingPeriod:
    units = list(units)
    _check_period(
        directive=directive,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        units=units,
    )
    try:
        with transaction.atomic():
            period = ReportingPeriod.objects.create(
                directive=directive,
                name=name.strip(),
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due_on,
                recurring=recurring,
                created_by=user if user and user.is_authenticated else None,
            )
    except IntegrityError:
        # Two reviewers opened a period of the same name at the same moment: the constraint
        # let one through, and the other hears why, as if the check above had caught it.
        raise ValidationError(
            {"name": [_("This directive already has a period with this name.")]}
        ) from None
    ReportingObligation.objects.bulk_create(
        ReportingObligation(period=period, unit=unit) for unit in units
    )
    _tell_units_asked(period, units)
    return period


def _tell_units_asked(period: ReportingPeriod, units: list[Unit]) -> None:
    """The units a period asks for a report hear it, in the app and by email, with the link to
    their report and its due date."""
    # In the app's language, not the language of the reviewer who happened to open it.
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "Period “%(period)s” of %(directive)s is open: your unit's report is due on %(due)s."
        ) % {
            "period": period.name,
            "directive": period.directive.reference,
            "due": period.due_on.strftime("%d/%m/%Y"),
        }
    notify_units(
        units=units,
        message=message,
        url_for=lambda unit: reverse("report_open", args=[period.pk, unit.code]),
    )


def _refuse_if_closed(period: ReportingPeriod) -> None:
    if not period.is_open:
        raise ValidationError(_("This period is closed. Reopen it before changing it."))


@transaction.atomic
def period_update(
    *,
    period: ReportingPeriod,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    due_on: datetime.date,
    units: Iterable[Unit],
    user,
    recurring: bool | None = None,
) -> ReportingPeriod:
    """Change the period. A unit that already started its report cannot be dropped: its work
    would disappear from the period's figures."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _refuse_if_closed(period)
    units = list(units)
    _check_period(
        directive=period.directive,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        units=units,
        period=period,
    )
    chosen = {unit.pk for unit in units}
    current = set(period.obligations.values_list("unit_id", flat=True))
    dropped = current - chosen
    with_report = list(
        Unit.objects.filter(
            pk__in=period.reports.filter(unit_id__in=dropped).values("unit_id")
        ).order_by("kind", "position", "name")
    )
    if with_report:
        raise ValidationError(
            {
                "units": [
                    _(
                        "%(units)s already started a report for this period and must stay "
                        "on the list."
                    )
                    % {"units": ", ".join(unit.short_name for unit in with_report)}
                ]
            }
        )
    moved = (period.starts_on, period.ends_on) != (starts_on, ends_on)
    period.name = name.strip()
    period.starts_on = starts_on
    period.ends_on = ends_on
    period.due_on = due_on
    if recurring is not None:
        period.recurring = recurring
    period.save(update_fields=["name", "starts_on", "ends_on", "due_on", "recurring"])
    if moved:
        # Which report is a unit's latest goes by the periods' dates (the statuses).
        period_dates_changed.send(sender=ReportingPeriod, period=period)
    period.obligations.filter(unit_id__in=dropped).delete()
    ReportingObligation.objects.bulk_create(
        ReportingObligation(period=period, unit_id=unit_id) for unit_id in chosen - current
    )
    if period.is_open:
        _tell_units_asked(period, [unit for unit in units if unit.pk in chosen - current])
    # An extension earlier than the new due date no longer extends anything.
    period.obligations.filter(extended_due_on__lte=due_on).update(
        extended_due_on=None, extension_reason=""
    )
    return period


def _units_carried_on(period: ReportingPeriod, due_on: datetime.date) -> list[Unit]:
    """The units of `period` for a next period due on `due_on`: those still in force, and in
    place of one that has ended, its successors that have a task by then."""
    units = list(Unit.objects.filter(obligations__period=period))
    kept = {unit.pk: unit for unit in units if unit.is_valid_on(due_on)}
    ended = [unit.pk for unit in units if unit.pk not in kept]
    if ended:
        for unit in default_period_units(period.directive, due_on).filter(predecessors__in=ended):
            kept[unit.pk] = unit
    return sorted(kept.values(), key=lambda u: (u.kind, u.position, u.name))


def period_next_values(period: ReportingPeriod) -> dict | None:
    """What the period after `period` would be: its name, dates moved by the period's length,
    the same units and the same recurrence. None when the period is not a whole number of
    months (the reviewer then opens the next one by hand)."""
    dates = period.next_dates()
    if dates is None:
        return None
    starts_on, ends_on, due_on = dates
    return {
        "name": period.next_name(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "due_on": due_on,
        "units": _units_carried_on(period, due_on),
        "recurring": period.recurring,
    }


def periods_open_next(*, today: datetime.date) -> list[ReportingPeriod]:
    """The daily run (`manage.py open_next_periods`): for every recurring period that has
    ended, open the next one unless the directive already has a period starting then. Running
    it twice on a day opens nothing the second time."""
    opened = []
    ended = ReportingPeriod.objects.filter(recurring=True, ends_on__lt=today).select_related(
        "directive"
    )
    for period in ended:
        values = period_next_values(period)
        if values is None or values["starts_on"] > today:
            continue
        if period.directive.periods.filter(starts_on=values["starts_on"]).exists():
            continue
        try:
            opened.append(period_open(directive=period.directive, user=None, **values))
        except ValidationError:
            # A period of that name exists already (opened by hand with other dates).
            continue
    return opened


@transaction.atomic
def period_close(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Close the period: it leaves the units' home pages and no longer takes new work."""
    ReportingPeriod.objects.filter(pk=period.pk).update(status=ReportingPeriod.Status.CLOSED)
    period.status = ReportingPeriod.Status.CLOSED
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, user) -> ReportingPeriod:
    ReportingPeriod.objects.filter(pk=period.pk).update(status=ReportingPeriod.Status.OPEN)
    period.status = ReportingPeriod.Status.OPEN
    return period


@transaction.atomic
def obligation_extend(
    *,
    obligation: ReportingObligation,
    due_on: datetime.date | None,
    reason: str,
    user,
) -> ReportingObligation:
    """Grant the unit a later due date with a reason, or withdraw it (`due_on=None`).

    The period's due date is kept beside it, so the figures can tell both."""
    obligation = (
        ReportingObligation.objects.select_for_update()
        .select_related("period")
        .get(pk=obligation.pk)
    )
    period = obligation.period
    _refuse_if_closed(period)
    reason = (reason or "").strip()
    if due_on is None:
        obligation.extended_due_on = None
        obligation.extension_reason = ""
    else:
        errors: dict[str, list[str]] = {}
        if due_on <= period.due_on:
            errors["due_on"] = [
                _("The new due date must be after the period's due date (%(date)s).")
                % {"date": period.due_on.strftime("%d/%m/%Y")}
            ]
        if not reason:
            errors["reason"] = [_("Give the reason for the extension.")]
        if errors:
            raise ValidationError(errors)
        obligation.extended_due_on = due_on
        obligation.extension_reason = reason
    obligation.save(update_fields=["extended_due_on", "extension_reason"])
    return obligation
