"""A unit's work across directives (issue 11): every task it leads or coordinates in every
directive in force, with its status and deadline and the report to fill next.

Units see theirs on their home page (`unit_work`); the Department sees the same across the
directives it monitors, and the Standing Committee across all of them, filtered by unit,
directive, status and deadline (`work_across_directives`). Both read a fixed number of queries
whatever the number of rows: the statuses come from `statuses.pair_rows`, one UNION query, and a
page of it is made into rows in three more.
"""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.monitoring import statuses
from reports.monitoring.forms import WorkFilterForm
from reports.monitoring.statuses import DeadlineFilter, Role, Scope, TaskStatus
from units.roles import is_leadership_member, unit_ids

PAGE_SIZE = 50
# A unit's own list is short (the tasks of the directives it carries out); the cap only keeps
# a misconfigured account (a member of hundreds of units) from building an endless page.
HOME_LIMIT = 300


def unit_work(user, *, today: datetime.date) -> list[statuses.WorkRow]:
    """The work of the user's units, by status then deadline. Four queries (none without a
    unit): the pairs with their statuses, then tasks, units and open obligations."""
    units = unit_ids(user)
    if not units:
        return []
    scope = Scope(on=today, unit_ids=frozenset(units), roles=(Role.LEAD, Role.COORDINATING))
    rows = statuses.pair_rows(scope, today=today)[:HOME_LIMIT]
    return statuses.work_rows(rows, today=today)


def _visible_directives(user, today: datetime.date):
    """The directives in force whose work the user follows: all of them for the Standing
    Committee and the superuser, those it monitors for the Department, none for unit staff."""
    directives = statuses.directives_in_force(today).order_by("-issued_on", "number")
    if user.is_superuser or is_leadership_member(user):
        return list(directives)
    return list(directives.filter(monitoring_unit_id__in=unit_ids(user)))


@require_GET
@login_required
def work_across_directives(request):
    today = timezone.localdate()
    directives = _visible_directives(request.user, today)
    if not directives:
        # Unit staff: their work is on their home page; this one is not theirs.
        raise Http404("No directives followed by this user.")
    soon_days = statuses.due_soon_days()
    form = WorkFilterForm(
        request.GET,
        directives=directives,
        statuses=[(TaskStatus.slugs[s], TaskStatus.labels[s]) for s in TaskStatus.ORDER],
        deadlines=list(DeadlineFilter.labels.items()),
        roles=list(Role.labels.items()),
    )
    form.is_valid()
    visible = frozenset(d.pk for d in directives)
    chosen = form.value("directive")
    status = TaskStatus.from_slug(form.value("status") or "")
    role = form.value("role")
    scope = Scope(
        on=today,
        directive_ids=frozenset({chosen}) if chosen else visible,
        unit_ids=statuses.units_matching((form.value("unit") or "").strip()),
        roles=(role,) if role else (Role.LEAD, Role.COORDINATING),
        statuses=(status,) if status else (),
        deadline=form.value("deadline") or "",
        deadline_by=form.value("deadline_by"),
    )
    # The counts of the same pairs, leading units only (coordination is listed, not counted),
    # and the rows of every role by status, which page the list without counting it again.
    tally = statuses.work_tally(scope, today=today, soon_days=soon_days)
    counts = tally.counts
    rows = statuses.StatusOrderedRows(scope, tally, today=today, soon_days=soon_days)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = statuses.work_rows(page.object_list, today=today)
    kept = {name: value for name, value in request.GET.items() if name != "trang" and value}
    return render(
        request,
        "reports/work_across_directives.html",
        {
            "form": form,
            "counts": counts,
            "rows": rows,
            "page": page,
            "query": urlencode(kept),
            "today": today,
            "soon_days": soon_days,
            "directive_count": len(directives),
        },
    )
