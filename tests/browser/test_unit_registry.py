"""The Department records the 2025 reorganisation in the registry: merge, split, rename, end.
Reports, revisions, evidence and documents are counted before and after: nothing is deleted."""

import pytest

from directives.models import Directive
from directives.seed import load_186
from reports.models import Evidence, ReportRevision, UnitReport
from tests.conftest import make_unit, make_user, sign_in
from units.models import Unit, UnitEvent

pytestmark = pytest.mark.browser


def counts():
    return (
        UnitReport.objects.count(),
        ReportRevision.objects.count(),
        Evidence.objects.count(),
        Directive.objects.count(),
        Unit.objects.count(),
    )


def confirm(page):
    with page.expect_navigation():
        page.click("#event-form button[name=preview]")
    page.locator("#preview").wait_for()
    with page.expect_navigation():
        page.click("#confirm-form button[name=confirm]")
    page.get_by_text("Đã ghi nhận thay đổi.").wait_for()


def test_merge_split_rename_end(page, transactional_db):
    directive = load_186()
    btg = directive.monitoring_unit
    make_user("tuyengiao", btg)
    make_unit("bdv", name="Ban Dân vận Tỉnh ủy (đơn vị minh họa)", kind="tmtu")
    make_unit("huyen-a", name="Huyện ủy A (minh họa)")
    make_unit("tach", name="Đảng ủy B (minh họa)", kind="tructhuoc")
    before = counts()

    sign_in(page, "tuyengiao")
    page.goto("/don-vi/so-dang-ky/")
    page.click("text=Hợp nhất đơn vị")
    page.select_option("#id_units", [str(btg.pk), str(Unit.objects.get(code="bdv").pk)])
    page.fill("#id_effective_on", "01/02/2025")
    page.fill("#id_code", "btgdvtu")
    page.fill("#id_name", "Ban Tuyên giáo và Dân vận Tỉnh ủy")
    page.fill("#id_short_name", "Ban TG&DV")
    page.fill("#id_symbol", "BTGDVTU")
    page.select_option("#id_kind", "tmtu")
    confirm(page)

    page.goto("/don-vi/tach/chia-tach/")
    page.fill("#id_effective_on", "01/07/2025")
    for i in (1, 2):
        page.fill(f"#id_code_{i}", f"tach-{i}")
        page.fill(f"#id_name_{i}", f"Đảng ủy B{i} (minh họa)")
        page.fill(f"#id_short_name_{i}", f"B{i}")
    confirm(page)

    page.goto("/don-vi/btgdvtu/doi-ten/")
    page.fill("#id_effective_on", "01/01/2026")
    page.fill("#id_name", "Ban Tuyên giáo và Dân vận (tên minh họa)")
    page.fill("#id_short_name", "Ban TGDV")
    page.fill("#id_symbol", "BTGDVTU")
    confirm(page)

    page.goto("/don-vi/huyen-a/ket-thuc/")
    page.fill("#id_effective_on", "01/07/2025")
    confirm(page)

    assert UnitEvent.objects.count() == 4
    after = counts()
    assert after[:4] == before[:4]
    assert after[4] == before[4] + 3  # the merged unit and the two split ones; none deleted
    directive.refresh_from_db()
    assert directive.monitoring_unit.code == "btgdvtu"
    assert page.locator("#unit-huyen-a").get_by_text("30/06/2025").is_visible()
