"""The Department edits the indicators (chỉ tiêu) a directive asks for, in the app: add, change,
delete a mistake; every change in the directive's history; a figure units already stated keeps
its indicator and the place it was asked."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directives.models import DirectiveChange, Indicator
from reports.submissions.models import IndicatorValue
from tests.reports.reporting_data import report_of, seed_186_with_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    return seed_186_with_period()


@pytest.fixture
def people(seeded):
    User = get_user_model()
    return {name: User.objects.get(username=name) for name in ["tuyengiao", "lienhiephoi"]}


def _page(directive):
    return reverse("directive_indicators_edit", args=[directive.slug])


def test_the_department_adds_an_indicator_under_a_task_and_the_history_says_so(
    client, seeded, people
):
    directive, _period = seeded
    task = directive.tasks.get(number="4.1")
    client.force_login(people["tuyengiao"])
    assert client.get(_page(directive)).status_code == 200

    response = client.post(
        _page(directive),
        {
            "name": "Số buổi tọa đàm",
            "unit_of_measure": "buổi",
            "code": "toa-dam",
            "scope": "task",
            "task": task.pk,
            "position": "",
        },
    )

    assert response.status_code == 302
    added = Indicator.objects.get(directive=directive, code="toa-dam")
    assert added.task == task and added.position == directive.indicators.count()
    change = DirectiveChange.objects.filter(directive=directive).latest("at")
    assert change.action == DirectiveChange.Action.INDICATOR_ADDED
    assert change.user == people["tuyengiao"]
    assert (
        "Số buổi tọa đàm"
        in client.get(reverse("directive_history", args=[directive.slug])).content.decode()
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"scope": "task", "task": ""}, "Chọn nhiệm vụ"),
        ({"code": "hoi-nghi"}, "đã có chỉ tiêu"),
        ({"code": "Có dấu"}, "chỉ gồm chữ cái không dấu"),
        ({"name": ""}, "bắt buộc"),
    ],
)
def test_bad_input_is_told_in_vietnamese_and_changes_nothing(
    client, seeded, people, fields, message
):
    directive, _period = seeded
    before = list(Indicator.objects.values_list("pk", "code", "name"))
    client.force_login(people["tuyengiao"])
    data = {
        "name": "Mới",
        "unit_of_measure": "lần",
        "code": "moi",
        "scope": "report",
        "task": "",
        "position": "",
        **fields,
    }

    response = client.post(_page(directive), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert list(Indicator.objects.values_list("pk", "code", "name")) == before


def test_an_indicator_with_figures_is_never_deleted_nor_moved_but_can_be_renamed(
    client, seeded, people
):
    directive, period = seeded
    conferences = Indicator.objects.get(directive=directive, code="hoi-nghi")
    report = report_of(period, "dd-lhh")
    IndicatorValue.objects.create(report=report, indicator=conferences, value=3)
    client.force_login(people["tuyengiao"])
    delete = reverse("indicator_delete", args=[directive.slug, conferences.pk])
    edit = reverse("indicator_edit", args=[directive.slug, conferences.pk])

    assert client.post(delete).status_code == 302
    assert Indicator.objects.filter(pk=conferences.pk).exists()
    task = directive.tasks.get(number="4.1")
    moved = client.post(
        edit,
        {
            "name": conferences.name,
            "unit_of_measure": conferences.unit_of_measure,
            "code": conferences.code,
            "scope": "task",
            "task": task.pk,
            "position": conferences.position,
        },
    )
    assert moved.status_code == 400
    conferences.refresh_from_db()
    assert conferences.task is None
    renamed = client.post(
        edit,
        {
            "name": "Số hội nghị quán triệt",
            "unit_of_measure": "hội nghị",
            "code": conferences.code,
            "scope": "report",
            "task": "",
            "position": conferences.position,
        },
    )
    assert renamed.status_code == 302
    conferences.refresh_from_db()
    assert conferences.name == "Số hội nghị quán triệt"
    assert conferences.values.get().value == 3


def test_an_indicator_without_figures_is_deleted_and_recorded(client, seeded, people):
    directive, _period = seeded
    spare = Indicator.objects.create(
        directive=directive, code="thu", name="Thử", unit_of_measure="lần", position=99
    )
    client.force_login(people["tuyengiao"])

    response = client.post(reverse("indicator_delete", args=[directive.slug, spare.pk]))

    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=spare.pk).exists()
    assert DirectiveChange.objects.filter(
        directive=directive, action=DirectiveChange.Action.INDICATOR_DELETED
    ).exists()


def test_a_unit_account_cannot_edit_indicators(client, seeded, people):
    directive, _period = seeded
    indicator = directive.indicators.first()
    client.force_login(people["lienhiephoi"])

    for url in (
        _page(directive),
        reverse("indicator_edit", args=[directive.slug, indicator.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Chỉ cán bộ" in response.content.decode()
    assert (
        client.post(reverse("indicator_delete", args=[directive.slug, indicator.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("indicator_delete", args=[directive.slug, indicator.pk])).status_code
        == 405
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_the_indicator_page_reads_a_fixed_number_of_queries(
    client, seeded, people, django_assert_num_queries
):
    directive, _period = seeded
    client.force_login(people["tuyengiao"])
    client.get(_page(directive))
    # session, user, the directive, memberships (who may edit), the indicators with their
    # count of figures, the tasks the form offers, the unread notifications (top bar)
    with django_assert_num_queries(7):
        client.get(_page(directive))
    for i in range(5):
        Indicator.objects.create(
            directive=directive, code=f"x{i}", name=f"X{i}", unit_of_measure="lần", position=50 + i
        )
    with django_assert_num_queries(7):
        client.get(_page(directive))
