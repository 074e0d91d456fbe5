"""Evidence that would act on a reviewer's desktop is refused, and uploads are cut off while
they arrive (config/uploads.py), with a Vietnamese message and nothing stored."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from reports.submissions import services
from reports.submissions.evidence import check_evidence_file, safe_file_name
from reports.submissions.models import Evidence
from tests.reports.reporting_data import TINY_PDF
from tests.reports.submissions.test_unit_report_views import (
    first_entry,
    form_data,
    page_text,
    state,
    vi,
)

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def a_docx() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Kế hoạch tuyên truyền")
    document.save(out)
    return out.getvalue()


def a_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def a_pdf(*, action: bytes | None = None, compressed: bool = False) -> bytes:
    """A one-catalog PDF whose /OpenAction is `action`; with `compressed`, its objects are
    packed in a Flate-compressed object stream (as Acrobat and Word write them), so the action's
    name never appears in the file's bytes."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + (b" /OpenAction 3 0 R" if action else b"") + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        action or b"<< >>",
    ]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    if not compressed:
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 4\n0000000000 65535 f \n"
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)
    header, body, position = b"", b"", 0
    for number, content in enumerate(objects, start=1):
        header += b"%d %d " % (number, position)
        body += content + b"\n"
        position = len(body)
    packed = zlib.compress(header + body)
    stream_offset = len(out)
    out += b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\n" % (
        len(header),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (2, 4, 2), (1, stream_offset, 0)]
    rows.append((1, xref_offset, 0))
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(table)
    out += b"stream\n" + table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


JAVASCRIPT = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
LAUNCH = b"<< /S /Launch /F (cmd.exe) >>"


@pytest.fixture
def owner_client(client, users):
    client.force_login(users["owner"])
    return client


def refused_code(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check_evidence_file(SimpleUploadedFile(name, content))
    return caught.value.code


def test_ordinary_office_files_and_pdfs_are_accepted():
    assert check_evidence_file(SimpleUploadedFile("ke-hoach.docx", a_docx())).kind.label == "Word"
    assert check_evidence_file(SimpleUploadedFile("trang.pdf", a_pdf())).kind.label == "PDF"
    packed = a_pdf(action=b"<< /S /GoTo /D [0 /Fit] >>", compressed=True)
    assert check_evidence_file(SimpleUploadedFile("trang.pdf", packed)).kind.label == "PDF"


@pytest.mark.parametrize(
    "members",
    [
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w/>",
         "word/vbaProject.bin": b"\x00" * 64},
        {"[Content_Types].xml": CONTENT_TYPES.replace(".main", ".macroEnabled.main"),
         "word/document.xml": b"<w/>"},
    ],
    ids=["vba-project", "macro-enabled-content-type"],
)  # fmt: skip
def test_a_macro_enabled_document_renamed_docx_is_refused(members):
    assert refused_code("bao-cao.docx", a_zip(members)) == "macros"


def test_an_old_office_file_with_macros_is_refused():
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "WordDocument".encode("utf-16-le")
        + b"\x00" * 32
        + "Macros".encode("utf-16-le")
    )
    assert refused_code("bao-cao.doc", ole) == "macros"


def test_a_zip_bomb_inside_an_office_file_is_refused():
    # 64 MB of zeros packs into about 64 KB: a ratio no real document has.
    bomb = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"0" * (64 * 1024 * 1024)}
    assert refused_code("bao-cao.docx", a_zip(bomb)) == "archive"


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/tmp/x", "word\\..\\..\\x", "C:/x"])
def test_an_office_file_naming_a_path_outside_itself_is_refused(name):
    members = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w/>", name: b"x"}
    assert refused_code("bao-cao.docx", a_zip(members)) == "archive"


@pytest.mark.parametrize(
    "content",
    [
        a_pdf(action=JAVASCRIPT),
        a_pdf(action=JAVASCRIPT, compressed=True),
        a_pdf(action=LAUNCH),
        a_pdf(action=LAUNCH, compressed=True),
        a_pdf(action=b"<< /S /J#61vaScript /J#53 (x) >>"),
    ],
    ids=["javascript", "javascript-in-object-stream", "launch", "launch-in-object-stream",
         "escaped-names"],
)  # fmt: skip
def test_a_pdf_with_javascript_or_a_launch_action_is_refused(content):
    assert refused_code("bao-cao.pdf", content) == "active_pdf"


def test_bidi_controls_are_stripped_from_stored_names(lhh_report, users):
    evidence = services.evidence_add(
        report=lhh_report,
        entry=None,
        uploaded_file=SimpleUploadedFile("anh\u202egpj.pdf", TINY_PDF),
        user=users["owner"],
    )
    assert evidence.original_name == "anhgpj.pdf"
    assert safe_file_name("\u2066\u200ftệp.pdf\u2069") == "tệp.pdf"


def test_a_file_over_the_limit_is_dropped_as_it_arrives(owner_client, lhh_report, settings):
    settings.EVIDENCE_MAX_BYTES = settings.UPLOAD_MAX_FILE_BYTES = 64 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the rest of a file would go to a temp file
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-evidence"] = SimpleUploadedFile("lon.pdf", TINY_PDF + b"0" * 300_000)
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert vi("The file is too large (%(size)s). The limit is %(limit)s per file.").split(" (")[
        0
    ] in page_text(response)
    assert state(lhh_report) == before
    assert not Evidence.objects.exists()


def test_a_body_declared_too_large_is_refused_unread(owner_client, lhh_report, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    before = state(lhh_report)
    response = owner_client.post(
        reverse("report_edit", args=[lhh_report.pk]),
        form_data(lhh_report),
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()
    assert state(lhh_report) == before
