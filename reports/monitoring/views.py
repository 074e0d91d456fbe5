"""The monitoring pages of a directive's reviewers (theo dõi, đôn đốc): a period's dashboard, its
task x unit matrix, reminders, the trend across periods, and the Standing Committee's summary.

Reviewers of the directive may send reminders; the Standing Committee reads the same pages with
no controls; everyone else is told the page does not exist.
"""

import datetime
from html import escape  # the standard one: no lazy-string check on every call
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from config.redirects import safe_next_url
from directives.models import Directive
from reports.monitoring import charts, exports, stats, statuses
from reports.monitoring.forms import SORT_KEYS, DashboardFilterForm, ReminderForm
from reports.monitoring.models import Reminder
from reports.monitoring.reminders import reminder_default_message, reminder_send
from reports.periods.access import (
    get_directive_for_monitoring,
    get_directive_for_periods,
    get_period_for_monitoring,
)
from reports.periods.models import ReportingObligation
from reports.submissions.models import ReportStatus, UnitReport
from units.models import Membership, UnitKind
from units.roles import is_leadership_member, unit_ids

# ---- dashboard -------------------------------------------------------------------------------


def _sort_value(key: str):
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return {
        "unit": lambda row: row.unit.short_name.lower(),
        "kind": lambda row: stats.unit_sort_key(row.unit),
        "due": lambda row: row.due_on,
        "status": lambda row: list(stats.REPORT_STATUS_LABELS).index(row.report_status),
        "timeliness": lambda row: stats.Bucket.TIMELINESS.index(row.timeliness),
        "submitted": lambda row: row.first_submitted_at or far,
        "days_late": lambda row: row.days_late,
        "reminder": lambda row: row.last_reminder_at or far,
    }[key]


def _filtered_rows(rows, filters: DashboardFilterForm):
    kind, status, sort = filters.value("kind"), filters.value("status"), filters.value("sort")
    if kind:
        rows = [row for row in rows if row.unit.kind == kind]
    if status:
        rows = [row for row in rows if row.in_bucket(status)]
    if sort:
        rows = sorted(rows, key=_sort_value(sort.lstrip("-")), reverse=sort.startswith("-"))
    return rows


def _sort_links(filters: DashboardFilterForm) -> dict[str, dict]:
    """Column header links: a click sorts by the column, a second click reverses it."""
    current = filters.value("sort")
    links = {}
    for key, label in SORT_KEYS.items():
        target = f"-{key}" if current == key else key
        query = {name: filters.value(name) for name in ("kind", "status") if filters.value(name)}
        query["sort"] = target
        links[key] = {
            "label": label,
            "query": urlencode(query),
            "direction": "ascending"
            if current == key
            else "descending"
            if current == f"-{key}"
            else "",
        }
    return links


def _local(value, fmt: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.strftime(fmt)


def _table_html(
    rows: list[stats.UnitRow], *, period, can_act: bool, chosen: set[str]
) -> SafeString:
    """The list's rows, written here with every value escaped and each label translated once
    per page: a template loop over 150 units was most of the page's time."""
    kinds = {value: escape(str(label)) for value, label in UnitKind.choices}
    statuses = {key: escape(str(label)) for key, label in stats.REPORT_STATUS_LABELS.items()}
    timeliness = {key: escape(str(label)) for key, label in stats.Timeliness.labels.items()}
    extended = _("extended, was %(day)s")
    remind = _("Remind %(unit)s")
    detail = reverse("report_detail", args=[0])
    extend_link = can_act and period.is_open
    extend_base = reverse("period_extend", args=[period.pk, "_unit_"])
    extend, extend_label = _("Extend"), _("Extend the due date of %(unit)s")
    back = quote(reverse("period_dashboard", args=[period.pk]))
    parts = []
    for row in rows:
        unit = row.unit
        short_name = escape(unit.short_name)
        if not can_act:
            check = ""
        elif row.can_be_reminded:
            label = escape(remind % {"unit": unit.short_name})
            checked = " checked" if str(unit.pk) in chosen else ""
            check = (
                f'<td><input type="checkbox" class="form-check-input" name="units" '
                f'value="{unit.pk}" form="reminder-form" aria-label="{label}"{checked}></td>'
            )
        else:
            check = "<td></td>"
        if row.report_id:
            url = escape(detail.replace("/0/", f"/{row.report_id}/"))
        else:
            # No report yet: the unit's page in the period (contacts, due date, reminders).
            url = escape(reverse("period_unit", args=[period.pk, unit.code]))
        name = f'<a href="{url}">{short_name}</a>'

        extension = ""
        if row.has_extension:
            note = escape(extended % {"day": _local(row.original_due_on, "%d/%m/%Y")})
            extension = (
                f'<div class="small text-body-secondary" '
                f'title="{escape(row.extension_reason)}">{note}</div>'
            )
        if extend_link and not row.is_submitted:
            # Where a reviewer sees a unit still owing its report: extend it from here.
            href = escape(f"{extend_base.replace('/_unit_/', f'/{unit.code}/')}?next={back}")
            label = escape(extend_label % {"unit": unit.short_name})
            extension += (
                f'<a class="small extend-link" href="{href}" aria-label="{label}">{extend}</a>'
            )
        reminders = (
            f' <span class="small text-body-secondary">(×{row.reminder_count})</span>'
            if row.reminder_count > 1
            else ""
        )
        parts.append(
            f'<tr data-unit="{escape(unit.code)}">{check}<td>{name}</td>'
            f'<td class="small">{kinds.get(unit.kind, "")}</td>'
            f'<td class="text-nowrap">{_local(row.due_on, "%d/%m/%Y")}{extension}</td>'
            f'<td><span class="badge rounded-pill report-{row.report_status}">'
            f"{statuses[row.report_status]}</span></td>"
            f'<td><span class="badge timeliness-{row.timeliness}">'
            f"{timeliness[row.timeliness]}</span></td>"
            f'<td class="text-nowrap">{_local(row.first_submitted_at, "%d/%m/%Y")}</td>'
            f'<td class="text-end days-late">{row.days_late or "—"}</td>'
            f'<td class="text-nowrap last-reminder">'
            f"{_local(row.last_reminder_at, '%H:%M %d/%m/%Y')}{reminders}</td></tr>"
        )
    return SafeString("\n".join(parts))


def _dashboard_context(request, period, can_act, *, query: QueryDict, reminder_form=None):
    filters = DashboardFilterForm(query)
    filters.is_valid()
    rows = stats.unit_rows(period)
    counts = stats.status_counts(period, rows=rows)
    shown = _filtered_rows(rows, filters)
    if reminder_form is None and can_act:
        reminder_form = ReminderForm(
            period=period,
            initial={
                "message": reminder_default_message(period),
                "filters": query.urlencode(),
            },
        )
    chosen = set()
    if reminder_form is not None and reminder_form.is_bound:
        chosen = set(reminder_form.data.getlist("units"))
    return {
        "period": period,
        "directive": period.directive,
        "can_act": can_act,
        "counts": counts,
        "indicators": stats.period_indicators(period),
        "rows": shown,
        "table": _table_html(shown, period=period, can_act=can_act, chosen=chosen),
        "total_rows": len(rows),
        "filters": filters,
        "sort_links": _sort_links(filters),
        "reminder_form": reminder_form,
        "chosen": chosen,
        "remindable_shown": sum(1 for row in shown if row.can_be_reminded),
        "task_counts": statuses.period_counts(period, today=timezone.localdate()),
        "soon_days": statuses.due_soon_days(),
    }


@require_GET
@login_required
def period_dashboard(request, period_id):
    period, can_act = get_period_for_monitoring(request, period_id)
    context = _dashboard_context(request, period, can_act, query=request.GET)
    return render(request, "reports/dashboard_period.html", context)


@require_POST
@login_required
def period_remind(request, period_id):
    period, _can_act = get_period_for_monitoring(request, period_id, write=True)
    form = ReminderForm(request.POST, period=period)
    # Only the filter parameters come back from the hidden field: nothing else of it is used.
    filters = QueryDict(request.POST.get("filters", "")[:500])
    if form.is_valid():
        try:
            sent = reminder_send(
                period=period,
                units=form.cleaned_data["units"],
                message=form.cleaned_data["message"],
                sent_by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Count only the units someone received it in; name those it reached no one in.
            reached = [r for r in sent if r.recipient_count > 0]
            nobody = [r.unit.short_name for r in sent if r.recipient_count == 0]
            if reached:
                messages.success(
                    request,
                    ngettext(
                        "Reminder sent to %(count)d unit.",
                        "Reminder sent to %(count)d units.",
                        len(reached),
                    )
                    % {"count": len(reached)},
                )
            if nobody:
                messages.warning(
                    request,
                    ngettext(
                        "Not reached: %(units)s has no member account. The reminder is recorded; "
                        "contact the unit another way.",
                        "Not reached: %(units)s have no member account. The reminders are "
                        "recorded; contact these units another way.",
                        len(nobody),
                    )
                    % {"units": ", ".join(nobody)},
                )
            kept = {
                name: filters.get(name) for name in ("kind", "status", "sort") if filters.get(name)
            }
            url = reverse("period_dashboard", args=[period.pk])
            url = f"{url}?{urlencode(kept)}" if kept else url
            return redirect(safe_next_url(request, request.POST.get("next"), url))
    context = _dashboard_context(request, period, True, query=filters, reminder_form=form)
    return render(request, "reports/dashboard_period.html", context, status=400)


# ---- one unit in a period ---------------------------------------------------------------------


@require_GET
@login_required
def period_unit(request, period_id, unit_code):
    """Where a unit stands in a period, for those who follow it: its due date, its report (or
    that it has none yet), who to contact, every reminder sent, and what a reviewer can do from
    here (remind, extend, back to the period)."""
    period, can_act = get_period_for_monitoring(request, period_id)
    obligation = get_object_or_404(
        ReportingObligation.objects.select_related("unit").annotate(
            **stats.names_then(period.due_on, unit=OuterRef("unit_id"))
        ),
        period=period,
        unit__code=unit_code,
    )
    unit = obligation.unit
    # Named as on the period's due date (shown, never saved).
    unit.name, unit.short_name = obligation.name_then, obligation.short_name_then
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    members = (
        Membership.objects.filter(unit=unit, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    reminders = Reminder.objects.filter(period=period, unit=unit).select_related("sent_by")
    due_on = obligation.due_on()
    today = timezone.localdate()
    submitted = report is not None and report.first_submitted_at is not None
    remindable = not submitted or report.status == ReportStatus.RETURNED
    here = reverse("period_unit", args=[period.pk, unit.code])
    return render(
        request,
        "reports/period_unit.html",
        {
            "period": period,
            "directive": period.directive,
            "unit": unit,
            "obligation": obligation,
            "report": report,
            "members": members,
            "reminders": reminders,
            "due_on": due_on,
            "days_left": (due_on - today).days,
            "days_overdue": (today - due_on).days,
            "can_act": can_act and period.is_open,
            "can_remind": can_act and period.is_open and remindable,
            "can_extend": can_act and period.is_open and not submitted,
            "reminder_form": ReminderForm(
                period=period,
                initial={"units": [unit.pk], "message": reminder_default_message(period)},
            ),
            "here": here,
        },
    )


# ---- matrix ----------------------------------------------------------------------------------


def _matrix_cells_html(row: stats.MatrixRow, unit_urls: list[str], unit_names: list[str]):
    """One leaf task's cells, written here with every value escaped once: 1,800 cells through
    the template engine (or format_html) were most of the page's time. Each cell carries its
    label as text (never colour alone) and its full meaning in the title."""
    anchor = escape(f"#entry-{row.task.number}")  # the entry card on the report page
    labels = {
        status: (escape(str(label)), escape(str(stats.CellStatus.labels[status])))
        for status, label in stats.CellStatus.short_labels.items()
    }
    not_assigned = stats.CellStatus.NOT_ASSIGNED
    parts = []
    for cell, url, name in zip(row.cells, unit_urls, unit_names, strict=True):
        short, full = labels[cell.status]
        if url and cell.status != not_assigned:
            parts.append(
                f'<td class="mx-cell mx-{cell.status}" title="{name}: {full}">'
                f'<a href="{url}{anchor}">{short}</a></td>'
            )
        else:
            parts.append(
                f'<td class="mx-cell mx-{cell.status}" title="{name}: {full}">{short}</td>'
            )
    return SafeString("".join(parts))


@require_GET
@login_required
def period_matrix(request, period_id):
    period, can_act = get_period_for_monitoring(request, period_id)
    matrix = stats.task_matrix(period)
    # One URL per unit, reversed once, not once per cell.
    unit_urls = [
        reverse("report_detail", args=[matrix.report_ids[unit.pk]])
        if unit.pk in matrix.report_ids
        else ""
        for unit in matrix.units
    ]
    unit_urls = [escape(url) for url in unit_urls]
    unit_names = [escape(unit.short_name) for unit in matrix.units]
    figures = stats.period_indicators(period)
    today = timezone.localdate()
    # The five statuses per task, over the period's units (two grouped queries).
    by_task = statuses.counts_by_task(statuses.period_scope(period, today=today), today=today)
    empty = statuses.TaskStatusCounts()
    rows = [
        (
            row,
            _matrix_cells_html(row, unit_urls, unit_names) if row.is_leaf else "",
            figures.task_lines(row.task.pk),
            by_task.get(row.task.pk, empty),
        )
        for row in matrix.rows
    ]
    return render(
        request,
        "reports/dashboard_matrix.html",
        {
            "period": period,
            "directive": period.directive,
            "can_act": can_act,
            "matrix": matrix,
            "rows": rows,
            "legend": [
                (status, stats.CellStatus.short_labels[status], stats.CellStatus.labels[status])
                for status in (*stats.CellStatus.COUNTED, stats.CellStatus.NOT_ASSIGNED)
            ],
            "totals": matrix.totals(),
            "report_indicators": figures.report_lines,
            "task_counts": statuses.counts_total(by_task),
            "soon_days": statuses.due_soon_days(),
        },
    )


# ---- across periods --------------------------------------------------------------------------


@require_GET
@login_required
def directive_trend(request, slug):
    directive = get_directive_for_monitoring(request, slug)
    points = stats.period_trend(directive)
    indicators, sums = stats.indicator_trend(directive, [point.period for point in points])
    for point in points:
        # The indicators in their order, one cell each; None where no unit gave a figure.
        point.indicator_totals = [sums[point.period.pk].get(i.pk) for i in indicators]
    return render(
        request,
        "reports/dashboard_trend.html",
        {
            "directive": directive,
            "points": points,
            "indicators": indicators,
            "chart": charts.trend_svg(points),
        },
    )


# ---- the Standing Committee's summary --------------------------------------------------------


@require_GET
@login_required
def standing_summary(request):
    user = request.user
    # A draft only for its monitoring unit (directives.models.DirectiveQuerySet.visible_to).
    directives = Directive.objects.visible_to(user).order_by("-issued_on", "number")
    if not (user.is_superuser or is_leadership_member(user)):
        directives = directives.filter(monitoring_unit_id__in=unit_ids(user))
    directives = list(directives)
    if not directives:
        # Unit staff: the page is not theirs, as if it did not exist.
        raise Http404("No summary for this user.")
    # The reader's choice of period (?ky=<id>, one per directive), else the default.
    chosen = {int(value) for value in request.GET.getlist("ky") if value.isdigit()}
    summaries = stats.latest_period_summaries(directives, chosen=chosen)
    statuses.with_directive_counts(directives, today=timezone.localdate())
    return render(
        request,
        "reports/standing_summary.html",
        {
            "summaries": summaries,
            "read_only": not user.is_superuser and is_leadership_member(user),
            "soon_days": statuses.due_soon_days(),
        },
    )


# ---- exports ---------------------------------------------------------------------------------

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@require_GET
@login_required
def period_export(request, period_id, table, fmt):
    if table not in ("don-vi", "ma-tran") or fmt not in EXPORT_TYPES:
        raise Http404("No such export.")
    period, _can_act = get_period_for_monitoring(request, period_id)
    # The figures of the indicators ride along: a column per report-level one in the unit
    # list, and a sheet of their sums in the workbooks.
    figures = stats.period_indicators(period)
    if table == "don-vi":
        rows = stats.unit_rows(period)
        sheets = [exports.unit_table(period, rows, figures)]
        if fmt == "xlsx":
            sheets.append(exports.counts_table(period, rows))
    else:
        sheets = [exports.matrix_table(period)]
    if fmt == "xlsx" and figures.lines:
        sheets.append(exports.indicator_table(figures))
    if fmt == "xlsx":
        sheets.append(exports.task_status_table(period))
    content = exports.to_xlsx(*sheets) if fmt == "xlsx" else exports.to_csv(sheets[0])
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    filename = f"theo-doi-{period.directive.slug}-ky-{period.pk}-{table}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- the periods of a directive, with their figures ----------------------------------------


@require_GET
@login_required
def period_list(request, slug):
    directive = get_directive_for_periods(request, slug)
    periods = list(directive.periods.order_by("-starts_on", "name"))
    rows = stats.unit_rows_for_periods(periods)
    items = [(period, stats.status_counts(period, rows=rows[period.pk])) for period in periods]
    return render(
        request,
        "reports/period_list.html",
        {"directive": directive, "items": items, "can_act": directive.can_act},
    )
