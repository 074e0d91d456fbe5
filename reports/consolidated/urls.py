"""URLs of the consolidated report."""

from django.urls import path

from reports.consolidated import views

urlpatterns = [
    path("bao-cao-tong-hop/", views.consolidated_index, name="consolidated_index"),
    path(
        "bao-cao-tong-hop/ky/<int:period_id>/tao/",
        views.consolidated_create,
        name="consolidated_create",
    ),
    path("bao-cao-tong-hop/<int:pk>/", views.consolidated_detail, name="consolidated_detail"),
    path(
        "bao-cao-tong-hop/<int:pk>/muc/<int:section_id>/",
        views.consolidated_section_save,
        name="consolidated_section_save",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/muc/<int:section_id>/lich-su/",
        views.consolidated_section_history,
        name="consolidated_section_history",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/muc/<int:section_id>/tao-lai/",
        views.consolidated_section_regenerate,
        name="consolidated_section_regenerate",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/phu-luc/tao-lai/",
        views.consolidated_annex_regenerate,
        name="consolidated_annex_regenerate",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/du-thao.pdf",
        views.consolidated_preview,
        name="consolidated_preview",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/lich-su/",
        views.consolidated_report_history,
        name="consolidated_report_history",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/trinh-ky/",
        views.consolidated_submit,
        name="consolidated_submit",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tra-lai/",
        views.consolidated_return,
        name="consolidated_return",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/ban-hanh/",
        views.consolidated_issue,
        name="consolidated_issue",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/trang-thai/",
        views.consolidated_generation,
        name="consolidated_generation",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tao-pdf/",
        views.consolidated_generation_retry,
        name="consolidated_generation_retry",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tai-ve.pdf",
        views.consolidated_pdf,
        name="consolidated_pdf",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/tai-ve.docx",
        views.consolidated_docx,
        name="consolidated_docx",
    ),
    path(
        "bao-cao-tong-hop/<int:pk>/dinh-chinh/",
        views.consolidated_correct,
        name="consolidated_correct",
    ),
]
