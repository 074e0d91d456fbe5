"""Forms of a unit's report: the general parts, one form per task entry, review comments.

Plain forms rather than model forms: the services decide what is written, and a plain form does
not query the database to validate, so the page costs the same however many tasks it has."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config import text_limits as limits
from config.dates import DayMonthYearField, DayMonthYearInput
from config.text_limits import bounded
from directives.models import INDICATOR_MAX_VALUE
from reports.submissions.evidence import ACCEPT_ATTRIBUTE, check_evidence_file
from reports.submissions.models import ProgressStatus, TaskProgress

TEXTAREA = {"class": "form-control", "rows": 3}


class EvidenceField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPT_ATTRIBUTE})

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            check_evidence_file(uploaded)
        return uploaded


class MarksInvalidFields:
    """Bootstrap shows a field in red when its widget has the is-invalid class."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def indicator_field_name(indicator) -> str:
    return f"indicator-{indicator.pk}"


class IndicatorFields:
    """One number field per indicator the form asks (given with the report's figure as
    `.value`); a field left empty means no figure, which is not zero."""

    def add_indicator_fields(self, indicators) -> None:
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[indicator_field_name(indicator)] = forms.IntegerField(
                label=f"{indicator.name} ({indicator.unit_of_measure})",
                required=False,
                min_value=0,
                max_value=INDICATOR_MAX_VALUE,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.initial.setdefault(indicator_field_name(indicator), indicator.value)

    def indicator_fields(self):
        """The bound fields of the indicators, in their order, for the template."""
        return [self[indicator_field_name(indicator)] for indicator in self.indicators]

    def indicator_values(self) -> dict[int, int | None]:
        """Indicator id -> the figure typed (None: cleared)."""
        return {
            indicator.pk: self.cleaned_data.get(indicator_field_name(indicator))
            for indicator in self.indicators
        }


class ReportForm(IndicatorFields, MarksInvalidFields, forms.Form):
    # The version the form was read at; a save from an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    overall_assessment = forms.CharField(
        label=_("Overall assessment"),
        required=False,
        **bounded(limits.REPORT_TEXT),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 4}),
    )
    difficulties = forms.CharField(
        label=_("Difficulties and causes"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        **bounded(limits.REPORT_TEXT),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        **bounded(limits.REPORT_TEXT),
    )
    evidence = EvidenceField(label=_("Attach a file to the whole report"), required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_indicator_fields(indicators)


class EntryForm(IndicatorFields, MarksInvalidFields, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("— choose —")), *ProgressStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    # Typed as Vietnamese users write dates, whatever the browser's language: a text input, not
    # <input type=date>, read day first by the same parser as every other date of the app, so
    # that an impossible day (31/02) or a two-digit year gets the same precise message.
    completed_on = DayMonthYearField(
        label=_("Completed on (dd/mm/yyyy)"),
        required=False,
        widget=DayMonthYearInput(attrs={"maxlength": "10"}),
        help_text=_("The day the task was completed, which is judged against its deadline."),
    )
    results = forms.CharField(
        label=_("Results achieved"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        **bounded(limits.REPORT_TEXT),
    )
    difficulties = forms.CharField(
        label=_("Difficulties"),
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
        **bounded(limits.REPORT_TEXT),
    )
    proposals = forms.CharField(
        label=_("Proposals"),
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
        **bounded(limits.REPORT_TEXT),
    )
    evidence = EvidenceField(label=_("Attach a file for this task"), required=False)

    def __init__(self, *args, entry: TaskProgress, **kwargs):
        self.entry = entry
        kwargs.setdefault(
            "initial",
            {
                **{
                    field: getattr(entry, field)
                    for field in ("status", "results", "difficulties", "proposals")
                },
                # Shown as it is typed: the template writes the input's value as given.
                "completed_on": entry.completed_on.strftime("%d/%m/%Y")
                if entry.completed_on
                else "",
            },
        )
        # The prefix carries the entry's id: only the entries of the report being edited are
        # read from the POST, whatever else a tampered form sends.
        super().__init__(*args, prefix=f"entry-{entry.pk}", **kwargs)
        # The figures asked under this task (set on the entry by queries.report_page).
        self.add_indicator_fields(getattr(entry, "indicators", ()))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") != ProgressStatus.COMPLETED:
            # Only a completed task has a completion date; a stale one would be judged later.
            cleaned["completed_on"] = None
        elif cleaned.get("completed_on") and cleaned["completed_on"] > timezone.localdate():
            self.add_error("completed_on", _("The completion date cannot be in the future."))
        return cleaned


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnForm(MarksInvalidFields, forms.Form):
    comment = forms.CharField(
        label=_("What must the unit correct?"),
        required=False,
        **bounded(limits.COMMENT),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 5}),
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One optional comment per task entry, shown to the unit beside that task.
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[f"entry-{entry.pk}-comment"] = forms.CharField(
                label=_("Comment on task %(number)s") % {"number": entry.task.number},
                required=False,
                **bounded(limits.COMMENT),
                widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
            )

    def entry_fields(self):
        """(entry, its comment field) in the report's order, for the template."""
        return [(entry, self[f"entry-{entry.pk}-comment"]) for entry in self.entries]

    def entry_comments(self) -> dict[int, str]:
        return {
            entry.pk: self.cleaned_data.get(f"entry-{entry.pk}-comment", "")
            for entry in self.entries
        }

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("comment") or "").strip() and not any(
            (cleaned.get(f"entry-{entry.pk}-comment") or "").strip() for entry in self.entries
        ):
            self.add_error(
                "comment",
                _(
                    "Write what the unit must correct before returning the report: for the "
                    "whole report, or beside the tasks concerned."
                ),
            )
        return cleaned


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        **bounded(limits.COMMENT),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )
