"""The seed is the document: word for word, with the right units, loadable twice."""

import io
import re
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command

from directives.models import Directive, Indicator, Recipient, Reference, Task
from directives.seedtext import normalise
from reports.consolidated.models import DocumentTerm
from units.models import Unit, UnitGroup

SEED = Path(__file__).resolve().parents[2] / "directives" / "seeds" / "186-CV-TU.txt"
EXPECTED_NUMBERS = ["1", "2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "4.3", "5", "5.a", "5.b"]

pytestmark = pytest.mark.django_db


def seed_paragraphs() -> list[str]:
    """The document's body as a reader sees it, read independently of the loader: the part
    between "yêu cầu:" and "Nơi nhận", page breaks joined, "**" dropped."""
    text = SEED.read_text(encoding="utf-8").replace("**", "")
    body = text.split("Ban Thường vụ Tỉnh ủy yêu cầu:", 1)[1].split("Nơi nhận", 1)[0]
    blocks = [normalise(b) for b in re.split(r"\n\s*\n", body) if b.strip()]
    paragraphs: list[str] = []
    for block in blocks:
        # A block starting a new item begins with a number or a dash; anything else is the
        # rest of a paragraph that a page break cut.
        if paragraphs and not re.match(r"^(\d+(\.\d+)*\.|-)\s", block):
            paragraphs[-1] += " " + block
        else:
            paragraphs.append(block)
    return paragraphs


def test_every_task_text_equals_its_paragraph(directive_186):
    tasks = list(directive_186.tasks.order_by("position"))
    paragraphs = seed_paragraphs()
    assert len(tasks) == len(paragraphs) == 13
    for task, paragraph in zip(tasks, paragraphs, strict=True):
        assert normalise(f"{task.label} {task.text}") == paragraph


def test_page_breaks_are_joined_and_stray_marks_dropped(directive_186):
    task_31 = directive_186.tasks.get(number="3.1")
    assert "phân loại các nhiệm vụ mà Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy" in task_31.text
    task_5a = directive_186.tasks.get(number="5.a")
    assert "chuyên đề, phóng sự; thường xuyên đưa tin" in task_5a.text
    assert directive_186.number == "186" and "**" not in directive_186.symbol
    assert not Task.objects.filter(text__contains="**").exists()


def test_tree_has_exactly_the_numbers_of_the_document(directive_186):
    tasks = {t.number: t for t in directive_186.tasks.select_related("parent")}
    assert list(directive_186.tasks.order_by("position").values_list("number", flat=True)) == (
        EXPECTED_NUMBERS
    )
    parents = {n: (t.parent.number if t.parent else None) for n, t in tasks.items()}
    assert parents == {
        "1": None, "2": None, "3": None, "3.1": "3", "3.2": "3", "3.3": "3",
        "4": None, "4.1": "4", "4.2": "4", "4.3": "4", "5": None, "5.a": "5", "5.b": "5",
    }  # fmt: skip
    assert tasks["5.a"].label == "-" and tasks["5.b"].marker == Task.Marker.BULLET


def test_each_task_is_assigned_to_the_unit_its_text_addresses(directive_186):
    leads = {
        t.number: sorted(u.code for u in t.assigned_units())
        for t in directive_186.tasks.prefetch_related("lead_units", "lead_groups__units")
    }
    assert leads["2"] == ["dd-hdnd"]
    for number in ["3", "3.1", "3.2", "3.3"]:
        assert leads[number] == ["bcsd-ubnd"]
    for number in ["4", "4.1", "4.2", "4.3"]:
        assert leads[number] == ["dd-lhh"]
    for number in ["5", "5.a", "5.b"]:
        assert leads[number] == ["btgtu"]
    assert directive_186.tasks.get(number="5.b").coordination_note == (
        "phối hợp với các cơ quan liên quan"
    )
    # Section 1 addresses every recipient: the 13 district-level committees among them.
    section_1 = set(leads["1"])
    assert {"binhson", "lyson", "tp-quangngai", "tx-ducpho", "btgtu", "dd-hdnd"} <= section_1
    assert len([c for c in section_1 if Unit.objects.get(code=c).kind == "huyen"]) == 13
    assert "btvtu" not in section_1 and "bct" not in section_1


def test_header_references_and_recipient_lists_are_complete(directive_186):
    d = directive_186
    assert (d.reference, d.document_type, d.place) == ("186-CV/TU", "CV", "Quảng Ngãi")
    assert d.issued_on.isoformat() == "2021-01-04"
    assert d.issuer_heading == "TỈNH ỦY QUẢNG NGÃI"
    assert d.subject == "Triển khai thực hiện Kết luận số 93-KL/TW ngày 20/11/2020 của Ban Bí thư"
    assert (d.signing_authority, d.signer_position, d.signer_name) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Đặng Ngọc Huy",
    )
    refs = [
        (r.reference, r.issued_on.isoformat(), r.issuer_name, r.short_name)
        for r in d.references.all()
        for r.reference in [f"{r.number}-{r.symbol}"]
    ]
    assert refs == [
        ("93-KL/TW", "2020-11-20", "Ban Bí thư", "Kết luận 93"),
        ("42-CT/TW", "2010-04-16", "Bộ Chính trị khóa X", "Chỉ thị 42"),
        ("04-CTr/TU", "2010-12-15", "Tỉnh ủy", "Chương trình hành động 04"),
    ]
    addressees = [r.text for r in d.recipients.filter(list=Recipient.List.ADDRESSEE)]
    assert addressees == [
        "Các ban cán sự đảng, đảng đoàn,",
        "Các cơ quan chuyên trách tham mưu, giúp việc TU,",
        "MTTQ và các tổ chức chính trị - xã hội tỉnh,",
        "Ban Thường vụ các huyện, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy,",
    ]
    assert all(r.group_id for r in d.recipients.filter(list=Recipient.List.ADDRESSEE))
    distribution = [r.text for r in d.recipients.filter(list=Recipient.List.DISTRIBUTION)]
    assert distribution == [
        "Như trên,",
        "Ban Tuyên giáo Trung ương,",
        "Văn phòng Trung ương Đảng,",
        "Thường trực Tỉnh ủy,",
        "Các đồng chí Ủy viên BTV Tỉnh ủy,",
        "CVP, PCVP Tỉnh ủy,",
        "Phòng Tổng hợp, VPTU,",
        "Phòng Khoa giáo, BTGTU,",
        "Công thông tin điện tử Đảng bộ tỉnh,",
        "Lưu Văn phòng Tỉnh ủy.",
    ]


def test_units_cover_the_kinh_gui_categories(directive_186):
    district = UnitGroup.objects.get(code="huyen-thi-thanh-uy").units.all()
    assert district.count() == 13
    assert {u.name for u in Unit.objects.filter(kind="tmtu")} >= {
        "Văn phòng Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
        "Ban Dân vận Tỉnh ủy",
    }
    assert Unit.objects.get(code="btgtu").symbol == "BTGTU"
    assert Unit.objects.filter(kind="mttq").count() == 6
    assert Unit.objects.filter(kind="tructhuoc").count() == 5


def test_the_directive_declares_its_indicators(directive_186):
    indicators = [
        (i.code, i.scope, i.task.number if i.task else None, i.unit_of_measure)
        for i in directive_186.indicators.select_related("task")
    ]
    # Dissemination is asked once per report; figures of one task only under that task.
    assert indicators == [
        ("hoi-nghi", "report", None, "hội nghị"),
        ("nguoi-tham-du", "report", None, "lượt người"),
        ("van-ban-trien-khai", "report", None, "văn bản"),
        ("co-che-chinh-sach", "task", "3.1", "văn bản"),
        ("tu-van-phan-bien", "task", "4.3", "nhiệm vụ"),
        ("tin-bai", "task", "5.a", "tin, bài"),
    ]
    assert all(i.aggregation == Indicator.Aggregation.SUM for i in directive_186.indicators.all())


def _snapshot():
    models = [Unit, UnitGroup, Directive, Reference, Task, Recipient, Indicator, DocumentTerm]
    return {m.__name__: serializers.serialize("json", m.objects.order_by("pk")) for m in models}


def test_load_seed_twice_changes_nothing(directive_186):
    call_command("load_seed", stdout=io.StringIO())
    assert DocumentTerm.objects.filter(unit__code="tinhuy").count() == 2
    before = _snapshot()
    call_command("load_seed", stdout=io.StringIO())
    assert _snapshot() == before
