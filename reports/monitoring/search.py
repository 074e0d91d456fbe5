"""The search page: directives, tasks, units and report text, found with or without their
diacritics (config/search.py), each list within what the user may read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.search import alphabetical, words
from directives.models import Directive, Task
from reports.submissions.access import readable_reports
from units.models import Unit

SHOWN = 25
MAX_QUERY = 200


def _first(queryset) -> tuple[list, bool]:
    """The first SHOWN rows and whether there are more, in one query."""
    rows = list(queryset[: SHOWN + 1])
    return rows[:SHOWN], len(rows) > SHOWN


@require_GET
@login_required
def search(request):
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    results = {}
    if words(query):
        results = {
            "directives": _first(
                Directive.objects.visible_to(request.user)
                .search(query)
                .select_related("issuer")
                .order_by("-issued_on", "pk")
            ),
            "tasks": _first(
                Task.objects.visible_to(request.user)
                .search(query)
                .select_related("directive")
                .order_by("-directive__issued_on", "directive_id", "position")
            ),
            "units": _first(Unit.objects.search(query).alphabetical()),
            "reports": _first(
                readable_reports(request.user)
                .search(query)
                .select_related("unit", "period__directive")
                .order_by("-period__due_on", alphabetical("unit__name"), "pk")
            ),
        }
    return render(request, "reports/search.html", {"query": query, "results": results})
