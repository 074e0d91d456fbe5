from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.dates import DayMonthYearAdmin
from config.search import FoldedSearchAdmin

from .models import Membership, Unit, UnitGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(FoldedSearchAdmin, DayMonthYearAdmin, admin.ModelAdmin):
    list_display = ["name", "short_name", "symbol", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "short_name", "symbol", "code", "aliases"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "predecessors"]
    prepopulated_fields = {"code": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(FoldedSearchAdmin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    filter_horizontal = ["units"]


@admin.register(Membership)
class MembershipAdmin(FoldedSearchAdmin, admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


# ---- people and their permissions --------------------------------------------------------------

# Django stores a permission's name in English ("Can add unit report") when the tables are made;
# the admin lists them by that name. Shown instead: the model's translated name and the action.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    action = PERMISSION_ACTIONS.get(permission.codename.split("_", 1)[0])
    if action is None:
        # A permission the model declares (Meta.permissions), by its translated name.
        declared = dict(opts.permissions).get(permission.codename)
        if declared is None:
            return str(permission)
        return f"{opts.app_config.verbose_name} | {declared}"
    return f"{opts.app_config.verbose_name} | {action % {'model': opts.verbose_name}}"


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


class UserAdmin(TranslatedPermissionsMixin, auth_admin.UserAdmin):
    pass


class GroupAdmin(TranslatedPermissionsMixin, auth_admin.GroupAdmin):
    pass


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)


class TwoFactorDeviceForm(forms.ModelForm):
    class Meta:
        model = TOTPDevice
        fields = ["user", "name", "confirmed"]
        labels = {"user": _("user"), "name": _("name"), "confirmed": _("confirmed")}


# django-otp's own admin for TOTP devices shows the secret's QR code to the administrator and
# its field names in English; devices are made by their owner's enrolment only, so here the
# administrator lists them and removes a lost phone's.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    form = TwoFactorDeviceForm
    list_display = ["owner", "device_name", "is_confirmed", "created"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    readonly_fields = ["user"]

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description=_("name"))
    def device_name(self, device):
        return device.name

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, device):
        return device.created_at

    def has_add_permission(self, request):
        return False
