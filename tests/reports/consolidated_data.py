"""A hand-built period of 186-CV/TU for the consolidated report tests: five units, reports in
every state, with text that names the unit and the task so the draft can be checked line by line.
"""

import datetime
from zoneinfo import ZoneInfo

from directives.models import Directive, Indicator
from reports.consolidated.services import load_document_terms
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import (
    IndicatorValue,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
)
from reports.submissions.services import reportable_tasks
from tests.conftest import make_user
from units.models import MembershipRole, Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STARTS = datetime.date(2021, 1, 1)
DUE = datetime.date(2021, 12, 15)
TODAY = datetime.date(2021, 12, 20)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=VN)


def _report(period, unit, *, status, submitted_on=None, late=False, general=True):
    submitted = at(submitted_on) if submitted_on else None
    report = UnitReport.objects.create(
        period=period,
        unit=unit,
        status=status,
        first_submitted_at=submitted,
        submitted_at=submitted,
        submitted_late=late,
        accepted_at=submitted if status == ReportStatus.ACCEPTED else None,
        overall_assessment=f"Đánh giá chung của {unit.code}." if general else "",
        difficulties=f"Khó khăn của {unit.code}." if general else "",
        recommendations=f"Kiến nghị của {unit.code}." if general else "",
    )
    tasks = reportable_tasks(period=period, unit=unit)
    for position, task in enumerate(tasks, start=1):
        TaskProgress.objects.create(
            report=report,
            task=task,
            status="completed" if position % 2 else "in_progress",
            results=f"Kết quả {unit.code} nhiệm vụ {task.number}.",
            proposals=f"Đề xuất {unit.code} nhiệm vụ {task.number}." if position == 1 else "",
        )
    # The figures, once for the report: as many conferences as the unit has tasks, 100 people
    # each; a task's indicator under its task.
    indicators = {i.code: i for i in Indicator.objects.filter(directive=period.directive)}
    figures = {"hoi-nghi": len(tasks), "nguoi-tham-du": 100 * len(tasks)}
    for code, value in figures.items():
        IndicatorValue.objects.create(report=report, indicator=indicators[code], value=value)
    for task in tasks:
        for indicator in indicators.values():
            if indicator.task_id == task.pk:
                IndicatorValue.objects.create(
                    report=report, indicator=indicator, task=task, value=7
                )
    # Made here, not through the workflow, which keeps the units' answers itself.
    TaskAnswer.objects.refresh(unit_ids=[unit.pk], directive_ids=[period.directive_id])
    return report


def make_186_period(*, name="Năm 2021") -> dict:
    """186-CV/TU with a period of five units:

    dd-hdnd    accepted, on time        (tasks 1, 2)
    bcsd-ubnd  accepted, late           (tasks 1, 3.1-3.3)
    dd-lhh     submitted, on time       (tasks 1, 4.1-4.3) - only with include_submitted
    btgtu      returned after an on-time submission (tasks 1, 5.a, 5.b)
    binhson    nothing (task 1)         - overdue on TODAY
    """
    directive = Directive.objects.get(slug="186-cv-tu")
    load_document_terms()
    period = ReportingPeriod.objects.create(
        directive=directive, name=name, starts_on=STARTS, ends_on=DUE, due_on=DUE
    )
    units = {
        u.code: u
        for u in Unit.objects.filter(
            code__in=["dd-hdnd", "bcsd-ubnd", "dd-lhh", "btgtu", "binhson"]
        )
    }
    for unit in units.values():
        ReportingObligation.objects.create(period=period, unit=unit)
    reports = {
        "dd-hdnd": _report(
            period, units["dd-hdnd"], status=ReportStatus.ACCEPTED, submitted_on=DUE
        ),
        "bcsd-ubnd": _report(
            period,
            units["bcsd-ubnd"],
            status=ReportStatus.ACCEPTED,
            submitted_on=datetime.date(2021, 12, 18),
            late=True,
        ),
        "dd-lhh": _report(
            period,
            units["dd-lhh"],
            status=ReportStatus.SUBMITTED,
            submitted_on=datetime.date(2021, 12, 10),
        ),
        "btgtu": _report(
            period,
            units["btgtu"],
            status=ReportStatus.RETURNED,
            submitted_on=datetime.date(2021, 12, 1),
        ),
    }
    return {"directive": directive, "period": period, "units": units, "reports": reports}


def make_people(units: dict) -> dict:
    """tuyengiao (reviewer, a specialist), phobantg (the Department's signer), thuongvu
    (Standing Committee), a member of a unit on the default "Nơi nhận" (dd-hdnd) and one of a
    unit that is not (binhson)."""
    return {
        "reviewer": make_user("tuyengiao", units["btgtu"]),
        "signer": make_user(
            "phobantg",
            units["btgtu"],
            role=MembershipRole.SIGNER,
            first_name="Thành",
            last_name="Đặng Văn",
        ),
        "leader": make_user("thuongvu", Unit.objects.get(code="btvtu"), role=MembershipRole.LEADER),
        "recipient": make_user("hdnd", units["dd-hdnd"]),
        "outsider": make_user("binhson", units["binhson"]),
    }


# The day the tests' drafts are drawn: after the 2021 period's due date, before the documents.
DRAWN_ON = __import__("datetime").date(2021, 12, 20)


def drawn_on(report, day=DRAWN_ON):
    """A draft as if drawn from the data on `day` (the hand-built period is of 2021, the tests
    run later): issuing checks that the document's date is not before its data's."""
    import datetime as _datetime

    from django.utils import timezone as _timezone

    moment = _timezone.make_aware(_datetime.datetime.combine(day, _datetime.time(9, 0)))
    type(report).objects.filter(pk=report.pk).update(data_as_of=moment)
    report.data_as_of = moment
    return report
