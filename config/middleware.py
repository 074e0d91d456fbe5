"""Middleware of the whole site: signed-in pages are never cached, and idle sessions end."""

import time

from django.conf import settings

_LAST_SAVED = "_idle_refreshed_at"


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every page a signed-in user gets and on every
    download: a report, an evidence file or an export must not stay in a shared proxy's cache,
    nor in the browser's cache of a shared office computer after signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.has_header("Content-Disposition"):
            response["Cache-Control"] = "private, no-store"
        return response


class SessionIdleTimeoutMiddleware:
    """Keeps a signed-in user's session alive while they use the app, ending it after
    SESSION_COOKIE_AGE without a request.

    The session (its database row's expiry and its cookie) expires SESSION_COOKIE_AGE after it
    was last saved; saving it on every request (SESSION_SAVE_EVERY_REQUEST) would write a row
    per page view. Here it is saved only when SESSION_REFRESH_SECONDS have passed since the
    last save, so a busy user costs one write every few minutes and an idle one is signed out
    between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after their last
    request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(_LAST_SAVED, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[_LAST_SAVED] = now  # marks the session modified: it is saved
        return self.get_response(request)


class AppLanguageFirstMiddleware:
    """The interface is Vietnamese first, whatever language the browser prefers: the browser's
    Accept-Language is dropped before LocaleMiddleware reads it, so only the language chosen
    with the VI / EN switch (Django's language cookie) changes it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class TwoFactorMiddleware:
    """A session signed in with the password only, whose user has a confirmed second-factor
    device (or must enrol one: OTP_REQUIRED_FOR), reaches nothing but the code page, the
    enrolment page and signing out until the step is done; the admin included. After
    django_otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.urls import reverse

        from units import two_factor

        step = two_factor.pending_step(request)
        if step != two_factor.NONE:
            target = reverse(
                "two_factor_verify" if step == two_factor.VERIFY else "two_factor_enrol"
            )
            open_paths = (
                reverse("two_factor_verify"),
                reverse("two_factor_enrol"),
                reverse("logout"),
                "/i18n/",
                f"/{settings.STATIC_URL.lstrip('/')}",
                "/favicon.ico",
            )
            if not request.path.startswith(open_paths):
                next_url = request.get_full_path() if request.method == "GET" else ""
                return redirect(two_factor.with_next(target, next_url))
        return self.get_response(request)
