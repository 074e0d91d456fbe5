"""Forms of the consolidated report. Plain forms: the services decide what is written."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config import text_limits as limits
from config.dates import DayMonthYearField
from config.text_limits import bounded
from reports.consolidated.services import (
    MAX_NUMBER,
    RECIPIENT_MAX_LENGTH,
    recipient_too_long_message,
)
from reports.submissions.forms import MarksInvalidFields


class CreateForm(forms.Form):
    # Made when the form is shown: every request sent from the same page carries it, so a
    # double click makes one draft.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    include_submitted = forms.BooleanField(
        label=_("Also use the reports that are submitted but not yet accepted"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class SectionForm(forms.Form):
    # The version the editor was read at; a save from an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_NUMBER)
    heading = forms.CharField(
        label=_("Heading"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        **bounded(limits.SECTION),
        widget=forms.Textarea(attrs={"class": "form-control section-text", "rows": 8}),
    )


class IssueForm(MarksInvalidFields, forms.Form):
    # Not required here: the service says what is missing, in the same words for every caller.
    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=MAX_NUMBER,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 1}),
        error_messages={
            "invalid": _("Enter the document number as a whole number."),
            "max_value": _("The document number must be at most %(limit_value)s."),
            "min_value": _("The document number must be 1 or more."),
        },
    )
    issued_on = DayMonthYearField(label=_("Date"), required=False)
    place = forms.CharField(
        label=_("Place"), max_length=80, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    signing_authority = forms.CharField(
        label=_("Signing authority"),
        max_length=80,
        help_text=_("For example K/T TRƯỞNG BAN."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=80,
        help_text=_("For example PHÓ TRƯỞNG BAN."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signer_name = forms.CharField(
        label=_("Signer's name"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    recipients = forms.CharField(
        label=_("Recipients (Nơi nhận)"),
        help_text=_(
            "One per line. Lines naming a unit give its members access to the issued report."
        ),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 8}),
        **bounded(limits.RECIPIENTS),
    )

    def clean_recipients(self) -> str:
        text = self.cleaned_data["recipients"]
        for line in text.splitlines():
            line = " ".join(line.split())
            if len(line) > RECIPIENT_MAX_LENGTH:
                raise forms.ValidationError(recipient_too_long_message(line))
        return text

    def recipient_lines(self) -> list[str]:
        return self.cleaned_data["recipients"].splitlines()


class ReturnForm(forms.Form):
    """The signer's comment when sending the report back to the specialists."""

    comment = forms.CharField(
        label=_("What should be changed"),
        **bounded(limits.COMMENT),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
