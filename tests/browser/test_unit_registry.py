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


def matrix_cell_titles(page, period):
    """The matrix of the period as the browser shows it: unit name -> task numbers assigned."""
    page.goto(f"/theo-doi/ky/{period.pk}/ma-tran/")
    assigned: dict[str, set[str]] = {}
    for row in page.locator("tr[data-task]").all():
        number = row.get_attribute("data-task")
        for cell in row.locator("td.mx-cell").all():
            name = cell.get_attribute("title").split(":")[0]
            classes = cell.get_attribute("class")
            if "mx-not_assigned" not in classes:
                assigned.setdefault(name, set()).add(number)
    return assigned


def test_the_events_reach_a_period_that_straddles_them(page, transactional_db):
    """Periods of 2024 (due before every event) and 2025 (01/01-31/12, due 15/12, after
    them); Huyện ủy Bình Sơn sent its 2025 report in June, before it ended on 01/07/2025."""
    import datetime

    from reports.consolidated.models import ConsolidatedReport
    from reports.consolidated.services import consolidated_create, load_document_terms
    from reports.periods.services import default_period_units, period_open
    from reports.submissions.models import ReportStatus
    from tests.reports.dashboard_data import make_report

    directive = load_186()
    load_document_terms()
    reviewer = make_user("tuyengiao", directive.monitoring_unit)
    periods = {}
    for year in (2024, 2025):
        due = datetime.date(year, 12, 15)
        periods[year] = period_open(
            directive=directive,
            name=f"Năm {year}",
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            due_on=due,
            units=default_period_units(directive, due),
            user=reviewer,
        )
    binhson = Unit.objects.get(code="binhson")
    make_report(
        periods[2025],
        binhson,
        status=ReportStatus.SUBMITTED,
        submitted_on=datetime.date(2025, 6, 2),
    )
    make_report(
        periods[2024],
        binhson,
        status=ReportStatus.ACCEPTED,
        submitted_on=datetime.date(2024, 12, 1),
    )
    consolidated_create(period=periods[2024], user=reviewer)
    before = counts() + (ConsolidatedReport.objects.count(),)

    sign_in(page, "tuyengiao")
    # Merge: the provincial Propaganda and Mass Mobilisation departments.
    page.goto("/don-vi/so-dang-ky/hop-nhat/")
    page.select_option(
        "#id_units", [str(directive.monitoring_unit.pk), str(Unit.objects.get(code="bdvtu").pk)]
    )
    page.fill("#id_effective_on", "2025-03-01")
    page.fill("#id_code", "btgdvtu")
    page.fill("#id_name", "Ban Tuyên giáo và Dân vận Tỉnh ủy")
    page.fill("#id_short_name", "Ban TG&DV")
    page.fill("#id_symbol", "BTGDVTU")
    page.select_option("#id_kind", "tmtu")
    confirm(page)
    # Split: Liên hiệp các Hội, task 4.2 to the second new unit.
    lhh = Unit.objects.get(code="dd-lhh")
    page.goto("/don-vi/dd-lhh/chia-tach/")
    page.fill("#id_effective_on", "2025-07-01")
    for i in (1, 2):
        page.fill(f"#id_code_{i}", f"lhh-{i}")
        page.fill(f"#id_name_{i}", f"Đảng đoàn Liên hiệp Hội {i} (minh họa)")
        page.fill(f"#id_short_name_{i}", f"LHH {i}")
    task_42 = directive.tasks.get(number="4.2")
    page.select_option(f"#id_task_{task_42.pk}", "2")
    with page.expect_navigation():
        page.click("#event-form button[name=preview]")
    assert page.locator("#preview").get_by_text("Đảng đoàn Liên hiệp Hội 2 (minh họa)").count()
    with page.expect_navigation():
        page.click("#confirm-form button[name=confirm]")
    page.get_by_text("Đã ghi nhận thay đổi.").wait_for()
    # Rename: Đảng đoàn HĐND tỉnh from 01/01/2026, after the periods.
    page.goto("/don-vi/dd-hdnd/doi-ten/")
    page.fill("#id_effective_on", "2026-01-01")
    page.fill("#id_name", "Đảng đoàn HĐND tỉnh (tên minh họa)")
    page.fill("#id_short_name", "ĐĐ HĐND (minh họa)")
    page.fill("#id_symbol", "ĐĐ")
    confirm(page)
    # End: Huyện ủy Bình Sơn on 01/07/2025, its work to Huyện ủy Sơn Tịnh (for the test).
    page.goto("/don-vi/binhson/ket-thuc/")
    page.fill("#id_effective_on", "2025-07-01")
    page.select_option("#id_successor", str(Unit.objects.get(code="sontinh").pk))
    confirm(page)

    assert counts() + (ConsolidatedReport.objects.count(),) == before[:4] + (
        before[4] + 3,
        before[5],
    )
    early, straddling = (
        matrix_cell_titles(page, periods[2024]),
        matrix_cell_titles(page, periods[2025]),
    )
    # 2024: the units the directive named, under the names of then.
    assert {"Ban Tuyên giáo Tỉnh ủy", "Liên hiệp các Hội KH&KT tỉnh", "Huyện ủy Bình Sơn"} <= set(
        early
    )
    assert "Đảng đoàn HĐND tỉnh" in early and "Ban TG&DV" not in early
    assert early["Liên hiệp các Hội KH&KT tỉnh"] >= {"4.1", "4.2", "4.3"}
    # 2025, due after the events: the successors, each with the tasks chosen for it; Bình Sơn
    # keeps the report it sent in June, with the task it had then.
    assert "Ban Tuyên giáo Tỉnh ủy" not in straddling and "Ban TG&DV" in straddling
    assert {"4.1", "4.3"} <= straddling["LHH 1"] and "4.2" not in straddling["LHH 1"]
    assert "4.2" in straddling["LHH 2"]
    assert straddling["Huyện ủy Bình Sơn"] == {"1"}
    assert "Liên hiệp các Hội KH&KT tỉnh" not in straddling
    assert "Đảng đoàn HĐND tỉnh" in straddling  # renamed only from 2026
    lhh.refresh_from_db()
    assert lhh.valid_to == datetime.date(2025, 6, 30)
