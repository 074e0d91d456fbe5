from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from units.roles import reviews_any_directive

from .models import Directive


@require_GET
@login_required
def directive_list(request):
    directives = Directive.objects.select_related("issuer").order_by("-issued_on")
    return render(
        request,
        "directives/directive_list.html",
        {"directives": directives, "can_import": reviews_any_directive(request.user)},
    )


@require_GET
@login_required
def directive_detail(request, slug):
    # Directives are read by every signed-in official: they are addressed to all units.
    directive = get_object_or_404(Directive.objects.with_document(), slug=slug)
    return render(request, "directives/directive_detail.html", {"directive": directive})
