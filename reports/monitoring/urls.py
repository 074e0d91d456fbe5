"""URLs of monitoring: the periods of a directive with their figures, a period's dashboard,
matrix, reminders and exports, the trend across periods, the Standing Committee's summary."""

from django.urls import path

from reports.monitoring import search, views, work

urlpatterns = [
    path("theo-doi/ky/<int:period_id>/", views.period_dashboard, name="period_dashboard"),
    path("theo-doi/ky/<int:period_id>/ma-tran/", views.period_matrix, name="period_matrix"),
    path("theo-doi/ky/<int:period_id>/nhac-nho/", views.period_remind, name="period_remind"),
    path(
        "theo-doi/ky/<int:period_id>/don-vi/<slug:unit_code>/",
        views.period_unit,
        name="period_unit",
    ),
    path(
        "theo-doi/ky/<int:period_id>/xuat/<slug:table>.<slug:fmt>",
        views.period_export,
        name="period_export",
    ),
    path("theo-doi/van-ban/<slug:slug>/", views.directive_trend, name="directive_trend"),
    path("theo-doi/tong-hop/", views.standing_summary, name="standing_summary"),
    path("theo-doi/nhiem-vu/", work.work_across_directives, name="work_across_directives"),
    path("ky-bao-cao/<slug:slug>/", views.period_list, name="period_list"),
    path("tim-kiem/", search.search, name="search"),
]
