"""Names by date in the consolidated report: the header, the symbol of its number, the signature
and the "Nơi nhận" carry the names in force on the document's date; the annex names the units as
on the period's date; numbering restarts with the term of the merged province."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.consolidated import drafting
from reports.consolidated.services import consolidated_create, consolidated_issue
from tests.reports.consolidated_data import drawn_on
from units.models import Unit
from units.services import NewUnit, unit_merge, unit_rename

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MERGER = datetime.date(2025, 3, 1)
AFTER = datetime.date(2025, 10, 1)  # in the term 2025-2030


def issue(report, user, day, recipients=None):
    return consolidated_issue(
        report=report,
        user=user,
        number=1,
        issued_on=day,
        place="Quảng Ngãi",
        signing_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name="Nguyễn Văn A",
        recipients=recipients or [r.text for r in report.recipients.order_by("position")],
    )


def reform():
    unit_rename(
        unit=Unit.objects.get(code="btgtw"),
        name="Ban Tuyên giáo và Dân vận Trung ương",
        short_name="Ban Tuyên giáo và Dân vận Trung ương",
        symbol="BTGDVTW",
        effective_on=datetime.date(2025, 2, 3),
    )
    unit_merge(
        units=[Unit.objects.get(code="btgtu"), Unit.objects.get(code="bdvtu")],
        into=NewUnit(
            code="btgdvtu",
            name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
            short_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
            symbol="BTGDVTU",
            kind="tmtu",
            parent=Unit.objects.get(code="tinhuy"),
        ),
        effective_on=MERGER,
    )


def signer_of_the_merged_department():
    """Only a signer of the unit in force on the document's date issues it."""
    from tests.conftest import make_user
    from units.models import MembershipRole

    return make_user("kymoi", Unit.objects.get(code="btgdvtu"), role=MembershipRole.SIGNER)


def test_a_report_after_the_merger_is_issued_by_the_merged_department(data):
    reform()
    period = type(data["period"]).objects.get(pk=data["period"].pk)

    report = drawn_on(consolidated_create(period=period, user=data["reviewer"]), AFTER)
    lines = [r.text for r in report.recipients.order_by("position")]
    issue(report, signer_of_the_merged_department(), AFTER)

    report.refresh_from_db()
    assert report.issuing_unit.code == "btgdvtu"
    assert (report.parent_body, report.issuing_body) == (
        "TỈNH ỦY QUẢNG NGÃI",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    )
    assert report.number_line == "Số 01-BC/BTGDVTU"  # the new term starts at 01
    assert report.term.name == "Nhiệm kỳ 2025-2030"
    assert lines[0] == "Ban Tuyên giáo và Dân vận Trung ương (b/c)"
    assert drafting.download_name(report, "pdf") == ("Báo cáo số 01-BC-BTGDVTU ngày 01-10-2025.pdf")
    document = drafting.build_document(report, draft=False)
    assert document.issuing_body == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in document.annex.title


def test_the_2021_report_keeps_the_names_of_2021(data, draft):
    issue(draft, data["signer"], datetime.date(2021, 12, 28))
    reform()
    unit_rename(
        unit=Unit.objects.get(code="dd-hdnd"),
        name="Đảng đoàn HĐND tỉnh (tên mới, minh họa)",
        short_name="ĐĐ HĐND mới",
        symbol="ĐĐ",
        effective_on=datetime.date(2023, 1, 1),
    )

    draft.refresh_from_db()
    assert draft.number_line == "Số 01-BC/BTGTU"
    assert draft.issuing_body == "BAN TUYÊN GIÁO"
    annex = drafting.draft_annex(drafting.gather(data["period"]))
    names = [row[1] for row in annex["rows"]]
    assert "Đảng đoàn HĐND tỉnh" in names and "ĐĐ HĐND mới" not in names
    # The 2021 draft's recipients for a document of that year, from the units of then.
    lines = [
        text
        for text, _unit in drafting.default_recipients(
            data["directive"], datetime.date(2021, 12, 28)
        )
    ]
    assert lines[0] == "Ban Tuyên giáo Trung ương (b/c)"


def test_a_draft_made_before_the_merger_cannot_be_issued_after_it(data, draft):
    reform()

    with pytest.raises(ValidationError) as caught:
        issue(draft, signer_of_the_merged_department(), AFTER)

    assert "not in force" in caught.value.message_dict["issued_on"][0]
    draft.refresh_from_db()
    assert not draft.is_issued


def test_a_draft_made_before_a_rename_is_issued_under_the_new_name(data, draft):
    unit_rename(
        unit=Unit.objects.get(code="btgtu"),
        name="Ban Tuyên giáo Tỉnh ủy mới (minh họa)",
        short_name="Ban mới",
        symbol="BTGM",
        effective_on=datetime.date(2021, 12, 25),
    )

    issue(draft, data["signer"], datetime.date(2021, 12, 28))

    draft.refresh_from_db()
    assert draft.symbol == "BC/BTGM"
    assert draft.issuing_body == "BAN TUYÊN GIÁO TỈNH ỦY MỚI (MINH HỌA)"
