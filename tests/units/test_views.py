import datetime

import pytest

from tests.conftest import make_unit, make_user
from units.models import Unit, UnitEvent


@pytest.fixture
def keeper(directive_186):
    return make_user("tuyengiao", directive_186.monitoring_unit)


def test_only_the_department_sees_the_registry(client, keeper):
    other = make_user("huyen", make_unit("huyen-x"))
    client.force_login(other)
    assert client.get("/don-vi/so-dang-ky/").status_code == 403
    assert (
        client.post("/don-vi/huyen-x/ket-thuc/", {"effective_on": "2025-07-01"}).status_code == 403
    )
    client.force_login(keeper)
    page = client.get("/don-vi/so-dang-ky/")
    assert page.status_code == 200
    assert "huyen-x" in page.content.decode()


def test_rename_previews_then_changes_only_on_confirmation(client, keeper):
    unit = make_unit("bdv", name="Ban Dân vận Tỉnh ủy")
    client.force_login(keeper)
    data = {
        "effective_on": "2025-02-01",
        "name": "Ban mới",
        "short_name": "BM",
        "symbol": "BM",
    }
    preview = client.post("/don-vi/bdv/doi-ten/", data)
    assert preview.status_code == 200
    assert "confirm-form" in preview.content.decode()
    unit.refresh_from_db()
    assert unit.name == "Ban Dân vận Tỉnh ủy"
    done = client.post("/don-vi/bdv/doi-ten/", {**data, "confirm": "1"})
    assert done.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Ban mới"
    assert unit.name_on(datetime.date(2025, 1, 31)) == "Ban Dân vận Tỉnh ủy"


def test_bad_input_gets_a_vietnamese_message_and_changes_nothing(client, keeper):
    make_unit("a")
    make_unit("b")
    client.force_login(keeper)
    page = client.post(
        "/don-vi/so-dang-ky/hop-nhat/",
        {
            "units": [Unit.objects.get(code="a").pk],
            "effective_on": "không phải ngày",
            "code": "a",
            "name": "X",
            "short_name": "X",
            "kind": "tmtu",
            "confirm": "1",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Chọn ít nhất hai đơn vị." in text
    assert "Mã này đã được dùng cho đơn vị khác." in text
    assert UnitEvent.objects.count() == 0


def test_a_service_refusal_is_shown_on_the_form(client, keeper):
    make_unit("old", valid_to=datetime.date(2020, 1, 1))
    unit = make_unit("x", valid_from=datetime.date(2025, 8, 1))
    client.force_login(keeper)
    page = client.post("/don-vi/x/ket-thuc/", {"effective_on": "2025-07-01", "confirm": "1"})
    assert page.status_code == 200
    assert "không còn hoạt động" in page.content.decode()
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_the_unit_page_links_the_registry_for_the_department_only(client, keeper):
    unit = make_unit("bdv")
    client.force_login(keeper)
    assert "registry-actions" in client.get(unit.get_absolute_url()).content.decode()
    client.force_login(make_user("x", unit))
    assert "registry-actions" not in client.get(unit.get_absolute_url()).content.decode()


def test_a_units_page_shows_until_when_it_led_a_task_and_its_successors_from_when(
    client, keeper, directive_186
):
    from units.services import unit_end

    lhh = Unit.objects.get(code="dd-lhh")
    heir = make_unit("lhh-moi", name="Đảng đoàn Liên hiệp Hội (minh họa)", kind="dd")
    unit_end(unit=lhh, effective_on=datetime.date(2025, 7, 1), successor=heir)
    client.force_login(keeper)

    old = client.get("/don-vi/dd-lhh/").content.decode()
    new = client.get("/don-vi/lhh-moi/").content.decode()

    assert "đến 30/06/2025" in old
    assert 'id="task-4.1"' not in new and "#task-4.1" in new
    assert "từ 01/07/2025" in new
