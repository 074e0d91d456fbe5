"""The page a locked-out sign-in gets, on our sign-in page and the admin's alike."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    # 429 Too Many Requests, as django-axes answers by default.
    return render(request, "registration/locked_out.html", context, status=429)
