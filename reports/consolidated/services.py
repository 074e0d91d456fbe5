"""Writes on the consolidated report: draft, edit a section, draft a section again, submit it
to the signer, return it, issue, generate the PDF once, correct.

Each function runs in one transaction. Rules a user can break (a missing or duplicate number, a
date before the period, editing an issued report) raise ValidationError with a message for that
user, keyed by form field where there is one, and leave the database as it was.
"""

import datetime
import hashlib
import logging
import uuid
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import DocumentType
from reports.consolidated import drafting
from reports.consolidated.access import may_sign, signing_unit_ids
from reports.consolidated.models import (
    ConsolidatedRecipient,
    ConsolidatedReport,
    ConsolidatedSection,
    ConsolidatedSectionRevision,
    ConsolidatedSigningStep,
    DocumentTerm,
)
from reports.notifications.services import notify, notify_units
from reports.periods.models import ReportingPeriod
from units.models import MembershipRole, Unit

logger = logging.getLogger(__name__)

# Autosave writes every few seconds; one history entry per burst of editing by one person keeps
# the text from before the burst without thousands of near-identical rows.
HISTORY_BURST = datetime.timedelta(minutes=10)


# The largest number the database's integer column holds (PostgreSQL's integer); a number is
# never near it, but a typed 2147483648 must be a form error, not a database error.
MAX_NUMBER = 2_147_483_647
RECIPIENT_MAX_LENGTH = ConsolidatedRecipient._meta.get_field("text").max_length


def recipient_too_long_message(line: str) -> str:
    return _(
        "Each recipient line can have at most %(max)s characters; this one has %(count)s: "
        "“%(start)s…”."
    ) % {"max": RECIPIENT_MAX_LENGTH, "count": len(line), "start": line[:40]}


def _issued_message() -> str:
    return _(
        "This report has been issued and can no longer be changed. To correct it, issue a "
        "new version that replaces it."
    )


def _check_draft(report: ConsolidatedReport) -> None:
    if report.is_issued:
        raise ValidationError(_issued_message(), code="issued")


def _check_editable(report: ConsolidatedReport) -> None:
    _check_draft(report)
    if report.is_awaiting_signature:
        # The signer reads what was submitted; a change under their eyes would be signed unread.
        raise ValidationError(
            _(
                "This report is with the signer and cannot be changed until it is returned "
                "or issued."
            ),
            code="awaiting_signature",
        )


def _not_signer_message(report: ConsolidatedReport) -> str:
    return _(
        "Only a signer of %(unit)s (its head or deputy head) can return or issue this report."
    ) % {"unit": report.issuing_unit.name}


def _body_headings(unit: Unit, day: datetime.date) -> tuple[str, str]:
    """("TỈNH ỦY QUẢNG NGÃI", "BAN TUYÊN GIÁO") for a department of the provincial committee,
    under the names both bear on `day`, the document's date."""
    parent = unit.parent
    parent_body = parent.name_on(day).upper() if parent else ""
    issuing = unit.name_on(day)
    parent_short = parent.short_name_on(day) if parent else ""
    if parent is not None and issuing.endswith(f" {parent_short}"):
        issuing = issuing.removesuffix(f" {parent_short}")
    return parent_body, issuing.upper()


def _heading_fields(unit: Unit, document_type: str, day: datetime.date) -> dict[str, str]:
    """The header and the number's symbol of a document the unit issues on `day`."""
    parent_body, issuing_body = _body_headings(unit, day)
    return {
        "parent_body": parent_body,
        "issuing_body": issuing_body,
        "symbol": f"{document_type}/{unit.symbol_on(day)}",
    }


class SectionConflictError(Exception):
    """A colleague saved the section after the editor was read; nothing was written."""

    def __init__(self, section: ConsolidatedSection):
        self.section = section
        super().__init__(f"section is at version {section.version}")


def consolidated_create(
    *,
    period: ReportingPeriod,
    user,
    include_submitted: bool = False,
    token: uuid.UUID | None = None,
) -> ConsolidatedReport:
    """A new draft for the period, every section drafted from the data as it is now.

    `token` is the one the form was shown with: a second request with it (a double click, a
    resent form, two requests at once) returns the draft the first made instead of another."""
    if token is not None:
        existing = ConsolidatedReport.objects.filter(creation_token=token).first()
        if existing is not None:
            return existing
    try:
        return _create(period=period, user=user, include_submitted=include_submitted, token=token)
    except IntegrityError:
        # The same token committed by a concurrent request between the check and the insert.
        existing = ConsolidatedReport.objects.filter(creation_token=token).first()
        if token is None or existing is None:
            raise
        return existing


@transaction.atomic
def _create(
    *, period: ReportingPeriod, user, include_submitted: bool, token: uuid.UUID | None
) -> ConsolidatedReport:
    if token is not None:
        # Under SQLite's IMMEDIATE transactions the second request waits here for the first to
        # commit, then finds its draft.
        existing = ConsolidatedReport.objects.filter(creation_token=token).first()
        if existing is not None:
            return existing
    directive = period.directive
    issuing_unit = directive.monitoring_unit
    data = drafting.gather(period, include_submitted=include_submitted)
    report = ConsolidatedReport.objects.create(
        period=period,
        include_submitted=include_submitted,
        issuing_unit=issuing_unit,
        **_heading_fields(issuing_unit, DocumentType.BAO_CAO.value, timezone.localdate()),
        document_type=DocumentType.BAO_CAO,
        place=directive.place,
        subject=drafting.default_subject(directive, period),
        signing_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        annex=drafting.draft_annex(data),
        data_as_of=data.drawn_at,
        created_by=user,
        creation_token=token,
    )
    ConsolidatedSection.objects.bulk_create(
        ConsolidatedSection(
            report=report,
            key=section.key,
            position=position,
            heading=section.heading,
            level=section.level,
            body=section.body,
            updated_by=user,
        )
        for position, section in enumerate(drafting.draft_sections(data))
    )
    ConsolidatedRecipient.objects.bulk_create(
        ConsolidatedRecipient(report=report, position=position, text=text, unit=unit)
        for position, (text, unit) in enumerate(drafting.default_recipients(directive))
    )
    return report


def _remember(section: ConsolidatedSection, *, user, kind: str, now) -> None:
    if kind == ConsolidatedSectionRevision.Kind.EDITED:
        last = section.revisions.order_by("-changed_at", "-pk").first()
        if (
            last is not None
            and last.kind == kind
            and last.changed_by_id == getattr(user, "pk", None)
            and now - last.changed_at < HISTORY_BURST
        ):
            return
    ConsolidatedSectionRevision.objects.create(
        section=section,
        kind=kind,
        old_heading=section.heading,
        old_body=section.body,
        changed_by=user,
        changed_at=now,
    )


def _lock_section(section: ConsolidatedSection) -> ConsolidatedSection:
    # The row lock on the report makes an edit and the issuing of the report take turns: an edit
    # that arrives after the report was issued sees it issued and is refused.
    report = ConsolidatedReport.objects.select_for_update().get(pk=section.report_id)
    section = ConsolidatedSection.objects.get(pk=section.pk)
    section.report = report
    _check_editable(report)
    return section


@transaction.atomic
def consolidated_section_update(
    *,
    section: ConsolidatedSection,
    user,
    body: str,
    heading: str | None = None,
    expected_version: int | None = None,
) -> ConsolidatedSection:
    """Save a section's text (autosave). Stored exactly as typed: markup is interpreted only
    when printed, and every character is escaped there.

    With `expected_version` (the editor's), a section saved by someone else since is not
    overwritten: SectionConflictError carries the section as it is now."""
    section = _lock_section(section)
    if expected_version is not None and expected_version != section.version:
        raise SectionConflictError(section)
    heading = section.heading if heading is None else " ".join(heading.split())
    if len(heading) > ConsolidatedSection._meta.get_field("heading").max_length:
        raise ValidationError({"heading": _("The heading is too long.")})
    if section.key != drafting.OPENING and section.level and not heading:
        raise ValidationError({"heading": _("A section needs a heading.")})
    if body == section.body and heading == section.heading:
        return section
    now = timezone.now()
    _remember(section, user=user, kind=ConsolidatedSectionRevision.Kind.EDITED, now=now)
    section.body = body
    section.heading = heading
    section.version += 1
    section.updated_at = now
    section.updated_by = user
    section.save(update_fields=["body", "heading", "version", "updated_at", "updated_by"])
    return section


@transaction.atomic
def consolidated_section_regenerate(*, section: ConsolidatedSection, user) -> ConsolidatedSection:
    """Draft one section again from the data as it is now; the others stay as edited."""
    section = _lock_section(section)
    report = section.report
    data = drafting.gather(report.period, include_submitted=report.include_submitted)
    drafted = {s.key: s for s in drafting.draft_sections(data)}
    fresh = drafted.get(section.key)
    if fresh is None:
        raise ValidationError(_("This section is no longer part of the draft."))
    now = timezone.now()
    if fresh.body != section.body:
        # A second click on "draft again" finds the text already drafted: no second revision.
        _remember(section, user=user, kind=ConsolidatedSectionRevision.Kind.REGENERATED, now=now)
        section.body = fresh.body
        section.version += 1
        section.updated_at = now
        section.updated_by = user
        section.save(update_fields=["body", "version", "updated_at", "updated_by"])
    report.data_as_of = data.drawn_at
    report.save(update_fields=["data_as_of"])
    return section


@transaction.atomic
def consolidated_annex_regenerate(*, report: ConsolidatedReport, user) -> ConsolidatedReport:
    """Redraw the annex table from the data as it is now."""
    report = ConsolidatedReport.objects.select_for_update().get(pk=report.pk)
    _check_editable(report)
    data = drafting.gather(report.period, include_submitted=report.include_submitted)
    report.annex = drafting.draft_annex(data)
    report.data_as_of = data.drawn_at
    report.save(update_fields=["annex", "data_as_of"])
    return report


def _lock_report(report: ConsolidatedReport) -> ConsolidatedReport:
    # The row lock makes a double click's second request wait for the first and then find the
    # step already taken (SQLite's IMMEDIATE transactions queue it the same way).
    return (
        ConsolidatedReport.objects.select_related("period__directive", "issuing_unit")
        .select_for_update(of=("self",))
        .get(pk=report.pk)
    )


def _signers(report: ConsolidatedReport):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=MembershipRole.SIGNER,
            memberships__unit_id__in=signing_unit_ids(report, timezone.localdate()),
        )
        .distinct()
    )


@transaction.atomic
def consolidated_submit(*, report: ConsolidatedReport, user) -> ConsolidatedReport:
    """Send the draft to the signer (trình ký); its text is locked until it comes back.
    Submitting a report already awaiting signature changes nothing (a double click)."""
    report = _lock_report(report)
    if report.is_awaiting_signature:
        return report
    _check_draft(report)
    now = timezone.now()
    report.status = ConsolidatedReport.Status.SUBMITTED
    report.save(update_fields=["status"])
    ConsolidatedSigningStep.objects.create(
        report=report, kind=ConsolidatedSigningStep.Kind.SUBMITTED, actor=user, at=now
    )
    notify(
        users=_signers(report),
        message=_("A consolidated report of %(period)s is awaiting your signature.")
        % {"period": report.period.name},
        url=report.get_absolute_url(),
    )
    return report


@transaction.atomic
def consolidated_return(*, report: ConsolidatedReport, user, comment: str) -> ConsolidatedReport:
    """The signer sends the report back to the specialists with what to change. The same
    comment sent twice (a double click) records one return."""
    comment = comment.strip()
    report = _lock_report(report)
    if report.status == ConsolidatedReport.Status.RETURNED:
        last = report.signing_steps.order_by("-at", "-pk").first()
        if last is not None and last.actor_id == user.pk and last.comment == comment:
            return report
    _check_draft(report)
    if not may_sign(user, report):
        raise ValidationError(_not_signer_message(report), code="not_signer")
    if not report.is_awaiting_signature:
        raise ValidationError(
            _("Only a report submitted for signature can be returned."), code="not_submitted"
        )
    if not comment:
        raise ValidationError({"comment": [_("Say what should be changed.")]})
    report.status = ConsolidatedReport.Status.RETURNED
    report.save(update_fields=["status"])
    ConsolidatedSigningStep.objects.create(
        report=report,
        kind=ConsolidatedSigningStep.Kind.RETURNED,
        actor=user,
        at=timezone.now(),
        comment=comment,
    )
    notify(
        users=_submitters(report),
        message=_("The consolidated report of %(period)s was returned: %(comment)s")
        % {"period": report.period.name, "comment": comment},
        url=report.get_absolute_url(),
    )
    return report


def _submitters(report: ConsolidatedReport):
    """Who drafted and who submitted the report: the people a return or an issue concerns."""
    ids = set(
        report.signing_steps.filter(kind=ConsolidatedSigningStep.Kind.SUBMITTED).values_list(
            "actor_id", flat=True
        )
    )
    ids.add(report.created_by_id)
    return get_user_model().objects.filter(pk__in=ids - {None}, is_active=True)


def term_for(report: ConsolidatedReport, day: datetime.date) -> DocumentTerm | None:
    return DocumentTerm.objects.covering(report.issuing_unit, day).first()


def proposed_number(report: ConsolidatedReport, day: datetime.date) -> int | None:
    """The next free number of the report's type in the term in force on `day`."""
    term = term_for(report, day)
    if term is None:
        return None
    return ConsolidatedReport.objects.next_number(
        issuing_unit=report.issuing_unit, term=term, document_type=report.document_type
    )


def _recipient_lines(lines: Sequence[str]) -> list[tuple[str, Unit | None]]:
    units = list(Unit.objects.all())
    cleaned = [" ".join(line.split()).lstrip("-–• ").rstrip(",.;").strip() for line in lines]
    return [(text, drafting.link_recipient(text, units)) for text in cleaned if text]


@transaction.atomic
def consolidated_issue(
    *,
    report: ConsolidatedReport,
    user,
    number: int | None,
    issued_on: datetime.date | None,
    place: str,
    signing_authority: str,
    signer_position: str,
    signer_name: str,
    recipients: Sequence[str],
) -> ConsolidatedReport:
    """Give the report its number and date and freeze it. The PDF is generated once, after the
    transaction commits (in the background when a task worker is configured)."""
    report = (
        ConsolidatedReport.objects.select_related("period", "issuing_unit")
        .select_for_update(of=("self",))
        .get(pk=report.pk)
    )
    if report.is_issued and report.number == number and report.issued_on == issued_on:
        # The same form sent twice (a double click, a resent request): already done.
        return report
    _check_draft(report)
    # Only a signer of the monitoring unit as it is on the document's date issues it; the
    # date is checked below, so a missing one is judged as today.
    if not may_sign(user, report, issued_on or timezone.localdate()):
        raise ValidationError(_not_signer_message(report), code="not_signer")
    errors: dict[str, list[str]] = {}
    if number is None:
        errors["number"] = [_("Enter the document number.")]
    elif number < 1:
        errors["number"] = [_("The document number must be 1 or more.")]
    elif number > MAX_NUMBER:
        errors["number"] = [_("The document number must be at most %(max)s.") % {"max": MAX_NUMBER}]
    term = None
    if issued_on is None:
        errors["issued_on"] = [_("Enter the date of the document.")]
    elif issued_on < report.period.starts_on:
        errors["issued_on"] = [
            _("The date cannot be before the start of the period (%(day)s).")
            % {"day": report.period.starts_on.strftime("%d/%m/%Y")}
        ]
    elif issued_on < timezone.localdate(report.data_as_of):
        # The report says "tính đến ngày <data date>": a document cannot speak of a later day.
        errors["issued_on"] = [
            _(
                "The figures of this draft are as of %(day)s, after this date. Date the "
                "document on or after %(day)s, or make a new draft from the data of that day."
            )
            % {"day": timezone.localdate(report.data_as_of).strftime("%d/%m/%Y")}
        ]
    elif not report.issuing_unit.is_valid_on(issued_on):
        errors["issued_on"] = [
            _(
                "%(unit)s is not in force on this date and cannot issue the document. Make a "
                "new draft: it is issued by the unit that monitors the directive now."
            )
            % {"unit": report.issuing_unit.name}
        ]
    else:
        term = term_for(report, issued_on)
        if term is None:
            errors["issued_on"] = [
                _(
                    "No term of the issuing body covers this date, so the document cannot be "
                    "numbered. Ask the administrator to add the term."
                )
            ]
    for field_name, value in (
        ("place", place),
        ("signing_authority", signing_authority),
        ("signer_position", signer_position),
        ("signer_name", signer_name),
    ):
        if not value.strip():
            errors[field_name] = [_("This field is required.")]
    lines = _recipient_lines(recipients)
    if not lines:
        errors["recipients"] = [_("List at least one recipient.")]
    too_long = [text for text, _unit in lines if len(text) > RECIPIENT_MAX_LENGTH]
    if too_long:
        errors["recipients"] = [recipient_too_long_message(too_long[0])]
    if (
        term is not None
        and number is not None
        and "number" not in errors
        and ConsolidatedReport.objects.filter(
            issuing_unit=report.issuing_unit,
            term=term,
            document_type=report.document_type,
            number=number,
        ).exists()
    ):
        errors["number"] = [
            _(
                "Number %(number)s is already used by another %(type)s of this term. The next "
                "free number is %(free)s."
            )
            % {
                "number": number,
                "type": report.get_document_type_display().lower(),
                "free": ConsolidatedReport.objects.next_number(
                    issuing_unit=report.issuing_unit,
                    term=term,
                    document_type=report.document_type,
                ),
            }
        ]
    unfinished = [
        section.heading or _("Opening")
        for section in report.sections.order_by("position")
        if drafting.has_marker(section.body)
    ]
    if unfinished:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _(
                "The report still has text to complete (“[cần bổ sung: …]”) in: %(sections)s. "
                "Write those parts, then issue."
            )
            % {"sections": "; ".join(unfinished)}
        )
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    # Header and symbol under the names in force on the document's date (a draft made before a
    # rename is issued under the new name).
    for field_name, value in _heading_fields(
        report.issuing_unit, report.document_type, issued_on
    ).items():
        setattr(report, field_name, value)
    report.status = ConsolidatedReport.Status.ISSUED
    report.number = number
    report.term = term
    report.issued_on = issued_on
    report.place = place.strip()
    report.signing_authority = signing_authority.strip().upper()
    report.signer_position = signer_position.strip().upper()
    report.signer_name = signer_name.strip()
    report.issued_by = user
    report.issued_at = now
    report.generation = ConsolidatedReport.Generation.PENDING
    try:
        # The savepoint lets a number taken at the same moment by someone else come back as
        # the form error above rather than a broken transaction.
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            {"number": [_("This number was just used for another document. Choose another.")]}
        ) from None
    ConsolidatedSigningStep.objects.create(
        report=report, kind=ConsolidatedSigningStep.Kind.ISSUED, actor=user, at=now
    )
    report.recipients.all().delete()
    recipients = ConsolidatedRecipient.objects.bulk_create(
        ConsolidatedRecipient(report=report, position=position, text=text, unit=unit)
        for position, (text, unit) in enumerate(lines)
    )
    _notify_recipients(report, recipients)
    notify(
        users=_submitters(report).exclude(pk=user.pk),
        message=_("%(number)s was signed and issued.") % {"number": report.number_line},
        url=report.get_absolute_url(),
    )
    report_id = report.pk
    transaction.on_commit(lambda: generate_consolidated_pdf.enqueue(report_id))
    return report


def _notify_recipients(report: ConsolidatedReport, recipients: list[ConsolidatedRecipient]) -> None:
    """Tell the people of every unit on the "Nơi nhận" list (in the app and by email) with the
    download link, and keep on each line how many were reached: a line naming no unit, or a
    unit with no active account, is shown to the Department as not reached. The file copy
    ("Lưu ...") reaches no one and is not counted."""
    message = _("%(number)s, %(subject)s, has been issued. You can download it.") % {
        "number": report.number_line,
        "subject": report.subject,
    }
    url = reverse("consolidated_pdf", args=[report.pk])
    units = {r.unit_id: r.unit for r in recipients if r.unit_id is not None}
    reached = notify_units(units=units.values(), message=message, url_for=lambda unit: url)
    for recipient in recipients:
        if recipient.unit_id is not None:
            recipient.reached = reached.get(recipient.unit_id, 0)
        elif not drafting.is_file_copy(recipient.text):
            recipient.reached = 0
    ConsolidatedRecipient.objects.bulk_update(recipients, ["reached"])


@task
def generate_consolidated_pdf(report_id: int) -> str:
    """Render the issued report's PDF once and store it with its SHA-256.

    Runs in the issuing request's on_commit (ImmediateBackend) or in a `manage.py db_worker`
    process (django_tasks_db.DatabaseBackend). Claiming the job is one conditional UPDATE, so two
    workers, a retry racing the first run, or a task row run twice cannot both write the PDF:
    whoever does not claim it does nothing."""
    Generation = ConsolidatedReport.Generation
    now = timezone.now()
    claimed = (
        ConsolidatedReport.objects.filter(
            pk=report_id, status=ConsolidatedReport.Status.ISSUED, pdf=""
        )
        .filter(
            Q(generation__in=[Generation.PENDING, Generation.FAILED])
            # Taken by a process that died mid-way (see ConsolidatedReport.generation_stalled).
            | Q(
                generation=Generation.GENERATING,
                generation_started_at__lt=now - ConsolidatedReport.GENERATION_STALLED_AFTER,
            )
        )
        .update(generation=Generation.GENERATING, generation_error="", generation_started_at=now)
    )
    if not claimed:
        return "skipped"
    report = ConsolidatedReport.objects.prefetch_related("sections", "recipients").get(pk=report_id)
    try:
        from documents.pdf import render_pdf
        from documents.word import render_docx
        from reports.consolidated.time_limit import time_limit

        document = drafting.build_document(report, draft=False)
        with time_limit():
            content, pages = render_pdf(document)
            word = render_docx(document)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the reviewer, who retries
        logger.exception("PDF generation failed for consolidated report %s", report_id)
        ConsolidatedReport.objects.filter(pk=report_id, pdf="").update(
            generation=Generation.FAILED,
            generation_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return "failed"
    report.pdf.save(f"{report_id}.pdf", ContentFile(content), save=False)
    report.docx.save(f"{report_id}.docx", ContentFile(word), save=False)
    stored = ConsolidatedReport.objects.filter(pk=report_id, pdf="").update(
        pdf=report.pdf.name,
        pdf_sha256=hashlib.sha256(content).hexdigest(),
        pdf_pages=pages,
        docx=report.docx.name,
        docx_sha256=hashlib.sha256(word).hexdigest(),
        generated_at=timezone.now(),
        generation=Generation.DONE,
    )
    if not stored:
        # A stalled run came back to life after another one stored the PDF: the first files stay.
        report.pdf.delete(save=False)
        report.docx.delete(save=False)
        return "skipped"
    # The draft's stored preview renderings are of no use once the report is issued.
    from reports.consolidated.preview import forget_previews

    forget_previews(report)
    return "done"


@transaction.atomic
def consolidated_generation_retry(*, report: ConsolidatedReport, user) -> ConsolidatedReport:
    """Ask again for the PDF of an issued report whose generation failed or stalled."""
    if not (report.generation == ConsolidatedReport.Generation.FAILED or report.generation_stalled):
        raise ValidationError(_("The PDF is not in a failed state."))
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        generation=ConsolidatedReport.Generation.PENDING
    )
    report_id = report.pk
    transaction.on_commit(lambda: generate_consolidated_pdf.enqueue(report_id))
    report.refresh_from_db()
    return report


@transaction.atomic
def consolidated_correct(*, report: ConsolidatedReport, user) -> ConsolidatedReport:
    """A new draft that will replace an issued report: its sections, annex and recipients are
    copied so that only what is wrong needs changing; it gets its own number when issued."""
    report = ConsolidatedReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_issued:
        raise ValidationError(_("Only an issued report can be corrected."))
    if ConsolidatedReport.objects.filter(replaces=report).exists():
        raise ValidationError(_("A correction of this report already exists."))
    correction = ConsolidatedReport.objects.create(
        period_id=report.period_id,
        include_submitted=report.include_submitted,
        replaces=report,
        issuing_unit_id=report.issuing_unit_id,
        parent_body=report.parent_body,
        issuing_body=report.issuing_body,
        document_type=report.document_type,
        symbol=report.symbol,
        place=report.place,
        subject=report.subject,
        signing_authority=report.signing_authority,
        signer_position=report.signer_position,
        signer_name=report.signer_name,
        annex=report.annex,
        data_as_of=report.data_as_of,
        created_by=user,
    )
    ConsolidatedSection.objects.bulk_create(
        ConsolidatedSection(
            report=correction,
            key=s.key,
            position=s.position,
            heading=s.heading,
            level=s.level,
            body=s.body,
            updated_by=user,
        )
        for s in report.sections.all()
    )
    ConsolidatedRecipient.objects.bulk_create(
        ConsolidatedRecipient(
            report=correction, position=r.position, text=r.text, unit_id=r.unit_id
        )
        for r in report.recipients.all()
    )
    return correction


# Terms of the Quảng Ngãi Provincial Party Committee (documents are numbered within a term).
QUANG_NGAI_TERMS = [
    ("Nhiệm kỳ 2020-2025", datetime.date(2020, 10, 15), datetime.date(2025, 9, 10)),
    ("Nhiệm kỳ 2025-2030", datetime.date(2025, 9, 11), None),
]


def load_document_terms() -> list[DocumentTerm]:
    """The Tỉnh ủy's terms (idempotent): the 20th congress (Oct. 2020) and the first congress
    of the merged province (11/09/2025), after which numbering restarts."""
    unit = Unit.objects.filter(code="tinhuy").first()
    if unit is None:
        return []
    return [
        DocumentTerm.objects.update_or_create(
            unit=unit, starts_on=starts_on, defaults={"name": name, "ends_on": ends_on}
        )[0]
        for name, starts_on, ends_on in QUANG_NGAI_TERMS
    ]
