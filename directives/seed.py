"""Directive 186-CV/TU, loaded word for word from the copy of its text kept in `seeds/`.

The words come from the text file; what the text means (which unit each task addresses, which
units each "Kính gửi" line reaches) is stated here, next to the line it interprets.
"""

from datetime import date
from pathlib import Path

from django.db import transaction

from units.models import UnitGroup
from units.seed import load_units

from .models import Directive, DocumentType, Indicator, Recipient, Reference, Task
from .seedtext import parse_document

SEED_186 = Path(__file__).resolve().parent / "seeds" / "186-CV-TU.txt"

# Task number -> (lead unit codes, lead group codes, coordination as worded)
ASSIGNMENTS_186: dict[str, tuple[list[str], list[str], str]] = {
    # "Cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp": every recipient of the letter.
    "1": ([], ["nhan-186-cv-tu"], ""),
    "2": (["dd-hdnd"], [], ""),
    "3": (["bcsd-ubnd"], [], ""),
    "3.1": (["bcsd-ubnd"], [], ""),
    "3.2": (["bcsd-ubnd"], [], ""),
    "3.3": (["bcsd-ubnd"], [], ""),
    "4": (["dd-lhh"], [], ""),
    "4.1": (["dd-lhh"], [], ""),
    "4.2": (["dd-lhh"], [], ""),
    "4.3": (["dd-lhh"], [], ""),
    "5": (["btgtu"], [], ""),
    "5.a": (["btgtu"], [], ""),
    "5.b": (["btgtu"], [], "phối hợp với các cơ quan liên quan"),
}

# "Kính gửi" lines in order -> the unit group each one reaches.
ADDRESSEE_GROUPS_186 = ["bcsd-dang-doan", "co-quan-tham-muu", "mttq-doan-the", "cap-uy-truc-thuoc"]

# "Nơi nhận" lines in order -> the unit each one reaches (None: the line names no unit of ours;
# "Như trên" means the addressees above).
DISTRIBUTION_UNITS_186 = [
    None,
    "btgtw",
    "vptw",
    "tttu",
    "btvtu",
    "vptu",
    "vptu",
    "btgtu",
    None,
    "vptu",
]

# The figures 186-CV/TU asks for (code, name, unit of measure, task number or None for once per
# report). The first two keep the codes the data migration reports/0011 gave the former
# per-task "số hội nghị" and "số người tham dự".
INDICATORS_186: list[tuple[str, str, str, str | None]] = [
    ("hoi-nghi", "Số hội nghị quán triệt, triển khai", "hội nghị", None),
    ("nguoi-tham-du", "Số lượt cán bộ, đảng viên tham dự", "lượt người", None),
    ("van-ban-trien-khai", "Số kế hoạch, văn bản triển khai đã ban hành", "văn bản", None),
    ("co-che-chinh-sach", "Số cơ chế, chính sách được ban hành", "văn bản", "3.1"),
    ("tu-van-phan-bien", "Số nhiệm vụ tư vấn, phản biện, giám định xã hội", "nhiệm vụ", "4.3"),
    ("tin-bai", "Số tin, bài, phóng sự tuyên truyền", "tin, bài", "5.a"),
]

REFERENCES_186 = [
    {
        "document_type": DocumentType.KET_LUAN,
        "number": "93",
        "symbol": "KL/TW",
        "issued_on": date(2020, 11, 20),
        "issuer_name": "Ban Bí thư",
        "title": "về tiếp tục thực hiện Chỉ thị số 42-CT/TW ngày 16/4/2010 của Bộ Chính trị khóa X",
        "short_name": "Kết luận 93",
        "implements": True,
    },
    {
        "document_type": DocumentType.CHI_THI,
        "number": "42",
        "symbol": "CT/TW",
        "issued_on": date(2010, 4, 16),
        "issuer_name": "Bộ Chính trị khóa X",
        "title": (
            "về tiếp tục đổi mới, nâng cao chất lượng, hiệu quả hoạt động của Liên hiệp các Hội "
            "Khoa học và Kỹ thuật Việt Nam trong thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa "
            "đất nước"
        ),
        "short_name": "Chỉ thị 42",
        "implements": False,
    },
    {
        "document_type": DocumentType.CHUONG_TRINH,
        "number": "04",
        "symbol": "CTr/TU",
        "issued_on": date(2010, 12, 15),
        "issuer_name": "Tỉnh ủy",
        "title": "thực hiện Chỉ thị 42",
        "short_name": "Chương trình hành động 04",
        "implements": False,
    },
]


@transaction.atomic
def load_186() -> Directive:
    units = load_units()
    groups = {g.code: g for g in UnitGroup.objects.all()}
    doc = parse_document(SEED_186)

    fields = {
        "number": doc.number,
        "symbol": doc.symbol,
        "document_type": DocumentType.CONG_VAN,
        "issuer": units["tinhuy"],
        "issuer_heading": doc.issuer_heading,
        "place": doc.place,
        "issued_on": doc.issued_on,
        "subject": doc.subject,
        "preamble": doc.preamble,
        "signing_authority": doc.signing_authority,
        "signer_position": doc.signer_position,
        "signer_name": doc.signer_name,
    }
    directive, _ = Directive.objects.update_or_create(
        slug="186-cv-tu",
        defaults=fields,
        # The monitoring unit is set once: after the 2025 merger it is the merged department,
        # and a second run of the seed must not hand the directive back to one that ended.
        create_defaults={**fields, "monitoring_unit": units["btgtu"]},
    )

    for position, fields in enumerate(REFERENCES_186):
        Reference.objects.update_or_create(
            directive=directive,
            document_type=fields["document_type"],
            number=fields["number"],
            symbol=fields["symbol"],
            defaults={**fields, "position": position},
        )

    _load_recipients(
        directive,
        Recipient.List.ADDRESSEE,
        doc.addressees,
        ADDRESSEE_GROUPS_186,
        lambda code: {"group": groups[code], "unit": None},
    )
    _load_recipients(
        directive,
        Recipient.List.DISTRIBUTION,
        doc.distribution,
        DISTRIBUTION_UNITS_186,
        lambda code: {"unit": units[code] if code else None, "group": None},
    )

    tasks: dict[str, Task] = {}
    for position, parsed in enumerate(doc.tasks, start=1):
        task, _ = Task.objects.update_or_create(
            directive=directive,
            number=parsed.number,
            defaults={
                "parent": tasks[parsed.parent_number] if parsed.parent_number else None,
                "marker": Task.Marker.BULLET if parsed.bullet else Task.Marker.NUMBERED,
                "position": position,
                "text": parsed.text,
                "coordination_note": ASSIGNMENTS_186[parsed.number][2],
            },
        )
        unit_codes, group_codes, _note = ASSIGNMENTS_186[parsed.number]
        # Added, never set: a reorganisation ends the directive's assignments with dates and
        # starts the successors', and a second run of the seed keeps both.
        task.lead_units.add(*[units[c] for c in unit_codes])
        task.lead_groups.set([groups[c] for c in group_codes])
        tasks[parsed.number] = task
    _load_indicators(directive, tasks)
    return directive


def _load_indicators(directive: Directive, tasks: dict[str, Task]) -> None:
    for position, (code, name, unit_of_measure, task_number) in enumerate(INDICATORS_186, start=1):
        Indicator.objects.update_or_create(
            directive=directive,
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": unit_of_measure,
                "position": position,
                "scope": Indicator.Scope.TASK if task_number else Indicator.Scope.REPORT,
                "task": tasks[task_number] if task_number else None,
                "aggregation": Indicator.Aggregation.SUM,
            },
        )


def _load_recipients(directive, list_kind, lines, targets, target_fields) -> None:
    if len(lines) != len(targets):
        raise ValueError(f"{list_kind}: {len(lines)} dòng trong văn bản, {len(targets)} đơn vị")
    for position, (text, code) in enumerate(zip(lines, targets, strict=True)):
        Recipient.objects.update_or_create(
            directive=directive,
            list=list_kind,
            position=position,
            defaults={"text": text, **target_fields(code)},
        )
