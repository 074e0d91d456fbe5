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


# ---- import from a file ----------------------------------------------------------------------


def _upload(client, data, name="ds.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/don-vi/so-dang-ky/nhap-tu-tep/", {"file": SimpleUploadedFile(name, data)})


def test_import_previews_writes_only_on_confirmation_and_a_second_upload_changes_nothing(
    client, keeper
):
    from tests.units.import_files import unit_row, xlsx

    data = xlsx([unit_row("xa-moi", "Đảng ủy xã Mới", kind="tructhuoc")])
    client.force_login(keeper)

    preview = _upload(client, data)

    assert preview.status_code == 200
    text = preview.content.decode()
    assert "import-confirm" in text and "Đảng ủy xã Mới" in text
    assert not Unit.objects.filter(code="xa-moi").exists()
    done = client.post(
        "/don-vi/so-dang-ky/nhap-tu-tep/", {"token": preview.context["token"], "confirm": "1"}
    )
    assert done.status_code == 302
    assert Unit.objects.get(code="xa-moi").kind == "tructhuoc"
    # the token's file is gone: the same confirmation cannot run twice
    again = client.post(
        "/don-vi/so-dang-ky/nhap-tu-tep/", {"token": preview.context["token"], "confirm": "1"}
    )
    assert again.status_code == 302 and again.url == "/don-vi/so-dang-ky/nhap-tu-tep/"

    second = _upload(client, data)
    assert "import-no-change" in second.content.decode()
    assert "import-confirm" not in second.content.decode()


def test_import_with_an_error_shows_it_and_offers_no_confirmation(client, keeper):
    from tests.units.import_files import unit_row, xlsx

    client.force_login(keeper)
    page = _upload(client, xlsx([unit_row("ok"), unit_row("sai", since="32/01/2025")]))

    assert page.status_code == 400
    text = page.content.decode()
    assert "Dòng 3, cột G (Hiệu lực từ)" in text
    assert "import-confirm" not in text
    assert not Unit.objects.filter(code="ok").exists()


def test_a_file_that_is_not_a_spreadsheet_gets_a_message_on_the_form(client, keeper):
    client.force_login(keeper)
    page = _upload(client, b"%PDF-1.7", "bao-cao.pdf")
    assert page.status_code == 400
    assert "Đây không phải bảng tính" in page.content.decode()


def test_a_token_is_good_only_for_the_user_who_uploaded(client, keeper):
    from tests.units.import_files import unit_row, xlsx

    client.force_login(keeper)
    token = _upload(client, xlsx([unit_row("x")])).context["token"]
    other = make_user("tuyengiao2", keeper.memberships.get().unit)
    client.force_login(other)
    page = client.post("/don-vi/so-dang-ky/nhap-tu-tep/", {"token": token, "confirm": "1"})
    assert page.status_code == 302
    assert not Unit.objects.filter(code="x").exists()
    forged = client.post("/don-vi/so-dang-ky/nhap-tu-tep/", {"token": "abc", "confirm": "1"})
    assert forged.status_code == 302


def test_only_the_department_imports_and_downloads_the_template(client, keeper):
    import io

    from openpyxl import load_workbook

    url, template = "/don-vi/so-dang-ky/nhap-tu-tep/", "/don-vi/so-dang-ky/nhap-tu-tep/mau.xlsx"
    assert client.get(url).status_code == 302  # anonymous: to sign in
    client.force_login(make_user("huyen", make_unit("huyen-x")))
    assert client.get(url).status_code == 403
    assert client.get(template).status_code == 403
    client.force_login(keeper)
    assert client.get(url).status_code == 200
    download = client.get(template)
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    assert book.active["A1"].value == "Mã"
    assert client.post(template).status_code == 405
    assert client.put(url).status_code == 405


def test_the_files_of_previews_never_confirmed_are_removed_once_expired(client, keeper, settings):
    import os
    import time

    from tests.units.import_files import unit_row, xlsx

    client.force_login(keeper)
    _upload(client, xlsx([unit_row("x")]))
    folder = settings.MEDIA_ROOT / "unit-imports"
    [old] = list(folder.iterdir())
    os.utime(old, (time.time() - 4 * 3600, time.time() - 4 * 3600))
    _upload(client, xlsx([unit_row("y")]))
    assert old not in list(folder.iterdir())
    assert len(list(folder.iterdir())) == 1


def test_the_preview_page_reads_the_same_queries_for_any_file(
    client, keeper, django_assert_num_queries
):
    from tests.units.import_files import unit_row, xlsx

    client.force_login(keeper)
    client.get("/don-vi/so-dang-ky/nhap-tu-tep/")  # the session is written once
    for n in (3, 40):
        # session, user, memberships (who keeps the registry), the registry, unread
        # notifications in the top bar
        with django_assert_num_queries(5):
            page = _upload(client, xlsx([unit_row(f"u{n}-{i}") for i in range(n)]))
        assert page.context["counts"]["new"] == n


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
