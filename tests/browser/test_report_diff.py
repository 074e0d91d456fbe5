"""tuyengiao compares two versions of a unit's report in a real browser: a rewritten paragraph
is shown before and after, side by side; a small edit keeps its word marks."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reports.submissions.services import report_save
from tests.conftest import sign_in
from tests.reports.reporting_data import report_of, seed_186_with_period

pytestmark = pytest.mark.browser

KEPT = "Ban Thường vụ đã chỉ đạo các chi bộ quán triệt Kết luận 93-KL/TW."
OLD_EDITED = "Đã tổ chức 3 hội nghị cho 240 đảng viên."
NEW_EDITED = "Đã tổ chức 5 hội nghị cho 240 đảng viên."
OLD_REWRITTEN = "Năm 2026 đã tổ chức 304 hội nghị quán triệt cho cán bộ chủ chốt."
NEW_REWRITTEN = "Tổ chức 305 buổi sinh hoạt chuyên đề tại các chi bộ cơ sở trong năm."


def test_a_rewritten_paragraph_is_shown_side_by_side(page, transactional_db):
    _directive, period = seed_186_with_period()
    report = report_of(period, "dd-lhh")
    author = get_user_model().objects.get(username="lienhiephoi")
    for text in (
        f"{KEPT}\n{OLD_EDITED}\n{OLD_REWRITTEN}",
        f"{KEPT}\n{NEW_EDITED}\n{NEW_REWRITTEN}",
    ):
        report = report_save(
            report=report,
            user=author,
            expected_version=report.version,
            fields={"overall_assessment": text},
            entries={},
        )
    new_version = report.version

    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "tuyengiao", "demo")
    page.goto(reverse("report_diff", args=[report.pk]) + f"?a={new_version - 1}&b={new_version}")

    rewritten = page.locator(".diff-rewritten")
    assert rewritten.count() == 1
    before, after = rewritten.locator(".diff-old"), rewritten.locator(".diff-new")
    assert before.locator("del").inner_text() == OLD_REWRITTEN
    assert after.locator("ins").inner_text() == NEW_REWRITTEN
    # Labelled in words, not only by colour.
    assert f"phiên bản {new_version - 1}" in before.inner_text()
    assert f"phiên bản {new_version}" in after.inner_text()
    # Side by side: the old version on the left, the new one on its right, on the same line.
    old_box, new_box = before.bounding_box(), after.bounding_box()
    assert old_box["x"] + old_box["width"] <= new_box["x"] + 1
    assert abs(old_box["y"] - new_box["y"]) < 2

    edited = page.locator(".diff-edited")
    assert edited.count() == 1
    assert edited.locator("del").inner_text().endswith("3")
    assert edited.locator("ins").inner_text().endswith("5")
    assert page.locator(".diff-same").inner_text() == KEPT

    # On a phone the two versions stack, the old one first, and the page does not overflow.
    page.set_viewport_size({"width": 390, "height": 800})
    old_box, new_box = before.bounding_box(), after.bounding_box()
    assert old_box["y"] + old_box["height"] <= new_box["y"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
