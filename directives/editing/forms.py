"""Forms of directive editing. They read and check the input (model forms, so the database's
rules are checked with their own messages); the writes are the services'."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dates import DayMonthYearField
from directives.editing.services import HEADER_FIELDS
from directives.models import Directive, Indicator, Task, TaskCoordination, TaskLead
from units.models import Unit, UnitGroup, UnitKind

MAX_PARTS = 4


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class DirectiveForm(forms.ModelForm):
    class Meta:
        model = Directive
        fields = HEADER_FIELDS
        field_classes = {"issued_on": DayMonthYearField}
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, monitoring_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monitoring_unit"].queryset = monitoring_units
        self.fields["issuer"].queryset = Unit.objects.order_by("kind", "position", "name")
        _style(self)

    def cleaned_fields(self) -> dict:
        return {field: self.cleaned_data[field] for field in HEADER_FIELDS}


class DirectiveEndForm(forms.Form):
    no_longer_in_force_from = DayMonthYearField(
        label=_("No longer in force from"),
        required=False,
        help_text=_(
            "Periods starting on or after this day do not ask for the directive. Empty: in force."
        ),
    )


def _assignable_units(task: Task | None):
    today = timezone.localdate()
    units = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    units &= ~Q(kind__in=(UnitKind.LEADERSHIP, UnitKind.CENTRAL))
    if task is not None and task.pk:
        units |= Q(tasklead__task=task) | Q(taskcoordination__task=task)
    return Unit.objects.filter(units).distinct().order_by("kind", "position", "name")


class UnitsField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id; an id past the database's integer range is an invalid
    choice (SQLite raises OverflowError on it inside the `__in` check, a server error)."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class TaskForm(forms.ModelForm):
    lead_units = UnitsField(
        label=_("Lead units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (or Shift) to choose several."),
    )
    lead_groups = UnitsField(
        label=_("Lead unit groups"),
        queryset=UnitGroup.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    coordinating_units = UnitsField(
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    confirm_renumber = forms.BooleanField(
        label=_("I confirm the new number: the units' entries stay with this task"),
        required=False,
    )

    class Meta:
        model = Task
        fields = [
            "number",
            "parent",
            "marker",
            "text",
            "short_title",
            "recurring",
            "deadline",
            "deadline_text",
            "deliverable",
            "coordination_note",
        ]
        field_classes = {"deadline": DayMonthYearField}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, directive: Directive, **kwargs):
        super().__init__(*args, **kwargs)
        task = self.instance if self.instance.pk else None
        parents = Task.objects.filter(directive=directive, in_force_until__isnull=True)
        if task is not None:
            parents = parents.exclude(pk=task.pk)
        self.fields["parent"].queryset = parents.order_by("position")
        self.fields["parent"].label_from_instance = lambda t: f"{t.label} {t.title[:80]}"
        units = _assignable_units(task)
        self.fields["lead_units"].queryset = units
        self.fields["coordinating_units"].queryset = units
        if task is not None and not self.is_bound:
            self.initial["lead_units"] = list(
                TaskLead.objects.filter(task=task, valid_to__isnull=True).values_list(
                    "unit", flat=True
                )
            )
            self.initial["coordinating_units"] = list(
                TaskCoordination.objects.filter(task=task, valid_to__isnull=True).values_list(
                    "unit", flat=True
                )
            )
            self.initial["lead_groups"] = list(task.lead_groups.values_list("pk", flat=True))
        if task is None or not task.progress.exists():
            del self.fields["confirm_renumber"]
        _style(self)

    def cleaned_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_renumber", None)
        return data


class TaskEndForm(forms.Form):
    ends_from = DayMonthYearField(
        label=_("No longer carried out from"),
        help_text=_("Periods starting on or after this day do not ask for it."),
    )


class TaskReplaceForm(TaskEndForm):
    """The new task (replace) or tasks (split), each a number and a text."""

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_PARTS + 1):
            self.fields[f"number_{n}"] = forms.CharField(
                label=_("Number of new task %(n)s") % {"n": n},
                max_length=20,
                required=n == 1,
                initial=task.number if n == 1 else "",
            )
            self.fields[f"text_{n}"] = forms.CharField(
                label=_("Text of new task %(n)s") % {"n": n},
                required=n == 1,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=task.text if n == 1 else "",
            )
        _style(self)

    def clean(self):
        data = super().clean()
        for n in range(2, MAX_PARTS + 1):
            number, text = data.get(f"number_{n}"), data.get(f"text_{n}")
            if bool(number) != bool(text):
                self.add_error(
                    f"text_{n}" if number else f"number_{n}",
                    _("Give both the number and the text of this new task, or neither."),
                )
        return data

    def parts(self) -> list[dict]:
        return [
            {"number": self.cleaned_data[f"number_{n}"], "text": self.cleaned_data[f"text_{n}"]}
            for n in range(1, MAX_PARTS + 1)
            if self.cleaned_data.get(f"number_{n}")
        ]

    def part_fields(self):
        return [(self[f"number_{n}"], self[f"text_{n}"]) for n in range(1, MAX_PARTS + 1)]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit_of_measure", "code", "scope", "task", "position"]

    def __init__(self, *args, directive: Directive, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.directive = directive
        self.fields["task"].queryset = Task.objects.filter(
            directive=directive, in_force_until__isnull=True
        ).order_by("position")
        self.fields["task"].label_from_instance = lambda t: f"{t.label} {t.title[:80]}"
        self.fields["task"].required = False
        self.fields["position"].required = False
        _style(self)

    def _post_clean(self):
        # The service runs the model's checks (with the scope's rule applied first), so their
        # messages come once, next to their fields.
        pass

    def clean(self):
        data = super().clean()
        if data.get("scope") == Indicator.Scope.TASK and not data.get("task"):
            self.add_error("task", _("Choose the task this figure is asked under."))
        return data
