"""The comparison of two versions of a unit's report (reports/submissions/diff.py)."""

import random
import time

import pytest
from django.utils import translation

from reports.submissions import diff
from reports.submissions.diff import ParagraphDiff, content_diff, field_diff, word_diff


def old_and_new(segments):
    old = "".join(text for op, text in segments if op != "insert")
    new = "".join(text for op, text in segments if op != "delete")
    return old, new


def test_a_small_edit_is_marked_word_by_word():
    old = "Đã tổ chức 3 hội nghị quán triệt cho 240 đảng viên."
    new = "Đã tổ chức 5 hội nghị quán triệt cho 240 đảng viên."
    assert field_diff(old, new) == [
        ParagraphDiff(
            "edited",
            old=old,
            new=new,
            segments=[
                ("equal", "Đã tổ chức "),
                ("delete", "3"),
                ("insert", "5"),
                ("equal", " hội nghị quán triệt cho 240 đảng viên."),
            ],
        )
    ]


def test_a_rewritten_paragraph_is_shown_old_and_new_side_by_side():
    old = "Năm 2026 đã tổ chức 304 hội nghị quán triệt cho cán bộ chủ chốt."
    new = "Tổ chức 305 buổi sinh hoạt chuyên đề tại các chi bộ cơ sở trong năm."
    assert field_diff(old, new) == [ParagraphDiff("rewritten", old=old, new=new)]


def test_a_rewritten_stretch_inside_an_edited_paragraph_is_one_deletion_then_one_insertion():
    kept = "Ban Thường vụ Huyện ủy đã chỉ đạo các chi bộ, đảng bộ cơ sở quán triệt Kết luận 93."
    old = kept + " Năm 2026 đã tổ chức 304 hội nghị."
    new = kept + " Tổ chức 305 buổi sinh hoạt."
    [paragraph] = field_diff(old, new)
    assert paragraph.kind == "edited"
    changed = [op for op, _text in paragraph.segments if op != "equal"]
    # Not "đã tổTổ chức 304 hộibuổi": the words in common inside the rewritten stretch are
    # chaff, so the old words go out together and the new ones come in together.
    assert changed == ["delete", "insert"]
    assert old_and_new(paragraph.segments) == (old, new)


def test_paragraphs_are_paired_and_each_shown_as_it_changed():
    old = "Mở đầu không đổi.\nĐã tổ chức 3 hội nghị cho đảng viên.\nĐoạn sẽ bị xóa hẳn đi."
    new = (
        "Mở đầu không đổi.\nĐã tổ chức 5 hội nghị cho đảng viên.\n"
        "Một đoạn viết lại hoàn toàn khác.\nĐoạn thêm mới."
    )
    kinds = [(p.kind, p.old, p.new) for p in field_diff(old, new)]
    assert kinds == [
        ("same", "", "Mở đầu không đổi."),
        ("edited", "Đã tổ chức 3 hội nghị cho đảng viên.", "Đã tổ chức 5 hội nghị cho đảng viên."),
        ("rewritten", "Đoạn sẽ bị xóa hẳn đi.", "Một đoạn viết lại hoàn toàn khác."),
        ("added", "", "Đoạn thêm mới."),
    ]


def test_a_removed_paragraph_is_labelled_removed():
    kinds = [p.kind for p in field_diff("Một.\nHai ba bốn.\nNăm.", "Một.\nNăm.")]
    assert kinds == ["same", "removed", "same"]


def test_content_diff_lists_changed_fields_and_evidence():
    old = {
        "overall_assessment": "Tốt",
        "entries": [{"task": "1", "results": "Đã tổ chức 3 hội nghị", "status": "in_progress"}],
        "evidence": [{"task": "1", "name": "cu.pdf"}],
    }
    new = {
        "overall_assessment": "Tốt",
        "entries": [{"task": "1", "results": "Đã tổ chức 5 hội nghị", "status": "in_progress"}],
        "evidence": [{"task": "1", "name": "moi.pdf"}],
    }
    with translation.override("en"):
        diffs = content_diff(old, new)
    assert [(d.label, [p.kind for p in d.paragraphs]) for d in diffs] == [
        ("Task 1 – Results achieved", ["edited"]),
        ("Evidence files", ["added"]),
        ("Evidence files", ["removed"]),
    ]
    assert diffs[1].paragraphs[0].new == "moi.pdf (task 1)"


def test_content_diff_lists_changed_added_and_removed_figures():
    def figure(code, name, task, value):
        return {"code": code, "name": name, "unit_of_measure": "", "task": task, "value": value}

    old = {
        "indicators": [
            figure("hoi-nghi", "Số hội nghị", "", 3),
            figure("tin-bai", "Số tin, bài", "5.a", 10),
        ]
    }
    new = {
        "indicators": [
            figure("hoi-nghi", "Số hội nghị", "", 5),
            figure("nguoi", "Số lượt người", "", 120),
        ]
    }
    with translation.override("en"):
        diffs = content_diff(old, new)

    assert [(d.label, [p.kind for p in d.paragraphs]) for d in diffs] == [
        ("Số hội nghị", ["rewritten"]),
        ("Số lượt người", ["added"]),
        ("Task 5.a – Số tin, bài", ["removed"]),
    ]
    assert (diffs[0].paragraphs[0].old, diffs[0].paragraphs[0].new) == ("3", "5")
    # A revision saved before the indicators still compares (no "indicators" key).
    assert content_diff({}, {}) == []


def test_a_field_beyond_the_size_limit_is_side_by_side_only():
    old = "chữ " * (diff.SIDE_BY_SIDE_BEYOND // 4 + 1)
    [field] = content_diff({"difficulties": old}, {"difficulties": old + "thêm"})
    assert field.too_long
    assert field.paragraphs == [ParagraphDiff("rewritten", old=old.strip(), new=old + "thêm")]


def test_past_the_deadline_what_is_left_is_side_by_side(monkeypatch):
    monkeypatch.setattr(diff, "DIFF_SECONDS", 0)
    [field] = content_diff({"difficulties": "một hai ba"}, {"difficulties": "một hai bốn"})
    assert field.paragraphs == [ParagraphDiff("rewritten", old="một hai ba", new="một hai bốn")]


VOCABULARY = [
    "đã",
    "tổ",
    "chức",
    "hội",
    "nghị",
    "quán",
    "triệt",
    "cho",
    "cán",
    "bộ",
    "đảng",
    "viên",
    "nhân",
    "dân",
    "trong",
    "tỉnh",
    "về",
    "kết",
    "luận",
    "của",
    "bộ",
    "chính",
    "trị",
    "thực",
    "hiện",
    "kế",
    "hoạch",
    "năm",
    "chi",
    "bộ",
    "cơ",
    "sở",
    "tuyên",
    "truyền",
]


def three_thousand_words(seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VOCABULARY) for _ in range(3000)]


def adversarial_pairs():
    words = three_thousand_words(1)
    old = " ".join(words)
    yield (
        "every 20th word changed",
        old,
        " ".join("MỚI" if i % 20 == 0 else w for i, w in enumerate(words)),
    )
    yield (
        "every other word changed",
        old,
        " ".join("MỚI" if i % 2 == 0 else w for i, w in enumerate(words)),
    )
    yield "unrelated, same vocabulary", old, " ".join(three_thousand_words(2))
    yield "reversed", old, " ".join(reversed(words))
    yield "one word per line", "\n".join(words), "\n".join(three_thousand_words(3))


@pytest.mark.parametrize("name, old, new", list(adversarial_pairs()))
def test_a_3000_word_adversarial_pair_is_compared_in_well_under_a_second(name, old, new):
    started = time.perf_counter()
    diffs = content_diff({"difficulties": old}, {"difficulties": new})
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    [field] = diffs
    assert not field.too_long  # the word comparison itself was tried, not skipped for size


def test_every_20th_word_changed_keeps_word_marks_and_both_texts():
    old, new = next(p for p in adversarial_pairs() if p[0] == "every 20th word changed")[1:]
    segments = word_diff(old, new)
    assert old_and_new(segments) == (old, new)
    [paragraph] = field_diff(old, new)
    assert paragraph.kind == "edited"
    assert sum(op == "insert" for op, _text in paragraph.segments) >= 100
