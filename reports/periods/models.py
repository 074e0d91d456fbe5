"""Reporting periods: which units must report on a directive, by when, and extensions."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from units.models import Unit


class ReportingPeriod(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("For example “Năm 2021”."))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    units = models.ManyToManyField(
        Unit,
        through="ReportingObligation",
        verbose_name=_("units that must report"),
        related_name="reporting_periods",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    recurring = models.BooleanField(
        _("recurring"),
        default=False,
        help_text=_(
            "When this period ends, the next one (same length, same units) is opened "
            "automatically by the daily run of open_next_periods."
        ),
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "name"],
                name="period_unique_name_per_directive",
                violation_error_message=_("This directive already has a period with this name."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")),
                name="period_due_after_start",
                violation_error_message=_("The due date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.directive.reference} – {self.name}"

    def assignment_day(self, unit: Unit) -> datetime.date:
        """The day whose task assignments a unit answers for in this period: the due date, or
        the unit's last day when it ended before (a report it sent before it ended)."""
        if unit.valid_to is not None and unit.valid_to < self.due_on:
            return unit.valid_to
        return self.due_on

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def length_in_months(self) -> int | None:
        """3, 6, 12 ... for a period of whole calendar months (a quarter, a half-year, a year),
        None for any other span."""
        if self.starts_on.day != 1 or (self.ends_on + datetime.timedelta(days=1)).day != 1:
            return None
        after = self.ends_on + datetime.timedelta(days=1)
        months = (after.year - self.starts_on.year) * 12 + after.month - self.starts_on.month
        return months if months > 0 else None

    def next_dates(self) -> tuple[datetime.date, datetime.date, datetime.date] | None:
        """(start, end, due) of the period after this one: every date moved by its length."""
        months = self.length_in_months()
        if months is None:
            return None
        starts_on = _add_months(self.starts_on, months)
        ends_on = _add_months(self.starts_on, 2 * months) - datetime.timedelta(days=1)
        return starts_on, ends_on, _add_months(self.due_on, months)

    def next_name(self) -> str | None:
        """The name Vietnamese offices give the next period: "Năm 2027", "6 tháng đầu năm 2027",
        "Quý II/2027"; a monthly period is "Tháng 5/2027"."""
        dates = self.next_dates()
        if dates is None:
            return None
        start, months = dates[0], self.length_in_months()
        if months == 12 and start.month == 1:
            return f"Năm {start.year}"
        if months == 6 and start.month in (1, 7):
            half = "đầu" if start.month == 1 else "cuối"
            return f"6 tháng {half} năm {start.year}"
        if months == 3 and start.month in (1, 4, 7, 10):
            return f"Quý {['I', 'II', 'III', 'IV'][(start.month - 1) // 3]}/{start.year}"
        if months == 1:
            return f"Tháng {start.month}/{start.year}"
        end = dates[1]
        return f"Từ {start:%m/%Y} đến {end:%m/%Y}"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


class ReportingObligation(models.Model):
    """A unit that must report in a period, with the extension it may have been granted."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="obligations"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="obligations")
    extended_due_on = models.DateField(_("extended due date"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"],
                name="obligation_unique_unit_per_period",
                violation_error_message=_("This unit is already required to report."),
            ),
            models.CheckConstraint(
                condition=Q(extended_due_on__isnull=True) | ~Q(extension_reason=""),
                name="obligation_extension_has_reason",
                violation_error_message=_("An extension needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.period} – {self.unit}"

    def due_on(self) -> datetime.date:
        """The date this unit's report is due: the extension if granted, else the period's."""
        return self.extended_due_on or self.period.due_on
