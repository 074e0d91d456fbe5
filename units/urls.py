from django.urls import path

from . import views

urlpatterns = [
    path("so-dang-ky/", views.registry, name="unit_registry"),
    path("so-dang-ky/nhap-tu-tep/", views.unit_import_view, name="unit_import"),
    path(
        "so-dang-ky/nhap-tu-tep/mau.xlsx", views.unit_import_template, name="unit_import_template"
    ),
    path("so-dang-ky/hop-nhat/", views.unit_merge_view, name="unit_merge"),
    path("tai-khoan/<int:pk>/vai-tro/", views.account_role, name="account_role"),
    path("tai-khoan/<int:pk>/ngung/", views.account_deactivate, name="account_deactivate"),
    path("tai-khoan/<int:pk>/mo-lai/", views.account_reactivate, name="account_reactivate"),
    path(
        "tai-khoan/<int:pk>/dat-lai-mat-khau/",
        views.account_password_reset,
        name="account_password_reset",
    ),
    path(
        "tai-khoan/<int:pk>/go-xac-thuc-hai-buoc/",
        views.account_two_factor_remove,
        name="account_two_factor_remove",
    ),
    path("<slug:code>/tai-khoan/", views.unit_accounts, name="unit_accounts"),
    path("<slug:code>/doi-ten/", views.unit_rename_view, name="unit_rename"),
    path("<slug:code>/chia-tach/", views.unit_split_view, name="unit_split"),
    path("<slug:code>/ket-thuc/", views.unit_end_view, name="unit_end"),
    path("<slug:code>/", views.unit_detail, name="unit_detail"),
]
