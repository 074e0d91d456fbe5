from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    # Before the document's own address, so that "soan-moi/" is the form, not a slug.
    path("", include("directives.editing.urls")),
    path("", include("directives.importing.urls")),
    path("<slug:slug>/", views.directive_detail, name="directive_detail"),
]
