"""tuyengiao drafts, edits and submits the consolidated report, phobantg (the signer) issues
it; thuongvu downloads the PDF;
binhson, whose unit is not on its "Nơi nhận", cannot."""

import hashlib
import re
from pathlib import Path

import pytest

from directives.seed import load_186
from reports.consolidated.models import ConsolidatedReport
from tests.conftest import sign_in
from tests.reports.consolidated_data import make_186_period, make_people

pytestmark = pytest.mark.browser


def test_draft_edit_issue_then_download(page, browser, live_server, transactional_db):
    load_186()
    data = make_186_period()
    make_people(data["units"])
    period = data["period"]

    # tuyengiao drafts from the download page.
    sign_in(page, "tuyengiao")
    page.locator("#nav-consolidated").click()
    page.locator(f"a[href='/bao-cao-tong-hop/ky/{period.pk}/tao/']").click()
    with page.expect_navigation():
        page.locator("#create-draft").click()
    report = ConsolidatedReport.objects.get()
    assert page.url.endswith(report.get_absolute_url())

    # Edits a section: the toolbar makes bold, the text autosaves.
    card = page.locator("section[data-key='III-3']")
    textarea = card.locator("textarea")
    textarea.fill("Nguyên nhân chính: ")
    textarea.press("End")
    card.get_by_role("button", name="B").click()
    card.locator("[id^=saved-]").get_by_text(re.compile("Đã lưu|Saved")).wait_for()
    # The preview under the section is refreshed by the save that followed the bold button.
    card.locator("[id^=preview-] strong").wait_for(state="attached")
    body = report.sections.get(key="III-3").body
    assert body.startswith("Nguyên nhân chính: **") and body.endswith("**")

    # Submits it to the signer, who issues it with the proposed number.
    with page.expect_navigation():
        page.locator("#submit-for-signature").click()
    page.context.clear_cookies()
    sign_in(page, "phobantg")
    page.goto(report.get_absolute_url())
    page.locator("#issue-report").click()
    proposed = page.locator("#id_number").input_value()
    assert proposed == "1"
    page.fill("#id_signer_name", "Nguyễn Thị Tuyên")
    with page.expect_navigation():
        page.locator("#issue-submit").click()
    page.locator("#download-pdf").wait_for()
    report.refresh_from_db()
    assert report.is_issued and report.number == 1 and report.generation == "done"
    page.context.clear_cookies()

    # thuongvu (Standing Committee) downloads the PDF from the download page.
    sign_in(page, "thuongvu")
    page.goto("/bao-cao-tong-hop/")
    row = page.locator(f"tr[data-id='{report.pk}']")
    assert "Số 01-BC/BTGTU" in row.inner_text()
    with page.expect_download() as download_info:
        row.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("Báo cáo số 01-BC-BTGTU ngày ")
    content = Path(download.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    page.context.clear_cookies()

    # binhson's unit is not on the list: the report does not exist for them.
    sign_in(page, "binhson")
    response = page.goto(f"/bao-cao-tong-hop/{report.pk}/tai-ve.pdf")
    assert response.status == 404
    page.goto("/bao-cao-tong-hop/")
    assert page.locator(f"tr[data-id='{report.pk}']").count() == 0
