"""Unit names as directives write them, matched against the registry."""

from datetime import date

import pytest

from units.matching import UnitMatcher, key
from units.models import Unit
from units.seed import load_units

from ..conftest import make_unit

DAY = date(2021, 1, 4)


@pytest.fixture
def matcher(db):
    load_units()
    return UnitMatcher(DAY)


def test_key_folds_diacritics_case_and_abbreviations():
    assert key("UBND tỉnh") == key("Ủy ban nhân dân Tỉnh")
    assert key("Liên hiệp các Hội KH&KT tỉnh") == key("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh")
    assert key("Đảng đoàn HĐND tỉnh") == "dang doan hoi dong nhan dan tinh"
    assert key("Ủy ban MTTQ Việt Nam tỉnh") == key("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    assert key("giúp việc TU") == "giup viec tinh uy"
    assert key("Huyện ủy Tư Nghĩa") == "huyen uy tu nghia"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Đảng đoàn Hội đồng nhân dân tỉnh", "dd-hdnd"),  # full name
        ("Đảng đoàn HĐND tỉnh", "dd-hdnd"),  # short name
        ("Ban Cán sự đảng Ủy ban nhân dân tỉnh", "bcsd-ubnd"),  # case
        ("Ban can su dang UBND tinh", "bcsd-ubnd"),  # no diacritics
        ("BTGTU", "btgtu"),  # symbol, unique among units in force
        ("Liên hiệp các Hội KH&KT tỉnh", "dd-lhh"),
        ("Ban Tuyen giao Tinh uy.", "btgtu"),
        ("Ban Tuyên giáo Tỉnh uỷ", "btgtu"),  # old-style tone placement
        ("Ban Tuyên giáo Tỉnh ủ", "btgtu"),  # a typo: a near match
    ],
)
def test_a_name_as_written_finds_its_unit(matcher, written, code):
    link = matcher.match(written)
    assert link.unit is not None and link.unit.code == code


def test_a_shared_symbol_matches_no_unit(matcher):
    # "ĐĐ" is the symbol of every đảng đoàn: it names none of them.
    assert not matcher.match("ĐĐ").matched


def test_aliases_are_names_too(db):
    load_units()
    Unit.objects.filter(code="dd-lhh").update(aliases="Liên hiệp Hội\nLHH Quảng Ngãi")
    assert UnitMatcher(DAY).match("LHH Quảng Ngãi").unit.code == "dd-lhh"


def test_only_units_in_force_on_the_date_match(db):
    load_units()
    make_unit("cu", name="Sở Khoa học tỉnh", valid_to=date(2020, 12, 31))
    make_unit("moi", name="Sở Khoa học tỉnh", valid_from=date(2021, 1, 1))
    assert UnitMatcher(DAY).match("Sở Khoa học tỉnh").unit.code == "moi"
    assert UnitMatcher(date(2020, 6, 1)).match("Sở Khoa học tỉnh").unit.code == "cu"


def test_ties_are_broken_the_same_way_every_time(db):
    make_unit("b-unit", name="Sở Nội vụ tỉnh A", kind="tw", position=2)
    make_unit("a-unit", name="Sở Nội vụ tỉnh B", kind="tw", position=1)
    codes = {UnitMatcher(DAY).match("Sở Nội vụ tỉnh C").unit.code for _ in range(3)}
    assert codes == {"a-unit"}  # equal scores: the first in the registry's order (position)


def test_a_phrase_names_several_units_and_keeps_unknown_ones(matcher):
    links = matcher.match_phrase(
        "Ban Tuyên giáo Tỉnh ủy, Ban Dân vận Tỉnh ủy và Sở Khoa học và Công nghệ"
    )
    assert [(link.written, link.unit.code if link.unit else None) for link in links] == [
        ("Ban Tuyên giáo Tỉnh ủy", "btgtu"),
        ("Ban Dân vận Tỉnh ủy", "bdvtu"),
        ("Sở Khoa học và Công nghệ", None),
    ]


def test_a_name_with_and_inside_stays_one_unit(matcher):
    (link,) = matcher.match_phrase("Đảng đoàn Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh")
    assert link.unit.code == "dd-lhh"


def test_a_group_name_matches_the_group(matcher):
    link = matcher.match("MTTQ và các tổ chức chính trị - xã hội tỉnh,")
    assert link.group is not None and link.group.code == "mttq-doan-the"
