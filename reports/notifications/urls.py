"""URLs of the signed-in user's notifications."""

from django.urls import path

from reports.notifications import views

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/doc/", views.notification_read, name="notification_read"),
    path("thong-bao/doc-het/", views.notification_read_all, name="notification_read_all"),
]
