"""Bulk import of the Department's list of units (issue 10 item 4): read, check, preview,
write all or nothing, and the same file twice changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_unit, make_user
from tests.units.import_files import HEADER, csv_bytes, unit_row, xlsx
from units import imports
from units.models import Unit, UnitKind
from units.services import ImportStale, unit_import

pytestmark = pytest.mark.django_db


def plan_of(data: bytes, name: str = "ds.xlsx") -> imports.ImportPlan:
    return imports.read_and_plan(data, name)


def messages(plan) -> list[str]:
    return [str(error) for error in plan.errors]


def snapshot():
    return sorted(
        Unit.objects.values_list(
            "code",
            "name",
            "short_name",
            "symbol",
            "kind",
            "parent__code",
            "valid_from",
            "valid_to",
            "aliases",
            "position",
        )
    )


def test_a_valid_file_creates_the_units_and_the_same_file_again_changes_nothing():
    data = xlsx(
        [
            # a parent defined further down the same file
            unit_row("xa-a", parent="tinh", since="01/07/2025", aliases="Xã A; UBND xã A"),
            unit_row("tinh", "Tỉnh ủy", kind="lanhdao", symbol="TU"),
            unit_row("xa-b", parent="tinh", since=datetime.datetime(2025, 7, 1)),
        ]
    )

    plan = unit_import(data=data, filename="ds.xlsx")

    assert plan.counts == {"new": 3, "changed": 0, "unchanged": 0}
    a = Unit.objects.get(code="xa-a")
    assert a.parent.code == "tinh"
    assert a.valid_from == datetime.date(2025, 7, 1)
    assert a.aliases == "Xã A\nUBND xã A"
    assert Unit.objects.get(code="xa-b").valid_from == datetime.date(2025, 7, 1)
    before = snapshot()

    again = unit_import(data=data, filename="ds.xlsx")

    assert again.counts == {"new": 0, "changed": 0, "unchanged": 3}
    assert not again.has_changes
    assert snapshot() == before


def test_one_bad_row_refuses_the_whole_file_and_writes_nothing():
    make_unit("cu", name="Tên cũ")
    before = snapshot()
    data = xlsx(
        [
            unit_row("moi-1"),
            unit_row("cu", "Tên mới"),
            unit_row("moi-2", since="31/02/2025"),  # no such day
            unit_row("moi-3"),
        ]
    )

    plan = plan_of(data)
    with pytest.raises(ValidationError):
        unit_import(data=data, filename="ds.xlsx")

    assert messages(plan) == [
        "Dòng 4, cột G (Hiệu lực từ): “31/02/2025” không phải là ngày; hãy viết theo dạng "
        "dd/mm/yyyy."
    ]
    assert snapshot() == before


def test_every_error_names_its_row_and_column_in_vietnamese():
    make_unit("co-san")
    data = csv_bytes(
        [
            unit_row("a", kind="khong-co"),
            unit_row("b", parent="khong-ai"),
            unit_row("a"),
            unit_row("Mã có dấu"),
            unit_row("c", short=""),
            unit_row("d", since="01/07/2025", until="30/06/2025"),
            ["", "", "", "", "", "", "", "", ""],  # an empty row is skipped, not an error
            unit_row("e", parent="f"),
            unit_row("f", parent="e"),
            unit_row("g", since="2025-13-01"),
        ]
    )

    found = messages(plan_of(data, "ds.csv"))

    assert found == [
        "Dòng 2, cột E (Loại): không có loại “khong-co”; hãy dùng một loại trong tệp mẫu.",
        "Dòng 3, cột F (Mã đơn vị cấp trên): không có đơn vị nào mang mã khong-ai, trong sổ "
        "đăng ký hay trong tệp này.",
        "Dòng 4, cột A (Mã): mã a đã có ở dòng 2.",
        "Dòng 5, cột A (Mã): “Mã có dấu”: mã chỉ gồm chữ không dấu, chữ số và dấu gạch "
        "ngang, ví dụ huyen-uy-binh-son.",
        "Dòng 6, cột C (Tên viết tắt): ô này bắt buộc.",
        "Dòng 7, cột H (Hiệu lực đến): ngày kết thúc trước ngày bắt đầu.",
        "Dòng 9, cột F (Mã đơn vị cấp trên): các đơn vị cấp trên quay vòng trở lại e.",
        "Dòng 10, cột F (Mã đơn vị cấp trên): các đơn vị cấp trên quay vòng trở lại f.",
        "Dòng 11, cột G (Hiệu lực từ): “2025-13-01” không phải là ngày; hãy viết theo dạng "
        "dd/mm/yyyy.",
    ]


def test_a_change_is_shown_field_by_field_old_to_new():
    parent = make_unit("tinh", kind=UnitKind.LEADERSHIP)
    make_unit("x", name="Tên cũ", symbol="X", parent=parent)
    data = xlsx([unit_row("x", "Tên mới", short="ĐV x", symbol="X", kind="huyen", until="")])

    plan = plan_of(data)

    [unit] = plan.units
    assert unit.status == "changed"
    assert [(c.field, c.old, c.new) for c in unit.changes] == [
        ("name", "Tên cũ", "Tên mới"),
        ("parent", "tinh", "—"),
    ]
    assert plan.warnings  # a changed name is a correction, not a dated rename


def test_columns_the_file_does_not_have_are_left_alone():
    make_unit("x", aliases="Tên khác", valid_from=datetime.date(2021, 1, 1))
    data = xlsx([["x", "Đơn vị x", "ĐV x", "huyen"]], header=["Mã", "Tên", "Tên viết tắt", "Loại"])

    plan = unit_import(data=data, filename="ds.xlsx")

    assert plan.counts["unchanged"] == 1
    unit = Unit.objects.get(code="x")
    assert unit.aliases == "Tên khác"
    assert unit.valid_from == datetime.date(2021, 1, 1)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (csv_bytes([unit_row("x", "Liên hiệp")], bom=True), "ds.csv"),
        (csv_bytes([unit_row("x", "Liên hiệp")], bom=False), "ds.csv"),
        (csv_bytes([unit_row("x", "Liên hiệp")], delimiter=";"), "ds.csv"),
        (csv_bytes([unit_row("x", "Liên hiệp")], delimiter="\t"), "ds.txt"),
        (
            csv_bytes([unit_row("x", "Liên hiệp")], bom=False).decode().encode("utf-16"),
            "ds.txt",
        ),
    ],
)
def test_text_files_in_the_encodings_and_separators_excel_writes(data, name):
    [unit] = plan_of(data, name).units
    assert unit.values["name"] == "Liên hiệp"
    assert unit.values["kind"] == "huyen"


def test_the_kind_may_be_written_as_its_vietnamese_name():
    data = xlsx([unit_row("x", kind="Huyện ủy, thị ủy, thành ủy")])
    [unit] = plan_of(data).units
    assert unit.values["kind"] == "huyen"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7 binary", "ds.pdf", "không phải bảng tính"),
        (b"PK\x03\x04 not really a zip", "ds.xlsx", "không phải tệp Excel (.xlsx) hợp lệ"),
        (b"%PDF-1.7 \x00\x01", "ds.xlsx", "không phải tệp Excel (.xlsx) hợp lệ"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ds.xls", "không phải bảng tính"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ds.csv", ".xls"),
        ("Ma,Tên\nx,Tên".encode("cp1258"), "ds.csv", "UTF-8"),
        (b"Ma\xe3,T\xean\n", "ds.csv", "UTF-8"),
        (b"a,b,c\n1,2,3\n", "ds.csv", "“Mã”"),
        (b"\n\n  \n", "ds.csv", "rỗng"),
        ("\ufeffMã,Tên đầy đủ,Tên viết tắt,Loại\n,,,\n".encode(), "ds.csv", "không có đơn vị"),
        (b"x" * (imports.MAX_BYTES + 1), "ds.csv", "quá lớn"),
    ],
)
def test_what_is_not_a_readable_spreadsheet_is_refused_with_a_message(data, name, message):
    with pytest.raises(imports.FileRefused) as refused:
        imports.read_and_plan(data, name)
    assert message in str(refused.value)


def test_a_row_that_ends_a_unit_with_work_is_refused_and_points_to_the_event_pages(
    directive_186,
):
    unit = directive_186.tasks.filter(lead_units__isnull=False).first().lead_units.first()
    make_user("nguoi", unit)
    data = xlsx(
        [
            unit_row(
                unit.code,
                unit.name,
                short=unit.short_name,
                symbol=unit.symbol,
                kind=unit.kind,
                parent=unit.parent.code if unit.parent else "",
                until="30/06/2025",
                aliases=unit.aliases,
            )
        ]
    )

    [message] = messages(plan_of(data))

    assert message.startswith("Dòng 2, cột H (Hiệu lực đến): ")
    assert "nhiệm vụ" in message and "tài khoản" in message
    assert "trang thay đổi" in message
    assert Unit.objects.get(pk=unit.pk).valid_to is None


def test_a_unit_without_work_may_be_given_an_end_date():
    make_unit("cu")
    plan = unit_import(data=xlsx([unit_row("cu", until="30/06/2025")]), filename="ds.xlsx")
    assert plan.counts["changed"] == 1
    assert Unit.objects.get(code="cu").valid_to == datetime.date(2025, 6, 30)


def test_a_preview_confirmed_after_the_registry_changed_is_not_written():
    data = xlsx([unit_row("x", "Tên trong tệp")])
    digest = plan_of(data).digest
    make_unit("x", name="Tên người khác vừa nhập")

    with pytest.raises(ImportStale):
        unit_import(data=data, filename="ds.xlsx", expected_digest=digest)

    assert Unit.objects.get(code="x").name == "Tên người khác vừa nhập"


def test_the_queries_do_not_grow_with_the_file(django_assert_num_queries):
    make_unit("tinh", kind=UnitKind.LEADERSHIP)

    def rows(n, prefix):
        # a parent in the registry, a parent in the file, and a change to an existing unit
        return [unit_row(f"{prefix}-0", parent="tinh")] + [
            unit_row(f"{prefix}-{i}", parent=f"{prefix}-0") for i in range(1, n)
        ]

    unit_import(data=xlsx(rows(3, "old")), filename="ds.xlsx")
    small = xlsx(rows(3, "a") + [unit_row("old-1", "Đổi")])
    large = xlsx(rows(60, "b") + [unit_row(f"old-{i}", "Đổi") for i in range(3)])
    # savepoint, the registry, the new units without a new parent, those under them, the
    # changed units, release
    with django_assert_num_queries(6):
        unit_import(data=small, filename="ds.xlsx")
    with django_assert_num_queries(6):
        unit_import(data=large, filename="ds.xlsx")
    assert Unit.objects.filter(parent__code="b-0").count() == 59


def test_the_template_file_reads_back_as_an_empty_list_with_every_column():
    from units.views import template_workbook

    sheet = imports.read_sheet(template_workbook(), "mau.xlsx")
    assert list(sheet.columns) == [column.field for column in imports.COLUMNS]
    assert sheet.headers == HEADER


def test_a_title_above_the_header_row_is_skipped():
    data = xlsx([["Mã", *HEADER[1:]], unit_row("x")], header=["DANH SÁCH ĐƠN VỊ NĂM 2026"])
    [unit] = plan_of(data).units
    assert unit.code == "x"
