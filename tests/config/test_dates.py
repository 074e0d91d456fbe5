"""Dates as Vietnamese users write them (issue 11 item 8): dd/mm/yyyy typed and shown in every
form, the admin's included, whatever the session's language; a date that is impossible or could
be read two ways is refused with a message, never swapped."""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from config.dates import DayMonthYearField, parse_day_month_year
from reports.consolidated.models import DocumentTerm
from reports.periods.models import ReportingPeriod
from tests.conftest import make_unit, make_user
from units.models import Unit, UnitKind

D = datetime.date


@pytest.mark.parametrize(
    "typed, day",
    [
        ("15/01/2026", D(2026, 1, 15)),
        ("05/01/2026", D(2026, 1, 5)),  # 5 January, never 1 May
        ("5/1/2026", D(2026, 1, 5)),
        (" 31.12.2026 ", D(2026, 12, 31)),
        ("29-02-2028", D(2028, 2, 29)),
        ("2026-01-15", D(2026, 1, 15)),  # ISO, year first: cannot be misread
    ],
)
def test_it_reads_the_day_first(typed, day):
    assert parse_day_month_year(typed) == day


@pytest.mark.parametrize(
    "typed, code",
    [
        ("31/02/2026", "no_such_day"),
        ("29/02/2026", "no_such_day"),
        ("01/15/2026", "month_first"),
        ("12/31/2026", "month_first"),
        ("05/01/26", "two_digit_year"),
        ("15/13/2026", "no_such_month"),
        ("15/01/0026", "year_out_of_range"),
        ("15/01/202", "invalid"),
        ("15/01-2026", "invalid"),
        ("15 tháng 1", "invalid"),
        ("1" * 100_000, "invalid"),
    ],
)
def test_it_refuses_what_names_no_certain_day(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_day_month_year(typed)
    assert refused.value.code == code


def test_the_messages_are_vietnamese_and_say_what_is_wrong():
    with translation.override("vi"):
        field = DayMonthYearField()
        with pytest.raises(ValidationError) as refused:
            field.clean("31/02/2026")
        assert refused.value.messages == [
            "“31/02/2026” không có thật: tháng 2 năm 2026 có 28 ngày."
        ]
        with pytest.raises(ValidationError) as refused:
            field.clean("01/15/2026")
        assert "15/01/2026" in refused.value.messages[0]
        assert "ngày trước" in refused.value.messages[0]


def test_the_widget_is_a_text_box_showing_day_month_year():
    html = DayMonthYearField().widget.render("d", D(2026, 1, 5))
    assert 'type="text"' in html
    assert 'value="05/01/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_input_formats_of_both_languages_are_day_first(language):
    from django.utils.formats import get_format

    with translation.override(language):
        # Django adds the ISO formats after ours; no month-first format is left.
        formats = get_format("DATE_INPUT_FORMATS")
        assert formats[0] == "%d/%m/%Y"
        assert not {"%m/%d/%Y", "%m/%d/%y"} & set(formats)
        assert get_format("SHORT_DATE_FORMAT") == "d/m/Y"


def test_every_admin_form_reads_its_dates_day_first():
    # A new ModelAdmin or inline with a date field and without DayMonthYearAdmin fails here.
    request = None
    for model_admin in admin.site._registry.values():
        for owner in [model_admin, *model_admin.get_inline_instances(request)]:
            for field in owner.model._meta.get_fields():
                if isinstance(field, models.DateField) and not isinstance(
                    field, models.DateTimeField
                ):
                    formfield = owner.formfield_for_dbfield(field, request=request)
                    if formfield is not None:
                        assert isinstance(formfield, DayMonthYearField), (owner, field.name)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_the_admin_in_english_saves_15_01_2026_as_15_january(client):
    committee = make_unit("tinh-uy", kind=UnitKind.LEADERSHIP)
    english(client).force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:reports_documentterm_add"),
        {"unit": committee.pk, "name": "2025-2030", "starts_on": "15/01/2026", "ends_on": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    term = DocumentTerm.objects.get()
    assert term.starts_on == D(2026, 1, 15)
    page = client.get(
        reverse("admin:reports_documentterm_change", args=[term.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'value="15/01/2026"' in page.content.decode()
    assert 'lang="en"' in page.content.decode()


@pytest.mark.django_db
def test_the_admin_refuses_05_01_26_and_31_02_2026_with_a_message(client):
    unit = make_unit("huyen-x")
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    change = reverse("admin:units_unit_change", args=[unit.pk])
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "position": 0,
        "valid_from": "31/02/2026",
        "valid_to": "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    response = client.post(change, data)
    assert response.status_code == 200
    assert "tháng 2 năm 2026 có 28 ngày" in response.content.decode()
    assert Unit.objects.get(pk=unit.pk).valid_from is None


@pytest.mark.django_db
def test_the_period_form_in_english_reads_15_01_2026_as_15_january(client, directive_186):
    reviewer = make_user("tg", Unit.objects.get(code="btgtu"))
    english(client).force_login(reviewer)
    unit = Unit.objects.get(code="dd-lhh")
    response = client.post(
        reverse("period_create", args=[directive_186.slug]),
        {
            "name": "Quý I/2026",
            "starts_on": "01/01/2026",
            "ends_on": "31/03/2026",
            "due_on": "15/01/2026",
            "units": [unit.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(name="Quý I/2026")
    assert period.due_on == D(2026, 1, 15)
    page = client.get(reverse("period_edit", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'value="15/01/2026"' in text
    assert 'type="date"' not in text


@pytest.mark.django_db
def test_the_admin_calendar_writes_day_month_year_in_english(client):
    # The admin's calendar writes the first of DATE_INPUT_FORMATS from its JavaScript catalogue.
    english(client).force_login(make_user("root", is_superuser=True, is_staff=True))
    catalogue = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    formats = json.loads(catalogue.split("django.formats = ", 1)[1].split(";\n", 1)[0])
    assert formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert "%m/%d/%Y" not in formats["DATE_INPUT_FORMATS"]
