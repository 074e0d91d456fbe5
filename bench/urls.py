"""URLs of `manage.py bench_pages` only: the app's URLs plus a minimal view, the framework floor
that each page's time is compared with. Never the ROOT_URLCONF of a running site."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


@login_required
def floor(request):
    # Signed in like the pages it is compared with (session and user read), and nothing else.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *app_urlpatterns]
