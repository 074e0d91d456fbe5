from django.urls import path

from . import views

urlpatterns = [
    path("nhap/", views.import_start, name="directive_import"),
    path("nhap/xem-lai/", views.import_review, name="directive_import_review"),
    path("nhap/<slug:slug>/", views.import_done, name="directive_import_done"),
    path(
        "nhap/<slug:slug>/cong-bo/", views.directive_publish_view, name="directive_import_publish"
    ),
]
