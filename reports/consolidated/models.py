"""The consolidated report of a period: terms (numbering), the report, its recipients,
its editable sections and their history.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import DocumentType
from reports.periods.models import ReportingPeriod
from units.models import Unit


class DocumentTermQuerySet(models.QuerySet):
    def covering(self, unit: Unit, day: datetime.date):
        """Terms of the unit or of the committee above it in force on `day`, latest first:
        a department numbers its documents within its Party committee's term."""
        units = [unit.pk, *(u.pk for u in unit.ancestors())]
        return (
            self.filter(unit_id__in=units, starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .order_by("-starts_on")
        )


class DocumentTerm(models.Model):
    """A term (nhiệm kỳ) of a Party committee. Document numbers of each type restart at 01 in
    every term (Hướng dẫn 36-HD/VPTW), so the term is part of a document's identity."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="terms"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("For example “2020-2025”."))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)

    objects = DocumentTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["unit", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "starts_on"],
                name="term_unique_start_per_unit",
                violation_error_message=_("This committee already has a term starting then."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="term_ends_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.unit.short_name} {self.name}"


class ConsolidatedReportQuerySet(models.QuerySet):
    def next_number(self, *, issuing_unit: Unit, term: DocumentTerm, document_type: str) -> int:
        """The next free number of this type in the term (the highest used plus one)."""
        highest = self.filter(
            issuing_unit=issuing_unit, term=term, document_type=document_type
        ).aggregate(highest=models.Max("number"))["highest"]
        return (highest or 0) + 1


def consolidated_pdf_path(instance: "ConsolidatedReport", filename: str) -> str:
    return f"consolidated/{instance.period_id}/{uuid.uuid4().hex}.pdf"


def consolidated_docx_path(instance: "ConsolidatedReport", filename: str) -> str:
    return f"consolidated/{instance.period_id}/{uuid.uuid4().hex}.docx"


class ConsolidatedReport(models.Model):
    """The report the monitoring department drafts from the units' reports for one period,
    edits section by section, and issues as a Party document. Once issued it is frozen: its PDF
    is generated once and kept with its SHA-256; a correction is a new report replacing it."""

    class Status(models.TextChoices):
        # Trình ký: a specialist drafts, submits to the signer (the head or deputy head of the
        # monitoring unit), who returns it with a comment (the text can be changed again) or
        # issues it. Every step is a ConsolidatedSigningStep.
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting signature")
        RETURNED = "returned", _("Returned for changes")
        ISSUED = "issued", _("Issued")

    class Generation(models.TextChoices):
        NONE = "", _("Not requested")
        PENDING = "pending", _("Waiting")
        GENERATING = "generating", _("Generating")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="consolidated_reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    include_submitted = models.BooleanField(
        _("include reports not yet accepted"),
        default=False,
        help_text=_("By default only accepted unit reports feed the draft."),
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+"
    )
    parent_body = models.CharField(_("parent body"), max_length=120)  # "TỈNH ỦY QUẢNG NGÃI"
    issuing_body = models.CharField(_("issuing body heading"), max_length=120)  # "BAN TUYÊN GIÁO"
    document_type = models.CharField(
        _("document type"), max_length=5, default="BC", choices=DocumentType.choices
    )
    term = models.ForeignKey(
        DocumentTerm,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=30)  # "BC/BTGTU"
    place = models.CharField(_("place"), max_length=80)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    subject = models.TextField(_("subject"))
    signing_authority = models.CharField(_("signing authority"), max_length=80, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=80, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # The annex table as drawn from the data: {"title", "columns", "rows"}.
    annex = models.JSONField(_("annex"), default=dict, blank=True)
    data_as_of = models.DateTimeField(_("data as of"))
    pdf = models.FileField(_("PDF"), upload_to=consolidated_pdf_path, max_length=255, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pdf_pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # The Word copy of an issued report is made once with its PDF and kept: a later change of
    # code or template never alters an issued document.
    docx = models.FileField(
        _("Word copy"), upload_to=consolidated_docx_path, max_length=255, blank=True
    )
    docx_sha256 = models.CharField(_("SHA-256 of the Word copy"), max_length=64, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    generation = models.CharField(
        _("PDF generation"),
        max_length=12,
        choices=Generation.choices,
        default=Generation.NONE,
        blank=True,
    )
    generation_error = models.TextField(_("generation error"), blank=True)
    # When a worker (or the issuing request) took the job: one still "generating" long after this
    # was stopped mid-way (killed worker, request timeout) and may be taken again.
    generation_started_at = models.DateTimeField(_("generation started at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The token of the "draft" form that made this report: a double click or a resent request
    # carries the same token and gets this report back instead of a second identical draft.
    creation_token = models.UUIDField(_("creation token"), null=True, blank=True, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    objects = ConsolidatedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        ordering = ["period", "created_at", "pk"]
        constraints = [
            # Numbering runs per document type within the issuing body's term.
            models.UniqueConstraint(
                fields=["issuing_unit", "term", "document_type", "number"],
                name="consolidated_unique_number_per_term",
                violation_error_message=_(
                    "This number is already used by another document of this type in this term."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "issued"]),
                name="consolidated_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="issued")
                | (
                    Q(number__isnull=False)
                    & Q(issued_on__isnull=False)
                    & Q(term__isnull=False)
                    & Q(issued_at__isnull=False)
                ),
                name="consolidated_issued_has_number_and_date",
                violation_error_message=_("An issued report has a number, a term and a date."),
            ),
            models.CheckConstraint(
                condition=Q(pdf="") | Q(status="issued"),
                name="consolidated_pdf_only_when_issued",
            ),
            models.CheckConstraint(
                condition=Q(docx="") | Q(status="issued"),
                name="consolidated_docx_only_when_issued",
            ),
        ]

    def __str__(self):
        if self.is_issued:
            return f"{self.number_line} – {self.period}"
        return f"{_('Draft')} – {self.period}"

    def get_absolute_url(self):
        return reverse("consolidated_detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_editable(self) -> bool:
        """The text can change while it is with the specialists (a draft, or returned by the
        signer), not while the signer reads it nor once it is issued."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_awaiting_signature(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def reference(self) -> str:
        """ "25-BC/BTGTU"; numbers under 10 are written with a leading zero ("01")."""
        number = f"{self.number:02d}" if self.number is not None else "..."
        return f"{number}-{self.symbol}"

    @property
    def number_line(self) -> str:
        return f"Số {self.reference}"

    @property
    def is_generating(self) -> bool:
        return self.generation in (self.Generation.PENDING, self.Generation.GENERATING)

    # A 150-unit PDF takes seconds; a job "generating" for this long has died with its process.
    GENERATION_STALLED_AFTER = datetime.timedelta(minutes=10)

    @property
    def generation_stalled(self) -> bool:
        return (
            self.generation == self.Generation.GENERATING
            and self.generation_started_at is not None
            and self.generation_started_at < timezone.now() - self.GENERATION_STALLED_AFTER
        )


class ConsolidatedSigningStep(models.Model):
    """One step of the trình ký of a report: submitted to the signer, returned with a comment,
    issued. Kept for the report's history; never changed or deleted."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for signature")
        RETURNED = "returned", _("Returned with comments")
        ISSUED = "issued", _("Signed and issued")

    report = models.ForeignKey(
        ConsolidatedReport, on_delete=models.CASCADE, related_name="signing_steps"
    )
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("signing step")
        verbose_name_plural = _("signing steps")
        ordering = ["report", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["submitted", "returned", "issued"]),
                name="consolidated_step_kind_known",
            ),
            # A report sent back says why: the specialist must know what to change.
            models.CheckConstraint(
                condition=~Q(kind="returned") | ~Q(comment=""),
                name="consolidated_step_return_has_comment",
                violation_error_message=_("A returned report needs a comment."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.at:%Y-%m-%d %H:%M}"


class ConsolidatedRecipient(models.Model):
    """One line of the report's "Nơi nhận", as printed, with the unit it reaches if any.
    Members of those units may download the issued report."""

    report = models.ForeignKey(
        ConsolidatedReport, on_delete=models.CASCADE, related_name="recipients"
    )
    position = models.PositiveIntegerField(_("position"))
    text = models.CharField(_("text as printed"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    # How many people were told when the report was issued (in the app and by email); 0 for a
    # line naming no unit or a unit with no account, so the Department can send it by hand.
    # Empty before issue and for the file copy.
    reached = models.PositiveIntegerField(_("people told"), null=True, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"], name="consolidated_recipient_unique_position"
            )
        ]
        indexes = [
            # Download access: "is one of the user's units on this report's list?"
            models.Index(fields=["unit", "report"], name="consol_recipient_unit_idx"),
        ]

    def __str__(self):
        return self.text


class ConsolidatedSection(models.Model):
    """One editable part of the report (the opening, I-, a task's subsection ...). The body is
    light markup (documents.markup); `key` says which part of the data it was drafted from."""

    report = models.ForeignKey(
        ConsolidatedReport, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("key"), max_length=40)
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=255, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    body = models.TextField(_("text"), blank=True)
    # Bumped by every save: the editor sends the version it was read at, and a save from an
    # older version is refused (HTTP 409) instead of overwriting a colleague's edit.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="consolidated_section_unique_key"
            ),
            models.UniqueConstraint(
                fields=["report", "position"], name="consolidated_section_unique_position"
            ),
        ]

    def __str__(self):
        return self.heading or self.key


class ConsolidatedSectionRevision(models.Model):
    """The text a section had before a change: who changed it, when, and how."""

    class Kind(models.TextChoices):
        EDITED = "edited", _("Edited")
        REGENERATED = "regenerated", _("Drafted again from the data")

    section = models.ForeignKey(
        ConsolidatedSection, on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    old_heading = models.CharField(_("previous heading"), max_length=255, blank=True)
    old_body = models.TextField(_("previous text"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("section revision")
        verbose_name_plural = _("section revisions")
        ordering = ["section", "-changed_at", "-pk"]

    def __str__(self):
        return f"{self.section} – {self.changed_at:%Y-%m-%d %H:%M}"
