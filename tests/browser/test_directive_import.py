"""The Department imports a directive from Word in a real browser, corrects it, publishes it,
opens a period, and the unit finds the new tasks on its home beside 186-CV/TU's."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directives.models import Directive, DirectiveStatus
from directives.seed import load_186
from reports.periods.services import default_period_units, period_open
from tests.conftest import sign_in
from tests.documents.reading import shapes
from units.demo import create_demo_accounts

pytestmark = pytest.mark.browser

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_department_imports_publishes_and_the_unit_sees_the_tasks(
    page, browser, live_server, transactional_db
):
    seeded = load_186()
    create_demo_accounts()
    period_open(
        directive=seeded,
        name="Năm 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        due_on=datetime.date(2026, 12, 20),
        units=default_period_units(seeded),
        user=get_user_model().objects.get(username="tuyengiao"),
    )
    sign_in(page, "tuyengiao", "demo")
    page.goto(reverse("directive_list"))
    page.click("#import-directive")
    page.set_input_files(
        "#id_file", files=[{"name": "25-KH-TU.docx", "mimeType": DOCX, "buffer": shapes.ke_hoach()}]
    )
    page.click("#read-directive")
    page.wait_for_url(f"**{reverse('directive_import_review')}")
    assert "Nghị quyết số 57-NQ/TW" in page.inner_text("#import-source")
    assert page.locator(".unmatched", has_text="Sở Khoa học và Công nghệ").is_visible()

    task = page.locator("fieldset[data-number='II.1']")
    # The plan named only the Ban Tuyên giáo; the Department adds the UBND's party committee.
    task.locator("select[name$='-lead']").select_option(["btgtu", "bcsd-ubnd"])
    task.locator("input[name$='-deadline']").fill("31/07/2026")
    page.click("#save-import")
    directive = Directive.objects.get(number="25", symbol="KH/TU")
    page.wait_for_url(f"**{reverse('directive_import_done', args=[directive.slug])}")
    assert directive.status == DirectiveStatus.DRAFT
    saved = directive.tasks.get(number="II.1")
    assert saved.deadline == datetime.date(2026, 7, 31)
    assert sorted(u.code for u in saved.lead_units.all()) == ["bcsd-ubnd", "btgtu"]

    page.click("#publish-directive")
    page.wait_for_selector("#open-period")
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.PUBLISHED
    page.click("#open-period")
    page.wait_for_url(f"**{reverse('period_create', args=[directive.slug])}")
    assert page.locator("#unit-bcsd-ubnd").is_checked()
    page.fill("#id_name", "Quý III/2026")
    page.fill("#id_starts_on", "2026-07-01")
    page.fill("#id_ends_on", "2026-09-30")
    page.fill("#id_due_on", "2026-10-10")
    page.click("#save-period")
    page.wait_for_url(f"**{reverse('period_list', args=[directive.slug])}")

    unit_page = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    sign_in(unit_page, "ubnd", "demo")
    reports = unit_page.locator("#my-reports .todo")
    texts = [reports.nth(i).inner_text() for i in range(reports.count())]
    assert any("25-KH/TU" in t for t in texts)
    assert any("186-CV/TU" in t for t in texts)
    unit_page.locator("#my-reports .todo", has_text="25-KH/TU").get_by_role("link").click()
    body = unit_page.inner_text("main")
    assert "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy" in body
    # and the tasks it leads through "Ban cán sự đảng UBND tỉnh chỉ đạo:" (its sub-tasks).
    assert "Bố trí kinh phí thực hiện. Thời gian: thường xuyên." in body
    unit_page.context.close()
