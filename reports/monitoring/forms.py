"""Forms of the monitoring pages: the dashboard's filters and the reviewer's reminder."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config import text_limits as limits
from config.text_limits import bounded
from reports.monitoring.stats import Bucket
from units.models import Unit, UnitKind

SORT_KEYS = {
    # key -> (column label, sort key on a UnitRow); None sorts last in either direction.
    "unit": _("Unit"),
    "kind": _("Kind"),
    "due": _("Due date"),
    "status": _("Report"),
    "timeliness": _("Timeliness"),
    "submitted": _("Submitted on"),
    "days_late": _("Days late"),
    "reminder": _("Last reminder"),
}


class DashboardFilterForm(forms.Form):
    """Filters arrive in the address, so anything can be typed there: a value the form does
    not know is shown as an error next to its field and ignored."""

    kind = forms.ChoiceField(
        label=_("Unit kind"),
        required=False,
        choices=[("", _("All kinds"))] + list(UnitKind.choices),
        error_messages={"invalid_choice": _("Unknown unit kind “%(value)s”: ignored.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All units"))] + [(key, Bucket.labels[key]) for key in Bucket.ALL],
        error_messages={"invalid_choice": _("Unknown status “%(value)s”: ignored.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Unit order"))]
        + [(key, label) for key, label in SORT_KEYS.items()]
        + [(f"-{key}", label) for key, label in SORT_KEYS.items()],
        error_messages={"invalid_choice": _("Unknown sort order “%(value)s”: ignored.")},
    )

    def value(self, name: str) -> str:
        """The field's valid value, or "" when it was missing or nonsense."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or ""


class ReminderForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        error_messages={
            "required": _("Choose at least one unit to remind."),
            "invalid_choice": _("One of the chosen units does not report in this period."),
            "invalid_pk_value": _("One of the chosen units does not report in this period."),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        **bounded(limits.REASON, {"required": _("Write the message of the reminder.")}),
    )
    # The dashboard's filters, to come back to the same view after sending.
    filters = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(obligations__period=period)


class WorkFilterForm(forms.Form):
    """The filters of the work across directives, from the address (GET): anything can be
    typed there, so a value the form does not know is an error beside its field, and ignored."""

    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=80,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "placeholder": _("name or code")}
        ),
    )
    directive = forms.TypedChoiceField(
        label=_("Directive"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": _("Unknown directive “%(value)s”: ignored.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": _("Unknown status “%(value)s”: ignored.")},
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": _("Unknown deadline filter “%(value)s”: ignored.")},
    )
    deadline_by = forms.DateField(
        label=_("Deadline on or before"),
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "maxlength": "10",
            }
        ),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy, for example 31/12/2026.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": _("Unknown role “%(value)s”: ignored.")},
    )

    def __init__(self, *args, directives, statuses, deadlines, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directive"].choices = [("", _("All directives"))] + [
            (directive.pk, directive.reference) for directive in directives
        ]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
        self.fields["deadline"].choices = [("", _("Any deadline")), *deadlines]
        self.fields["role"].choices = [("", _("Leading or coordinating")), *roles]

    def value(self, name: str):
        """The cleaned value, or the empty value when it was refused."""
        if not hasattr(self, "cleaned_data") or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None
