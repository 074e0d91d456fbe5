"""The optional second factor at sign-in: a time-based code (TOTP) from an authenticator app,
with django-otp.

A user enrols (a QR code and the secret, confirmed with a code). Once they have a confirmed
device, the password alone opens only the code page: config.middleware.TwoFactorMiddleware
sends every other request there until the session is verified, on our sign-in page and the
admin's alike. OTP_REQUIRED_FOR ("admins", "reviewers") makes enrolment mandatory: such a user
is sent to enrol after signing in.

What a session still owes is decided once, when the user signs in (`remember_state`, on
Django's user_logged_in signal, which django-otp uses the same way): the middleware then reads
the session only and pages do not pay a query for it.

Wrong codes are throttled twice: the device's own growing delay (django-otp), and django-axes,
which counts each wrong code as a failed sign-in of the account from that address and locks it
out after LOGIN_FAILURE_LIMIT in a row, like wrong passwords.
"""

import base64
import io
from urllib.parse import quote

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from . import roles

SESSION_KEY = "two_factor"
VERIFY, ENROL, NONE = "verify", "enrol", "none"
GROUPS = {"admins", "reviewers"}


def required_groups() -> set[str]:
    groups = {g.strip() for g in settings.OTP_REQUIRED_FOR if g.strip()}
    if groups - GROUPS:
        raise ImproperlyConfigured(
            f"OTP_REQUIRED_FOR takes {sorted(GROUPS)}; got {sorted(groups - GROUPS)}."
        )
    return groups


def is_required_for(user) -> bool:
    groups = required_groups()
    return ("admins" in groups and (user.is_superuser or user.is_staff)) or (
        "reviewers" in groups and roles.reviews_any_directive(user)
    )


def state_for(user) -> str:
    if user_has_device(user, confirmed=True):
        return VERIFY
    return ENROL if is_required_for(user) else NONE


def remember_state(sender, request, user, **kwargs) -> None:
    """On sign-in: what the new session still owes (a code, an enrolment, nothing)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = state_for(user)


def connect_signals() -> None:
    user_logged_in.connect(remember_state, dispatch_uid="units.two_factor.remember_state")


def pending_step(request) -> str:
    """VERIFY or ENROL when the signed-in session still owes that step, else NONE."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return NONE
    state = request.session.get(SESSION_KEY)
    if state is None:
        # A session from before the second factor existed: decided once, then kept.
        state = request.session[SESSION_KEY] = state_for(user)
    return state


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def with_next(url: str, next_url: str) -> str:
    return f"{url}?next={quote(next_url)}" if next_url else url


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*\Z",
        max_length=12,
        error_messages={"invalid": gettext_lazy("Enter the 6 digits the app shows.")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
            }
        ),
    )


def _qr_data_uri(text: str) -> str:
    # An <img> with a data: URI: the page's Content-Security-Policy allows data: images, and
    # nothing is fetched from elsewhere.
    out = io.BytesIO()
    write_qrcode_image(text, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_enrol(request):
    """Show a new device's QR code and secret; a correct code confirms it and verifies this
    session. One unconfirmed device per user is reused, so reloading the page is harmless."""
    user = request.user
    if user_has_device(user, confirmed=True):
        if not user.is_verified():
            return redirect(with_next(reverse("two_factor_verify"), _next(request)))
        return render(request, "units/two_factor_enrol.html", {"enrolled": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=_("Authenticator app"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[SESSION_KEY] = VERIFY
            messages.success(
                request, _("Two-step sign-in is on: from now on you sign in with a code too.")
            )
            return redirect(_next(request))
        form.add_error("code", _("The code is not right. Check the time on the phone."))
    return render(
        request,
        "units/two_factor_enrol.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": _secret(device),
            "required": is_required_for(user),
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request):
    """The second step of signing in: the code of the user's confirmed device."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or user.is_verified():
        if device is None:
            # The device was removed since sign-in (a lost phone): decide again, or the
            # middleware would send the user back here for ever.
            request.session[SESSION_KEY] = state_for(user)
        return redirect(_next(request))
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return get_lockout_response(request, credentials=credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"].strip()):
            otp_login(request, device)
            return redirect(_next(request))
        if allowed:
            # A wrong code counts as a failed sign-in of this account from this address.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                logout(request)
                return get_lockout_response(request, credentials=credentials)
            form.add_error("code", _("The code is not right. Check the time on the phone."))
        else:
            form.add_error("code", _("Too many wrong codes: wait a little, then try again."))
    return render(request, "units/two_factor_verify.html", {"form": form, "next": _next(request)})
