"""Forms of the period pages. They read the input; the rules live in reports.periods."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config import text_limits as limits
from config.dates import DayMonthYearField
from config.text_limits import bounded
from reports.periods.services import period_unit_choices
from units.models import UnitKind


def _date_field(label):
    return DayMonthYearField(label=label)


class PeriodForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "Năm 2026"}),
        error_messages={"required": _("Give the period a name, for example “Năm 2026”.")},
    )
    starts_on = _date_field(_("Start date"))
    ends_on = _date_field(_("End date"))
    due_on = _date_field(_("Due date"))
    recurring = forms.BooleanField(
        label=_("Open the next period automatically when this one ends"),
        required=False,
        help_text=_("Same length, same units; the daily run opens it the day after this ends."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units that must report"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one unit that must report."),
            "invalid_choice": _("One of the chosen units cannot report in this period."),
            "invalid_pk_value": _("One of the chosen units cannot report in this period."),
        },
    )

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = period_unit_choices(period)

    def unit_groups(self, extensions=None):
        """The unit checkboxes grouped by unit kind: [(kind label, [(unit, checked, obligation)])]
        in unit order. Read from the choices already fetched, so one query whatever the count."""
        if self.is_bound:
            chosen = {str(value) for value in self.data.getlist("units")}
        else:
            chosen = {str(getattr(unit, "pk", unit)) for unit in self.initial.get("units", [])}
        labels = dict(UnitKind.choices)
        extensions = extensions or {}
        groups: dict[str, list] = {}
        for unit in self.fields["units"].queryset:
            groups.setdefault(unit.kind, []).append(
                (unit, str(unit.pk) in chosen, extensions.get(unit.pk))
            )
        order = list(UnitKind.values)
        return [
            (labels[kind], rows)
            for kind, rows in sorted(groups.items(), key=lambda item: order.index(item[0]))
        ]


class ExtensionForm(forms.Form):
    due_on = _date_field(_("New due date"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        **bounded(limits.REASON, {"required": _("Give the reason for the extension.")}),
    )
