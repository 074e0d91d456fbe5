from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.dates import DayMonthYearField

from . import imports, services
from .models import MembershipRole, Unit, UnitKind

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


def _current_tasks(unit: Unit):
    from directives.models import Task

    return (
        Task.objects.filter(
            Q(tasklead__unit=unit, tasklead__valid_to__isnull=True)
            | Q(taskcoordination__unit=unit, taskcoordination__valid_to__isnull=True)
        )
        .distinct()
        .select_related("directive")
        .order_by("directive__issued_on", "directive_id", "position")
    )


class EventForm(forms.Form):
    """What every change asks: when it takes effect and by which decision."""

    effective_on = DayMonthYearField(label=_("effective on"))
    decision = _text(_("decision"), 255, required=False)
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
        # The same message as the reporting forms' (config/text_limits.py).
        error_messages={
            "max_length": _(
                "This text is too long: at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
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
        # One choice per task the unit now leads or coordinates by name: who carries it on
        # (a task given to one of its groups reaches both new units, which join the group).
        for task in _current_tasks(unit):
            self.fields[f"task_{task.pk}"] = forms.ChoiceField(
                label=_("Task %(number)s of %(directive)s passes to")
                % {"number": task.number, "directive": task.directive.reference},
                choices=[("1", _("the first new unit")), ("2", _("the second new unit"))],
                initial="1",
                widget=forms.Select(attrs=TEXT),
            )

    def task_successor_codes(self) -> dict[int, str]:
        data = self.cleaned_data
        return {
            int(name.removeprefix("task_")): data[f"code_{value}"]
            for name, value in data.items()
            if name.startswith("task_")
        }

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
            unit=self.unit,
            into=into,
            task_successor_codes=self.task_successor_codes(),
            recorded_by=user,
            **self.event_fields(),
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


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.csv,.txt,.tsv"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # An upload dropped while it arrived (config/uploads.py) has its size but no content.
        if getattr(upload, "refused", False) or upload.size > imports.MAX_BYTES:
            raise ValidationError(
                _("The file is too big: at most %(mb)d MB.")
                % {"mb": imports.MAX_BYTES // (1024 * 1024)}
            )
        return upload


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
