"""The reader: 186-CV/TU as text and as .docx, four other shapes, bad input, linear time."""

import contextlib
import io
import time
import zipfile
from datetime import date

import pytest

from directives.seed import SEED_186
from directives.seedtext import parse_document
from documents.reading import ReadError, read_docx, read_text

from . import shapes
from .seed_docx import seed_186_docx


def tree(tasks):
    return [(t.number, t.text, tree(t.children)) for t in tasks]


def flat(doc):
    return {t.number: t for t in doc.all_tasks()}


@pytest.mark.parametrize("read", ["text", "docx"])
def test_186_reads_as_load_seed_parses_it(read):
    seed = parse_document(SEED_186)
    doc = read_text(SEED_186.read_text()) if read == "text" else read_docx(seed_186_docx())
    tasks = flat(doc)
    assert [(n, t.text) for n, t in tasks.items()] == [(t.number, t.text) for t in seed.tasks]
    assert {n: (t.text and tasks[n].number) for n, t in tasks.items()}
    parents = {t.number: t.parent_number for t in seed.tasks}
    for top in doc.tasks:
        assert parents[top.number] is None
        for child in top.children:
            assert parents[child.number] == top.number
    assert (doc.number, doc.symbol, doc.document_type) == ("186", "CV/TU", "CV")
    assert (doc.place, doc.issued_on) == ("Quảng Ngãi", date(2021, 1, 4))
    assert doc.issuer_heading == seed.issuer_heading
    assert doc.subject == seed.subject
    assert doc.addressees == seed.addressees
    assert doc.preamble == seed.preamble
    assert doc.recipients == seed.distribution
    assert (doc.signing_authority, doc.signer_position, doc.signer_name) == (
        seed.signing_authority,
        seed.signer_position,
        seed.signer_name,
    )
    assert tasks["2"].lead_text == "Đảng đoàn Hội đồng nhân dân tỉnh"
    assert tasks["3"].lead_text == "Ban Cán sự đảng Ủy ban nhân dân tỉnh"
    assert tasks["3.1"].lead_text == ""  # carried out by its parent's unit
    assert tasks["5.b"].coordination_text == "các cơ quan liên quan"


def test_a_ke_hoach_reads_parts_word_numbering_and_deadlines():
    doc = read_docx(shapes.ke_hoach())
    assert (doc.document_type, doc.number, doc.symbol) == ("KH", "25", "KH/TU")
    assert (doc.parent_heading, doc.issuer_heading) == ("TỈNH ỦY QUẢNG NGÃI", "BAN THƯỜNG VỤ")
    assert doc.subject.startswith("triển khai thực hiện Nghị quyết số 57-NQ/TW")
    assert doc.subject.endswith("về đột phá phát triển khoa học, công nghệ")
    tasks = flat(doc)
    # The numbers Word shows (numbering.xml), not typed ones.
    assert [(n, t.label) for n, t in tasks.items()] == [
        ("I", "I-"),
        ("I.1", "1."),
        ("II", "II-"),
        ("II.1", "1."),
        ("II.2", "2."),
        ("II.2.1", "2.1."),
        ("II.2.1.a", "a)"),
        ("II.2.1.a.a", "-"),
        ("II.2.2", "2.2."),
        ("III", "III-"),
        ("III.1", "1."),
        ("III.2", "2."),
    ]
    first = tasks["II.1"]
    assert first.lead_text == "Ban Tuyên giáo Tỉnh ủy"
    assert first.coordination_text == "Ban Dân vận Tỉnh ủy, Ủy ban MTTQ Việt Nam tỉnh"
    assert (first.deadline.text, first.deadline.day) == ("trước ngày 30/6/2026", date(2026, 6, 30))
    assert (tasks["II.2.1"].deadline.text, tasks["II.2.1"].deadline.day) == (
        "quý III/2026",
        date(2026, 9, 30),
    )
    assert tasks["II.2.2"].deadline.recurring
    assert tasks["III.1"].deadline.day == date(2026, 9, 30)
    assert tasks["III.1"].coordination_text == "Sở Khoa học và Công nghệ"
    assert (doc.signing_authority, doc.signer_position, doc.signer_name) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Nguyễn Văn A",
    )


def test_a_chi_thi_reads_letters_plus_items_and_deliverables():
    doc = read_docx(shapes.chi_thi())
    assert (doc.document_type, doc.symbol, doc.issued_on) == ("CT", "CT/TU", date(2026, 2, 2))
    tasks = flat(doc)
    assert list(tasks) == ["1", "2", "3", "3.a", "3.b", "3.b.a"]
    assert tasks["3"].lead_text == "Ban Tuyên giáo Tỉnh ủy và Ban Dân vận Tỉnh ủy"
    assert tasks["3.a"].deadline.day == date(2026, 3, 31)
    assert tasks["3.b"].deadline.day == date(2027, 12, 31)
    assert tasks["3.b.a"].deliverable == "báo cáo sơ kết"
    assert doc.signer_name == "Trần Văn B"  # "(Đã ký)" is not the name


def test_an_action_plan_table_gives_tasks_with_their_columns():
    doc = read_docx(shapes.action_plan())
    tasks = flat(doc)
    assert list(tasks) == ["I", "I.1", "I.2", "II", "II.1"]
    row = tasks["I.2"]
    assert (row.text, row.lead_text, row.coordination_text) == (
        "Tổ chức hội thi tìm hiểu",
        "Liên đoàn Lao động tỉnh",
        "Hội LHPN tỉnh; Sở Giáo dục",
    )
    assert (row.deadline.text, row.deadline.day, row.deliverable) == (
        "Trước ngày 15/8/2026",
        date(2026, 8, 15),
        "Hội thi",
    )
    assert tasks["II.1"].deadline.recurring
    assert doc.signing_authority == "K/T TRƯỞNG BAN"


def test_a_thong_bao_ket_luan_reads_its_subject_in_capitals_and_lower_case():
    doc = read_docx(shapes.thong_bao())
    assert doc.document_type == "TB"
    assert doc.subject == (
        "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY về tình hình thực hiện Công văn số 186-CV/TU"
    )
    tasks = flat(doc)
    assert [(n, t.lead_text) for n, t in tasks.items()] == [
        ("1", "Ban Tuyên giáo Tỉnh ủy"),
        ("2", "Ủy ban Kiểm tra Tỉnh ủy"),
        ("3", "Hội Khuyến học tỉnh"),
    ]
    assert tasks["2"].deadline.day == date(2026, 12, 31)


def test_pasted_text_with_a_tab_separated_plan_reads_like_the_word_table():
    text = "\n".join(
        [
            "BAN TUYÊN GIÁO TỈNH ỦY",
            "Số 41-KH/BTGTU",
            "Quảng Ngãi, ngày 20 tháng 4 năm 2026",
            "KẾ HOẠCH",
            "tuyên truyền năm 2026",
            "",
            "Căn cứ hướng dẫn, Ban Tuyên giáo Tỉnh ủy ban hành Kế hoạch:",
            "TT\tNội dung\tChủ trì\tPhối hợp\tThời hạn\tSản phẩm",
            "1\tTuyên truyền\tBan Tuyên giáo Tỉnh ủy\tTỉnh đoàn\tquý II/2026\tTin bài",
        ]
    )
    doc = read_text(text)
    (task,) = doc.all_tasks()
    assert (task.number, task.lead_text, task.deadline.day) == (
        "1",
        "Ban Tuyên giáo Tỉnh ủy",
        date(2026, 6, 30),
    )


def _docx_without(member: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(shapes.chi_thi()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != member:
                target.writestr(item, source.read(item))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp trống"),
        (b"%PDF-1.7 not a word file", "không phải là tệp Word"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le"),
            "đặt mật khẩu",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "tệp Word cũ"),
        (_docx_without("word/document.xml"), "không phải là tệp Word"),
    ],
)
def test_a_bad_file_gets_a_clear_message(data, message):
    with pytest.raises(ReadError, match=message):
        read_docx(data)


def test_a_word_file_without_a_header_is_refused():
    from .builders import build

    data = build(["Ghi chú"], [""], ["Nội dung bất kỳ."], [""], [""])
    with pytest.raises(ReadError, match="Không nhận ra phần đầu"):
        read_docx(data)


@pytest.mark.parametrize("text", ["", "   \n\n", "Một đoạn văn không có số, ký hiệu."])
def test_text_without_a_header_is_refused(text):
    with pytest.raises(ReadError):
        read_text(text)


HEADER = "TỈNH ỦY QUẢNG NGÃI\nSố 1-CV/TU\nQuảng Ngãi, ngày 01 tháng 01 năm 2026\n*V/v thử*\n"


@pytest.mark.parametrize(
    "body",
    [
        "1.1.1.1." * 12_500,  # one marker that never ends
        "1. Ban " + "a " * 50_000,  # a subject with no verb and no colon
        ("1. a\n" * 20_000),  # the same number twenty thousand times
        "- " + "phối hợp với " * 8_000,  # a coordination phrase that never ends
        "quý " * 25_000,  # deadline phrases without a date
        "\n".join("x" * 120 for _ in range(800)),  # a paragraph cut on every line
        "Kính gửi:\n" + "- a,\n" * 20_000,
        ("a\tb\tc\n" * 16_000),
    ],
)
def test_reading_100_kb_of_adversarial_text_takes_under_a_second(body):
    text = (HEADER + body)[:100_000]
    start = time.perf_counter()
    with contextlib.suppress(ReadError):
        read_text(text)
    assert time.perf_counter() - start < 1.0


def test_numbering_carried_by_a_paragraph_style_is_read_as_word_shows_it():
    import docx as python_docx

    document = python_docx.Document()
    from .builders import layout_table

    layout_table(
        document,
        ["TỈNH ỦY QUẢNG NGÃI", "*", "Số 311-TB/TU"],
        ["Quảng Ngãi, ngày 11 tháng 5 năm 2026"],
    )
    for text in ("THÔNG BÁO", "kết luận về công tác phổ biến kiến thức"):
        document.add_paragraph(text)
    document.add_paragraph("Ban Thường vụ Tỉnh ủy kết luận như sau:")
    # "List Number" carries its list in the style: the paragraphs have no numbering of their own.
    document.add_paragraph("Ban Tuyên giáo Tỉnh ủy theo dõi việc thực hiện.", style="List Number")
    document.add_paragraph("Văn phòng Tỉnh ủy tổng hợp, báo cáo.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    doc = read_docx(out.getvalue())
    assert [(t.number, t.label, t.lead_text) for t in doc.all_tasks()] == [
        ("1", "1.", "Ban Tuyên giáo Tỉnh ủy"),
        ("2", "2.", "Văn phòng Tỉnh ủy"),
    ]


def test_text_pasted_from_word_without_blank_lines_reads_the_same_parts():
    text = "\n".join(
        [
            "TỈNH ỦY QUẢNG NGÃI",
            "BAN TUYÊN GIÁO",
            "*",
            "Số 15-CV/BTGTU",
            "V/v báo cáo kết quả thực hiện Công văn 186-CV/TU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Quảng Ngãi, ngày 05 tháng 01 năm 2026",
            "Kính gửi: Đảng đoàn Liên hiệp các Hội KH&KT tỉnh.",
            "Thực hiện chỉ đạo của Ban Thường vụ Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy đề nghị:",
            "1. Đảng đoàn Liên hiệp các Hội KH&KT tỉnh báo cáo kết quả thực hiện, gửi về Ban "
            "Tuyên giáo Tỉnh ủy trước ngày 15/01/2026.",
            "2. Văn phòng Tỉnh ủy phối hợp theo dõi.",
            "Nơi nhận:",
            "- Như trên,",
            "- Lưu BTG.",
            "K/T TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN",
            "Lê Thị C",
        ]
    )
    doc = read_text(text)
    assert (doc.parent_heading, doc.issuer_heading) == ("TỈNH ỦY QUẢNG NGÃI", "BAN TUYÊN GIÁO")
    assert doc.subject == "V/v báo cáo kết quả thực hiện Công văn 186-CV/TU"
    assert doc.addressees == ["Đảng đoàn Liên hiệp các Hội KH&KT tỉnh."]
    assert doc.preamble.startswith("Thực hiện chỉ đạo")
    first, second = doc.tasks
    assert (first.lead_text, first.deadline.day) == (
        "Đảng đoàn Liên hiệp các Hội KH&KT tỉnh",
        date(2026, 1, 15),
    )
    assert second.lead_text == "Văn phòng Tỉnh ủy"
    assert doc.recipients == ["Như trên,", "Lưu BTG."]
    assert (doc.signing_authority, doc.signer_position, doc.signer_name) == (
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Lê Thị C",
    )
