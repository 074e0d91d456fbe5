"""The Department's import screens: upload or paste, review and correct, save as a draft,
publish.

The plan being reviewed lives in the session between the steps; nothing reaches the directive
tables before "Save", which writes it all in one transaction.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from directives.editing import services as editing
from documents.reading import ReadError, read_docx, read_text
from units.models import Unit, UnitGroup, UnitKind
from units.roles import is_leadership_member, memberships, reviews_any_directive

from ..models import Directive, DirectiveStatus, DocumentType
from .plan import build_plan
from .review import apply_corrections, show_day, tasks_in_order
from .services import ImportRefused, directive_import_save

SESSION_KEY = "directive_import"
MAX_UPLOAD = 5 * 1024 * 1024


def _monitoring_units(user) -> list[Unit]:
    if user.is_superuser:
        return list(Unit.objects.filter(kind=UnitKind.ADVISORY_AGENCY))
    return [m.unit for m in memberships(user) if m.monitors_a_directive]


def _check_importer(request) -> list[Unit]:
    """The Department's staff (members of a unit that monitors directives) import; the
    Standing Committee reads only (403); anyone else is told the page does not exist."""
    if reviews_any_directive(request.user):
        return _monitoring_units(request.user)
    if is_leadership_member(request.user):
        raise PermissionDenied(_("The Standing Committee follows the reports; it does not act."))
    raise Http404("No such page.")


def _get_draft_for_publishing(request, slug: str) -> Directive:
    directive = get_object_or_404(Directive.objects.select_related("issuer"), slug=slug)
    if request.user.is_superuser or any(
        m.unit_id == directive.monitoring_unit_id for m in memberships(request.user)
    ):
        return directive
    if is_leadership_member(request.user):
        raise PermissionDenied(_("The Standing Committee follows the reports; it does not act."))
    raise Http404("No such page.")


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request):
    _check_importer(request)
    error = ""
    pasted = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        pasted = request.POST.get("text", "")
        try:
            if upload is not None:
                if upload.size > MAX_UPLOAD:
                    raise ReadError(_("The file is over 5 MB: it is not a directive."))
                data = upload.read()
                if upload.name.lower().endswith(".docx") or data[:2] == b"PK":
                    doc = read_docx(data)
                else:
                    try:
                        doc = read_text(data.decode("utf-8-sig"))
                    except UnicodeDecodeError:
                        raise ReadError(
                            _("The file is neither a Word .docx file nor UTF-8 text.")
                        ) from None
            elif pasted.strip():
                doc = read_text(pasted)
            else:
                raise ReadError(_("Choose a .docx file or paste the directive's text."))
        except ReadError as failure:
            error = str(failure)
        else:
            request.session[SESSION_KEY] = {"plan": build_plan(doc), "source": doc.source}
            return redirect("directive_import_review")
    return render(
        request,
        "directives/import_start.html",
        {"error": error, "pasted": pasted},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_review(request):
    monitoring_units = _check_importer(request)
    state = request.session.get(SESSION_KEY)
    if not state:
        return redirect("directive_import")
    plan = state["plan"]
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = apply_corrections(plan, request.POST)
        monitoring = next(
            (u for u in monitoring_units if u.code == request.POST.get("monitoring_unit")), None
        )
        if monitoring is None:
            errors["monitoring_unit"] = _("Choose the unit that follows the directive up.")
        request.session[SESSION_KEY] = state
        if not errors and request.POST.get("action") == "save":
            try:
                directive = directive_import_save(
                    plan=plan, monitoring_unit=monitoring, user=request.user
                )
            except (ImportRefused, ValidationError, IntegrityError) as failure:
                message = (
                    failure.messages if isinstance(failure, ValidationError) else [str(failure)]
                )
                errors["form"] = " ".join(message)
            else:
                del request.session[SESSION_KEY]
                messages.success(request, _("The directive was saved as a draft."))
                return redirect("directive_import_done", directive.slug)
    depths: dict[int, int] = {}
    rows = []
    for i, (task, parent) in enumerate(tasks_in_order(plan)):
        depths[id(task)] = depths[id(parent)] + 1 if parent is not None else 0
        rows.append(
            {
                "index": i,
                "task": task,
                "depth": depths[id(task)],
                "deadline": show_day(task.get("deadline")),
            }
        )
    return render(
        request,
        "directives/import_review.html",
        {
            "plan": plan,
            "source": state["source"],
            "rows": rows,
            "errors": errors,
            "issued_on": show_day(plan.get("issued_on")),
            "units": Unit.objects.order_by("kind", "position", "name"),
            "groups": UnitGroup.objects.order_by("name"),
            "kinds": UnitKind.choices,
            "document_types": DocumentType.choices,
            "monitoring_units": monitoring_units,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET"])
@login_required
def import_done(request, slug):
    directive = _get_draft_for_publishing(request, slug)
    tasks = directive.tasks.order_by("position").prefetch_related(
        "lead_units", "lead_groups", "coordinating_units"
    )
    return render(request, "directives/import_done.html", {"directive": directive, "tasks": tasks})


@require_POST
@login_required
def directive_publish_view(request, slug):
    directive = _get_draft_for_publishing(request, slug)
    if directive.status != DirectiveStatus.PUBLISHED:
        # The editing service publishes, so the directive's history records it.
        try:
            editing.directive_publish(directive=directive, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The directive is published: periods can now ask for it."))
    return redirect("directive_import_done", directive.slug)
