"""URLs of the reports app. Each area adds its own block; keep the blocks together."""

from django.urls import path

from .views import dashboard, notifications, unit_reports

urlpatterns: list = []

# ---- a unit's report (helper "reporting") ----
urlpatterns += [
    path(
        "bao-cao/ky/<int:period_id>/don-vi/<slug:unit_code>/",
        unit_reports.report_open,
        name="report_open",
    ),
    path("bao-cao/<int:pk>/", unit_reports.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/sua/", unit_reports.report_edit, name="report_edit"),
    path("bao-cao/<int:pk>/nop/", unit_reports.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/tra-lai/", unit_reports.report_return, name="report_return"),
    path("bao-cao/<int:pk>/chap-nhan/", unit_reports.report_accept, name="report_accept"),
    path("bao-cao/<int:pk>/lich-su/", unit_reports.report_history, name="report_history"),
    path("bao-cao/<int:pk>/so-sanh/", unit_reports.report_diff, name="report_diff"),
    path("minh-chung/<int:pk>/", unit_reports.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", unit_reports.evidence_delete, name="evidence_delete"),
]

# ---- notifications (helper "reporting") ----
urlpatterns += [
    path("thong-bao/", notifications.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/doc/", notifications.notification_read, name="notification_read"),
    path("thong-bao/doc-het/", notifications.notification_read_all, name="notification_read_all"),
]

# ---- monitoring: dashboard, matrix, reminders, exports, trend, summary (helper "dashboard") ----
urlpatterns += [
    path("theo-doi/ky/<int:period_id>/", dashboard.period_dashboard, name="period_dashboard"),
    path("theo-doi/ky/<int:period_id>/ma-tran/", dashboard.period_matrix, name="period_matrix"),
    path("theo-doi/ky/<int:period_id>/nhac-nho/", dashboard.period_remind, name="period_remind"),
    path(
        "theo-doi/ky/<int:period_id>/xuat/<slug:table>.<slug:fmt>",
        dashboard.period_export,
        name="period_export",
    ),
    path("theo-doi/van-ban/<slug:slug>/", dashboard.directive_trend, name="directive_trend"),
    path("theo-doi/tong-hop/", dashboard.standing_summary, name="standing_summary"),
]
