"""Every free-text field of the app's forms has a length limit with a clear Vietnamese message
(issue 13): a text of megabytes is refused by the form, before the database sees it."""

import importlib

import pytest
from django import forms
from django.utils import translation

from config import text_limits

FORM_MODULES = [
    "reports.submissions.forms",
    "reports.periods.forms",
    "reports.consolidated.forms",
    "reports.monitoring.forms",
    "units.forms",
]


def _text_fields():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, form in vars(module).items():
            if isinstance(form, type) and issubclass(form, forms.BaseForm):
                for field_name, field in form.base_fields.items():
                    if type(field) is forms.CharField:
                        yield f"{module_name}.{name}.{field_name}", field


@pytest.mark.parametrize(
    "name, field", list(_text_fields()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_text_field_has_a_length_limit(name, field):
    assert field.max_length, f"{name} accepts a text of any length"


@pytest.mark.parametrize(
    "name, field", list(_text_fields()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_too_long_a_text_is_told_so_in_vietnamese(name, field):
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        field.clean("a" * (field.max_length + 1))
    message = refused.value.messages[0]
    assert message.startswith(("Nội dung quá dài: tối đa", "Giá trị này")), message
    if isinstance(field.widget, forms.Textarea):
        assert message == (
            f"Nội dung quá dài: tối đa {field.max_length} ký tự "
            f"(hiện có {field.max_length + 1} ký tự)."
        )


def test_the_review_comments_per_task_are_limited_too():
    from reports.submissions.forms import ReturnForm

    class Entry:
        pk = 7

        class task:
            number = "1"

    form = ReturnForm(data={"entry-7-comment": "a" * (text_limits.COMMENT + 1)}, entries=[Entry])
    assert not form.is_valid() and "entry-7-comment" in form.errors


def test_the_database_refuses_a_report_text_past_the_limit(directive_186):
    from django.db import IntegrityError, transaction

    from reports.submissions.models import TaskProgress, UnitReport
    from tests.reports.consolidated_data import make_186_period

    make_186_period()
    report = UnitReport.objects.first()
    report.overall_assessment = "a" * text_limits.REPORT_TEXT
    report.save()
    report.overall_assessment += "a"
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()
    entry = TaskProgress.objects.first()
    entry.results = "a" * (text_limits.REPORT_TEXT + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
