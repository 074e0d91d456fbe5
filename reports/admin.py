"""Admin of the reports app. Each area registers its models in its own block."""

from django.contrib import admin

from config.dates import DayMonthYearAdmin
from config.search import FoldedSearchAdmin
from reports.consolidated.models import ConsolidatedReport, DocumentTerm

# ---- the consolidated report (helper "consolidated") ----


@admin.register(DocumentTerm)
class DocumentTermAdmin(FoldedSearchAdmin, DayMonthYearAdmin, admin.ModelAdmin):
    """Terms of Party committees: document numbers restart in each, so a missing term stops
    the issuing of reports dated in it (with a message asking the admin to add it here)."""

    list_display = ["unit", "name", "starts_on", "ends_on"]
    list_filter = ["unit"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(FoldedSearchAdmin, DayMonthYearAdmin, admin.ModelAdmin):
    """Read-only: drafts are edited and reports issued through the app, where the freezing
    of issued reports is enforced; the admin must not be a way around it."""

    list_display = ["__str__", "period", "status", "issued_on", "generation", "created_at"]
    list_filter = ["status", "generation"]
    search_fields = ["subject", "period__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
