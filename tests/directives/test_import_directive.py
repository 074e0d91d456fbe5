"""`import_directive`: what it prints, what --save makes, and bad files."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from directives.models import Directive, DirectiveStatus, Task
from directives.seed import SEED_186

from ..documents.reading import shapes
from ..documents.reading.seed_docx import seed_186_docx


def run(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("import_directive", str(path), *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def tree(tasks):
    return [
        (t["number"], t["text"], t["lead"], t["lead_groups"], tree(t["children"])) for t in tasks
    ]


def seeded_tree(directive):
    tasks = list(directive.tasks.order_by("position").prefetch_related("lead_units", "lead_groups"))

    def nodes(parent):
        return [
            (
                t.number,
                t.text,
                sorted(u.code for u in t.lead_units.all()),
                sorted(g.code for g in t.lead_groups.all()),
                nodes(t),
            )
            for t in tasks
            if t.parent_id == (parent.pk if parent else None)
        ]

    return nodes(None)


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_186_prints_the_task_tree_and_lead_units_load_seed_loads(directive_186, tmp_path, kind):
    path = tmp_path / f"186.{kind}"
    if kind == "docx":
        path.write_bytes(seed_186_docx())
    else:
        path.write_text(SEED_186.read_text())
    plan = run(path)
    assert tree(plan["tasks"]) == seeded_tree(directive_186)
    assert plan["document_type"] == "CV" and plan["document_type_label"] == "Công văn"
    assert (plan["number"], plan["symbol"], plan["issuer"]) == ("186", "CV/TU", "tinhuy")
    assert (plan["place"], plan["issued_on"]) == ("Quảng Ngãi", "2021-01-04")
    assert [a["group"] for a in plan["addressees"]] == [
        "bcsd-dang-doan",
        "co-quan-tham-muu",
        "mttq-doan-the",
        "cap-uy-truc-thuoc",
    ]
    five_b = plan["tasks"][-1]["children"][1]
    assert five_b["coordination_note"] == "phối hợp với các cơ quan liên quan"
    assert Directive.objects.count() == 1  # printing saves nothing


def test_save_makes_a_draft_with_units_deadlines_and_unmatched_names_kept(directive_186, tmp_path):
    path = tmp_path / "kh.docx"
    path.write_bytes(shapes.ke_hoach())
    plan = run(path, "--save")
    part_two = plan["tasks"][1]
    first = part_two["children"][0]
    assert (first["lead"], first["coordinating"]) == (["btgtu"], ["bdvtu", "mttq"])
    assert (first["deadline"], first["deadline_text"]) == ("2026-06-30", "trước ngày 30/6/2026")
    third = plan["tasks"][2]["children"][0]
    assert third["lead"] == ["dd-lhh"]
    assert third["coordinating_unmatched"] == ["Sở Khoa học và Công nghệ"]
    directive = Directive.objects.get(number="25", symbol="KH/TU")
    assert directive.status == DirectiveStatus.DRAFT
    assert directive.issuer.code == "btvtu"
    assert directive.monitoring_unit.code == "btgtu"
    task = directive.tasks.get(number="II.1")
    assert task.deadline == date(2026, 6, 30)
    assert task.deadline_text == "trước ngày 30/6/2026"
    assert [u.code for u in task.lead_units.all()] == ["btgtu"]
    assert sorted(u.code for u in task.coordinating_units.all()) == ["bdvtu", "mttq"]
    assert directive.tasks.get(number="II.2.2").recurring
    sub = directive.tasks.get(number="II.2.1")
    assert sub.parent == directive.tasks.get(number="II.2")
    assert [u.code for u in sub.lead_units.all()] == ["bcsd-ubnd"]  # from its parent
    assert directive.tasks.filter(marker=Task.Marker.BULLET).count() == 1


def test_saving_the_same_document_twice_is_refused(directive_186, tmp_path):
    path = tmp_path / "186.txt"
    path.write_text(SEED_186.read_text())
    with pytest.raises(CommandError, match="đã có văn bản số 186-CV/TU"):
        run(path, "--save")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp trống"),
        (b"PK\x03\x04 broken", "không phải là tệp Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "mật khẩu"),
        ("Không có phần đầu.".encode(), "Không nhận ra phần đầu"),
        (b"\xff\xfe\x00bad", "không phải là tệp Word .docx hay văn bản"),
    ],
)
def test_a_bad_file_exits_with_a_vietnamese_message(db, tmp_path, content, message):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    if content[:2] not in (b"PK", b"\xd0\xcf") and content:
        path = path.rename(tmp_path / "bad.txt")
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Directive.objects.exists()


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(tmp_path / "none.docx")
