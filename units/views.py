import io
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.search import alphabetical
from directives.models import Directive, Task, TaskLead

from . import accounts, forms, imports, services
from .access import (
    get_account_for_manager,
    keeps_registry,
    manages_accounts,
    require_account_manager,
    require_registry_keeper,
)
from .models import Membership, MembershipRole, Unit, UnitEvent, UnitKind
from .names import display_name


@require_GET
@login_required
def unit_detail(request, code):
    unit = get_object_or_404(
        Unit.objects.select_related("parent").prefetch_related("former_names"), code=code
    )
    # The dates of the unit's own assignment: a task passed on in a reorganisation shows until
    # when it led it, a successor's from when.
    own = TaskLead.objects.filter(task=OuterRef("pk"), unit=unit)
    tasks = (
        Task.objects.assigned_to(unit)
        .annotate(
            lead_from=Subquery(own.values("valid_from")[:1]),
            lead_to=Subquery(own.values("valid_to")[:1]),
        )
        .filter(directive__in=Directive.objects.visible_to(request.user))
        .select_related("directive", "parent")
        .prefetch_related(Prefetch("lead_groups"), "lead_units")
        .order_by("directive__issued_on", "directive_id", "position")
    )
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "tasks": tasks,
            "keeps_registry": keeps_registry(request.user),
            "manages_accounts": manages_accounts(request.user),
        },
    )


@require_GET
@login_required
def registry(request):
    require_registry_keeper(request.user)
    today = timezone.localdate()
    units = (
        Unit.objects.select_related("parent")
        .prefetch_related("former_names")
        .order_by("kind", "position", alphabetical("name"), "pk")
    )
    events = UnitEvent.objects.prefetch_related("predecessors", "successors")[:50]
    return render(
        request,
        "units/registry.html",
        {
            "units": units,
            "events": events,
            "today": today,
            "manages_accounts": manages_accounts(request.user),
        },
    )


def _event_page(request, form, *, title, unit=None):
    """Form, then a preview of the change with the same data hidden, then the change itself:
    a change to the organisation cannot be undone, so it is never made from the first POST."""
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        if "confirm" in request.POST:
            try:
                form.save(request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The change has been recorded."))
                return redirect("unit_registry")
        if not form.errors:
            return render(
                request,
                "units/event_preview.html",
                {"form": form, "title": title, "unit": unit},
            )
    return render(request, "units/event_form.html", {"form": form, "title": title, "unit": unit})


def _unit_in_force(code):
    return get_object_or_404(Unit, code=code, valid_to__isnull=True)


@login_required
def unit_rename_view(request, code):
    require_registry_keeper(request.user)
    unit = _unit_in_force(code)
    form = forms.RenameForm(request.POST or None, unit=unit)
    return _event_page(request, form, title=_("Rename %(unit)s") % {"unit": unit.name}, unit=unit)


@login_required
def unit_split_view(request, code):
    require_registry_keeper(request.user)
    unit = _unit_in_force(code)
    form = forms.SplitForm(request.POST or None, unit=unit)
    return _event_page(request, form, title=_("Split %(unit)s") % {"unit": unit.name}, unit=unit)


@login_required
def unit_end_view(request, code):
    require_registry_keeper(request.user)
    unit = _unit_in_force(code)
    form = forms.EndForm(request.POST or None, unit=unit)
    return _event_page(request, form, title=_("End %(unit)s") % {"unit": unit.name}, unit=unit)


@login_required
def unit_merge_view(request):
    require_registry_keeper(request.user)
    form = forms.MergeForm(request.POST or None)
    return _event_page(request, form, title=_("Merge units"))


# ---- bulk import of the Department's list ----------------------------------------------------

IMPORT_SALT = "units.import"
IMPORT_FOLDER = "unit-imports"
IMPORT_TOKEN_SECONDS = 3 * 3600
PREVIEW_ROWS = 500


def template_workbook() -> bytes:
    """The file the Department fills in: the columns on the first sheet, the kinds on the
    second (code and name, either is accepted)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    sheet.append([column.header for column in imports.COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (24, 48, 24, 12, 14, 24, 14, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    kinds = book.create_sheet("Loại")
    kinds.append(["Mã loại", "Tên loại"])
    for kind in UnitKind:
        kinds.append([kind.value, str(kind.label)])
    notes = book.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng một đơn vị; dòng đầu là tên cột, giữ nguyên như tệp mẫu.",
        "Mã: chữ không dấu, chữ số và dấu gạch ngang (ví dụ huyen-uy-binh-son); "
        "mã trùng với đơn vị đã có thì cập nhật đơn vị đó.",
        "Loại: mã loại hoặc tên loại ở trang “Loại”.",
        "Mã đơn vị cấp trên: mã của một đơn vị đã có hoặc có trong tệp này.",
        "Ngày: dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        "Tên gọi khác: cách nhau bằng dấu chấm phẩy.",
        "Hợp nhất, chia tách, kết thúc đơn vị còn nhiệm vụ: "
        "dùng các trang thay đổi của sổ đăng ký.",
    ):
        notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@require_GET
@login_required
def unit_import_template(request):
    require_registry_keeper(request.user)
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-don-vi.xlsx"'
    return response


def _stored_import(request, token: str) -> tuple[bytes, str, str, str]:
    """The file a preview was made from, for the user who uploaded it and only for a while."""
    found = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_TOKEN_SECONDS)
    if found["user"] != request.user.pk:
        raise signing.BadSignature("another user's import")
    with default_storage.open(found["path"], "rb") as stored:
        return stored.read(), found["name"], found["digest"], found["path"]


def _remove_old_imports() -> None:
    """Files of previews never confirmed go once their token has expired."""
    import datetime

    try:
        _folders, names = default_storage.listdir(IMPORT_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - datetime.timedelta(seconds=IMPORT_TOKEN_SECONDS)
    for name in names:
        path = f"{IMPORT_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


def _import_preview(request, plan, *, data=None, filename="", stored=None, status=200):
    token = ""
    if plan.is_valid and plan.has_changes:
        if stored is None:
            _remove_old_imports()
            path = default_storage.save(
                f"{IMPORT_FOLDER}/{uuid.uuid4().hex}{filename[filename.rfind('.') :].lower()}",
                ContentFile(data),
            )
        else:
            path = stored
        token = signing.dumps(
            {"user": request.user.pk, "path": path, "name": filename, "digest": plan.digest},
            salt=IMPORT_SALT,
        )
    shown = [u for u in plan.units if u.status != "unchanged"]
    return render(
        request,
        "units/import_preview.html",
        {
            "plan": plan,
            "counts": plan.counts,
            "shown": shown[:PREVIEW_ROWS],
            "hidden_count": max(0, len(shown) - PREVIEW_ROWS),
            "errors": plan.errors[:PREVIEW_ROWS],
            "hidden_errors": max(0, len(plan.errors) - PREVIEW_ROWS),
            "token": token,
            "filename": filename,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_import_view(request):
    """Upload, then a preview of every change (or of every error), then the import on a
    second POST that names the stored file: nothing is written from the upload itself."""
    require_registry_keeper(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            data, filename, digest, path = _stored_import(request, request.POST.get("token", ""))
        except (signing.BadSignature, KeyError, OSError):
            messages.error(request, _("This preview has expired. Upload the file again."))
            return redirect("unit_import")
        try:
            plan = services.unit_import(data=data, filename=filename, expected_digest=digest)
        except services.ImportStale as stale:
            messages.warning(
                request,
                _("The registry changed since the preview. Check the changes again."),
            )
            return _import_preview(request, stale.plan, filename=filename, stored=path)
        except (ValidationError, imports.FileRefused):
            messages.error(request, _("The file no longer passes the checks. Upload it again."))
            return redirect("unit_import")
        default_storage.delete(path)
        counts = plan.counts
        messages.success(
            request,
            _("Import done: %(new)d new units, %(changed)d changed, %(unchanged)d unchanged.")
            % counts,
        )
        return redirect("unit_registry")

    form = forms.UnitImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plan = imports.read_and_plan(data, upload.name)
        except imports.FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            return _import_preview(
                request,
                plan,
                data=data,
                filename=upload.name,
                status=200 if plan.is_valid else 400,
            )
    return render(
        request,
        "units/import_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# ---- accounts kept by the Department ---------------------------------------------------------


def _accounts_page(request, unit, *, form=None, link="", account=None, status=200):
    memberships = (
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("-user__is_active", "user__last_name", "user__first_name", "user__username")
    )
    return render(
        request,
        "units/accounts.html",
        {
            "unit": unit,
            "memberships": memberships,
            "roles": MembershipRole.choices,
            "form": form or forms.AccountCreateForm(),
            "link": request.build_absolute_uri(link) if link else "",
            "account": account,
            "link_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_accounts(request, code):
    """A unit's accounts, and a form for a new one. A new account's one-time link is shown on
    the answer to the POST only: it is never stored or sent anywhere."""
    require_account_manager(request.user)
    unit = get_object_or_404(Unit, code=code)
    if request.method == "GET":
        return _accounts_page(request, unit)
    form = forms.AccountCreateForm(request.POST)
    if form.is_valid():
        try:
            user, link = accounts.account_create(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("The account %(username)s was created.") % {"username": user.username}
            )
            return _accounts_page(request, unit, link=link, account=user)
    return _accounts_page(request, unit, form=form, status=400)


def _membership_for_manager(request, pk):
    require_account_manager(request.user)
    membership = get_object_or_404(Membership.objects.select_related("user", "unit"), pk=pk)
    get_account_for_manager(request, membership.user_id)
    return membership


@require_POST
@login_required
def account_role(request, pk):
    membership = _membership_for_manager(request, pk)
    form = forms.RoleForm(request.POST)
    if form.is_valid():
        accounts.account_set_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(
            request,
            _("%(person)s is now “%(role)s”.")
            % {"person": display_name(membership.user), "role": membership.get_role_display()},
        )
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("unit_accounts", code=membership.unit.code)


def _account_action(request, pk, action, done_message):
    membership = _membership_for_manager(request, pk)
    try:
        action(user=membership.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message % {"person": display_name(membership.user)})
    return redirect("unit_accounts", code=membership.unit.code)


@require_POST
@login_required
def account_deactivate(request, pk):
    return _account_action(
        request,
        pk,
        accounts.account_deactivate,
        _("%(person)s can no longer sign in; their work is kept."),
    )


@require_POST
@login_required
def account_reactivate(request, pk):
    return _account_action(
        request, pk, accounts.account_reactivate, _("%(person)s can sign in again.")
    )


@require_POST
@login_required
def account_password_reset(request, pk):
    """Shows the one-time link on this answer only, as for a new account."""
    membership = _membership_for_manager(request, pk)
    try:
        link = accounts.account_password_reset(user=membership.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("unit_accounts", code=membership.unit.code)
    return _accounts_page(request, membership.unit, link=link, account=membership.user)


@require_POST
@login_required
def account_two_factor_remove(request, pk):
    return _account_action(
        request,
        pk,
        accounts.account_two_factor_remove,
        _("Two-step sign-in was removed for %(person)s; they can set it up again."),
    )


class AccountSetPasswordView(auth_views.PasswordResetConfirmView):
    """The holder of a one-time link chooses their password (Django's own view: the token is
    checked, moved out of the address into the session, and dies once the password is set),
    then signs in with it."""

    template_name = "units/set_password.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Sign in with it."))
        return response
