"""URLs of the reports app. Each area adds its own block; keep the blocks together."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
