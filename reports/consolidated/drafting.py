"""Drafting the consolidated report from the units' reports, and turning it into a document.

The draft follows the structure of an implementation-results report (party-document-format.md):
the opening citing the directive; I- dissemination; II- one subsection per task in document order;
III- overall assessment; IV- directions; V- recommendations; an annex with one row per unit.

Every figure comes from `monitoring.stats`, so the report states the numbers the dashboard shows.
The units' words come from their accepted reports (and, on request, the submitted ones). The
text is Vietnamese by nature: it is an official document, never translated.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from directives.models import Directive, Task, TaskLead
from documents.dates import document_date, short_date
from documents.document import Annex, PartyDocument, Section
from reports.consolidated import synthesis
from reports.consolidated.models import ConsolidatedReport
from reports.monitoring import stats, statuses
from reports.periods.models import ReportingPeriod
from reports.submissions.models import ReportStatus, TaskProgress, UnitReport
from units.models import Unit

# Keys of the sections in document order that are not tasks; task subsections are "task-<number>".
OPENING = "opening"
PART_KEYS = ["I", "II", "III", "III-1", "III-2", "III-3", "III-4", "IV", "V"]
ANNEX_KEY = "annex"

STATUS_WORDS = {
    stats.CellStatus.COMPLETED: "hoàn thành",
    stats.CellStatus.REGULAR: "thực hiện thường xuyên",
    stats.CellStatus.IN_PROGRESS: "đang thực hiện",
    stats.CellStatus.NOT_STARTED: "chưa triển khai",
    stats.CellStatus.NOT_REPORTED: "chưa báo cáo",
}
# The codes printed in the annex cells, explained in its title.
STATUS_CODES = {
    stats.CellStatus.COMPLETED: "HT",
    stats.CellStatus.REGULAR: "TX",
    stats.CellStatus.IN_PROGRESS: "ĐTH",
    stats.CellStatus.NOT_STARTED: "CTK",
    stats.CellStatus.NOT_REPORTED: "CBC",
    stats.CellStatus.NOT_ASSIGNED: "–",
}
TIMELINESS_WORDS = {
    stats.Timeliness.ON_TIME: "Đúng hạn",
    stats.Timeliness.LATE: "Trễ hạn",
    stats.Timeliness.NOT_YET_DUE: "Chưa gửi (chưa đến hạn)",
    stats.Timeliness.OVERDUE: "Chưa gửi",
}


def state_words(row: stats.UnitRow) -> str:
    """A unit's report as it stands: "đúng hạn" only for a report submitted on time and not sent
    back; a returned report or one still in draft is said to be so."""
    if row.report_status == ReportStatus.RETURNED:
        return "Bị trả lại, chưa gửi lại"
    if row.report_status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        drafting = " (đang soạn)" if row.report_status == ReportStatus.DRAFT else ""
        if row.timeliness == stats.Timeliness.NOT_YET_DUE:
            return f"Chưa gửi{drafting} (chưa đến hạn)"
        return f"Chưa gửi{drafting}"
    words = TIMELINESS_WORDS[row.timeliness]
    if row.report_status == ReportStatus.SUBMITTED:
        return f"{words}, chờ xem xét"
    return words


# "T/M BAN THƯỜNG VỤ" of a Tỉnh ủy document -> "Ban Thường vụ Tỉnh ủy" in a citation.
_COLLECTIVE_BODIES = {"BAN THƯỜNG VỤ": "Ban Thường vụ", "THƯỜNG TRỰC": "Thường trực"}


def number(value: int) -> str:
    """1.234: Vietnamese groups thousands with dots."""
    return f"{value:,}".replace(",", ".")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


# What a clerk must still write before the report can be issued: printed as is in the draft,
# and issuing is refused while any is left (services.consolidated_issue names the sections).
MARKER_OPEN = "[cần bổ sung:"


def marker(what: str) -> str:
    return f"{MARKER_OPEN} {what}]"


def has_marker(text: str) -> bool:
    return MARKER_OPEN in text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def directive_issuer_name(directive: Directive) -> str:
    """Who issued the directive, as cited: "Ban Thường vụ Tỉnh ủy" for a letter signed
    "T/M BAN THƯỜNG VỤ" by the Tỉnh ủy."""
    authority = directive.signing_authority.upper().removeprefix("T/M").strip()
    body = _COLLECTIVE_BODIES.get(authority)
    # Cited under the issuer's name on the directive's date.
    if body:
        return f"{body} {directive.issuer.short_name_on(directive.issued_on)}"
    return directive.issuer.name_on(directive.issued_on)


def directive_citation(directive: Directive) -> str:
    """ "Công văn số 186-CV/TU, ngày 04/01/2021 của Ban Thường vụ Tỉnh ủy" """
    return (
        f"{directive.document_type_label} số {directive.reference}, ngày "
        f"{short_date(directive.issued_on)} của {directive_issuer_name(directive)}"
    )


# ---- the data ----------------------------------------------------------------------------------


@dataclass
class UnitWords:
    """What one included unit report says, in the order the draft quotes it."""

    unit: Unit
    report: UnitReport
    entries: dict[int, dict] = field(default_factory=dict)  # task id -> entry values


@dataclass
class PeriodData:
    period: ReportingPeriod
    directive: Directive
    include_submitted: bool
    drawn_at: datetime.datetime
    rows: list[stats.UnitRow]
    counts: stats.StatusCounts
    matrix: stats.TaskMatrix
    units: list[UnitWords]  # included reports, in unit order
    indicators: stats.PeriodIndicators  # the dashboard's sums, the same function
    # The five statuses of the tasks over the period's units (monitoring.statuses).
    task_statuses: statuses.TaskStatusCounts | None = None

    @property
    def tasks(self) -> list[Task]:
        return [row.task for row in self.matrix.rows]

    def row_of(self, task: Task) -> stats.MatrixRow:
        return next(row for row in self.matrix.rows if row.task.pk == task.pk)


def included_statuses(include_submitted: bool) -> list[str]:
    if include_submitted:
        return [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]
    return [ReportStatus.ACCEPTED]


def gather(period: ReportingPeriod, *, include_submitted: bool = False) -> PeriodData:
    """Everything the draft needs, in thirteen queries whatever the number of units: the unit
    rows (3), the task matrix (6) and the indicators (2) from `monitoring.stats`, the
    included reports, their entries, and the task statuses (2, `monitoring.statuses`)."""
    drawn_at = timezone.now()
    today = timezone.localdate(drawn_at)
    rows = stats.unit_rows(period, today=today)
    counts = stats.status_counts(period, rows=rows)
    matrix = stats.task_matrix(period)
    reports = list(
        UnitReport.objects.filter(
            period=period, status__in=included_statuses(include_submitted)
        ).select_related("unit")
    )
    words = {report.pk: UnitWords(unit=report.unit, report=report) for report in reports}
    for entry in TaskProgress.objects.filter(report_id__in=list(words)).values(
        "report_id",
        "task_id",
        "status",
        "results",
        "difficulties",
        "proposals",
    ):
        words[entry["report_id"]].entries[entry["task_id"]] = entry
    units = sorted(words.values(), key=lambda w: stats.unit_sort_key(w.unit))
    return PeriodData(
        period=period,
        directive=period.directive,
        include_submitted=include_submitted,
        drawn_at=drawn_at,
        rows=rows,
        counts=counts,
        matrix=matrix,
        units=units,
        indicators=stats.period_indicators(period),
        task_statuses=statuses.period_counts(period, today=today),
    )


def indicator_phrase(line: stats.IndicatorLine, value: int) -> str:
    """ "Số hội nghị quán triệt, triển khai: 14 hội nghị" """
    return f"{line.indicator.name}: {number(value)} {line.indicator.unit_of_measure}"


def indicator_sentence(data: PeriodData, lines: list[stats.IndicatorLine]) -> str:
    """The sums the dashboard shows for these indicators, over the reports this draft
    includes; an indicator no included unit stated is left out."""
    include = data.include_submitted
    parts = [
        f"{indicator_phrase(line, line.total_for(include_submitted=include))} "
        f"({line.units_for(include_submitted=include)} đơn vị báo cáo)"
        for line in lines
        if line.units_for(include_submitted=include)
    ]
    return "; ".join(parts)


# ---- the draft ---------------------------------------------------------------------------------


@dataclass
class DraftSection:
    key: str
    heading: str
    level: int
    body: str


def _status_sentence(counts: dict[str, int]) -> str:
    assigned = sum(counts.values())
    parts = [
        f"{STATUS_WORDS[status]}: {counts.get(status, 0)}"
        for status in stats.CellStatus.COUNTED
        if counts.get(status, 0)
    ]
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"Số đơn vị được giao: {assigned}{detail}."


def _unit_names_in(data: PeriodData):
    """A function giving the unit names (of every unit of the period) a normalised text names."""
    names = sorted(
        {
            synthesis.normalised(name)
            for row in data.rows
            for name in (row.unit.name, row.unit.short_name)
            if synthesis.normalised(name)
        }
    )

    def names_in(text: str) -> tuple[str, ...]:
        padded = f" {text} "
        return tuple(name for name in names if f" {name} " in padded)

    return names_in


def _grouped_items(data: PeriodData, said: list[tuple[UnitWords, str]]) -> list[str]:
    """One item per statement, with the units that made it: the same or nearly the same
    sentence from several units (or twice from one) is printed once."""
    statements = [
        synthesis.Statement(
            text=sentence, unit_key=stats.unit_sort_key(words.unit), unit_name=words.unit.short_name
        )
        for words, text in said
        for sentence in synthesis.sentences(text)
    ]
    groups = synthesis.group_statements(statements, names_in=_unit_names_in(data))
    return [
        f"- **{synthesis.units_phrase(group.unit_names)}**: {_sentence(group.text)}"
        for group in groups
    ]


def _entry_texts(data: PeriodData, task_ids: list[int], field_name: str):
    return [
        (words, words.entries[task_id][field_name])
        for words in data.units
        for task_id in task_ids
        if task_id in words.entries and words.entries[task_id][field_name].strip()
    ]


def _unit_items(data: PeriodData, task_ids: list[int], field_name: str) -> list[str]:
    return _grouped_items(data, _entry_texts(data, task_ids, field_name))


def _source_phrase(data: PeriodData) -> str:
    if data.include_submitted:
        return "đã gửi (đã được chấp nhận hoặc đang chờ xem xét)"
    return "đã được chấp nhận"


def _task_body(data: PeriodData, task: Task, children: list[Task]) -> str:
    """A task's subsection: the status counts and, unit by unit, what they reported."""
    no_words = (
        "Các báo cáo được tổng hợp chưa nêu kết quả cụ thể về nhiệm vụ này; "
        "Ban sẽ tiếp tục theo dõi, đôn đốc."
    )
    bullets = [child for child in children if child.marker == Task.Marker.BULLET]
    if bullets:
        # Bullet points ("- ...") are answered one by one but printed in their parent's part.
        paragraphs = []
        for bullet in bullets:
            items = _unit_items(data, [bullet.pk], "results")
            paragraphs.append(
                "\n\n".join(
                    [
                        f"*{_sentence(bullet.title)}* "
                        f"{_status_sentence(data.row_of(bullet).counts)}"
                        f"{_task_figures(data, bullet)}",
                        "\n".join(items) or no_words,
                    ]
                )
            )
        return "\n\n".join(paragraphs)
    if children:
        return ""  # a heading task: its numbered sub-tasks have their own subsections
    items = _unit_items(data, [task.pk], "results")
    return "\n\n".join(
        [
            _status_sentence(data.row_of(task).counts) + _task_figures(data, task),
            "\n".join(items) or no_words,
        ]
    )


def _task_figures(data: PeriodData, task: Task) -> str:
    """ " Số tin, bài ...: 45 tin, bài (3 đơn vị báo cáo)." after a task's counts, or nothing."""
    summed = indicator_sentence(data, data.indicators.task_lines(task.pk))
    return f" {summed}." if summed else ""


def _opening(data: PeriodData) -> str:
    directive = data.directive
    return (
        f"Thực hiện {directive_citation(directive)} về {_lower_first(directive.subject)}, "
        f"{directive.monitoring_unit.name} báo cáo kết quả như sau:"
    )


def _part_one(data: PeriodData) -> str:
    counts = data.counts
    not_submitted = counts.total - counts.submitted
    accepted = counts["accepted"].count
    lines = [
        f"Tính đến ngày {short_date(timezone.localdate(data.drawn_at))}, có {counts.total} "
        f"đơn vị phải báo cáo; {counts.submitted} đơn vị đã gửi báo cáo "
        f"({counts['on_time'].count} đúng hạn, {counts['late'].count} trễ hạn), "
        f"{not_submitted} đơn vị chưa gửi ({counts['overdue'].count} đã quá hạn); "
        f"{accepted} báo cáo đã được chấp nhận. Báo cáo này tổng hợp từ "
        f"{len(data.units)} báo cáo {_source_phrase(data)}.",
    ]
    # Each unit states these once per report: the sums are over units, never over tasks.
    report_lines = data.indicators.report_lines
    summed = indicator_sentence(data, report_lines)
    items = []
    for words in data.units:
        values = data.indicators.unit_values(
            words.unit.pk, include_submitted=data.include_submitted
        )
        stated = [
            indicator_phrase(line, values[line.indicator.pk])
            for line in report_lines
            if line.indicator.pk in values
        ]
        if stated:
            items.append(f"- **{words.unit.short_name}**: {'; '.join(stated)}.")
    lines.append(
        f"Kết quả quán triệt, triển khai theo các chỉ tiêu: {summed}; cụ thể:"
        if summed
        else "Chưa có đơn vị nào báo cáo số liệu quán triệt, triển khai."
    )
    return "\n\n".join([*lines, "\n".join(items)]).strip()


def _part_two(data: PeriodData) -> str:
    """The tasks as a whole: completed and carried out regularly said apart, since an ongoing
    ("thường xuyên") task is never completed once and for all."""
    totals = data.matrix.totals()
    assigned = sum(totals.values())
    if not assigned:
        return ""
    parts = [
        f"{totals[status]} {STATUS_WORDS[status]}"
        for status in stats.CellStatus.COUNTED
        if totals[status]
    ]
    return (
        f"Trong {assigned} lượt nhiệm vụ được giao cho các đơn vị, có {', '.join(parts)}."
        if parts
        else ""
    )


def _report_texts(data: PeriodData, field_name: str):
    return [
        (w, getattr(w.report, field_name))
        for w in data.units
        if getattr(w.report, field_name).strip()
    ]


def _general_items(data: PeriodData, field_name: str) -> list[str]:
    return _grouped_items(data, _report_texts(data, field_name))


def _strengths(data: PeriodData) -> str:
    items = _general_items(data, "overall_assessment")
    intro = (
        "Các cấp ủy, tổ chức đảng, chính quyền, đoàn thể đã quan tâm lãnh đạo, chỉ đạo quán "
        f"triệt, triển khai thực hiện {data.directive.document_type_label} số "
        f"{data.directive.reference}. Đánh giá của các đơn vị:"
    )
    return "\n\n".join(
        [
            intro,
            "\n".join(items) or marker("ưu điểm nổi bật trong kỳ (các đơn vị chưa tự đánh giá)"),
        ]
    )


def _shortcomings(data: PeriodData) -> str:
    leaf_ids = [row.task.pk for row in data.matrix.leaf_rows]
    # One grouping over the report's and the tasks' difficulties: a unit often says it twice.
    items = _grouped_items(
        data,
        _report_texts(data, "difficulties") + _entry_texts(data, leaf_ids, "difficulties"),
    )
    task_items: list[str] = []
    lagging = data.counts["overdue"].count
    lines = []
    if lagging:
        lines.append(f"Còn {lagging} đơn vị chưa gửi báo cáo dù đã quá hạn.")
    lines.append("Khó khăn, hạn chế các đơn vị nêu:")
    return "\n\n".join(
        [*lines, "\n".join(items + task_items) or "Các đơn vị chưa nêu khó khăn, hạn chế."]
    )


def _causes(data: PeriodData) -> str:
    return (
        "- Nguyên nhân khách quan: những khó khăn về điều kiện, nguồn lực và địa bàn mà các "
        "đơn vị đã nêu tại mục 2.\n"
        "- Nguyên nhân chủ quan: một số cấp ủy, tổ chức đảng chưa quan tâm đúng mức việc "
        "triển khai, kiểm tra, đôn đốc thực hiện."
    )


def _lessons(data: PeriodData) -> str:
    return (
        "- Cấp ủy, người đứng đầu quan tâm lãnh đạo, chỉ đạo thì việc thực hiện có chuyển "
        "biến rõ nét.\n"
        "- Thường xuyên kiểm tra, đôn đốc, sơ kết, rút kinh nghiệm; kịp thời biểu dương "
        "những cách làm hay."
    )


def _directions(data: PeriodData) -> str:
    directive = data.directive
    children: dict[int, list[Task]] = defaultdict(list)
    for task in data.tasks:
        if task.parent_id is not None:
            children[task.parent_id].append(task)

    def direction(task: Task) -> str:
        # A task whose text only names who leads ("Ban Tuyên giáo Tỉnh ủy") is said with what
        # its sub-tasks ask, never as a bullet with no content.
        parts = [_lower_first(child.title) for child in children[task.pk]]
        if parts:
            return f"- {task.title.rstrip(':')}: {'; '.join(parts)}."
        return f"- {_sentence(task.title)}"

    items = [
        direction(row.task)
        for row in data.matrix.rows
        if row.depth == 0 and row.task.marker == Task.Marker.NUMBERED
    ]
    missing = data.counts["overdue"].count + data.counts["not_yet_due"].count
    closing = (
        [f"- Đôn đốc {missing} đơn vị chưa gửi báo cáo hoàn thành việc báo cáo."] if missing else []
    )
    intro = (
        f"Tiếp tục thực hiện nghiêm túc {directive.document_type_label} số "
        f"{directive.reference}, tập trung vào các nhiệm vụ sau:"
    )
    return "\n\n".join([intro, "\n".join(items + closing)])


def _recommendations(data: PeriodData) -> str:
    leaf_ids = [row.task.pk for row in data.matrix.leaf_rows]
    items = _grouped_items(
        data, _report_texts(data, "recommendations") + _entry_texts(data, leaf_ids, "proposals")
    )
    if not items:
        return "Các đơn vị chưa có kiến nghị, đề xuất."
    return "\n\n".join(["Tổng hợp kiến nghị, đề xuất của các đơn vị:", "\n".join(items)])


def _task_status_line(data: PeriodData) -> str:
    """The counts of the five statuses, as the dashboard shows them, in one sentence."""
    if data.task_statuses is None or not data.task_statuses.total:
        return ""
    return data.task_statuses.sentence()


def draft_sections(data: PeriodData) -> list[DraftSection]:
    """Every section of the draft in document order."""
    children: dict[int, list[Task]] = defaultdict(list)
    for task in data.tasks:
        if task.parent_id is not None:
            children[task.parent_id].append(task)
    task_sections = [
        DraftSection(
            key=f"task-{row.task.number}",
            heading=f"{row.task.number}. {row.task.title}",
            level=min(row.depth + 2, 3),
            body=_task_body(data, row.task, children[row.task.pk]),
        )
        for row in data.matrix.rows
        if row.task.marker == Task.Marker.NUMBERED
    ]
    return [
        DraftSection(OPENING, "", 0, _opening(data)),
        DraftSection("I", "I- Tình hình triển khai, quán triệt", 1, _part_one(data)),
        DraftSection(
            "II",
            "II- Kết quả thực hiện",
            1,
            "\n\n".join(part for part in (_task_status_line(data), _part_two(data)) if part),
        ),
        *task_sections,
        DraftSection("III", "III- Đánh giá chung", 1, ""),
        DraftSection("III-1", "1. Ưu điểm", 2, _strengths(data)),
        DraftSection("III-2", "2. Hạn chế, khó khăn", 2, _shortcomings(data)),
        DraftSection("III-3", "3. Nguyên nhân", 2, _causes(data)),
        DraftSection("III-4", "4. Bài học kinh nghiệm", 2, _lessons(data)),
        DraftSection("IV", "IV- Phương hướng, nhiệm vụ thời gian tới", 1, _directions(data)),
        DraftSection("V", "V- Kiến nghị, đề xuất", 1, _recommendations(data)),
    ]


def draft_annex(data: PeriodData) -> dict:
    """The table of units: submission date, on time / late / missing, status per leaf task."""
    leaves = data.matrix.leaf_rows
    columns = ["TT", "Đơn vị", "Ngày gửi", "Tình trạng", *(row.task.number for row in leaves)]
    column_of = {unit.pk: i for i, unit in enumerate(data.matrix.units)}
    rows = []
    for index, row in enumerate(data.rows, start=1):
        submitted = (
            short_date(timezone.localdate(row.first_submitted_at)) if row.first_submitted_at else ""
        )
        i = column_of.get(row.unit.pk)
        cells = [STATUS_CODES[leaf.cells[i].status] if i is not None else "" for leaf in leaves]
        rows.append([str(index), row.unit.short_name, submitted, state_words(row), *cells])
    legend = "; ".join(
        f"{STATUS_CODES[status]}: {STATUS_WORDS[status]}" for status in stats.CellStatus.COUNTED
    )
    title = (
        "PHỤ LỤC\nTình hình gửi báo cáo và kết quả thực hiện nhiệm vụ của các đơn vị\n"
        f"({data.period.name}; {legend}; –: không được giao)"
    )
    return {"title": title, "columns": columns, "rows": rows}


def default_subject(directive: Directive, period: ReportingPeriod) -> str:
    return (
        f"kết quả thực hiện {directive.document_type_label} số {directive.reference} "
        f"về {_lower_first(directive.subject)} ({_lower_first(period.name)})"
    )


# "Nơi nhận" by default: the Standing Committee and the central department above (for their
# information), the units given tasks by name, and the file copy. Units reached only through a
# group (every district for task 1) are not listed: the report goes up, not to everyone.
# Each line is the unit's name on the document's date: after the 2025 merger the central
# department is "Ban Tuyên giáo và Dân vận Trung ương", and a unit that has ended is replaced by
# its successor in force then.
DEFAULT_RECIPIENT_CODES = [
    ("btgtw", " (b/c)"),
    ("tttu", " (b/c)"),
    ("btvtu", " (b/c)"),
]
FILE_COPY_LINE = "Lưu Văn phòng Ban"


def _in_force_heir(unit: Unit, day: datetime.date) -> Unit | None:
    """The unit, or the successor in force on `day` that carries its work on (followed through
    a chain of changes, never in a circle)."""
    seen = set()
    while unit is not None and not unit.is_valid_on(day) and unit.pk not in seen:
        seen.add(unit.pk)
        unit = next(
            (u for u in unit.successors.all() if u.valid_from is None or u.valid_from <= day), None
        )
    return unit if unit is not None and unit.is_valid_on(day) else None


def default_recipients(
    directive: Directive, on: datetime.date | None = None
) -> list[tuple[str, Unit | None]]:
    """(text, unit) lines for a document dated `on` (today by default): the fixed lines above,
    then each unit leading a task on that day, all under the names they bear then."""
    day = on or timezone.localdate()
    codes = [code for code, _suffix in DEFAULT_RECIPIENT_CODES]
    units = {
        u.code: u for u in Unit.objects.filter(code__in=codes).prefetch_related("former_names")
    }
    lines: list[tuple[str, Unit | None]] = []
    for code, suffix in DEFAULT_RECIPIENT_CODES:
        unit = _in_force_heir(units[code], day) if code in units else None
        if unit is not None:
            lines.append((f"{unit.name_on(day)}{suffix}", unit))
    leads = (
        Unit.objects.valid_on(day)
        .filter(
            pk__in=TaskLead.objects.filter(task__directive=directive)
            .in_force_on(day)
            .values("unit_id")
        )
        .exclude(pk=directive.monitoring_unit_id)
        .prefetch_related("former_names")
    )
    for unit in sorted(leads, key=stats.unit_sort_key):
        lines.append((unit.name_on(day), unit))
    lines.append((FILE_COPY_LINE, None))
    return lines


def is_file_copy(text: str) -> bool:
    """ "Lưu Văn phòng Ban": the issuing body's own file copy, not a recipient."""
    return _one_line(text).casefold().startswith("lưu")


def link_recipient(text: str, units: list[Unit]) -> Unit | None:
    """The unit a typed "Nơi nhận" line names: the longest unit name or short name it contains.
    The file copy ("Lưu ...") names no unit."""
    line = _one_line(text).casefold()
    if is_file_copy(line):
        return None
    best, best_length = None, 0
    for unit in units:
        for name in (unit.name, unit.short_name):
            folded = name.casefold()
            if folded and folded in line and len(folded) > best_length:
                best, best_length = unit, len(folded)
    return best


# ---- the document ------------------------------------------------------------------------------


def build_document(report: ConsolidatedReport, *, draft: bool) -> PartyDocument:
    """The PartyDocument of a report as it stands (uses prefetched sections and recipients)."""
    sections = sorted(report.sections.all(), key=lambda s: s.position)
    opening = next((s.body for s in sections if s.key == OPENING), "")
    annex = report.annex or None
    issued_on = report.issued_on or timezone.localdate()
    if annex:
        # "Kèm theo Báo cáo số ..." ties the annex to its report once they are printed apart.
        head, _sep, rest = annex["title"].partition("\n")
        attached = (
            f"(Kèm theo {report.get_document_type_display()} số {report.reference}, ngày "
            f"{short_date(issued_on)} của {report.issuing_unit.name_on(issued_on)})"
        )
        annex = {**annex, "title": "\n".join(filter(None, [head, attached, rest]))}
    return PartyDocument(
        parent_body=report.parent_body,
        issuing_body=report.issuing_body,
        number_line=report.number_line,
        place_date_line=document_date(report.place, issued_on),
        doc_type=report.get_document_type_display().upper(),
        subject=report.subject,
        opening=opening,
        sections=[
            Section(heading=s.heading, level=max(s.level, 1), body=s.body)
            for s in sections
            if s.key != OPENING
        ],
        annex=Annex(annex["title"], annex["columns"], annex["rows"]) if annex else None,
        distribution=[r.text for r in sorted(report.recipients.all(), key=lambda r: r.position)],
        signing_authority=report.signing_authority,
        signer_position=report.signer_position,
        signer_name=report.signer_name,
        draft=draft,
        issued_on=issued_on,
    )


def download_name(report: ConsolidatedReport, extension: str) -> str:
    """ "Báo cáo số 25-BC-BTGTU ngày 04-01-2021.pdf": the number and date, readable; the slash of
    the symbol becomes a hyphen because no file system accepts it. Django's FileResponse writes
    it as RFC 6266 `filename*=utf-8''...` with an ASCII fallback."""
    label = report.get_document_type_display()
    if report.is_issued:
        day = report.issued_on
        name = f"{label} số {report.reference} ngày {day:%d-%m-%Y}"
    else:
        name = f"Dự thảo {label.lower()} {report.period.name}"
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "-", name)
    return f"{name}.{extension}"
