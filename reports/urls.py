"""URLs of the reports app: each sub-domain keeps its own, included here without a prefix so
the addresses users already have (in emails, bookmarks) keep working."""

from django.urls import include, path

urlpatterns = [
    path("", include("reports.submissions.urls")),
    path("", include("reports.notifications.urls")),
    path("", include("reports.monitoring.urls")),
    path("", include("reports.periods.urls")),
    path("", include("reports.consolidated.urls")),
]
