"""The exports read back with openpyxl and the csv module hold exactly the dashboard's figures."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.monitoring import stats
from tests.reports.dashboard_data import add_units, make_state_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_state_period()


@pytest.fixture
def reviewer(client, data):
    client.force_login(data["reviewer"])
    return client


def export(client, data, table, fmt):
    return client.get(reverse("period_export", args=[data["period"].pk, table, fmt]))


def test_unit_list_in_excel_holds_the_dashboard_figures(reviewer, data):
    dashboard = reviewer.get(reverse("period_dashboard", args=[data["period"].pk]))
    response = export(reviewer, data, "don-vi", "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    units, summary = book["Đơn vị"], book["Tổng hợp"]
    header, *lines = list(units.values)
    assert header[:3] == ("STT", "Đơn vị", "Loại đơn vị")
    assert units.freeze_panes == "C2"
    assert all(units.column_dimensions[c].width >= 6 for c in "ABCDEFGHIJKL")
    assert units.column_dimensions["B"].width > units.column_dimensions["A"].width
    rows = dashboard.context["rows"]
    assert [line[1] for line in lines] == [row.unit.name for row in rows]
    assert [line[9] for line in lines] == [row.days_late for row in rows]
    assert [line[7] for line in lines] == [str(row.timeliness_label) for row in rows]
    counts = dashboard.context["counts"]
    figures = {line[0]: line[1] for line in list(summary.values)[1:]}
    assert figures["Tổng số đơn vị phải báo cáo"] == counts.total
    for line in counts.lines:
        assert figures[str(line.label)] == line.count


def test_unit_list_in_csv_has_a_bom_and_the_same_rows(reviewer, data):
    dashboard = reviewer.get(reverse("period_dashboard", args=[data["period"].pk]))
    response = export(reviewer, data, "don-vi", "csv")

    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][1] == "Đơn vị"
    rows = dashboard.context["rows"]
    assert [line[1] for line in lines[1:]] == [row.unit.name for row in rows]
    assert [int(line[9]) for line in lines[1:]] == [row.days_late for row in rows]


def test_matrix_in_excel_and_csv_holds_the_matrix(reviewer, data):
    matrix = stats.task_matrix(data["period"])
    book = load_workbook(io.BytesIO(export(reviewer, data, "ma-tran", "xlsx").content))
    sheet = book["Ma trận"]
    header, *lines = list(sheet.values)

    assert sheet.freeze_panes == "C2"
    assert header[0] == "Nhiệm vụ"
    assert len(header) == 2 + 5 + len(matrix.units)
    by_task = {line[0]: line for line in lines}
    for row in matrix.leaf_rows:
        line = by_task[row.task.label]
        assert list(line[2:7]) == [row.counts[s] for s in stats.CellStatus.COUNTED]
        assert len([c for c in line[7:] if c == "–"]) == sum(
            1 for cell in row.cells if cell.status == stats.CellStatus.NOT_ASSIGNED
        )
    csv_lines = list(
        csv.reader(
            io.StringIO(export(reviewer, data, "ma-tran", "csv").content.decode("utf-8-sig"))
        )
    )
    assert csv_lines[0] == [str(h) for h in header]


def test_unknown_export_is_404(reviewer, data):
    assert export(reviewer, data, "don-vi", "pdf").status_code == 404
    assert export(reviewer, data, "khac", "csv").status_code == 404


def test_export_access(client, data):
    assert export(client, data, "don-vi", "csv").status_code == 302
    client.force_login(data["member"])
    assert export(client, data, "don-vi", "csv").status_code == 404
    client.force_login(data["leader"])
    assert export(client, data, "don-vi", "csv").status_code == 200
    assert (
        client.post(reverse("period_export", args=[data["period"].pk, "don-vi", "csv"])).status_code
        == 405
    )


@pytest.mark.parametrize("extra", [0, 27])
def test_export_query_counts_do_not_grow(reviewer, data, extra, django_assert_num_queries):
    add_units(data["period"], extra)

    # session, user, period, memberships, indicators, their figures, reports, reminders,
    # obligations with units; the task status sheet: tasks, the counts (one grouped query)
    with django_assert_num_queries(11):
        export(reviewer, data, "don-vi", "xlsx")
    # session, user, period, memberships, indicators, their figures, tasks, direct leads,
    # group leads, units, reports, submitted entries; the task status sheet (2)
    with django_assert_num_queries(14):
        export(reviewer, data, "ma-tran", "xlsx")


def test_text_that_looks_like_a_formula_stays_text(reviewer, data):
    from reports.periods.models import ReportingObligation

    ReportingObligation.objects.filter(unit__code="extended").update(
        extension_reason='=HYPERLINK("http://x","bấm")'
    )

    book = load_workbook(io.BytesIO(export(reviewer, data, "don-vi", "xlsx").content))
    cells = [
        c
        for row in book["Đơn vị"].iter_rows()
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    ]
    lines = export(reviewer, data, "don-vi", "csv").content.decode("utf-8-sig")

    assert [c.data_type for c in cells] == ["s"]
    assert "'=HYPERLINK" in lines


def test_excel_dates_are_dates_numbers_are_numbers_header_frozen_and_filtered(reviewer, data):
    book = load_workbook(io.BytesIO(export(reviewer, data, "don-vi", "xlsx").content))
    units = book["Đơn vị"]
    header = [cell.value for cell in units[1]]
    by_unit = {row[1].value: row for row in units.iter_rows(min_row=2)}

    due, original, submitted = (header.index(h) for h in ("Hạn nộp", "Hạn nộp ban đầu", "Ngày nộp"))
    extended = by_unit[data["units"]["extended"].name]
    assert extended[due].value == datetime.datetime(2026, 4, 20)  # openpyxl reads dates back so
    assert extended[due].is_date and extended[due].number_format == "dd/mm/yyyy"
    assert extended[original].value == datetime.datetime(2026, 3, 31)
    late = by_unit[data["units"]["late"].name]
    assert late[submitted].is_date and late[submitted].value.date() == datetime.date(2026, 4, 5)
    assert late[header.index("Số ngày trễ")].value == 5
    assert late[header.index("Số ngày trễ")].data_type == "n"
    assert late[0].data_type == "n"  # the row number
    # The report-level indicator is a column of numbers, empty where it does not count.
    conferences = header.index("Số hội nghị (hội nghị)")
    assert late[conferences].value == 5 and late[conferences].data_type == "n"
    assert by_unit[data["units"]["returned"].name][conferences].value is None
    for sheet in book.worksheets:
        assert sheet.freeze_panes.endswith("2")
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.auto_filter.ref.split(":")[1].rstrip("0123456789") == (
            sheet.cell(1, sheet.max_column).column_letter
        )
    indicators = book["Chỉ tiêu"]
    rows = {row[0]: row[1:] for row in list(indicators.values)[1:]}
    assert rows["Số hội nghị"] == ("hội nghị", "cả báo cáo", 5, 8, 2)
    assert rows["Số buổi"] == ("buổi", "2.1", 0, 4, 1)


def test_task_text_is_never_cut_and_wraps(reviewer, data):
    long_text = "Tổ chức quán triệt sâu rộng " * 20 + "đến từng chi bộ."
    data["directive"].t21.__class__.objects.filter(pk=data["directive"].t21.pk).update(
        text=long_text
    )

    book = load_workbook(io.BytesIO(export(reviewer, data, "ma-tran", "xlsx").content))
    sheet = book["Ma trận"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "2.1.")

    assert cell.value == long_text and "…" not in cell.value
    assert cell.alignment.wrap_text
    assert 30 <= sheet.column_dimensions["B"].width <= 60
    csv_text = export(reviewer, data, "ma-tran", "csv").content.decode("utf-8-sig")
    assert long_text in csv_text


def test_csv_dates_read_as_vietnamese_users_write_them(reviewer, data):
    lines = list(
        csv.reader(io.StringIO(export(reviewer, data, "don-vi", "csv").content.decode("utf-8-sig")))
    )
    by_unit = {line[1]: line for line in lines[1:]}

    assert by_unit[data["units"]["extended"].name][3:5] == ["20/04/2026", "31/03/2026"]


def test_the_export_follows_the_interface_language(reviewer, data):
    from django.conf import settings

    reviewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    book = load_workbook(io.BytesIO(export(reviewer, data, "don-vi", "xlsx").content))

    assert book.sheetnames == ["Units", "Summary", "Indicators", "Task statuses"]
    header = [cell.value for cell in book["Units"][1]]
    assert header[:4] == ["No.", "Unit", "Type of unit", "Due date"]
    statuses = {row[6] for row in list(book["Units"].values)[1:]}
    assert "Accepted" in statuses and "Đã chấp nhận" not in statuses
    matrix = load_workbook(io.BytesIO(export(reviewer, data, "ma-tran", "xlsx").content))
    assert matrix.sheetnames == ["Matrix", "Indicators", "Task statuses"]
    assert matrix["Matrix"]["A1"].value == "Task"
    # Vietnamese again without the cookie: the default.
    del reviewer.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert load_workbook(
        io.BytesIO(export(reviewer, data, "don-vi", "xlsx").content)
    ).sheetnames == ["Đơn vị", "Tổng hợp", "Chỉ tiêu", "Tình trạng nhiệm vụ"]


def test_the_excel_exports_hold_the_task_statuses_of_the_dashboard(reviewer, data):
    import datetime

    from directives.models import Task

    Task.objects.filter(pk=data["directive"].t21.pk).update(deadline=datetime.date(2026, 3, 1))
    dashboard = reviewer.get(reverse("period_dashboard", args=[data["period"].pk]))
    counts = dashboard.context["task_counts"]
    for table in ("don-vi", "ma-tran"):
        book = load_workbook(io.BytesIO(export(reviewer, data, table, "xlsx").content))
        header, *lines = list(book["Tình trạng nhiệm vụ"].values)
        assert header[3:8] == (
            "Hoàn thành đúng hạn",
            "Hoàn thành quá hạn",
            "Đang thực hiện trong hạn",
            "Quá hạn chưa hoàn thành",
            "Thường xuyên",
        )
        *tasks, total = lines
        assert [line[0] for line in tasks] == ["1.", "2.1.", "2.2."]
        assert list(total[3:8]) == [line.count for line in counts.lines]
        assert total[9] == counts.total > 0
