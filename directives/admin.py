from django.contrib import admin

from config.dates import DayMonthYearAdmin
from config.search import FoldedSearchAdmin

from .models import (
    Directive,
    Indicator,
    Recipient,
    Reference,
    Task,
    TaskCoordination,
    TaskLead,
)


class TaskInline(DayMonthYearAdmin, admin.StackedInline):
    model = Task
    extra = 0
    ordering = ["position"]
    fields = [
        ("number", "marker", "position", "parent"),
        "text",
        ("lead_groups", "coordination_note"),
        ("deadline", "deadline_text", "recurring"),
        "deliverable",
    ]
    autocomplete_fields = ["parent", "lead_groups"]


# Assignments carry dates, so they are edited as rows of their own.
class TaskLeadInline(DayMonthYearAdmin, admin.TabularInline):
    model = TaskLead
    extra = 0
    autocomplete_fields = ["unit"]


class TaskCoordinationInline(DayMonthYearAdmin, admin.TabularInline):
    model = TaskCoordination
    extra = 0
    autocomplete_fields = ["unit"]


class ReferenceInline(DayMonthYearAdmin, admin.TabularInline):
    model = Reference
    extra = 0


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    autocomplete_fields = ["unit", "group"]


class IndicatorInline(admin.StackedInline):
    """The figures the directive asks for; a figure units already gave keeps its indicator
    (the values protect it), so an indicator in use is renamed, not deleted."""

    model = Indicator
    extra = 0
    ordering = ["position", "pk"]
    # Stacked, a few fields a line: seven columns side by side overflowed a 1366 px screen.
    fields = [
        ("position", "code", "scope", "aggregation"),
        ("name", "unit_of_measure"),
        "task",
    ]
    autocomplete_fields = ["task"]


@admin.register(Directive)
class DirectiveAdmin(FoldedSearchAdmin, DayMonthYearAdmin, admin.ModelAdmin):
    list_display = ["__str__", "issued_on", "issuer", "monitoring_unit", "subject"]
    list_filter = ["document_type", "issuer", "issued_on"]
    search_fields = ["number", "symbol", "subject", "preamble"]
    list_select_related = ["issuer", "monitoring_unit"]
    autocomplete_fields = ["issuer", "monitoring_unit"]
    date_hierarchy = "issued_on"
    inlines = [ReferenceInline, RecipientInline, TaskInline, IndicatorInline]


@admin.register(Task)
class TaskAdmin(FoldedSearchAdmin, DayMonthYearAdmin, admin.ModelAdmin):
    list_display = ["number", "directive", "position", "short_title", "text"]
    list_editable = ["short_title"]
    list_filter = ["directive"]
    search_fields = ["number", "text", "short_title"]
    list_select_related = ["directive"]
    ordering = ["directive", "position"]
    autocomplete_fields = ["directive", "parent", "lead_groups"]
    inlines = [TaskLeadInline, TaskCoordinationInline]
