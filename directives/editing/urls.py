from django.urls import path

from directives.editing import views

urlpatterns = [
    path("soan-moi/", views.directive_create, name="directive_create"),
    path("<slug:slug>/sua/", views.directive_edit, name="directive_edit"),
    path("<slug:slug>/ban-hanh/", views.directive_publish, name="directive_publish"),
    path("<slug:slug>/hieu-luc/", views.directive_end, name="directive_end"),
    path("<slug:slug>/lich-su/", views.directive_history, name="directive_history"),
    path("<slug:slug>/nhiem-vu/", views.directive_tasks_edit, name="directive_tasks_edit"),
    path("<slug:slug>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("<slug:slug>/nhiem-vu/<int:task_id>/sua/", views.task_edit, name="task_edit"),
    path("<slug:slug>/nhiem-vu/<int:task_id>/di-chuyen/", views.task_move, name="task_move"),
    path("<slug:slug>/nhiem-vu/<int:task_id>/ket-thuc/", views.task_end, name="task_end"),
    path("<slug:slug>/nhiem-vu/<int:task_id>/thay-the/", views.task_replace, name="task_replace"),
    path("<slug:slug>/nhiem-vu/<int:task_id>/xoa/", views.task_delete, name="task_delete"),
    path(
        "<slug:slug>/chi-tieu/", views.directive_indicators_edit, name="directive_indicators_edit"
    ),
    path(
        "<slug:slug>/chi-tieu/<int:indicator_id>/sua/", views.indicator_edit, name="indicator_edit"
    ),
    path(
        "<slug:slug>/chi-tieu/<int:indicator_id>/xoa/",
        views.indicator_delete,
        name="indicator_delete",
    ),
]
