"""Trình ký in the browser: the specialist submits, the signer returns it with a comment, the
specialist reads the comment and submits again, the signer issues; a specialist has no issue
button, and a forged POST is refused with a Vietnamese message, not a server error."""

import pytest

from directives.seed import load_186
from reports.consolidated.services import consolidated_create
from tests.conftest import sign_in
from tests.reports.consolidated_data import drawn_on, make_186_period, make_people

pytestmark = pytest.mark.browser


def test_submit_return_resubmit_issue(page, live_server, transactional_db):
    load_186()
    data = make_186_period()
    people = make_people(data["units"])
    report = drawn_on(consolidated_create(period=data["period"], user=people["reviewer"]))

    sign_in(page, "tuyengiao")
    page.goto(report.get_absolute_url())
    assert page.locator("#issue-report").count() == 0
    with page.expect_navigation():
        page.locator("#submit-for-signature").click()
    assert page.locator("#report-status").inner_text() == "Chờ ký"
    assert page.locator("#awaiting-signature").is_visible()
    page.context.clear_cookies()

    sign_in(page, "phobantg")
    page.goto(report.get_absolute_url())
    page.fill("#id_comment", "Đề nghị bổ sung số liệu mục I.")
    with page.expect_navigation():
        page.locator("#return-submit").click()
    assert page.locator("#report-status").inner_text() == "Trả lại để chỉnh sửa"
    page.context.clear_cookies()

    sign_in(page, "tuyengiao")
    page.goto(report.get_absolute_url())
    assert "Đề nghị bổ sung số liệu mục I." in page.locator("#return-comment").inner_text()
    assert "Đặng Văn Thành" in page.locator("#return-comment").inner_text()
    # No issue button, and a POST made by hand is refused in Vietnamese.
    assert page.locator("#issue-report").count() == 0
    response = page.request.post(
        f"/bao-cao-tong-hop/{report.pk}/ban-hanh/",
        form={"number": "3", "issued_on": "2021-12-28", "csrfmiddlewaretoken": _csrf(page)},
    )
    assert response.status == 200 and "Chỉ người ký" in response.text()
    with page.expect_navigation():
        page.locator("#submit-for-signature").click()
    page.context.clear_cookies()

    sign_in(page, "phobantg")
    page.goto(report.get_absolute_url())
    page.locator("#issue-report").click()
    page.fill("#id_issued_on", "2021-12-28")
    with page.expect_navigation():
        page.locator("#issue-submit").click()
    page.locator("#download-pdf").wait_for()
    assert page.locator("#report-status").inner_text() == "Đã ban hành"
    assert page.locator(".not-reached").count() >= 1

    page.locator("#report-history").click()
    steps = page.locator(".signing-step")
    assert [steps.nth(i).get_attribute("data-kind") for i in range(steps.count())] == [
        "submitted",
        "returned",
        "submitted",
        "issued",
    ]
    assert "Đề nghị bổ sung số liệu mục I." in steps.nth(1).inner_text()
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == people["signer"]


def _csrf(page) -> str:
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
