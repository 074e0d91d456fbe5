"""The dashboard's unit list, its task matrix and its indicators as tables for Excel and CSV.

The tables are built once from `stats` (the figures of the pages) and then written as .xlsx or
as CSV, in the interface's language (Vietnamese unless the user chose English). In the .xlsx,
dates are dates (shown dd/mm/yyyy) and figures are numbers, so that a spreadsheet sorts and
sums them; the header row stays in view and has its filter buttons; long text wraps in its
cell, never cut.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from documents.dates import short_date
from reports.monitoring import stats, statuses
from reports.periods.models import ReportingPeriod

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's number formats for a day and a moment, as Vietnamese users write them.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Columns are sized to their content up to this width (in characters); longer text wraps.
WIDEST_COLUMN = 60
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _csv_safe(value):
    """A quote in front of text that a spreadsheet would read as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return short_date(value)
    return _csv_safe(value)


@dataclass
class Table:
    title: str  # the sheet name
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    frozen_columns: int = 0  # columns kept in view when scrolling right


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _moment(value) -> datetime.datetime | None:
    """A local time without its zone: Excel has no time zones, and openpyxl refuses them."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def unit_table(
    period: ReportingPeriod,
    rows: list[stats.UnitRow] | None = None,
    figures: stats.PeriodIndicators | None = None,
) -> Table:
    """One line per unit, then its figure for each report-level indicator (empty while its
    report is a draft or returned: as the dashboard, which does not count those)."""
    rows = stats.unit_rows(period) if rows is None else rows
    indicators = figures.report_lines if figures else []
    table = Table(
        title=pgettext("sheet", "Units"),
        headers=[
            pgettext("export", "No."),
            pgettext("export", "Unit"),
            pgettext("export", "Type of unit"),
            pgettext("export", "Due date"),
            pgettext("export", "Original due date"),
            pgettext("export", "Reason for the extension"),
            pgettext("export", "Report status"),
            pgettext("export", "Submission"),
            pgettext("export", "Date submitted"),
            pgettext("export", "Days late"),
            pgettext("export", "Last reminder"),
            pgettext("export", "Reminders sent"),
            *[f"{line.indicator.name} ({line.indicator.unit_of_measure})" for line in indicators],
        ],
        frozen_columns=2,
    )
    for number, row in enumerate(rows, start=1):
        values = figures.unit_values(row.unit.pk) if figures else {}
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
                _moment(row.last_reminder_at),
                row.reminder_count,
                *[values.get(line.indicator.pk) for line in indicators],
            ]
        )
    return table


def counts_table(period: ReportingPeriod, rows: list[stats.UnitRow]) -> Table:
    counts = stats.status_counts(period, rows=rows)
    table = Table(
        title=pgettext("sheet", "Summary"),
        headers=[
            pgettext("export", "Figure"),
            pgettext("export", "Units"),
            pgettext("export", "Share (%)"),
        ],
    )
    table.rows.append(
        [pgettext("export", "Units that must report"), counts.total, 100 if counts.total else 0]
    )
    for line in counts.lines:
        table.rows.append([str(line.label), line.count, line.percent])
    return table


def indicator_table(figures: stats.PeriodIndicators) -> Table:
    """The indicators summed over units, as the dashboard shows them."""
    table = Table(
        title=pgettext("sheet", "Indicators"),
        headers=[
            pgettext("export", "Indicator"),
            pgettext("export", "Unit of measure"),
            pgettext("export", "Task"),
            pgettext("export", "Accepted reports"),
            pgettext("export", "With reports awaiting review"),
            pgettext("export", "Units stating it"),
        ],
        frozen_columns=1,
    )
    for line in figures.lines:
        task = line.indicator.task
        table.rows.append(
            [
                line.indicator.name,
                line.indicator.unit_of_measure,
                task.number if task else pgettext("export", "whole report"),
                line.accepted_total,
                line.total,
                line.units,
            ]
        )
    return table


def matrix_table(period: ReportingPeriod) -> Table:
    matrix = stats.task_matrix(period)
    counted = stats.CellStatus.COUNTED
    table = Table(
        title=pgettext("sheet", "Matrix"),
        headers=[
            pgettext("export", "Task"),
            pgettext("export", "Text"),
            *[str(stats.CellStatus.labels[status]) for status in counted],
            *[f"{unit.short_name} ({unit.get_kind_display()})" for unit in matrix.units],
        ],
        frozen_columns=2,
    )
    labels = {status: str(label) for status, label in stats.CellStatus.labels.items()}
    labels[stats.CellStatus.NOT_ASSIGNED] = "–"
    for row in matrix.rows:
        # The whole text: the cell wraps it (never cut with "…").
        line = [row.task.label, row.task.text]
        if row.is_leaf:
            line += [row.counts[status] for status in counted]
            line += [labels[cell.status] for cell in row.cells]
        table.rows.append(line)
    return table


def _width(value) -> float:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return len(str(value)) if value is not None else 0


def to_xlsx(*tables: Table) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    header_alignment = Alignment(wrap_text=True, vertical="top")
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for table in tables:
        sheet = workbook.create_sheet(table.title.translate(SHEET_NAME_FORBIDDEN)[:31])
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = fill
            cell.alignment = header_alignment
        widths = [
            min(
                max(
                    [len(str(header)) * 0.6]  # headers wrap over about two lines
                    + [_width(row[index]) for row in table.rows if len(row) > index]
                )
                + 2,
                WIDEST_COLUMN,
            )
            for index, header in enumerate(table.headers)
        ]
        for row in table.rows:
            sheet.append(row)
            for cell, width in zip(sheet[sheet.max_row], widths, strict=False):
                value = cell.value
                if isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, str):
                    # Text typed by users (a unit's name, a reason) that starts like a formula
                    # stays text: openpyxl would otherwise store "=..." for Excel to run.
                    if value.startswith(FORMULA_STARTS):
                        cell.data_type = "s"
                    cell.alignment = wrapped if len(value) > width - 2 else top
        # The header row (and the naming columns) stay in view while scrolling; every column
        # gets its filter button.
        sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}2"
        last = get_column_letter(len(table.headers))
        sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 2)}"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(width, 6)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark: without it Excel reads Vietnamese as Windows-1252.
    Dates are written dd/mm/yyyy, as users read them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows([_csv_value(value) for value in row] for row in table.rows)
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
        title=pgettext("sheet", "Task statuses"),
        headers=[
            pgettext("export", "Task"),
            pgettext("export", "Text"),
            pgettext("export", "Deadline"),
            *[str(statuses.TaskStatus.labels[status]) for status in order],
            pgettext("export", "Due soon"),
            pgettext("export", "Lead units"),
        ],
        frozen_columns=2,
    )
    for task in tasks:
        if task.pk not in leaves:
            continue
        counts = by_task.get(task.pk, statuses.TaskStatusCounts())
        deadline = (
            pgettext("export", "Ongoing")
            if task.recurring
            else (task.deadline or task.deadline_text)
        )
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
        [
            "",
            pgettext("export", "Total"),
            "",
            *[total.of(s) for s in order],
            total.due_soon,
            total.total,
        ]
    )
    return table
