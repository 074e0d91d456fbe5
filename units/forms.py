from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import MembershipRole, Unit, UnitKind

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}


def _text(label, max_length, required=True):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=TEXT),
    )


def _in_force():
    return Unit.objects.filter(valid_to__isnull=True)


class EventForm(forms.Form):
    """What every change asks: when it takes effect and by which decision."""

    effective_on = forms.DateField(label=_("effective on"), widget=DATE)
    decision = _text(_("decision"), 255, required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )

    def event_fields(self):
        return {k: self.cleaned_data[k] for k in ("effective_on", "decision", "note")}


class RenameForm(EventForm):
    name = _text(_("new full name"), 255)
    short_name = _text(_("new short name"), 120)
    symbol = _text(_("new document symbol"), 30, required=False)

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def save(self, user):
        return services.unit_rename(
            unit=self.unit,
            name=self.cleaned_data["name"],
            short_name=self.cleaned_data["short_name"],
            symbol=self.cleaned_data["symbol"],
            recorded_by=user,
            **self.event_fields(),
        )


class NewUnitFields(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=50, widget=forms.TextInput(attrs=TEXT))
    name = _text(_("full name"), 255)
    short_name = _text(_("short name"), 120)
    symbol = _text(_("document symbol"), 30, required=False)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Unit.objects.filter(code=code).exists():
            raise ValidationError(_("This code is already used by another unit."))
        return code


class MergeForm(EventForm, NewUnitFields):
    units = forms.ModelMultipleChoiceField(
        label=_("units merged"),
        queryset=_in_force(),
        widget=forms.SelectMultiple(attrs={**TEXT, "size": 8}),
    )
    kind = forms.ChoiceField(
        label=_("kind"), choices=UnitKind.choices, widget=forms.Select(attrs=TEXT)
    )
    move_memberships = forms.BooleanField(
        label=_("Give the members of the merged units accounts in the new unit"),
        required=False,
        initial=True,
    )

    def clean_units(self):
        units = self.cleaned_data["units"]
        if len(units) < 2:
            raise ValidationError(_("Choose at least two units."))
        return units

    def save(self, user):
        data = self.cleaned_data
        return services.unit_merge(
            units=list(data["units"]),
            into=services.NewUnit(
                code=data["code"],
                name=data["name"],
                short_name=data["short_name"],
                symbol=data["symbol"],
                kind=data["kind"],
            ),
            move_memberships=data["move_memberships"],
            recorded_by=user,
            **self.event_fields(),
        )


class SplitForm(EventForm):
    """Two new units; a split into more is two events or an import."""

    code_1 = forms.SlugField(label=_("code of the first new unit"), widget=forms.TextInput(TEXT))
    name_1 = _text(_("full name of the first new unit"), 255)
    short_name_1 = _text(_("short name of the first new unit"), 120)
    symbol_1 = _text(_("symbol of the first new unit"), 30, required=False)
    code_2 = forms.SlugField(label=_("code of the second new unit"), widget=forms.TextInput(TEXT))
    name_2 = _text(_("full name of the second new unit"), 255)
    short_name_2 = _text(_("short name of the second new unit"), 120)
    symbol_2 = _text(_("symbol of the second new unit"), 30, required=False)

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        codes = [data.get("code_1"), data.get("code_2")]
        if codes[0] and codes[0] == codes[1]:
            raise ValidationError(_("The two new units need different codes."))
        for field, code in zip(("code_1", "code_2"), codes, strict=True):
            if code and Unit.objects.filter(code=code).exists():
                self.add_error(field, _("This code is already used by another unit."))
        return data

    def save(self, user):
        data = self.cleaned_data
        into = [
            services.NewUnit(
                code=data[f"code_{i}"],
                name=data[f"name_{i}"],
                short_name=data[f"short_name_{i}"],
                symbol=data[f"symbol_{i}"],
                kind=self.unit.kind,
                parent=self.unit.parent,
            )
            for i in (1, 2)
        ]
        return services.unit_split(
            unit=self.unit, into=into, recorded_by=user, **self.event_fields()
        )


class EndForm(EventForm):
    successor = forms.ModelChoiceField(
        label=_("unit that takes over its work"),
        queryset=_in_force(),
        required=False,
        widget=forms.Select(attrs=TEXT),
    )
    move_memberships = forms.BooleanField(
        label=_("Give its members accounts in the unit that takes over"), required=False
    )

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = _in_force().exclude(pk=unit.pk)

    def save(self, user):
        return services.unit_end(
            unit=self.unit,
            successor=self.cleaned_data["successor"],
            move_memberships=self.cleaned_data["move_memberships"],
            recorded_by=user,
            **self.event_fields(),
        )


class AccountCreateForm(forms.Form):
    """A new account in a unit; the password is chosen by its holder through a one-time link."""

    username = forms.RegexField(
        label=_("user name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and . @ + - _ only, for example nguyenvana."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
        error_messages={"invalid": _("Use only letters, digits and . @ + - _ in a user name.")},
    )
    full_name = _text(_("full name"), 150)
    email = forms.EmailField(
        label=_("email"), required=False, max_length=254, widget=forms.EmailInput(attrs=TEXT)
    )
    role = forms.ChoiceField(
        label=_("role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.STAFF,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("role"),
        choices=MembershipRole.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
