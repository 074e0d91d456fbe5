"""The draft's PDF preview, rendered once per content: the last rendering of each draft is kept
in the storage of the issued PDFs, named by the digest of what it was made from (its HTML and
print stylesheet, WeasyPrint's version), so opening the preview again without a change, from
any app server sharing that storage, costs a read instead of a rendering."""

import logging

from django.core.files.base import ContentFile

from documents.pdf import pdf_source, render_source
from reports.consolidated import drafting
from reports.consolidated.models import ConsolidatedReport

logger = logging.getLogger(__name__)


def _storage():
    return ConsolidatedReport._meta.get_field("pdf").storage


def _folder(report: ConsolidatedReport) -> str:
    return f"consolidated/previews/{report.pk}"


def preview_pdf(report: ConsolidatedReport) -> bytes:
    """The draft as PDF with its watermark, from the stored rendering when nothing changed."""
    source = pdf_source(drafting.build_document(report, draft=True))
    storage, folder = _storage(), _folder(report)
    name = f"{folder}/{source.digest()}.pdf"
    try:
        with storage.open(name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        pass
    content, _pages = render_source(source)
    forget_previews(report)
    # Two servers rendering the same draft at once store it twice (the second under a name
    # the storage makes up): harmless, the next change of the draft removes both.
    storage.save(name, ContentFile(content))
    return content


def forget_previews(report: ConsolidatedReport) -> None:
    """Remove the stored preview renderings of a report (only the last one is worth keeping)."""
    storage, folder = _storage(), _folder(report)
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        try:
            storage.delete(f"{folder}/{file}")
        except OSError:  # already removed by another server
            logger.info("Preview %s/%s was already gone", folder, file)
