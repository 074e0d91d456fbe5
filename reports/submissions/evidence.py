"""Which evidence files are accepted: PDF, Word, Excel and images, recognised by their content.

The name a user gives a file proves nothing (a program renamed "bao-cao.pdf" is still a program),
so the first bytes decide what a file is, and the name's extension must agree with them. Files
reach reviewers' desktops, so what would act when opened is refused too: Office files holding
macros, zip archives that expand absurdly or name paths outside themselves, PDFs with
JavaScript or launch actions. Names lose the bidirectional controls that disguise an extension
("bao-cao\u202efdp.exe" shows as "bao-caoexe.pdf").
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("PDF", "application/pdf", (".pdf",))
DOC = Kind("Word", "application/msword", (".doc",))
DOCX = Kind(
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLS = Kind("Excel", "application/vnd.ms-excel", (".xls",))
XLSX = Kind(
    "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PNG = Kind("PNG", "image/png", (".png",))
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
GIF = Kind("GIF", "image/gif", (".gif",))
WEBP = Kind("WebP", "image/webp", (".webp",))

ALL_KINDS = (PDF, DOC, DOCX, XLS, XLSX, PNG, JPEG, GIF, WEBP)
ACCEPT_ATTRIBUTE = ",".join(ext for kind in ALL_KINDS for ext in kind.extensions)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the directory of an OLE2 compound file, stored as UTF-16LE.
OLE_WORD_STREAM = "WordDocument".encode("utf-16-le")
OLE_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
# The VBA project of a macro-enabled .doc or .xls ("Macros" in Word, "_VBA_PROJECT_CUR" in Excel).
OLE_MACRO_STREAMS = tuple(
    name.encode("utf-16-le") for name in ("Macros", "_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA")
)

# An Office file is a zip: a real document expands a few times over, never a hundred; and none
# holds tens of thousands of parts or expands past a few hundred megabytes.
ZIP_MAX_RATIO = 100
ZIP_MAX_EXPANDED = 256 * 1024 * 1024
ZIP_MAX_MEMBERS = 5000
# What a PDF must not hold: scripts and actions that run or open something when it is viewed.
PDF_ACTIVE_NAMES = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
# Controls that reorder how a name is displayed (U+202A-U+202E, U+2066-U+2069) or mark its
# direction (U+200E, U+200F, U+061C).
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)


def safe_file_name(name: str) -> str:
    """The name as stored and shown: without bidirectional controls, at most 255 characters."""
    return name.translate(BIDI_CONTROLS).strip()[:255] or "tep"


@dataclass(frozen=True)
class CheckedFile:
    kind: Kind
    size: int
    sha256: str


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _kinds_by_content(uploaded_file) -> tuple[Kind, ...]:
    """The kinds the content can be; empty if it is none of the accepted ones."""
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    if head.startswith(b"%PDF-"):
        return (PDF,)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return (PNG,)
    if head.startswith(b"\xff\xd8\xff"):
        return (JPEG,)
    if head.startswith((b"GIF87a", b"GIF89a")):
        return (GIF,)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return (WEBP,)
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(uploaded_file)
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(uploaded_file)
    return ()


def _refuse(code: str) -> ValidationError:
    messages = {
        "macros": _(
            "The file contains macros, which are not accepted. Save it as an ordinary document "
            "(.docx, .xlsx) or as PDF and attach it again."
        ),
        "archive": _(
            "The file is not an ordinary Office document (its content is damaged or "
            "abnormally compressed). Save it again from Word or Excel, or as PDF."
        ),
        "active_pdf": _(
            "The PDF contains scripts or actions that run when it is opened, which are not "
            "accepted. Print it again to PDF (without attachments) and attach that file."
        ),
    }
    return ValidationError(messages[code], code=code)


def _check_archive(archive: zipfile.ZipFile) -> list[str]:
    """The member names, once the archive is known to be safe to hand to a reviewer."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise _refuse("archive")
    expanded = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if expanded > ZIP_MAX_EXPANDED or expanded > ZIP_MAX_RATIO * max(packed, 1):
        raise _refuse("archive")
    names = [member.filename for member in members]
    for name in names:
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ":" in parts[0] or ".." in parts:
            raise _refuse("archive")
        if parts[-1].lower() in ("vbaproject.bin", "vbadata.xml"):
            raise _refuse("macros")
    return names


def _ooxml_kind(uploaded_file) -> tuple[Kind, ...]:
    # Any zip starts with PK: only one holding a Word or Excel part is an Office document.
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = _check_archive(archive)
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return ()
    if not content_types:
        return ()
    if b"macroEnabled" in content_types or b"vbaProject" in content_types:
        raise _refuse("macros")
    if any(name.startswith("word/") for name in names):
        return (DOCX,)
    if any(name.startswith("xl/") for name in names):
        return (XLSX,)
    return ()


def _ole_kind(uploaded_file) -> tuple[Kind, ...]:
    # Old Office files share one container format; the stream names tell Word from Excel.
    uploaded_file.seek(0)
    content = uploaded_file.read(settings.EVIDENCE_MAX_BYTES + 1)
    kinds = []
    if OLE_WORD_STREAM in content:
        kinds.append(DOC)
    if any(stream in content for stream in OLE_EXCEL_STREAMS):
        kinds.append(XLS)
    if kinds and any(stream in content for stream in OLE_MACRO_STREAMS):
        raise _refuse("macros")
    return tuple(kinds)


def _pdf_is_active(uploaded_file) -> bool:
    """Whether the PDF holds JavaScript, a launch action or an embedded file: the names read
    from its objects by pypdf (which opens compressed object streams), and in the raw bytes with
    "#xx" escapes decoded ("/J#61vaScript" is "/JavaScript")."""
    uploaded_file.seek(0)
    raw = uploaded_file.read()
    decoded = _PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), raw)
    if any(name + suffix in decoded for name in PDF_ACTIVE_NAMES for suffix in _NAME_ENDS):
        return True
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
        root = reader.trailer["/Root"]
        if "/OpenAction" in root or "/AA" in root:
            action = root.get("/OpenAction")
            if "/AA" in root or _is_active_action(action):
                return True
        names = root.get("/Names") or {}
        if "/JavaScript" in names or "/EmbeddedFiles" in names:
            return True
        for page in reader.pages:
            if "/AA" in page:
                return True
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if _is_active_action(annotation.get("/A")) or "/AA" in annotation:
                    return True
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot read is judged by its bytes alone
        return False
    return False


def _is_active_action(action) -> bool:
    if action is None or not hasattr(action, "get_object"):
        return False
    action = action.get_object()
    return hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch")


# A name token ends at whitespace or a delimiter; "/JSON" is not "/JS".
_NAME_ENDS = (b" ", b"\n", b"\r", b"\t", b"/", b"(", b"<", b"[", b">", b"]")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def check_evidence_file(uploaded_file) -> CheckedFile:
    """Accept the file or raise ValidationError with a message the user can act on."""
    limit = settings.EVIDENCE_MAX_BYTES
    size = uploaded_file.size
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    # A file the upload handler cut off as it arrived (config/uploads.py) has no content left.
    if size > limit or getattr(uploaded_file, "refused", False):
        limit = min(limit, settings.UPLOAD_MAX_FILE_BYTES)
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s per file.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    kinds = _kinds_by_content(uploaded_file)
    if not kinds:
        raise ValidationError(
            _(
                "This type of file is not accepted. Attach a PDF, Word (.doc, .docx), "
                "Excel (.xls, .xlsx) or image (.png, .jpg, .gif, .webp) file."
            ),
            code="wrong_type",
        )
    extension = _extension(uploaded_file.name)
    matching = [kind for kind in kinds if extension in kind.extensions]
    if not matching:
        raise ValidationError(
            _(
                "The file's name does not match its content: “%(name)s” is really a "
                "%(kind)s file. Attach the original file without renaming it."
            )
            % {"name": uploaded_file.name, "kind": kinds[0].label},
            code="renamed",
        )
    if matching[0] is PDF and _pdf_is_active(uploaded_file):
        raise _refuse("active_pdf")
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return CheckedFile(kind=matching[0], size=size, sha256=digest.hexdigest())
