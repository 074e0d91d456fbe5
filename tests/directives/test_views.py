"""The directive list, the directive page (the document as issued) and the unit page."""

import pytest
from django.urls import reverse

from directives.models import Task
from tests.conftest import make_user
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(directive_186):
    return make_user("lhh", Unit.objects.get(code="dd-lhh"))


def test_anonymous_users_are_sent_to_sign_in(client, directive_186):
    for url in [
        reverse("directive_list"),
        directive_186.get_absolute_url(),
        reverse("unit_detail", args=["dd-lhh"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_the_directive(client, staff, directive_186):
    client.force_login(staff)
    response = client.get(reverse("directive_list"))
    assert response.status_code == 200
    assert "Công văn số 186-CV/TU, 04/01/2021" in response.text


def test_the_directive_page_reads_like_the_document(client, staff, directive_186):
    client.force_login(staff)
    response = client.get(directive_186.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for expected in [
        "TỈNH ỦY QUẢNG NGÃI",
        "Số 186-CV/TU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Quảng Ngãi, ngày 04 tháng 01 năm 2021",
        "Triển khai thực hiện Kết luận số 93-KL/TW ngày 20/11/2020 của Ban Bí thư",
        "Kính gửi:",
        "- Các cơ quan chuyên trách tham mưu, giúp việc TU,",
        "Nơi nhận:",
        "- Lưu Văn phòng Tỉnh ủy.",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Đặng Ngọc Huy",
    ]:
        assert expected in text, expected
    # Every task in document order, each with the units it is assigned to.
    positions = [text.index(f'id="task-{t.number}"') for t in directive_186.tasks.all()]
    assert positions == sorted(positions)
    task_43 = directive_186.tasks.get(number="4.3")
    assert task_43.text in text
    section_43 = text[text.index('id="task-4.3"') : text.index('id="task-5"')]
    assert "Liên hiệp các Hội KH&amp;KT tỉnh" in section_43
    assert "phối hợp với các cơ quan liên quan" in text


def test_an_unknown_directive_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("directive_detail", args=["khong-co"])).status_code == 404


def test_the_unit_page_lists_the_tasks_assigned_to_the_unit(client, staff, directive_186):
    client.force_login(staff)
    response = client.get(reverse("unit_detail", args=["dd-lhh"]))
    assert response.status_code == 200
    numbers = [t.number for t in response.context["tasks"]]
    assert numbers == ["1", "4", "4.1", "4.2", "4.3"]
    assert directive_186.tasks.get(number="4.2").text in response.text
    assert client.get(reverse("unit_detail", args=["khong-co"])).status_code == 404


def test_the_directive_page_query_count_does_not_grow_with_tasks(
    client, staff, directive_186, django_assert_num_queries
):
    client.force_login(staff)
    url = directive_186.get_absolute_url()
    client.get(url)  # warm the session and translation caches

    # 1 session, 1 user, 1 directive with issuer and monitoring unit, 1 references,
    # 1 recipients with unit and group, 1 units of those groups, 1 tasks,
    # 4 lead assignments with their units / those units' former names / lead groups /
    # coordinating assignments with their units, 1 the user's memberships with their units and
    # 1 unread notifications (navigation).
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200

    parent = directive_186.tasks.get(number="4")
    for i in range(20):
        task = Task.objects.create(
            directive=directive_186, parent=parent, number=f"4.{i + 4}", position=100 + i, text="X"
        )
        task.lead_units.add(Unit.objects.get(code="dd-lhh"))
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_the_directive_page_names_the_units_of_its_date_and_who_carries_on_now(
    client, staff, directive_186
):
    import datetime

    from units.services import NewUnit, unit_merge, unit_rename

    lhh = Unit.objects.get(code="dd-lhh")
    unit_rename(
        unit=lhh,
        name="Đảng đoàn Liên hiệp Hội (tên mới, minh họa)",
        short_name="LHH mới",
        symbol="ĐĐ",
        effective_on=datetime.date(2024, 1, 1),
    )
    unit_merge(
        units=[Unit.objects.get(code="dd-hdnd"), Unit.objects.get(code="bcsd-ubnd")],
        into=NewUnit(
            code="dang-bo-tinh",
            name="Đảng bộ tỉnh (minh họa)",
            short_name="Đảng bộ minh họa",
            symbol="ĐB",
            kind="dd",
        ),
        effective_on=datetime.date(2025, 7, 1),
    )
    client.force_login(staff)

    page = client.get(directive_186.get_absolute_url()).content.decode()

    task_2 = page.split('id="task-2"')[1].split("</section>")[0]
    assert "Đảng đoàn HĐND tỉnh" in task_2  # as the directive named it in 2021
    assert "Đảng bộ minh họa" in task_2  # who carries it on now, beside it
    task_4 = page.split('id="task-4"')[1].split("</section>")[0]
    assert "Liên hiệp các Hội KH&amp;KT tỉnh" in task_4  # the name of 2021
    assert "LHH mới" not in task_4
