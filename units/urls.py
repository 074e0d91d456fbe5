from django.urls import path

from . import views

urlpatterns = [
    path("<slug:code>/", views.unit_detail, name="unit_detail"),
]
