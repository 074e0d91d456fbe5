"""URLs of a unit's report and its evidence files."""

from django.urls import path

from reports.submissions import views

urlpatterns = [
    path(
        "bao-cao/ky/<int:period_id>/don-vi/<slug:unit_code>/",
        views.report_open,
        name="report_open",
    ),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/sua/", views.report_edit, name="report_edit"),
    path("bao-cao/<int:pk>/nop/", views.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/tra-lai/", views.report_return, name="report_return"),
    path("bao-cao/<int:pk>/chap-nhan/", views.report_accept, name="report_accept"),
    path("bao-cao/<int:pk>/lich-su/", views.report_history, name="report_history"),
    path("bao-cao/<int:pk>/so-sanh/", views.report_diff, name="report_diff"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
]
