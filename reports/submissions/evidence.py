"""Which evidence files are accepted: PDF, Word, Excel and images, recognised by their content.

The name a user gives a file proves nothing (a program renamed "bao-cao.pdf" is still a program),
so the first bytes decide what a file is, and the name's extension must agree with them.
"""

import hashlib
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


def _ooxml_kind(uploaded_file) -> tuple[Kind, ...]:
    # Any zip starts with PK: only one holding a Word or Excel part is an Office document.
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ()
    if "[Content_Types].xml" not in names:
        return ()
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
    return tuple(kinds)


def check_evidence_file(uploaded_file) -> CheckedFile:
    """Accept the file or raise ValidationError with a message the user can act on."""
    limit = settings.EVIDENCE_MAX_BYTES
    size = uploaded_file.size
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
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
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return CheckedFile(kind=matching[0], size=size, sha256=digest.hexdigest())
