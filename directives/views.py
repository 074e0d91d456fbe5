from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from units.roles import reviews_any_directive

from .editing.access import may_create_directives, may_edit
from .models import Directive


@require_GET
@login_required
def directive_list(request):
    directives = (
        Directive.objects.visible_to(request.user).select_related("issuer").order_by("-issued_on")
    )
    return render(
        request,
        "directives/directive_list.html",
        {
            "directives": directives,
            "can_import": reviews_any_directive(request.user),
            "may_create": may_create_directives(request.user),
        },
    )


@require_GET
@login_required
def directive_detail(request, slug):
    # Directives are read by every signed-in official: they are addressed to all units.
    # A draft only for its monitoring unit's staff.
    directive = get_object_or_404(
        Directive.objects.visible_to(request.user).with_document(), slug=slug
    )
    # The units the directive named on its date, under the names they bore then; beside them
    # the units that carry the task on today, when a reorganisation has passed it on.
    day, today = directive.issued_on, timezone.localdate()
    for task in directive.tasks.all():
        task.named_leads = [(u, u.short_name_on(day)) for u in task.leads_on(day)]
        named = {u.pk for u, _name in task.named_leads}
        task.leads_now = [u for u in task.leads_on(today) if u.pk not in named]
        task.named_coordinators = [(u, u.short_name_on(day)) for u in task.coordinators_on(day)]
    return render(
        request,
        "directives/directive_detail.html",
        {"directive": directive, "may_edit": may_edit(request.user, directive)},
    )
