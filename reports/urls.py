"""URLs of the reports app. Each area adds its own block; keep the blocks together."""

from django.urls import path

from .views import consolidated, dashboard, notifications, periods, unit_reports

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

# ---- reporting periods (helper "periods") ----
urlpatterns += [
    path("ky-bao-cao/<slug:slug>/", periods.period_list, name="period_list"),
    path("ky-bao-cao/<slug:slug>/mo-ky/", periods.period_create, name="period_create"),
    path("ky-bao-cao/ky/<int:period_id>/sua/", periods.period_edit, name="period_edit"),
    path("ky-bao-cao/ky/<int:period_id>/dong/", periods.period_close_view, name="period_close"),
    path("ky-bao-cao/ky/<int:period_id>/mo-lai/", periods.period_reopen_view, name="period_reopen"),
    path(
        "ky-bao-cao/ky/<int:period_id>/gia-han/<slug:unit_code>/",
        periods.period_extend,
        name="period_extend",
    ),
]

# ---- the consolidated report (helper "consolidated") ----
urlpatterns += [
    path("bao-cao-tong-hop/", consolidated.consolidated_index, name="consolidated_index"),
    path(
        "bao-cao-tong-hop/ky/<int:period_id>/tao/",
        consolidated.consolidated_create,
        name="consolidated_create",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/", consolidated.consolidated_detail, name="consolidated_detail"
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/muc/<int:section_id>/",
        consolidated.consolidated_section_save,
        name="consolidated_section_save",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/muc/<int:section_id>/lich-su/",
        consolidated.consolidated_section_history,
        name="consolidated_section_history",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/muc/<int:section_id>/tao-lai/",
        consolidated.consolidated_section_regenerate,
        name="consolidated_section_regenerate",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/phu-luc/tao-lai/",
        consolidated.consolidated_annex_regenerate,
        name="consolidated_annex_regenerate",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/du-thao.pdf",
        consolidated.consolidated_preview,
        name="consolidated_preview",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/ban-hanh/",
        consolidated.consolidated_issue,
        name="consolidated_issue",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/trang-thai/",
        consolidated.consolidated_generation,
        name="consolidated_generation",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tao-pdf/",
        consolidated.consolidated_generation_retry,
        name="consolidated_generation_retry",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tai-ve.pdf",
        consolidated.consolidated_pdf,
        name="consolidated_pdf",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tai-ve.docx",
        consolidated.consolidated_docx,
        name="consolidated_docx",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/dinh-chinh/",
        consolidated.consolidated_correct,
        name="consolidated_correct",
    ),
]
