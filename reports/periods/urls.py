"""URLs of managing a directive's reporting periods."""

from django.urls import path

from reports.periods import views

urlpatterns = [
    path("ky-bao-cao/<slug:slug>/mo-ky/", views.period_create, name="period_create"),
    path("ky-bao-cao/ky/<int:period_id>/sua/", views.period_edit, name="period_edit"),
    path("ky-bao-cao/ky/<int:period_id>/dong/", views.period_close_view, name="period_close"),
    path("ky-bao-cao/ky/<int:period_id>/mo-lai/", views.period_reopen_view, name="period_reopen"),
    path(
        "ky-bao-cao/ky/<int:period_id>/gia-han/<slug:unit_code>/",
        views.period_extend,
        name="period_extend",
    ),
]
