from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("", include("directives.importing.urls")),
    path("<slug:slug>/", views.directive_detail, name="directive_detail"),
]
