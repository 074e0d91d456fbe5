from django.contrib import admin

from .models import Membership, Unit, UnitGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "symbol", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "short_name", "symbol", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "predecessors"]
    prepopulated_fields = {"code": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    filter_horizontal = ["units"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]
