"""A unit's report: read, edit, submit, review, history, evidence files.

Every view fetches the report through `access` (404 for outsiders, 403 for read-only users),
validates a plain form, changes the report through `services`, and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reports.periods.access import can_monitor
from reports.periods.models import ReportingPeriod
from reports.submissions import services
from reports.submissions.access import (
    ReportAction,
    check_report_access,
    get_evidence_for_user,
    get_report_for_user,
)
from reports.submissions.diff import content_diff
from reports.submissions.forms import AcceptForm, EntryForm, ReportForm, ReturnForm, SubmitForm
from reports.submissions.models import ReportEvent, ReportRevision, ReportStatus, UnitReport
from reports.submissions.queries import report_page
from units.models import Unit
from units.roles import is_member_of


def _message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _locked_redirect(request, report: UnitReport):
    """The unit's members reach a form of a report they can no longer change."""
    messages.error(request, services.locked_message(report))
    return redirect(report)


def _context(report: UnitReport, page, **extra) -> dict:
    permissions = report.permissions
    context = {
        "report": report,
        "page": page,
        "period": report.period,
        "directive": report.period.directive,
        "can_edit": permissions["edit"] and services.unit_may_change(report),
        "locked_message": ""
        if services.unit_may_change(report)
        else services.locked_message(report),
        "can_review": permissions["review"]
        and not permissions["is_owner"]
        and report.status == ReportStatus.SUBMITTED,
        "is_own_unit_reviewer": permissions["review"] and permissions["is_owner"],
        "permissions": permissions,
    }
    context.update(extra)
    return context


@require_GET
@login_required
def report_open(request, period_id: int, unit_code: str):
    """The unit's report for a period, started for the unit's members on their first visit."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("directive"), pk=period_id)
    unit = get_object_or_404(Unit, code=unit_code)
    if not period.obligations.filter(unit=unit).exists():
        raise Http404
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    if report is None:
        probe = UnitReport(period=period, unit=unit)
        permissions = check_report_access(request.user, probe, ReportAction.READ)
        if not permissions["edit"] or not period.is_open:
            # Readers of a report nobody has started yet: those who follow the period get the
            # unit's page there (contacts, due date, reminders, what they can do).
            if can_monitor(request.user, period.directive)[0]:
                return redirect("period_unit", period.pk, unit.code)
            return render(
                request,
                "reports/unit_report_not_started.html",
                {"period": period, "unit": unit},
            )
        report = services.report_get_or_create(period=period, unit=unit)
    else:
        check_report_access(request.user, report, ReportAction.READ)
    return redirect(report)


@require_GET
@login_required
def report_detail(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.READ)
    page = report_page(report)
    return render(request, "reports/unit_report_detail.html", _context(report, page))


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.EDIT)
    if not services.unit_may_change(report):
        return _locked_redirect(request, report)
    page = report_page(report)
    conflict = None
    if request.method == "POST":
        # A mutable copy: after a conflict the form is shown again at the current version.
        data = request.POST.copy()
        form = ReportForm(data, request.FILES, indicators=page.report_indicators)
        entry_forms = [EntryForm(data, request.FILES, entry=entry) for entry in page.entries]
        if form.is_valid() & all([f.is_valid() for f in entry_forms]):
            files = [(None, form.cleaned_data["evidence"])] if form.cleaned_data["evidence"] else []
            files += [
                (f.entry, f.cleaned_data["evidence"])
                for f in entry_forms
                if f.cleaned_data["evidence"]
            ]
            try:
                services.report_save(
                    report=report,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    fields=form.cleaned_data,
                    entries={f.entry.pk: f.cleaned_data for f in entry_forms},
                    files=files,
                    indicator_values={
                        **form.indicator_values(),
                        **{k: v for f in entry_forms for k, v in f.indicator_values().items()},
                    },
                )
            except services.ConflictError as error:
                conflict = report_page(
                    UnitReport.objects.select_related("updated_by").get(pk=report.pk),
                    with_previous=False,
                )
                data["version"] = str(error.current_version)
            except ValidationError as error:
                messages.error(request, _message_of(error))
                return redirect(report)
            else:
                if "submit" in request.POST:
                    return redirect("report_submit", report.pk)
                messages.success(request, _("Your report was saved as a draft."))
                return redirect("report_edit", report.pk)
        else:
            messages.error(
                request,
                _(
                    "Nothing was saved: correct the fields marked below. The text you typed is "
                    "kept; files must be chosen again."
                ),
            )
    else:
        form = ReportForm(
            initial={
                "version": report.version,
                "overall_assessment": report.overall_assessment,
                "difficulties": report.difficulties,
                "recommendations": report.recommendations,
            },
            indicators=page.report_indicators,
        )
        entry_forms = [EntryForm(entry=entry) for entry in page.entries]
    for entry, entry_form in zip(page.entries, entry_forms, strict=True):
        entry.form = entry_form
    return render(
        request,
        "reports/unit_report_edit.html",
        _context(report, page, form=form, conflict=conflict),
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_submit(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.EDIT)
    if request.method == "POST":
        form = SubmitForm(request.POST)
        if form.is_valid():
            try:
                services.report_submit(
                    report=report,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except services.IncompleteReportError:
                pass  # shown below, next to each task, from the stored report
            except services.ConflictError:
                messages.error(
                    request,
                    _(
                        "The report was changed by someone else after you opened this page. "
                        "Check it again below before submitting."
                    ),
                )
                report.refresh_from_db()
            except ValidationError:
                # Already submitted or accepted by someone else: say so on the report.
                report.refresh_from_db()
                return _locked_redirect(request, report)
            else:
                messages.success(
                    request, _("Your report was submitted. The reviewing department is notified.")
                )
                return redirect(report)
    elif not services.unit_may_change(report):
        return _locked_redirect(request, report)
    page = report_page(report, with_previous=False)
    missing = services.report_missing_answers(report)
    for entry in page.entries:
        entry.missing = missing.get(entry.pk, [])
    # Timeliness is judged at the first submission: say before it is sent that it will be late.
    days_late = 0
    if report.first_submitted_at is None and page.due_on:
        days_late = max(0, (timezone.localdate() - page.due_on).days)
    return render(
        request,
        "reports/unit_report_submit.html",
        _context(
            report,
            page,
            form=SubmitForm(initial={"version": report.version}),
            missing=missing,
            days_late=days_late,
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_return(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.REVIEW)
    page = report_page(report, with_previous=False)
    form = ReturnForm(request.POST or None, entries=page.entries)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_return(
                report=report,
                reviewer=request.user,
                comment=form.cleaned_data["comment"],
                entry_comments=form.entry_comments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report was returned to the unit with your comment."))
            return redirect(report)
    elif request.method == "GET" and report.status != ReportStatus.SUBMITTED:
        messages.error(request, _("Only a submitted report can be returned."))
        return redirect(report)
    elif request.method == "GET" and is_member_of(request.user, report.unit_id):
        form.add_error(None, _("You cannot review a report of your own unit."))
    return render(request, "reports/unit_report_return.html", _context(report, page, form=form))


@require_POST
@login_required
def report_accept(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.REVIEW)
    form = AcceptForm(request.POST)
    form.is_valid()  # an optional comment: nothing can be wrong with it
    try:
        services.report_accept(
            report=report, reviewer=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, _("The report was accepted. The unit is notified."))
    return redirect(report)


@require_GET
@login_required
def report_history(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.READ)
    revisions = list(report.revisions.select_related("author").order_by("-version"))
    events = list(report.events.select_related("actor").order_by("at", "pk"))
    submitted = {e.revision_id: e for e in events if e.action == ReportEvent.Action.SUBMITTED}
    for revision in revisions:
        revision.submission = submitted.get(revision.pk)
    submissions = [r for r in revisions if r.submission]
    return render(
        request,
        "reports/unit_report_history.html",
        {
            "report": report,
            "period": report.period,
            "revisions": revisions,
            "rows": _history_rows(report, revisions, events),
            "events": events,
            "default_pair": _default_pair(revisions, submissions),
        },
    )


def _history_rows(report, revisions, events) -> list[dict]:
    """The versions newest first, with a line wherever numbers are skipped: a workflow step
    (submit, return, accept) advances the version without changing the text, so no revision of
    its own is kept for it, and version 1 is the empty report as it was opened. The line says
    which it was."""
    rows = []
    newer_version, newer_at = report.version + 1, None
    for revision in revisions:  # newest first
        if newer_version - revision.version > 1:
            steps = [
                e.get_action_display()
                for e in events
                if e.at >= revision.at and (newer_at is None or e.at <= newer_at)
            ]
            rows.append(_skipped(revision.version + 1, newer_version - 1, steps))
        rows.append({"revision": revision})
        newer_version, newer_at = revision.version, revision.at
    if newer_version > 1:
        rows.append(_skipped(1, newer_version - 1, [], opened=True))
    return rows


def _skipped(first: int, last: int, steps: list[str], *, opened: bool = False) -> dict:
    label = f"v{first}" if first == last else f"v{first}–v{last}"
    if opened:
        note = _("the report as it was opened, still empty.")
    else:
        note = _("a step of the review, which changes no text: no copy of the content is kept.")
        if steps:
            note = f"{', '.join(str(step) for step in steps)}: {note}"
    return {"skipped": True, "label": label, "note": note}


def _default_pair(revisions, submissions) -> tuple[int, int] | None:
    """The two versions a reviewer most likely wants to compare: the last two submissions, else
    the last two saves."""
    pool = submissions if len(submissions) >= 2 else revisions
    if len(pool) < 2:
        return None
    return pool[1].version, pool[0].version


@require_GET
@login_required
def report_diff(request, pk: int):
    report = get_report_for_user(request, pk, action=ReportAction.READ)
    try:
        old_version, new_version = int(request.GET["a"]), int(request.GET["b"])
    except (KeyError, ValueError):
        messages.error(request, _("Choose two versions to compare."))
        return redirect("report_history", report.pk)
    found = {
        r.version: r
        for r in ReportRevision.objects.filter(
            report=report, version__in=[old_version, new_version]
        ).select_related("author")
    }
    if old_version not in found or new_version not in found:
        messages.error(request, _("This version of the report does not exist."))
        return redirect("report_history", report.pk)
    old, new = found[old_version], found[new_version]
    return render(
        request,
        "reports/unit_report_diff.html",
        {
            "report": report,
            "period": report.period,
            "old": old,
            "new": new,
            "diffs": content_diff(old.content, new.content),
        },
    )


@require_GET
@login_required
def evidence_download(request, pk: int):
    evidence = get_evidence_for_user(request, pk, action=ReportAction.READ)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # as_attachment with the original name: Django writes filename*=UTF-8''… (RFC 6266), so
    # a Vietnamese name arrives intact in every browser.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@require_POST
@login_required
def evidence_delete(request, pk: int):
    evidence = get_evidence_for_user(request, pk, action=ReportAction.EDIT)
    report = evidence.report
    try:
        services.evidence_delete(evidence=evidence, user=request.user)
    except ValidationError as error:
        messages.error(request, _message_of(error))
        return redirect(report)
    messages.success(request, _("The file “%(name)s” was removed.") % {"name": evidence})
    return redirect("report_edit", report.pk)
