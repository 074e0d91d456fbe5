from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directives.models import Task

from .models import Unit


@require_GET
@login_required
def unit_detail(request, code):
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    tasks = (
        Task.objects.assigned_to(unit)
        .select_related("directive", "parent")
        .prefetch_related(Prefetch("lead_groups"), "lead_units")
        .order_by("directive__issued_on", "directive_id", "position")
    )
    return render(request, "units/unit_detail.html", {"unit": unit, "tasks": tasks})
