from django.urls import path

from . import views

urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("<slug:slug>/", views.directive_detail, name="directive_detail"),
]
