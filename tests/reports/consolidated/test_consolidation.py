"""The draft of the consolidated report, on a hand-built period of 186-CV/TU."""

import pytest

from directives.models import Task
from reports.consolidated import drafting
from reports.consolidated.services import consolidated_create
from reports.monitoring import stats

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _sections(report):
    return {s.key: s for s in report.sections.order_by("position")}


def test_every_task_has_its_subsection_in_document_order(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])

    keys = [s.key for s in report.sections.order_by("position")]
    numbered = list(
        Task.objects.filter(directive=data["directive"], marker=Task.Marker.NUMBERED)
        .order_by("position")
        .values_list("number", flat=True)
    )
    assert numbered == ["1", "2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "4.3", "5"]
    assert keys == [
        "opening",
        "I",
        "II",
        *(f"task-{n}" for n in numbered),
        "III",
        "III-1",
        "III-2",
        "III-3",
        "III-4",
        "IV",
        "V",
    ]
    sections = _sections(report)
    assert sections["task-3.1"].heading.startswith("3.1. Xây dựng kế hoạch thực hiện Kết luận 93")
    assert sections["task-3.1"].level == 3
    assert sections["task-1"].level == 2
    assert sections["I"].heading == "I- Tình hình triển khai, quán triệt"


def test_the_opening_cites_the_directive(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])

    assert _sections(report)["opening"].body == (
        "Thực hiện Công văn số 186-CV/TU, ngày 04/01/2021 của Ban Thường vụ Tỉnh ủy về triển "
        "khai thực hiện Kết luận số 93-KL/TW ngày 20/11/2020 của Ban Bí thư, Ban Tuyên giáo "
        "Tỉnh ủy báo cáo kết quả như sau:"
    )


def test_each_subsection_quotes_the_accepted_units_in_unit_order(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    sections = _sections(report)

    task1 = sections["task-1"].body
    # Unit order is the dashboard's: party affairs committees before party delegations.
    assert task1.index("Kết quả bcsd-ubnd nhiệm vụ 1.") < task1.index("Kết quả dd-hdnd nhiệm vụ 1.")
    assert "**Ban cán sự đảng UBND tỉnh**" in task1
    # Submitted (not accepted) and returned reports are left out by default.
    assert "dd-lhh" not in task1 and "btgtu" not in task1
    assert "Kết quả dd-hdnd nhiệm vụ 2." in sections["task-2"].body
    for number in ("3.1", "3.2", "3.3"):
        body = sections[f"task-{number}"].body
        assert f"Kết quả bcsd-ubnd nhiệm vụ {number}." in body
        assert "dd-hdnd" not in body
    assert "chưa nêu kết quả cụ thể" in sections["task-4.1"].body
    # Task 3 is a heading: its sub-tasks have their own subsections.
    assert sections["task-3"].body == ""
    # Task 5's two bullet points are answered in its own subsection.
    assert sections["task-5"].body.count("Số đơn vị được giao: 1") == 2


def test_submitted_reports_are_used_when_asked(data):
    report = consolidated_create(
        period=data["period"], user=data["reviewer"], include_submitted=True
    )
    sections = _sections(report)

    assert "Kết quả dd-lhh nhiệm vụ 4.1." in sections["task-4.1"].body
    assert "Kết quả dd-lhh nhiệm vụ 1." in sections["task-1"].body
    # A returned report is with its unit again: never quoted.
    assert "btgtu" not in sections["task-5"].body
    assert "3 báo cáo đã gửi" in sections["I"].body


def test_status_counts_of_each_task_are_the_matrix_counts(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    matrix = stats.task_matrix(data["period"])
    sections = _sections(report)

    for row in matrix.leaf_rows:
        if row.task.marker == Task.Marker.BULLET:
            continue
        expected = drafting._status_sentence(row.counts)
        assert sections[f"task-{row.task.number}"].body.startswith(expected)
    # Task 1: 5 units; dd-hdnd, bcsd-ubnd, dd-lhh and btgtu submitted it, binhson did not.
    assert sections["task-1"].body.startswith(
        "Số đơn vị được giao: 5 (hoàn thành: 4; chưa báo cáo: 1)."
    )


def test_counts_in_part_one_equal_the_dashboard(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    counts = stats.status_counts(data["period"])
    body = _sections(report)["I"].body

    assert counts.total == 5 and counts.submitted == 4
    assert (
        f"có {counts.total} đơn vị phải báo cáo; {counts.submitted} đơn vị đã gửi báo cáo "
        f"({counts['on_time'].count} đúng hạn, {counts['late'].count} trễ hạn), "
        f"{counts.total - counts.submitted} đơn vị chưa gửi ({counts['overdue'].count} đã quá "
        f"hạn); {counts['accepted'].count} báo cáo đã được chấp nhận"
    ) in body
    # The figures are summed over the accepted units, each stated once per report:
    # dd-hdnd 2 conferences, 200 people; bcsd-ubnd 4 and 400 (tasks 1, 3.1-3.3).
    assert "Số hội nghị quán triệt, triển khai: 6 hội nghị (2 đơn vị báo cáo)" in body
    assert "Số lượt cán bộ, đảng viên tham dự: 600 lượt người (2 đơn vị báo cáo)" in body
    assert (
        "- **Đảng đoàn HĐND tỉnh**: Số hội nghị quán triệt, triển khai: 2 hội nghị; "
        "Số lượt cán bộ, đảng viên tham dự: 200 lượt người."
    ) in body


def test_annex_rows_equal_the_dashboard_rows_and_matrix(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    rows = stats.unit_rows(data["period"])
    matrix = stats.task_matrix(data["period"])
    annex = report.annex

    assert annex["columns"][:4] == ["TT", "Đơn vị", "Ngày gửi", "Tình trạng"]
    assert annex["columns"][4:] == [row.task.number for row in matrix.leaf_rows]
    assert [r[1] for r in annex["rows"]] == [row.unit.short_name for row in rows]
    assert [r[3] for r in annex["rows"]] == [drafting.state_words(row) for row in rows]
    by_name = {r[1]: r for r in annex["rows"]}
    assert by_name["Ban cán sự đảng UBND tỉnh"][2:4] == ["18/12/2021", "Trễ hạn"]
    assert by_name["Huyện ủy Bình Sơn"][2:5] == ["", "Chưa gửi", "CBC"]
    for i, unit in enumerate(matrix.units):
        cells = by_name[unit.short_name][4:]
        assert cells == [drafting.STATUS_CODES[leaf.cells[i].status] for leaf in matrix.leaf_rows]
    # The summed figures agree with the dashboard's counts.
    late = sum(1 for r in annex["rows"] if r[3] == "Trễ hạn")
    assert late == stats.status_counts(data["period"])["late"].count


def test_recommendations_and_assessment_come_from_the_general_parts(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    sections = _sections(report)

    assert "Đánh giá chung của dd-hdnd." in sections["III-1"].body
    assert "Khó khăn của bcsd-ubnd." in sections["III-2"].body
    assert "Kiến nghị của dd-hdnd." in sections["V"].body
    assert "Đề xuất bcsd-ubnd nhiệm vụ 1." in sections["V"].body


def test_default_recipients_link_units_but_not_every_district(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    lines = list(report.recipients.order_by("position").values_list("text", "unit__code"))

    assert ("Ban Thường vụ Tỉnh ủy (b/c)", "btvtu") in lines
    assert ("Đảng đoàn Hội đồng nhân dân tỉnh", "dd-hdnd") in lines
    assert lines[-1] == ("Lưu Văn phòng Ban", None)
    assert "binhson" not in [code for _text, code in lines]


def test_gather_reads_a_fixed_number_of_queries(data, django_assert_num_queries):
    period = data["period"]
    with django_assert_num_queries(14):
        # unit_rows 3 (obligations, reports, reminders); task_matrix 6 (tasks, direct and
        # group assignments, units, reports, entries); included reports; their entries;
        # period_indicators 2 (the directive's indicators, the figures: section I's sums); the
        # task statuses (one grouped query over the pairs).
        drafting.gather(period)


def test_download_name_is_the_number_and_date(data, django_capture_on_commit_callbacks):
    import datetime

    from reports.consolidated.services import consolidated_issue
    from tests.reports.consolidated_data import drawn_on

    report = drawn_on(consolidated_create(period=data["period"], user=data["reviewer"]))
    report = consolidated_issue(
        report=report,
        user=data["signer"],
        number=7,
        issued_on=datetime.date(2021, 12, 28),
        place="Quảng Ngãi",
        signing_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name="Nguyễn Văn A",
        recipients=["Ban Thường vụ Tỉnh ủy (b/c)"],
    )
    assert drafting.download_name(report, "pdf") == "Báo cáo số 07-BC-BTGTU ngày 28-12-2021.pdf"


def test_a_returned_report_is_never_called_on_time(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    words = {row[1]: row[3] for row in report.annex["rows"]}
    returned = data["units"]["btgtu"].short_name
    assert words[returned] == "Bị trả lại, chưa gửi lại"
    assert "Đúng hạn" not in words[returned]


def test_headings_are_never_cut_with_an_ellipsis(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    for section in report.sections.all():
        assert not section.heading.rstrip().endswith(("...", "…")), section.heading
        for line in section.body.splitlines():
            assert not line.rstrip().endswith(("...", "…")), line


def test_a_task_heading_uses_the_departments_short_title(data):
    task = Task.objects.get(directive=data["directive"], number="4.1")
    task.short_title = "Quán triệt Kết luận trong Liên hiệp hội"
    task.save()
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    assert _sections(report)["task-4.1"].heading == "4.1. Quán triệt Kết luận trong Liên hiệp hội"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Tăng cường lãnh đạo: quán triệt nội dung. Sau đó", "Tăng cường lãnh đạo"),
        ("Thực hiện mục 3.1 của Kết luận; báo cáo", "Thực hiện mục 3.1 của Kết luận"),
        ("Một câu không dấu chấm", "Một câu không dấu chấm"),
    ],
)
def test_the_default_short_title_is_the_first_clause(text, title):
    assert Task(text=text).title == title


def test_a_long_first_clause_ends_at_a_comma_never_mid_word():
    text = "Đẩy mạnh " + "công tác tuyên truyền " * 8 + ", " + "vận động nhân dân " * 10 + "."
    title = Task(text=text).title
    assert len(title) <= 200 and text.startswith(title) and not title.endswith(("...", "…"))
    assert text[len(title)] in ", "


def test_the_annex_says_which_report_it_is_attached_to(data, draft):
    document = drafting.build_document(draft, draft=True)
    assert "(Kèm theo Báo cáo số ...-BC/BTGTU, ngày " in document.annex.title
    assert draft.issuing_unit.name in document.annex.title


def test_no_direction_is_a_bullet_naming_only_a_unit(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    body = _sections(report)["IV"].body
    for unit in data["units"].values():
        assert f"- {unit.name}." not in body
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert all(len(line.split()) >= 6 for line in lines), lines


def test_a_document_dated_before_its_data_is_refused(data):
    import datetime

    from django.core.exceptions import ValidationError

    from reports.consolidated.services import consolidated_issue
    from tests.reports.consolidated_data import drawn_on

    report = drawn_on(
        consolidated_create(period=data["period"], user=data["reviewer"]),
        datetime.date(2021, 12, 30),
    )
    with pytest.raises(ValidationError) as caught:
        consolidated_issue(
            report=report,
            user=data["signer"],
            number=7,
            issued_on=datetime.date(2021, 12, 28),
            place="Quảng Ngãi",
            signing_authority="K/T TRƯỞNG BAN",
            signer_position="PHÓ TRƯỞNG BAN",
            signer_name="Nguyễn Văn A",
            recipients=["Lưu VP Ban"],
        )
    assert "30/12/2021" in caught.value.message_dict["issued_on"][0]
    report.refresh_from_db()
    assert not report.is_issued


def test_the_draft_states_the_task_statuses_of_the_dashboard(data):
    from django.utils import timezone

    from reports.monitoring import statuses

    period = data["period"]
    counts = statuses.period_counts(period, today=timezone.localdate())
    sections = {s.key: s for s in drafting.draft_sections(drafting.gather(period))}
    line = sections["II"].body
    assert line.startswith("Tình hình thực hiện nhiệm vụ theo thời hạn")
    assert f"({counts.total} lượt nhiệm vụ" in line
    for status in statuses.TaskStatus.ORDER:
        assert f"{counts.of(status)} {statuses.TaskStatus.words[status]}" in line
    assert counts.total > 0
