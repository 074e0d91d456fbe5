"""The consolidated report: draft for a period, edit section by section (autosave), issue,
download. Every view fetches through `access` (404 for outsiders, 403 for read-only users),
changes the report through `services`, and redirects."""

import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directives.models import Directive
from documents.markup import markup_to_html
from documents.word import render_docx
from reports.consolidated import drafting, preview, services
from reports.consolidated.access import (
    ConsolidatedAction,
    get_consolidated_for_user,
    get_period_for_reviewer,
    visible_reports,
)
from reports.consolidated.forms import CreateForm, IssueForm, ReturnForm, SectionForm
from reports.consolidated.models import (
    ConsolidatedReport,
    ConsolidatedSection,
    ConsolidatedSigningStep,
)
from reports.periods.models import ReportingPeriod
from units.names import display_name
from units.roles import reviews_directive

logger = logging.getLogger(__name__)


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _sections(report: ConsolidatedReport) -> list[ConsolidatedSection]:
    return sorted(report.sections.all(), key=lambda s: s.position)


def _section_of(report: ConsolidatedReport, section_id: int) -> ConsolidatedSection:
    for section in report.sections.all():
        if section.pk == section_id:
            section.report = report
            return section
    raise Http404


@require_GET
@login_required
def consolidated_index(request):
    """The download page: each directive, its periods, and the consolidated reports the user
    may see, with a download link for the issued ones."""
    reports = visible_reports(request.user).order_by("created_at", "pk")
    directives = list(
        Directive.objects.visible_to(request.user)
        .order_by("-issued_on", "number")
        .prefetch_related(
            Prefetch("periods", queryset=ReportingPeriod.objects.order_by("-starts_on")),
            Prefetch("periods__consolidated_reports", queryset=reports, to_attr="visible"),
        )
    )
    blocks = []
    for directive in directives:
        reviewer = reviews_directive(request.user, directive)
        periods = [p for p in directive.periods.all() if reviewer or p.visible]
        if periods:
            blocks.append({"directive": directive, "periods": periods, "reviewer": reviewer})
    return render(request, "reports/consolidated_index.html", {"blocks": blocks})


@require_http_methods(["GET", "POST"])
@login_required
def consolidated_create(request, period_id: int):
    period = get_period_for_reviewer(request, period_id)
    form = CreateForm(request.POST or None, initial={"token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        report = services.consolidated_create(
            period=period,
            user=request.user,
            include_submitted=form.cleaned_data["include_submitted"],
            token=form.cleaned_data["token"],
        )
        messages.success(request, _("The draft was made from the units' reports."))
        return redirect(report)
    existing = period.consolidated_reports.order_by("created_at")
    return render(
        request,
        "reports/consolidated_create.html",
        {"period": period, "form": form, "existing": existing},
    )


def _section_rows(report: ConsolidatedReport, *, editable: bool) -> list[dict]:
    return [
        {
            "section": section,
            "form": SectionForm(
                initial={
                    "heading": section.heading,
                    "body": section.body,
                    "version": section.version,
                },
                prefix=f"s{section.pk}",
            )
            if editable
            else None,
            "html": markup_to_html(section.body),
        }
        for section in _sections(report)
    ]


@require_GET
@login_required
def consolidated_detail(request, pk: int):
    report = get_consolidated_for_user(request, pk)
    editable = report.permissions["edit"] and report.is_editable
    recipients = sorted(report.recipients.all(), key=lambda r: r.position)
    return render(
        request,
        "reports/consolidated_detail.html",
        {
            "report": report,
            "period": report.period,
            "directive": report.period.directive,
            "rows": _section_rows(report, editable=editable),
            "editable": editable,
            "recipients": recipients,
            "unreached": [r for r in recipients if r.reached == 0],
            "correction": report.replaced_by if _has_correction(report) else None,
            "last_return": _last_return(report),
            "return_form": ReturnForm() if report.permissions["sign"] else None,
        },
    )


def _last_return(report: ConsolidatedReport) -> ConsolidatedSigningStep | None:
    """The signer's comment the specialists are working on (one query, returned reports only)."""
    if report.status != ConsolidatedReport.Status.RETURNED:
        return None
    return (
        report.signing_steps.filter(kind=ConsolidatedSigningStep.Kind.RETURNED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


@require_GET
@login_required
def consolidated_report_history(request, pk: int):
    """The report's history: each step of trình ký (who, when, the signer's comments), and
    the sections with a link to each one's text history."""
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    steps = report.signing_steps.select_related("actor")
    return render(
        request,
        "reports/consolidated_history.html",
        {"report": report, "steps": steps, "sections": _sections(report)},
    )


@require_POST
@login_required
def consolidated_submit(request, pk: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    try:
        services.consolidated_submit(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("The report was submitted to the signer."))
    return redirect(report)


@require_POST
@login_required
def consolidated_return(request, pk: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should be changed."))
        return redirect(report)
    try:
        services.consolidated_return(
            report=report, user=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("The report was returned with your comments."))
    return redirect(report)


def _has_correction(report: ConsolidatedReport) -> bool:
    try:
        report.replaced_by  # noqa: B018 - the reverse one-to-one raises when there is none
    except ConsolidatedReport.DoesNotExist:
        return False
    return True


@require_POST
@login_required
def consolidated_section_save(request, pk: int, section_id: int):
    """Autosave of one section (htmx): answers with the "saved" indicator and the preview."""
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    section = _section_of(report, section_id)
    form = SectionForm(request.POST, prefix=f"s{section.pk}")
    error = ""
    if form.is_valid():
        try:
            section = services.consolidated_section_update(
                section=section,
                user=request.user,
                body=form.cleaned_data["body"],
                heading=form.cleaned_data["heading"] if section.level else None,
                expected_version=form.cleaned_data["version"],
            )
        except services.SectionConflictError as conflict:
            return _section_conflict(request, report, conflict.section, form.cleaned_data)
        except ValidationError as exc:
            error = _messages_of(exc)
    else:
        error = " ".join(m for messages_ in form.errors.values() for m in messages_)
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect(report)
    response = render(
        request,
        "reports/consolidated_detail.html#saved",
        {"section": section, "error": error, "html": markup_to_html(section.body)},
    )
    if error:
        # htmx swaps only 2xx answers by default; the message must still be shown.
        response["HX-Reswap"] = "innerHTML"
    return response


def _section_conflict(request, report, current: ConsolidatedSection, mine: dict) -> HttpResponse:
    """409: a colleague saved the section since this editor was read. Both texts are shown; the
    user keeps theirs (saving again at the current version) or reloads to take the colleague's."""
    current = ConsolidatedSection.objects.select_related("updated_by").get(pk=current.pk)
    context = {
        "report": report,
        "section": current,
        "mine": mine,
        "mine_html": markup_to_html(mine["body"]),
        "theirs_html": markup_to_html(current.body),
    }
    if request.headers.get("HX-Request"):
        response = render(request, "reports/consolidated_detail.html#conflict", context, status=409)
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "reports/consolidated_conflict.html", context, status=409)


@require_GET
@login_required
def consolidated_section_history(request, pk: int, section_id: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    section = _section_of(report, section_id)
    revisions = section.revisions.select_related("changed_by")
    return render(
        request,
        "reports/consolidated_history.html",
        {"report": report, "section": section, "revisions": revisions},
    )


@require_POST
@login_required
def consolidated_section_regenerate(request, pk: int, section_id: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    section = _section_of(report, section_id)
    try:
        services.consolidated_section_regenerate(section=section, user=request.user)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(
            request,
            _("“%(heading)s” was drafted again from the data; its previous text is in the history.")
            % {"heading": section.heading or _("Opening")},
        )
    return redirect(f"{report.get_absolute_url()}#section-{section.pk}")


@require_POST
@login_required
def consolidated_annex_regenerate(request, pk: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    try:
        services.consolidated_annex_regenerate(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("The annex was drawn again from the data."))
    return redirect(f"{report.get_absolute_url()}#annex")


@require_GET
@login_required
def consolidated_preview(request, pk: int):
    """The draft as PDF with the "DỰ THẢO" watermark, shown in the browser."""
    report = get_consolidated_for_user(request, pk)
    if report.is_issued:
        return redirect("consolidated_pdf", pk=report.pk)
    response = HttpResponse(preview.preview_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def consolidated_issue(request, pk: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    if report.is_issued:
        messages.error(request, services._issued_message())
        return redirect(report)
    if not report.permissions["sign"]:
        # A specialist submits to the signer instead; the service refuses them too.
        messages.error(request, services._not_signer_message(report))
        return redirect(report)
    today = timezone.localdate()
    initial = {
        "number": services.proposed_number(report, today),
        "issued_on": today,
        "place": report.place,
        "signing_authority": report.signing_authority,
        "signer_position": report.signer_position,
        # The signer signs with their own name, family name first.
        "signer_name": report.signer_name or display_name(request.user),
        "recipients": "\n".join(
            r.text for r in sorted(report.recipients.all(), key=lambda r: r.position)
        ),
    }
    form = IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consolidated_issue(
                report=report,
                user=request.user,
                number=data["number"],
                issued_on=data["issued_on"],
                place=data["place"],
                signing_authority=data["signing_authority"],
                signer_position=data["signer_position"],
                signer_name=data["signer_name"],
                recipients=form.recipient_lines(),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field_name, errors in exc.message_dict.items():
                    form.add_error(field_name if field_name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            _tell_issued(request, report)
            return redirect(report)
    return render(
        request,
        "reports/consolidated_issue.html",
        {"report": report, "period": report.period, "form": form},
    )


def _tell_issued(request, report: ConsolidatedReport) -> None:
    """Issued, and who on the "Nơi nhận" was told: the lines that reached nobody are named, so
    the Department sends those copies another way."""
    recipients = list(report.recipients.order_by("position"))
    told = sum(1 for r in recipients if r.reached)
    messages.success(
        request,
        _("The report was issued. Recipients told in the app and by email: %(count)s.")
        % {"count": told},
    )
    unreached = [r.text for r in recipients if r.reached == 0]
    if unreached:
        messages.warning(
            request,
            _("No account to tell (send them the report another way): %(names)s.")
            % {"names": "; ".join(unreached)},
        )


@require_GET
@login_required
def consolidated_generation(request, pk: int):
    """The PDF's generation state, polled by the detail page while it is being made."""
    report = get_consolidated_for_user(request, pk)
    return render(request, "reports/consolidated_detail.html#generation", {"report": report})


@require_POST
@login_required
def consolidated_generation_retry(request, pk: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    try:
        services.consolidated_generation_retry(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    return redirect(report)


def _open_stored(report: ConsolidatedReport, stored):
    """The stored file of an issued report, or 404 when it is gone from the storage (a lost
    volume, a restore without media): logged as an error for the administrator to restore."""
    try:
        return stored.open("rb")
    except OSError:
        logger.error(
            "Stored file %s of consolidated report %s (%s) is missing from the storage",
            stored.name,
            report.pk,
            report.number_line,
        )
        raise Http404(_("The stored file of this report is missing.")) from None


@require_GET
@login_required
def consolidated_pdf(request, pk: int):
    """The issued report's stored PDF: the same bytes at every download."""
    report = get_consolidated_for_user(request, pk)
    if not report.is_issued:
        raise Http404
    if not report.pdf:
        messages.info(request, _("The PDF is still being generated. Try again in a moment."))
        return redirect(report)
    response = FileResponse(
        _open_stored(report, report.pdf),
        as_attachment=True,
        filename=drafting.download_name(report, "pdf"),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = report.pdf_sha256
    return response


@require_GET
@login_required
def consolidated_docx(request, pk: int):
    """The Word copy (offices still edit and sign in Word): of a draft, made from its text as it
    stands; of an issued report, the copy stored at issue, the same bytes at every download."""
    report = get_consolidated_for_user(request, pk)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if report.is_issued and (report.docx or not report.pdf):
        if not report.docx:
            messages.info(request, _("The PDF is still being generated. Try again in a moment."))
            return redirect(report)
        response = FileResponse(
            _open_stored(report, report.docx),
            as_attachment=True,
            filename=drafting.download_name(report, "docx"),
            content_type=content_type,
        )
        response["X-Content-SHA256"] = report.docx_sha256
    else:
        # A draft, or a report issued before Word copies were stored (it has its PDF only).
        content = render_docx(drafting.build_document(report, draft=not report.is_issued))
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, drafting.download_name(report, "docx")
        )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def consolidated_correct(request, pk: int):
    report = get_consolidated_for_user(request, pk, action=ConsolidatedAction.EDIT)
    try:
        correction = services.consolidated_correct(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
        return redirect(report)
    messages.success(
        request,
        _("A new version replacing %(number)s was drafted; edit it, then issue it.")
        % {"number": report.number_line},
    )
    return redirect(correction)
