"""The Department enters a directive in a real browser (issue 11 items 4 and 8): a draft with two
tasks, a deadline changed, published, its history read; a unit account cannot reach the edit
pages; an English browser sees and types dd/mm/yyyy."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from directives.models import Directive, DirectiveStatus
from directives.seed import load_186
from reports.periods.models import ReportingPeriod
from tests.conftest import sign_in
from units.demo import create_demo_accounts
from units.models import Unit

pytestmark = pytest.mark.browser


def test_the_department_creates_a_directive_with_two_tasks_and_publishes_it(page, transactional_db):
    issuer = load_186().issuer
    create_demo_accounts()
    lhh, hdnd = Unit.objects.get(code="dd-lhh"), Unit.objects.get(code="dd-hdnd")
    sign_in(page, "tuyengiao", "demo")

    page.goto(reverse("directive_list"))
    page.click("#new-directive")
    page.select_option("#id_document_type", "KH")
    page.fill("#id_number", "45")
    page.fill("#id_symbol", "KH/TU")
    page.select_option("#id_issuer", str(issuer.pk))
    page.fill("#id_issuer_heading", "TỈNH ỦY QUẢNG NGÃI")
    page.fill("#id_place", "Quảng Ngãi")
    page.fill("#id_issued_on", "05/01/2026")
    page.fill("#id_subject", "Thực hiện Nghị quyết 57-NQ/TW")
    page.click("#directive-form button[type=submit]")
    page.wait_for_url("**/van-ban/45-kh-tu/nhiem-vu/")
    directive = Directive.objects.get(slug="45-kh-tu")
    assert directive.issued_on == datetime.date(2026, 1, 5)  # 5 January, not 1 May
    assert page.locator("#directive-status").inner_text() == "Bản nháp"

    # Two tasks, with the keyboard-friendly plain form.
    page.click("#add-task")
    page.fill("#id_number", "1")
    page.fill("#id_text", "Quán triệt Nghị quyết 57-NQ/TW đến cán bộ, đảng viên")
    page.check("#id_recurring")
    page.fill("#id_deadline_text", "thường xuyên")
    page.select_option("#id_lead_units", [str(lhh.pk)])
    page.click("#task-form button[type=submit]")
    page.wait_for_url("**/nhiem-vu/")
    page.click("#add-task")
    page.fill("#id_number", "2")
    page.fill("#id_text", "Xây dựng kế hoạch chuyển đổi số")
    page.fill("#id_deadline", "31/02/2026")  # impossible: refused, nothing saved
    page.select_option("#id_lead_units", [str(hdnd.pk)])
    page.click("#task-form button[type=submit]")
    assert page.get_by_text("tháng 2 năm 2026 có 28 ngày").is_visible()
    assert directive.tasks.count() == 1
    page.fill("#id_deadline", "30/06/2026")
    page.click("#task-form button[type=submit]")
    page.wait_for_url("**/nhiem-vu/")
    assert page.locator("#task-list > li").count() == 2
    second = directive.tasks.get(number="2")

    # The deadline moves to the end of the year.
    page.locator(f"#edit-task-{second.pk} a", has_text="Sửa").click()
    assert page.input_value("#id_deadline") == "30/06/2026"
    page.fill("#id_deadline", "31/12/2026")
    page.click("#task-form button[type=submit]")
    page.wait_for_url("**/nhiem-vu/")
    second.refresh_from_db()
    assert second.deadline == datetime.date(2026, 12, 31)

    page.click("#publish")
    page.wait_for_url("**/nhiem-vu/")
    assert page.locator("#directive-status").inner_text() == "Đã ban hành"
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.PUBLISHED

    page.get_by_role("link", name="Lịch sử thay đổi").click()
    history = page.locator("#history").inner_text()
    assert "30/06/2026" in history and "31/12/2026" in history
    assert "Nguyễn Thị Tuyên" in history
    assert "Đã ban hành" in history


def test_a_unit_account_cannot_reach_the_edit_pages(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    sign_in(page, "lienhiephoi", "demo")
    page.goto(directive.get_absolute_url())
    assert page.locator("#edit-directive").count() == 0
    response = page.goto(reverse("directive_tasks_edit", args=[directive.slug]))
    assert response.status == 403
    assert "Chỉ cán bộ của đơn vị theo dõi văn bản mới được sửa văn bản này." in page.inner_text(
        "main"
    )
    response = page.goto(reverse("directive_create"))
    assert response.status == 403


def test_an_english_browser_sees_and_types_day_month_year(browser, live_server, transactional_db):
    directive = load_186()
    create_demo_accounts()
    period = ReportingPeriod.objects.create(
        directive=directive,
        name="Quý I/2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
        due_on=datetime.date(2026, 1, 15),
    )
    period.obligations.create(unit=Unit.objects.get(code="dd-lhh"))
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = context.new_page()
    try:
        sign_in(page, "tuyengiao", "demo")
        page.goto(reverse("period_edit", args=[period.pk]))
        assert page.locator("html").get_attribute("lang") == "en"
        due = page.locator("#id_due_on")
        assert due.get_attribute("type") == "text"
        assert due.input_value() == "15/01/2026"
        assert due.get_attribute("placeholder") == "dd/mm/yyyy"
        due.fill("05/02/2026")
        page.click("#save-period")
        page.wait_for_url(f"**{reverse('period_list', args=[directive.slug])}")
        period.refresh_from_db()
        assert period.due_on == datetime.date(2026, 2, 5)
    finally:
        context.close()
