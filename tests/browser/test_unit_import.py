"""The Department imports its list of units from a file: upload, preview, confirm; the same
file uploaded again is shown as no change (issue 10 item 4)."""

import pytest

from directives.seed import load_186
from tests.conftest import make_user, sign_in
from tests.units.import_files import unit_row, xlsx
from units.models import Unit

pytestmark = pytest.mark.browser


def upload(page, path):
    page.goto("/don-vi/so-dang-ky/")
    with page.expect_navigation():
        page.click("#unit-import-link")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("#import-form button[name=preview]")


def test_upload_preview_confirm_then_the_same_file_is_no_change(page, transactional_db, tmp_path):
    directive = load_186()
    make_user("tuyengiao", directive.monitoring_unit)
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(
        xlsx(
            [
                unit_row("xa-a", "Đảng ủy xã A (minh họa)", kind="tructhuoc", parent="tu"),
                unit_row("tu", "Tỉnh ủy (minh họa)", kind="lanhdao", since="01/07/2025"),
            ]
        )
    )
    sign_in(page, "tuyengiao")

    upload(page, path)
    assert page.locator("#import-counts").inner_text().split()[:2] == ["2", "mới"]
    assert "Đảng ủy xã A (minh họa)" in page.locator("#import-xa-a").inner_text()
    assert not Unit.objects.filter(code__in=["xa-a", "tu"]).exists()
    with page.expect_navigation():
        page.click("#import-confirm button[name=confirm]")
    page.get_by_text("Đã nhập: 2 đơn vị mới, 0 thay đổi, 0 không đổi.").wait_for()
    page.locator("#unit-xa-a").wait_for()
    assert Unit.objects.get(code="xa-a").parent.code == "tu"

    upload(page, path)
    page.locator("#import-no-change").wait_for()
    assert page.locator("#import-confirm").count() == 0
    assert "Không có thay đổi" in page.locator("#import-no-change").inner_text()
