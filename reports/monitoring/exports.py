"""The dashboard's unit list and task matrix as tables for Excel and CSV.

The tables are built once from `stats` (the figures of the pages) and then written as
.xlsx or as CSV. Headers and labels are Vietnamese whatever the interface language: the files
are passed on as documents.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from documents.dates import short_date
from reports.monitoring import stats, statuses
from reports.periods.models import ReportingPeriod

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value):
    """A quote in front of text that a spreadsheet would read as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Table:
    title: str  # the sheet name
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    frozen_columns: int = 0  # columns kept in view when scrolling right


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localdate(value)
    return short_date(value)


def unit_table(period: ReportingPeriod, rows: list[stats.UnitRow] | None = None) -> Table:
    rows = stats.unit_rows(period) if rows is None else rows
    with translation.override("vi"):
        table = Table(
            title="Đơn vị",
            headers=[
                "STT",
                "Đơn vị",
                "Loại đơn vị",
                "Hạn nộp",
                "Hạn nộp ban đầu",
                "Lý do gia hạn",
                "Trạng thái báo cáo",
                "Tình trạng nộp",
                "Ngày nộp",
                "Số ngày trễ",
                "Nhắc nhở gần nhất",
                "Số lần nhắc nhở",
            ],
            frozen_columns=2,
        )
        for number, row in enumerate(rows, start=1):
            table.rows.append(
                [
                    number,
                    row.unit.name,
                    str(row.kind_label),
                    _day(row.due_on),
                    _day(row.original_due_on),
                    row.extension_reason,
                    str(row.report_status_label),
                    str(row.timeliness_label),
                    _day(row.first_submitted_at),
                    row.days_late,
                    _day(row.last_reminder_at),
                    row.reminder_count,
                ]
            )
    return table


def counts_table(period: ReportingPeriod, rows: list[stats.UnitRow]) -> Table:
    counts = stats.status_counts(period, rows=rows)
    with translation.override("vi"):
        table = Table(title="Tổng hợp", headers=["Chỉ tiêu", "Số đơn vị", "Tỷ lệ (%)"])
        table.rows.append(["Tổng số đơn vị phải báo cáo", counts.total, 100 if counts.total else 0])
        for line in counts.lines:
            table.rows.append([str(line.label), line.count, line.percent])
    return table


def matrix_table(period: ReportingPeriod) -> Table:
    matrix = stats.task_matrix(period)
    counted = stats.CellStatus.COUNTED
    with translation.override("vi"):
        table = Table(
            title="Ma trận",
            headers=[
                "Nhiệm vụ",
                "Nội dung",
                *[str(stats.CellStatus.labels[status]) for status in counted],
                *[f"{unit.short_name} ({unit.get_kind_display()})" for unit in matrix.units],
            ],
            frozen_columns=2,
        )
        labels = {status: str(label) for status, label in stats.CellStatus.labels.items()}
        labels[stats.CellStatus.NOT_ASSIGNED] = "–"
        for row in matrix.rows:
            text = row.task.text if len(row.task.text) <= 120 else row.task.text[:119] + "…"
            line = [row.task.label, text]
            if row.is_leaf:
                line += [row.counts[status] for status in counted]
                line += [labels[cell.status] for cell in row.cells]
            table.rows.append(line)
    return table


def to_xlsx(*tables: Table) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    for table in tables:
        sheet = workbook.create_sheet(table.title)
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append(row)
            # Text typed by users (a unit's name, a reason) that starts like a formula stays text:
            # openpyxl would otherwise store "=..." as a formula for Excel to run.
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
        # The header row (and the naming columns) stay in view while scrolling.
        sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}2"
        for index, header in enumerate(table.headers, start=1):
            longest = max(
                [len(str(header)) * 0.6]  # headers wrap over about two lines
                + [len(str(row[index - 1])) for row in table.rows if len(row) >= index],
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 6), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark: without it Excel reads Vietnamese as Windows-1252."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows([_csv_safe(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def task_status_table(period: ReportingPeriod) -> Table:
    """The five statuses per task over the period's units, from `statuses` (the figures of the
    dashboard and the matrix); a sheet of the Excel exports."""
    today = timezone.localdate()
    scope = statuses.period_scope(period, today=today)
    by_task = statuses.counts_by_task(scope, today=today)
    tasks, leaves = stats.directive_tasks(period.directive_id)
    order = statuses.TaskStatus.ORDER
    table = Table(
        title="Tình trạng nhiệm vụ",
        headers=[
            "Nhiệm vụ",
            "Nội dung",
            "Thời hạn",
            *[statuses.TaskStatus.words[status].capitalize() for status in order],
            "Sắp đến hạn",
            "Số đơn vị chủ trì",
        ],
        frozen_columns=2,
    )
    for task in tasks:
        if task.pk not in leaves:
            continue
        counts = by_task.get(task.pk, statuses.TaskStatusCounts())
        deadline = "Thường xuyên" if task.recurring else (task.deadline or task.deadline_text)
        table.rows.append(
            [
                task.label,
                task.text,
                deadline,
                *[counts.of(status) for status in order],
                counts.due_soon,
                counts.total,
            ]
        )
    total = statuses.counts_total(by_task)
    table.rows.append(
        ["", "Tổng cộng", "", *[total.of(s) for s in order], total.due_soon, total.total]
    )
    return table
