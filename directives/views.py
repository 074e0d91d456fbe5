from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

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
        {"directives": directives, "may_create": may_create_directives(request.user)},
    )


@require_GET
@login_required
def directive_detail(request, slug):
    # Directives are read by every signed-in official: they are addressed to all units.
    # A draft only for its monitoring unit's staff.
    directive = get_object_or_404(
        Directive.objects.visible_to(request.user).with_document(), slug=slug
    )
    return render(
        request,
        "directives/directive_detail.html",
        {"directive": directive, "may_edit": may_edit(request.user, directive)},
    )
