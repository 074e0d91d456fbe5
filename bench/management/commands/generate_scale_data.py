"""Synthetic data at the scale of a province or of the whole country, for benchmarks only.

Everything it makes is marked: unit and directive codes start with "scale-", names end with
"(dữ liệu thử)", and the directive subjects begin with "[DỮ LIỆU THỬ NGHIỆM]". It refuses to
write into a database whose name does not say "bench" or "scale", unless told otherwise.

Shape: the units are split into provinces of about 150 (5,000 units make 34 provinces); each
province has its own Ban Tuyên giáo, which monitors the directives of that province. Each
directive has 12 tasks (two of them headings over sub-tasks), task 1 going to every unit of its
province through a group and the others to a share of them; each of its periods holds a report
per unit in a realistic mix of states: on time, late, returned, accepted, drafts, nothing yet.
"""

import datetime
import math
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from directives.models import Directive, DocumentType, Indicator, Task
from reports.monitoring.models import Reminder
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import (
    IndicatorValue,
    ReportEvent,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
)
from units.models import Membership, MembershipRole, Unit, UnitGroup, UnitKind

MARK = "(dữ liệu thử)"
PROVINCE_SIZE = 150
PASSWORD = "bench"

PROVINCES = [
    "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Quảng Nam", "Đà Nẵng", "Huế",
    "Quảng Trị", "Quảng Bình", "Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Ninh Bình", "Hưng Yên",
    "Hải Phòng", "Quảng Ninh", "Lạng Sơn", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Lai Châu",
    "Điện Biên", "Sơn La", "Phú Thọ", "Thái Nguyên", "Bắc Ninh", "Hà Nội", "Gia Lai",
    "Đắk Lắk", "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Đồng Tháp", "An Giang", "Vĩnh Long",
    "Cần Thơ", "Cà Mau", "Thành phố Hồ Chí Minh",
]  # fmt: skip
PLACES = [
    "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Nghĩa Hành", "Mộ Đức", "Đức Phổ", "Ba Tơ", "Minh Long",
    "Sơn Hà", "Sơn Tây", "Trà Bồng", "Lý Sơn", "An Nhơn", "Hoài Nhơn", "Phù Cát", "Tây Sơn",
    "Vĩnh Thạnh", "Tuy Phước", "Đồng Xuân", "Sông Cầu", "Ninh Hòa", "Vạn Ninh", "Cam Lâm",
]  # fmt: skip
# (kind, name pattern, share of a province's units)
KINDS = [
    (UnitKind.DISTRICT_COMMITTEE, "Đảng ủy xã {place} {n}", 0.55),
    (UnitKind.DIRECT_COMMITTEE, "Đảng ủy cơ quan {place} {n}", 0.15),
    (UnitKind.ADVISORY_AGENCY, "Ban tham mưu {place} {n}", 0.08),
    (UnitKind.FRONT_ORGANISATION, "Hội đoàn thể {place} {n}", 0.10),
    (UnitKind.PARTY_AFFAIRS_COMMITTEE, "Ban cán sự đảng Sở {place} {n}", 0.07),
    (UnitKind.PARTY_DELEGATION, "Đảng đoàn {place} {n}", 0.05),
]
TASK_TREE = [
    # (number, parent number, text, share of units leading it besides task 1's "everyone")
    ("1", None, "Tổ chức quán triệt, tuyên truyền sâu rộng nội dung văn bản", 1.0),
    ("2", None, "Nâng cao chất lượng công tác tham mưu", 0),
    ("2.1", "2", "Rà soát, bổ sung quy chế phối hợp", 0.3),
    ("2.2", "2", "Kiện toàn tổ chức bộ máy", 0.3),
    ("2.3", "2", "Bố trí nguồn lực thực hiện", 0.25),
    ("3", None, "Đẩy mạnh ứng dụng khoa học và công nghệ", 0),
    ("3.1", "3", "Xây dựng cơ sở dữ liệu chuyên ngành", 0.2),
    ("3.2", "3", "Chuyển đổi số trong hoạt động", 0.25),
    ("4", None, "Phát huy vai trò đội ngũ trí thức", 0.3),
    ("5", None, "Tăng cường kiểm tra, giám sát", 0.35),
    ("6", None, "Sơ kết, tổng kết, khen thưởng", 0.3),
    ("7", None, "Báo cáo định kỳ kết quả thực hiện", 0.4),
]
RESULTS = [
    "Đã tổ chức hội nghị quán triệt cho cán bộ, đảng viên; đăng tải nội dung trên trang thông tin.",
    "Ban hành kế hoạch thực hiện, phân công cụ thể cho từng bộ phận, định kỳ kiểm tra tiến độ.",
    "Phối hợp với các cơ quan liên quan tổ chức tập huấn, tọa đàm, đạt kết quả bước đầu.",
    "Đang triển khai, một số nội dung còn chậm do thiếu kinh phí và nhân lực.",
    "Lồng ghép nội dung vào sinh hoạt chi bộ thường kỳ, hội nghị giao ban hằng tháng.",
]
DIFFICULTIES = ["", "", "Kinh phí hạn hẹp.", "Nhân lực kiêm nhiệm, thiếu chuyên môn sâu."]
# (code, name, unit of measure, task number or None for once per report, largest figure)
INDICATORS = [
    ("hoi-nghi", "Số hội nghị quán triệt, triển khai", "hội nghị", None, 6),
    ("nguoi-tham-du", "Số lượt cán bộ, đảng viên tham dự", "lượt người", None, 400),
    ("van-ban-trien-khai", "Số kế hoạch, văn bản triển khai đã ban hành", "văn bản", None, 3),
    ("co-so-du-lieu", "Số cơ sở dữ liệu được xây dựng", "cơ sở dữ liệu", "3.1", 2),
    ("cuoc-kiem-tra", "Số cuộc kiểm tra, giám sát", "cuộc", "5", 8),
]


class Command(BaseCommand):
    help = "Make synthetic, clearly marked benchmark data (units, directives, periods, reports)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, required=True)
        parser.add_argument("--directives", type=int, required=True)
        parser.add_argument("--periods", type=int, required=True)
        parser.add_argument("--seed", type=int, default=186)
        parser.add_argument(
            "--any-database",
            action="store_true",
            help="Write even into a database whose name does not contain bench or scale.",
        )

    def handle(self, *args, units, directives, periods, seed, any_database, **options):
        name = str(connection.settings_dict["NAME"])
        if not any_database and "bench" not in name and "scale" not in name:
            raise CommandError(
                f"Refusing to write synthetic data into {name!r}: use a database whose name "
                "contains 'bench' or 'scale' (or pass --any-database)."
            )
        if min(units, directives, periods) < 1:
            raise CommandError("--units, --directives and --periods must be at least 1.")
        if Unit.objects.filter(code__startswith="scale-").exists():
            raise CommandError("This database already holds synthetic data; use a fresh one.")
        started = time.monotonic()
        self.random = random.Random(seed)
        with transaction.atomic():
            provinces = self.make_units(units)
            for index in range(directives):
                province = provinces[index % len(provinces)]
                directive = self.make_directive(index, province)
                self.make_periods(directive, province, periods)
                self.stdout.write(f"  {directive.slug}: {len(province['units'])} đơn vị")
            # Made with bulk_create, not through the workflow: the units' answers at once.
            TaskAnswer.objects.refresh()
        self.stdout.write(
            f"Done in {time.monotonic() - started:.0f} s: {Unit.objects.count()} units, "
            f"{UnitReport.objects.count()} reports, {TaskProgress.objects.count()} entries."
        )

    # ---- units and people ------------------------------------------------------------------

    def make_units(self, count: int) -> list[dict]:
        n_provinces = max(1, math.ceil(count / PROVINCE_SIZE))
        sizes = [
            count // n_provinces + (1 if i < count % n_provinces else 0) for i in range(n_provinces)
        ]
        User = get_user_model()
        hashed = _hash(PASSWORD)
        provinces = []
        serial = 0
        for p, size in enumerate(sizes):
            province_name = PROVINCES[p % len(PROVINCES)] + (
                f" {p // len(PROVINCES) + 1}" if p >= len(PROVINCES) else ""
            )
            monitor = Unit.objects.create(
                code=f"scale-p{p}-btg",
                name=f"Ban Tuyên giáo Tỉnh ủy {province_name} {MARK}",
                short_name=f"BTG {province_name}",
                symbol="BTGTU",
                kind=UnitKind.ADVISORY_AGENCY,
                position=0,
            )
            members = []
            for i in range(size - 1):
                serial += 1
                kind, pattern, _share = self._pick_kind()
                place = PLACES[(serial * 7 + i) % len(PLACES)]
                name = pattern.format(place=place, n=i + 1)
                members.append(
                    Unit(
                        code=f"scale-p{p}-u{i}",
                        name=f"{name} {MARK}",
                        short_name=name,
                        symbol="ĐU",
                        kind=kind,
                        position=i + 1,
                    )
                )
            members = Unit.objects.bulk_create(members, batch_size=2000)
            group = UnitGroup.objects.create(
                code=f"scale-p{p}-nhan", name=f"Các đơn vị tỉnh {province_name} {MARK}"
            )
            group.units.add(*members)
            reviewer = User.objects.create(
                username=f"scale-btg-{p}", password=hashed, first_name="Cán bộ", last_name="BTG"
            )
            Membership.objects.create(user=reviewer, unit=monitor, role=MembershipRole.STAFF)
            staff = User.objects.bulk_create(
                [
                    User(username=f"scale-p{p}-u{i}", password=hashed, email="")
                    for i in range(len(members))
                ],
                batch_size=2000,
            )
            Membership.objects.bulk_create(
                [
                    Membership(user=user, unit=unit)
                    for user, unit in zip(staff, members, strict=True)
                ],
                batch_size=2000,
            )
            provinces.append(
                {
                    "name": province_name,
                    "monitor": monitor,
                    "units": members,
                    "group": group,
                    "reviewer": reviewer,
                }
            )
        return provinces

    def _pick_kind(self):
        roll = self.random.random()
        for kind in KINDS:
            roll -= kind[2]
            if roll <= 0:
                return kind
        return KINDS[0]

    # ---- directives and tasks --------------------------------------------------------------

    def make_directive(self, index: int, province: dict) -> Directive:
        directive = Directive.objects.create(
            slug=f"scale-{index + 1}",
            number=str(500 + index),
            symbol="CV/TU",
            document_type=DocumentType.CONG_VAN,
            issuer=province["monitor"],
            issuer_heading=f"TỈNH ỦY {province['name'].upper()}",
            place=province["name"],
            issued_on=datetime.date(2022, 1, 4) + datetime.timedelta(days=index),
            subject=f"[DỮ LIỆU THỬ NGHIỆM] về triển khai nhiệm vụ số {index + 1} tại "
            f"tỉnh {province['name']}",
            monitoring_unit=province["monitor"],
        )
        by_number = {}
        units = province["units"]
        directive.leads = {}  # task id -> unit ids
        today = timezone.localdate()
        for position, (number, parent, text, share) in enumerate(TASK_TREE, start=1):
            # Task 1 is carried out regularly; the others have deadlines from a year ago to a
            # year ahead (a few within the coming week), so every one of the five statuses occurs.
            deadline = None
            if number != "1" and share:
                deadline = today + datetime.timedelta(
                    days=self.random.choice([-365, -90, -10, 3, 6, 30, 200])
                )
            task = Task.objects.create(
                directive=directive,
                parent=by_number.get(parent),
                number=number,
                position=position,
                text=f"{text} {MARK}.",
                recurring=number == "1",
                deadline=deadline,
            )
            by_number[number] = task
            if number == "1":
                task.lead_groups.add(province["group"])
                directive.leads[task.pk] = {u.pk for u in units}
            elif share:
                chosen = self.random.sample(units, max(1, int(len(units) * share)))
                task.lead_units.add(*chosen)
                directive.leads[task.pk] = {u.pk for u in chosen}
                others = [u for u in units if u.pk not in directive.leads[task.pk]]
                task.coordinating_units.add(*self.random.sample(others, min(3, len(others))))
        directive.indicator_list = [
            (
                Indicator.objects.create(
                    directive=directive,
                    code=code,
                    name=name,
                    unit_of_measure=unit_of_measure,
                    position=position,
                    scope=Indicator.Scope.TASK if task_number else Indicator.Scope.REPORT,
                    task=by_number[task_number] if task_number else None,
                ),
                largest,
            )
            for position, (code, name, unit_of_measure, task_number, largest) in enumerate(
                INDICATORS, start=1
            )
        ]
        return directive

    # ---- periods and reports ---------------------------------------------------------------

    def make_periods(self, directive: Directive, province: dict, count: int) -> None:
        today = timezone.localdate()
        units = province["units"]
        leaves = list(directive.leads)
        tasks_of = {u.pk: [t for t in leaves if u.pk in directive.leads[t]] for u in units}
        for k in range(count):
            # Half-year periods; the latest ended 40 days ago and was due 10 days ago, so that
            # it holds every state, overdue units included.
            end = today - datetime.timedelta(days=40 + 182 * (count - 1 - k))
            start = end - datetime.timedelta(days=181)
            due = end + datetime.timedelta(days=30)
            latest = k == count - 1
            period = ReportingPeriod.objects.create(
                directive=directive,
                name=f"Kỳ {k + 1}: 6 tháng đến {end:%d/%m/%Y} {MARK}",
                starts_on=start,
                ends_on=end,
                due_on=due,
                status=ReportingPeriod.Status.OPEN if latest else ReportingPeriod.Status.CLOSED,
            )
            extended = set(self.random.sample(range(len(units)), max(1, len(units) // 30)))
            ReportingObligation.objects.bulk_create(
                [
                    ReportingObligation(
                        period=period,
                        unit=unit,
                        extended_due_on=due + datetime.timedelta(days=15)
                        if i in extended
                        else None,
                        extension_reason="Ảnh hưởng mưa lũ" if i in extended else "",
                    )
                    for i, unit in enumerate(units)
                ],
                batch_size=2000,
            )
            reports, states = [], []
            for unit in units:
                state = self._report_state(latest)
                if state is None:
                    continue
                status, late = state
                submitted = None
                if status != ReportStatus.DRAFT:
                    offset = self.random.randint(1, 12) if late else -self.random.randint(0, 15)
                    day = min(due + datetime.timedelta(days=offset), today)
                    submitted = datetime.datetime.combine(
                        day,
                        datetime.time(self.random.randint(7, 17)),
                        tzinfo=timezone.get_current_timezone(),
                    )
                reports.append(
                    UnitReport(
                        period=period,
                        unit=unit,
                        status=status,
                        overall_assessment=self.random.choice(RESULTS) if submitted else "",
                        first_submitted_at=submitted,
                        submitted_at=submitted,
                        submitted_late=late,
                        accepted_at=submitted if status == ReportStatus.ACCEPTED else None,
                    )
                )
                states.append(status)
            reports = UnitReport.objects.bulk_create(reports, batch_size=2000)
            entries, events, figures = [], [], []
            for report, status in zip(reports, states, strict=True):
                for task_id in tasks_of[report.unit_id]:
                    progress = self._progress(status, latest)
                    completed_on = None
                    if progress == "completed":
                        completed_on = end - datetime.timedelta(days=self.random.randint(0, 150))
                    entries.append(
                        TaskProgress(
                            report=report,
                            task_id=task_id,
                            status=progress,
                            completed_on=completed_on,
                            results=self.random.choice(RESULTS) if progress else "",
                            difficulties=self.random.choice(DIFFICULTIES) if progress else "",
                        )
                    )
                if status != ReportStatus.DRAFT or self.random.random() < 0.5:
                    # Each figure once per report (a task's only with that task), as the form
                    # asks them; now and then a unit leaves one empty.
                    for indicator, largest in directive.indicator_list:
                        if indicator.task_id and indicator.task_id not in tasks_of[report.unit_id]:
                            continue
                        if self.random.random() < 0.1:
                            continue
                        figures.append(
                            IndicatorValue(
                                report=report,
                                indicator=indicator,
                                task_id=indicator.task_id,
                                value=self.random.randint(0, largest),
                            )
                        )
                if report.first_submitted_at:
                    events.append(
                        ReportEvent(report=report, action="submitted", at=report.first_submitted_at)
                    )
            TaskProgress.objects.bulk_create(entries, batch_size=5000)
            IndicatorValue.objects.bulk_create(figures, batch_size=5000)
            ReportEvent.objects.bulk_create(events, batch_size=5000)
            if latest:
                late_units = [
                    r.unit_id
                    for r, s in zip(reports, states, strict=True)
                    if s == ReportStatus.DRAFT
                ][:20]
                Reminder.objects.bulk_create(
                    [
                        Reminder(
                            period=period,
                            unit_id=unit_id,
                            kind=Reminder.Kind.AFTER_DUE,
                            message=f"Đôn đốc gửi báo cáo {MARK}",
                            sent_on=today,
                        )
                        for unit_id in late_units
                    ]
                )

    def _report_state(self, latest: bool):
        """(status, submitted late) or None for a unit that has not opened its report."""
        roll = self.random.random()
        if latest:
            table = [
                (0.30, (ReportStatus.SUBMITTED, False)),
                (0.10, (ReportStatus.SUBMITTED, True)),
                (0.05, (ReportStatus.RETURNED, False)),
                (0.15, (ReportStatus.ACCEPTED, False)),
                (0.25, (ReportStatus.DRAFT, False)),
                (0.15, None),
            ]
        else:
            table = [
                (0.55, (ReportStatus.ACCEPTED, False)),
                (0.15, (ReportStatus.ACCEPTED, True)),
                (0.10, (ReportStatus.SUBMITTED, False)),
                (0.05, (ReportStatus.SUBMITTED, True)),
                (0.03, (ReportStatus.RETURNED, True)),
                (0.07, (ReportStatus.DRAFT, False)),
                (0.05, None),
            ]
        for share, state in table:
            roll -= share
            if roll <= 0:
                return state
        return table[-1][1]

    def _progress(self, status: str, latest: bool) -> str:
        if status == ReportStatus.DRAFT and self.random.random() < 0.5:
            return ""
        weights = [0.45, 0.15, 0.3, 0.1] if not latest else [0.3, 0.15, 0.4, 0.15]
        return self.random.choices(
            ["completed", "regular", "in_progress", "not_started"], weights=weights
        )[0]


def _hash(password: str) -> str:
    # One hash for every synthetic account: PBKDF2 for thousands of users would take an hour.
    from django.contrib.auth.hashers import make_password

    return make_password(password)
