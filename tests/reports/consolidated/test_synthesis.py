"""Grouping the units' statements (reports/consolidated/synthesis.py)."""

import random

from reports.consolidated import synthesis
from reports.consolidated.synthesis import Statement, group_statements


def names_in(text):
    return tuple(name for name in ("ban tuyên giáo", "huyện ủy bình sơn") if name in text)


def _groups(statements):
    return [(g.text, g.unit_names) for g in group_statements(statements, names_in=names_in)]


def _s(text, unit):
    return Statement(text=text, unit_key=(unit,), unit_name=f"Đơn vị {unit}")


def test_the_same_sentence_from_several_units_is_printed_once_with_them():
    groups = _groups(
        [
            _s("Đã tổ chức quán triệt đến toàn thể cán bộ, đảng viên.", 2),
            _s("đã tổ chức quán triệt  đến toàn thể cán bộ đảng viên", 1),
            _s("Đã tổ chức quán triệt đến toàn thể cán bộ, đảng viên!", 3),
        ]
    )
    assert len(groups) == 1
    assert groups[0][1] == ["Đơn vị 1", "Đơn vị 2", "Đơn vị 3"]


def test_near_duplicates_are_grouped():
    groups = _groups(
        [
            _s("Đã xây dựng kế hoạch triển khai thực hiện Kết luận trong toàn đơn vị.", 1),
            _s("Đã xây dựng kế hoạch triển khai thực hiện Kết luận trong toàn thể đơn vị.", 2),
        ]
    )
    assert len(groups) == 1


def test_different_statements_stay_apart():
    groups = _groups(
        [_s("Đã tổ chức quán triệt.", 1), _s("Chưa có kinh phí cho công tác tuyên truyền.", 2)]
    )
    assert len(groups) == 2


def test_a_number_a_date_or_a_unit_name_keeps_statements_apart():
    assert (
        len(
            _groups(
                [_s("Tổ chức 3 hội nghị quán triệt.", 1), _s("Tổ chức 5 hội nghị quán triệt.", 2)]
            )
        )
        == 2
    )
    assert len(_groups([_s("Hội nghị ngày 15/3/2021.", 1), _s("Hội nghị ngày 16/3/2021.", 2)])) == 2
    assert (
        len(
            _groups(
                [
                    _s("Phối hợp với Ban Tuyên giáo tổ chức hội nghị.", 1),
                    _s("Phối hợp với Huyện ủy Bình Sơn tổ chức hội nghị.", 2),
                ]
            )
        )
        == 2
    )


def test_a_sentence_a_unit_repeats_is_printed_once_and_the_unit_counted_once():
    groups = _groups([_s("Đã quán triệt.", 1), _s("Đã quán triệt.", 1)])
    assert groups == [("Đã quán triệt.", ["Đơn vị 1"])]


def test_the_grouping_does_not_depend_on_the_order_of_the_rows():
    statements = [
        _s(text, unit)
        for unit in range(1, 30)
        for text in (
            "Đã tổ chức quán triệt đến cán bộ, đảng viên.",
            "Đã tổ chức quán triệt tới cán bộ, đảng viên.",
            f"Tổ chức {unit % 4} hội nghị.",
            "Kinh phí còn hạn hẹp.",
        )
    ]
    expected = _groups(statements)
    for seed in range(5):
        shuffled = statements[:]
        random.Random(seed).shuffle(shuffled)
        assert _groups(shuffled) == expected


def test_sentences_split_at_full_stops_not_inside_numbers():
    assert synthesis.sentences("Thực hiện mục 3.1 tốt. Còn khó khăn; cần hỗ trợ") == [
        "Thực hiện mục 3.1 tốt.",
        "Còn khó khăn; cần hỗ trợ",
    ]


def test_many_units_are_named_at_most_twice_then_counted():
    names = [f"Đơn vị {i}" for i in range(1, 10)]
    assert synthesis.units_phrase(names) == "Đơn vị 1, Đơn vị 2 và 7 đơn vị khác"
    assert synthesis.units_phrase(names[:3]) == "Đơn vị 1, Đơn vị 2 và Đơn vị 3"
