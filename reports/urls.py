"""URLs of the reports app. Each area adds its own block; keep the blocks together."""

from django.urls import path

from .views import notifications

urlpatterns: list = []

# ---- notifications (helper "reporting") ----
urlpatterns += [
    path("thong-bao/", notifications.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/doc/", notifications.notification_read, name="notification_read"),
    path("thong-bao/doc-het/", notifications.notification_read_all, name="notification_read_all"),
]
