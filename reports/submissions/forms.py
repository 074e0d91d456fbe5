"""Forms of a unit's report: the general parts, one form per task entry, review comments.

Plain forms rather than model forms: the services decide what is written, and a plain form does
not query the database to validate, so the page costs the same however many tasks it has."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports import text_limits as limits
from reports.submissions.evidence import ACCEPT_ATTRIBUTE, check_evidence_file
from reports.submissions.models import ProgressStatus, TaskProgress
from reports.text_limits import bounded

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


class ReportForm(MarksInvalidFields, forms.Form):
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


class EntryForm(MarksInvalidFields, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("— choose —")), *ProgressStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
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
    conferences_held = forms.IntegerField(
        label=_("Conferences held"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    participants = forms.IntegerField(
        label=_("Participants"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    evidence = EvidenceField(label=_("Attach a file for this task"), required=False)

    def __init__(self, *args, entry: TaskProgress, **kwargs):
        self.entry = entry
        kwargs.setdefault(
            "initial",
            {
                field: getattr(entry, field)
                for field in (
                    "status",
                    "results",
                    "difficulties",
                    "proposals",
                    "conferences_held",
                    "participants",
                )
            },
        )
        # The prefix carries the entry's id: only the entries of the report being edited are
        # read from the POST, whatever else a tampered form sends.
        super().__init__(*args, prefix=f"entry-{entry.pk}", **kwargs)


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
