"""Demo periods of 186-CV/TU for `load_demo`: last year's, closed, with accepted reports (so the
"previous period" answers show), and this year's, open, with a report in every state.

Dates are relative to today, so the demo always shows units on time, late, overdue and not yet
due. The reports go through the real services (save, submit, return, accept); their times are
then moved back to plausible days, as if the work had been done over the past weeks. A period
that already exists is left alone, so running the command twice changes nothing.
Never for production.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from directives.models import Directive, Indicator
from reports.periods.models import ReportingPeriod
from reports.periods.services import (
    default_period_units,
    obligation_extend,
    period_close,
    period_open,
)
from reports.submissions import services
from reports.submissions.models import ReportEvent, ReportRevision, UnitReport
from units.demo import apply_demo_reform, successor_code
from units.models import Unit

DAY = datetime.timedelta(days=1)
DUMMY_MAIL = "django.core.mail.backends.dummy.EmailBackend"

# What each task's results say; {n} conferences, {p} participants: the report's own figures,
# stated once for the report (indicators "hoi-nghi", "nguoi-tham-du"), quoted in the words.
RESULTS = {
    "1": (
        "Ban hành kế hoạch triển khai; tổ chức {n} hội nghị quán triệt Chỉ thị 42, Kết luận 93 "
        "và Công văn 186-CV/TU cho cán bộ chủ chốt, đảng viên; {p} lượt người tham dự. Lồng ghép "
        "nội dung vào sinh hoạt chi bộ định kỳ hằng tháng."
    ),
    "2": (
        "Rà soát 6 nghị quyết của HĐND tỉnh liên quan đến hoạt động khoa học và công nghệ; đề "
        "xuất sửa đổi chính sách hỗ trợ hoạt động tư vấn, phản biện của Liên hiệp các Hội; đưa "
        "nội dung vào chương trình giám sát chuyên đề của Thường trực HĐND tỉnh."
    ),
    "3.1": (
        "UBND tỉnh ban hành Kế hoạch thực hiện Kết luận 93; trình HĐND tỉnh ban hành chính sách "
        "hỗ trợ kinh phí hoạt động cho các hội thành viên."
    ),
    "3.2": (
        "Kiện toàn bộ máy Văn phòng Liên hiệp các Hội; bổ sung 02 biên chế; hỗ trợ thành lập 01 "
        "hội thành viên mới trong lĩnh vực nông nghiệp công nghệ cao."
    ),
    "3.3": (
        "Ký kết 02 thỏa thuận hợp tác với Liên hiệp các Hội tỉnh Bình Định, Quảng Nam; mời 15 "
        "chuyên gia ngoài tỉnh tham gia hội đồng tư vấn khoa học của tỉnh."
    ),
    "4.1": (
        "Ban hành kế hoạch quán triệt Kết luận 93; tổ chức {n} hội nghị cho lãnh đạo 28 hội "
        "thành viên, {p} người tham dự; đổi mới phương thức sinh hoạt hội theo chuyên đề."
    ),
    "4.2": (
        "Tổ chức 03 buổi tọa đàm định hướng tư tưởng cho trí thức khoa học công nghệ; tham mưu "
        "02 đề xuất chính sách trọng dụng, đãi ngộ trí thức trẻ."
    ),
    "4.3": (
        "Thực hiện 05 đề án tư vấn, phản biện, giám định xã hội; phối hợp tổ chức Hội thi Sáng "
        "tạo kỹ thuật tỉnh với 86 giải pháp dự thi, 24 giải pháp đạt giải."
    ),
    "5.a": (
        "Tham mưu Ban Thường vụ tổ chức {n} hội nghị quán triệt trực tuyến đến 100% điểm cầu; "
        "{p} đại biểu tham dự; định hướng báo chí mở chuyên mục về đội ngũ trí thức."
    ),
    "5.b": (
        "Theo dõi, tổng hợp báo cáo của các đơn vị; tổ chức 02 đoàn kiểm tra tại 4 địa phương; "
        "báo cáo sơ kết gửi Ban Thường vụ Tỉnh ủy đúng thời hạn."
    ),
}
# The figures of the task indicators, as the results above say them.
TASK_FIGURES = {"co-che-chinh-sach": 1, "tu-van-phan-bien": 5, "tin-bai": 120}
STATUSES = ["completed", "regular", "in_progress", "completed"]
DIFFICULTIES = (
    "Kinh phí tổ chức hội nghị ở cơ sở còn hạn chế; một số chi bộ vùng sâu, vùng xa chưa "
    "bố trí được thời gian học tập tập trung."
)
PROPOSALS = "Đề nghị Ban Tuyên giáo Tỉnh ủy cung cấp thêm tài liệu hỏi - đáp cho cơ sở."

# Unit code -> what its report of this year's period shows.
CURRENT_STATES = {
    "dd-lhh": "draft",  # lienhiephoi edits it in the browser demo
    "dd-hdnd": "submitted",  # tuyengiao may return or accept it
    "bcsd-ubnd": "accepted_after_return",  # the whole cycle on its timeline
    "binhson": "returned",  # its successor, once the district level has ended
    "btgtu": "accepted",
    "mttq": "submitted_late",
    "tinhdoan": "accepted_late",
    "hlhpn": "returned",
    "tp-quangngai": "accepted",
    "duk-coquan": "submitted",
    "ldld": "draft",
    "sontinh": "extended_draft",
    "du-congan": "submitted_late",
}
PREVIOUS_ACCEPTED = [
    "dd-lhh",
    "dd-hdnd",
    "bcsd-ubnd",
    "binhson",
    "btgtu",
    "mttq",
    "tinhdoan",
    "hlhpn",
    "tp-quangngai",
    "duk-coquan",
    "ldld",
]
RETURN_COMMENTS = {
    "binhson": (
        "Đề nghị bổ sung số hội nghị và số người dự ở cấp xã; nêu rõ kết quả lồng ghép vào "
        "sinh hoạt chi bộ."
    ),
    "hlhpn": "Kết quả còn chung chung, đề nghị nêu số liệu cụ thể và gửi kèm kế hoạch đã ban hành.",
    "bcsd-ubnd": "Đề nghị bổ sung kết quả nhiệm vụ 3.3 (hợp tác với các tỉnh) và minh chứng.",
}
EXTENSION_REASON = (
    "Địa phương bị ảnh hưởng nặng bởi bão, lũ; đề nghị lùi thời hạn báo cáo để tập trung "
    "khắc phục hậu quả."
)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _figures(unit: Unit, year_shift: int) -> tuple[int, int, int]:
    """A unit's conferences, participants and plans for the period: one set per report."""
    seed = sum(map(ord, unit.code))
    return 2 + seed % 4 + year_shift, 80 + 35 * (seed % 7) + 10 * year_shift, 1 + seed % 3


def _entry_values(entry, index: int, *, complete: bool, year_shift: int = 0) -> dict:
    number = entry.task.number
    n, p, _plans = _figures(entry.report.unit, year_shift)
    values = {
        "status": STATUSES[(index + len(number)) % len(STATUSES)],
        "results": RESULTS.get(number, "Đã triển khai theo kế hoạch.").format(n=n, p=p),
        "difficulties": DIFFICULTIES if index % 3 == 0 else "",
        "proposals": PROPOSALS if index % 4 == 1 else "",
    }
    if values["status"] == "completed":
        # The day the unit says it finished: early in the year of its report, before any
        # deadline a demo task may carry.
        values["completed_on"] = datetime.date(
            timezone.localdate().year + year_shift, 1, 2 + index % 20
        )
    if not complete:
        # A draft half-way through: the first task answered, the others still blank.
        values = values if index == 0 else {"status": "", "results": ""}
    return values


def _indicator_values(report: UnitReport, year_shift: int) -> dict[int, int]:
    n, p, plans = _figures(report.unit, year_shift)
    by_code = {"hoi-nghi": n, "nguoi-tham-du": p, "van-ban-trien-khai": plans, **TASK_FIGURES}
    return {
        indicator.pk: by_code[indicator.code]
        for indicator in Indicator.objects.filter(directive_id=report.period.directive_id)
        if indicator.code in by_code
    }


def _fill(report: UnitReport, user, *, complete: bool, year_shift: int = 0) -> UnitReport:
    entries = list(report.entries.select_related("task", "report__unit").order_by("task__position"))
    return services.report_save(
        report=report,
        user=user,
        expected_version=report.version,
        fields={
            "overall_assessment": (
                f"{report.unit.name} đã quán triệt, triển khai nghiêm túc Công văn 186-CV/TU; "
                "các nhiệm vụ được giao cơ bản hoàn thành đúng tiến độ."
            ),
            "difficulties": DIFFICULTIES,
            "recommendations": PROPOSALS,
        }
        if complete
        else {"overall_assessment": "Đang tổng hợp số liệu từ các chi bộ trực thuộc."},
        entries={
            entry.pk: _entry_values(entry, i, complete=complete, year_shift=year_shift)
            for i, entry in enumerate(entries)
        },
        # A draft half-way through has no figures yet.
        indicator_values=_indicator_values(report, year_shift) if complete else None,
    )


def _submit(report, user):
    return services.report_submit(report=report, user=user, expected_version=report.version)


def _retime(report: UnitReport, *, start: datetime.datetime, due_on: datetime.date) -> None:
    """Move the report's saves and workflow steps to one a day from `start`, in their order."""
    now = timezone.now()
    steps = sorted(
        [*report.revisions.all(), *report.events.all()],
        key=lambda item: (item.at, isinstance(item, ReportEvent), item.pk),
    )
    for i, item in enumerate(steps):
        item.at = min(start + i * DAY, now)
    ReportRevision.objects.bulk_update([s for s in steps if isinstance(s, ReportRevision)], ["at"])
    events = [s for s in steps if isinstance(s, ReportEvent)]
    ReportEvent.objects.bulk_update(events, ["at"])
    submitted = [e.at for e in events if e.action == ReportEvent.Action.SUBMITTED]
    accepted = [e.at for e in events if e.action == ReportEvent.Action.ACCEPTED]
    UnitReport.objects.filter(pk=report.pk).update(
        created_at=start - DAY,
        updated_at=steps[-1].at if steps else start,
        first_submitted_at=submitted[0] if submitted else None,
        submitted_at=submitted[-1] if submitted else None,
        submitted_late=bool(submitted) and timezone.localdate(submitted[0]) > due_on,
        accepted_at=accepted[-1] if accepted else None,
    )


class _Actors:
    def __init__(self):
        User = get_user_model()
        self.reviewer = User.objects.get(username="tuyengiao")
        self.admin = User.objects.get(username="admin")
        self.by_unit = {
            unit_id: user
            for user in User.objects.filter(memberships__isnull=False).order_by("-pk")
            for unit_id in user.memberships.values_list("unit_id", flat=True)
        }

    def author(self, unit: Unit):
        # Units without a demo account: the admin files their report, as a secretary would.
        return self.by_unit.get(unit.pk, self.admin)

    def reviewer_of(self, unit: Unit):
        # Ban Tuyên giáo does not review its own report; the admin does.
        return self.admin if self.by_unit.get(unit.pk) == self.reviewer else self.reviewer


def _return_comment(code: str) -> str:
    return RETURN_COMMENTS.get(code) or next(
        text for unit, text in RETURN_COMMENTS.items() if successor_code(unit) == code
    )


def _play(report: UnitReport, state: str, actors: _Actors) -> UnitReport:
    """Take a fresh report to `state` through the services."""
    author, reviewer = actors.author(report.unit), actors.reviewer_of(report.unit)
    if state in ("draft", "extended_draft"):
        return _fill(report, author, complete=False)
    report = _submit(_fill(report, author, complete=True), author)
    if state == "returned":
        return services.report_return(
            report=report, reviewer=reviewer, comment=_return_comment(report.unit.code)
        )
    if state == "accepted_after_return":
        report = services.report_return(
            report=report, reviewer=reviewer, comment=_return_comment(report.unit.code)
        )
        report = _submit(_fill(report, author, complete=True), author)
    if state in ("accepted", "accepted_late", "accepted_after_return"):
        return services.report_accept(report=report, reviewer=reviewer)
    return report


def _unit_for(units: dict[str, Unit], code: str) -> Unit | None:
    # After the 2025 reorganisation the demo's states go to the unit carrying the work on.
    return units.get(code) or units.get(successor_code(code))


def _current_period(directive: Directive, actors: _Actors, today: datetime.date):
    name = f"Năm {today.year}"
    if ReportingPeriod.objects.filter(directive=directive, name=name).exists():
        return None
    starts_on = datetime.date(today.year, 1, 1)
    # A week ago: some units made it in time, some are late, the rest are overdue.
    due_on = max(today - 7 * DAY, starts_on)
    period = period_open(
        directive=directive,
        name=name,
        starts_on=starts_on,
        ends_on=datetime.date(today.year, 12, 31),
        due_on=due_on,
        units=default_period_units(directive, due_on),
        user=actors.reviewer,
    )
    units = {unit.code: unit for unit in period.units.all()}
    for code, state in CURRENT_STATES.items():
        unit = _unit_for(units, code)
        if unit is None:
            continue
        if state == "extended_draft":
            obligation_extend(
                obligation=period.obligations.get(unit=unit),
                due_on=today + 10 * DAY,
                reason=EXTENSION_REASON,
                user=actors.reviewer,
            )
        report = _play(services.report_get_or_create(period=period, unit=unit), state, actors)
        late = state in ("submitted_late", "accepted_late")
        # On time: work began two weeks before the due date; late: two days after it.
        start = _at(due_on + 2 * DAY) if late else _at(due_on - 14 * DAY)
        _retime(report, start=start, due_on=due_on)
    return period


def _closed_period(directive: Directive, actors: _Actors, year: int):
    """A past year's period, closed, with accepted reports (the last one late)."""
    name = f"Năm {year}"
    if ReportingPeriod.objects.filter(directive=directive, name=name).exists():
        return None
    due_on = datetime.date(year, 12, 15)
    period = period_open(
        directive=directive,
        name=name,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        due_on=due_on,
        units=default_period_units(directive, due_on),
        user=actors.reviewer,
    )
    units = {unit.code: unit for unit in period.units.all()}
    for i, code in enumerate(PREVIOUS_ACCEPTED):
        unit = _unit_for(units, code)
        if unit is None:
            continue
        report = services.report_get_or_create(period=period, unit=unit)
        author = actors.author(report.unit)
        report = _submit(_fill(report, author, complete=True, year_shift=-1), author)
        report = services.report_accept(report=report, reviewer=actors.reviewer_of(report.unit))
        # The last one came in after the due date.
        late = i == len(PREVIOUS_ACCEPTED) - 1
        start = _at(due_on + 3 * DAY) if late else _at(due_on - 20 * DAY + i * DAY)
        _retime(report, start=start, due_on=due_on)
    period_close(period=period, user=actors.reviewer)
    return period


def _reorganise(directive: Directive, actors: _Actors) -> None:
    apply_demo_reform()


def load_demo_periods(today: datetime.date | None = None) -> list[ReportingPeriod]:
    """Add the demo periods of 186-CV/TU that do not exist yet; returns those added."""
    today = today or timezone.localdate()
    added = []
    # The in-app notifications stay; the emails the workflow sends would go to made-up
    # addresses, through a real mail server if EMAIL_URL names one.
    with override_settings(MAILERS={"default": {"BACKEND": DUMMY_MAIL}}):
        # Oldest first, so each year's reports find their previous answers. The year before
        # last is reported on by the units of then (the 2021 ones); the 2025 reorganisation is
        # then recorded through the registry's services, and the later periods ask the units
        # in force on their due dates.
        builds = [
            lambda directive, actors: _closed_period(directive, actors, today.year - 2),
            _reorganise,
            lambda directive, actors: _closed_period(directive, actors, today.year - 1),
            lambda directive, actors: _current_period(directive, actors, today),
        ]
        for build in builds:
            with transaction.atomic():
                # Read again each time: the reorganisation moves the directive and accounts.
                period = build(Directive.objects.get(slug="186-cv-tu"), _Actors())
            if period is not None:
                added.append(period)
    return added
