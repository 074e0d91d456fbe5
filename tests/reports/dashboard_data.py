"""Small builders of dashboard test data: a directive with a little task tree, a period, and
units in each reporting state. Shared by the dashboard, reminder and export tests."""

import datetime
import itertools
from zoneinfo import ZoneInfo

from directives.models import Directive, DocumentType, Indicator, Task
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import (
    IndicatorValue,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
)
from tests.conftest import make_unit, make_user
from units.models import UnitGroup, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = datetime.date(2026, 3, 31)
TODAY = datetime.date(2026, 4, 10)
_numbers = itertools.count(1)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VN)


def make_directive(*, monitoring_unit=None, slug=None) -> Directive:
    """A directive with tasks 1 (to a group), 2 (heading) > 2.1, 2.2 (to units directly)."""
    n = next(_numbers)
    issuer = make_unit(f"issuer-{n}", kind=UnitKind.LEADERSHIP)
    monitoring_unit = monitoring_unit or make_unit(f"btg-{n}", kind=UnitKind.ADVISORY_AGENCY)
    directive = Directive.objects.create(
        slug=slug or f"cv-{n}",
        number=str(100 + n),
        symbol="CV/TU",
        document_type=DocumentType.CONG_VAN,
        issuer=issuer,
        issuer_heading="TỈNH ỦY QUẢNG NGÃI",
        place="Quảng Ngãi",
        issued_on=datetime.date(2026, 1, 4),
        subject="về việc thử nghiệm",
        monitoring_unit=monitoring_unit,
    )
    directive.group = UnitGroup.objects.create(code=f"nhan-{n}", name=f"Nơi nhận {n}")
    t1 = Task.objects.create(directive=directive, number="1", position=1, text="Quán triệt.")
    t2 = Task.objects.create(directive=directive, number="2", position=2, text="Tổ chức.")
    t21 = Task.objects.create(
        directive=directive, parent=t2, number="2.1", position=3, text="Hội nghị."
    )
    t22 = Task.objects.create(
        directive=directive, parent=t2, number="2.2", position=4, text="Tuyên truyền."
    )
    t1.lead_groups.add(directive.group)
    directive.t1, directive.t2, directive.t21, directive.t22 = t1, t2, t21, t22
    # Conferences once per report; sessions under task 2.1 only.
    directive.conferences = Indicator.objects.create(
        directive=directive, code="hoi-nghi", name="Số hội nghị", unit_of_measure="hội nghị"
    )
    directive.sessions = Indicator.objects.create(
        directive=directive,
        code="buoi",
        name="Số buổi",
        unit_of_measure="buổi",
        position=2,
        scope=Indicator.Scope.TASK,
        task=t21,
    )
    return directive


def make_period(directive, *, due_on=DUE, name=None, starts_on=None) -> ReportingPeriod:
    starts_on = starts_on or due_on.replace(month=1, day=1)
    return ReportingPeriod.objects.create(
        directive=directive,
        name=name or f"Kỳ {next(_numbers)}",
        starts_on=starts_on,
        ends_on=due_on,
        due_on=due_on,
    )


def add_unit(period, code, *, kind=UnitKind.DISTRICT_COMMITTEE, tasks=(), extended_due_on=None):
    """A unit in the directive's group (task 1), leading `tasks` too, obliged to report."""
    unit = make_unit(code, kind=kind)
    period.directive.group.units.add(unit)
    for task in tasks:
        task.lead_units.add(unit)
    ReportingObligation.objects.create(
        period=period,
        unit=unit,
        extended_due_on=extended_due_on,
        extension_reason="Thiên tai" if extended_due_on else "",
    )
    return unit


def make_report(
    period,
    unit,
    *,
    status=ReportStatus.DRAFT,
    submitted_on=None,
    late=False,
    entries=None,
    figures=None,
) -> UnitReport:
    """A report; `entries` maps tasks to a ProgressStatus value, `figures` indicators to the
    report's figure."""
    submitted_at = at(submitted_on) if submitted_on else None
    report = UnitReport.objects.create(
        period=period,
        unit=unit,
        status=status,
        first_submitted_at=submitted_at,
        submitted_at=submitted_at,
        submitted_late=late,
    )
    for task, progress in (entries or {}).items():
        TaskProgress.objects.create(report=report, task=task, status=progress)
    for indicator, value in (figures or {}).items():
        IndicatorValue.objects.create(
            report=report, indicator=indicator, task=indicator.task, value=value
        )
    # Made here, not through the workflow, which keeps the units' answers itself.
    TaskAnswer.objects.refresh(unit_ids=[unit.pk], directive_ids=[period.directive_id])
    return report


def make_state_period():
    """One unit in each state, with a reviewer, the Standing Committee and a unit member.

    on-time    submitted 25/3, tasks 1 completed, 2.1 in progress; 3 conferences, 4 sessions
    late       submitted 5/4 (due 31/3), accepted; task 1 regular; 5 conferences
    extended   extension to 20/4, nothing submitted: not yet due on 10/4
    returned   submitted 30/3, returned; task 1 not started; 100 conferences (not counted)
    draft      draft, not submitted, overdue; its draft says task 1 completed and 50
               conferences (neither counted)
    silent     no report at all, overdue
    """
    btg = make_unit("btg", kind=UnitKind.ADVISORY_AGENCY, short_name="Ban Tuyên giáo")
    directive = make_directive(monitoring_unit=btg)
    period = make_period(directive)
    d = directive
    units = {
        "on_time": add_unit(period, "on-time", tasks=[d.t21]),
        "late": add_unit(period, "late", kind=UnitKind.PARTY_DELEGATION, tasks=[d.t22]),
        "extended": add_unit(period, "extended", extended_due_on=datetime.date(2026, 4, 20)),
        "returned": add_unit(period, "returned", kind=UnitKind.FRONT_ORGANISATION),
        "draft": add_unit(period, "draft"),
        "silent": add_unit(period, "silent"),
    }
    reports = {
        "on_time": make_report(
            period,
            units["on_time"],
            status=ReportStatus.SUBMITTED,
            submitted_on=datetime.date(2026, 3, 25),
            entries={d.t1: "completed", d.t21: "in_progress"},
            figures={d.conferences: 3, d.sessions: 4},
        ),
        "late": make_report(
            period,
            units["late"],
            status=ReportStatus.ACCEPTED,
            submitted_on=datetime.date(2026, 4, 5),
            late=True,
            entries={d.t1: "regular"},
            figures={d.conferences: 5},
        ),
        "returned": make_report(
            period,
            units["returned"],
            status=ReportStatus.RETURNED,
            submitted_on=datetime.date(2026, 3, 30),
            entries={d.t1: "not_started"},
            figures={d.conferences: 100},
        ),
        "draft": make_report(
            period, units["draft"], entries={d.t1: "completed"}, figures={d.conferences: 50}
        ),
    }
    reviewer = make_user("reviewer", btg, email="reviewer@example.vn")
    leader_unit = make_unit("btv", kind=UnitKind.LEADERSHIP)
    leader = make_user("leader", leader_unit)
    member = make_user("member", units["draft"], email="draft@example.vn")
    outsider = make_user("outsider", make_unit("other"))
    return {
        "directive": directive,
        "period": period,
        "units": units,
        "reports": reports,
        "reviewer": reviewer,
        "leader": leader,
        "member": member,
        "outsider": outsider,
    }


def add_units(period, count: int, *, prefix="x"):
    """`count` more units with submitted reports, to check that query counts do not grow."""
    d = period.directive
    for i in range(count):
        unit = add_unit(period, f"{prefix}{i}", tasks=[d.t21])
        make_report(
            period,
            unit,
            status=ReportStatus.SUBMITTED,
            submitted_on=datetime.date(2026, 3, 20),
            entries={d.t1: "completed", d.t21: "completed"},
            figures={d.conferences: 2, d.sessions: 3},
        )
