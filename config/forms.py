"""The sign-in form of both sign-in pages (ours and the admin's)."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class BoundedUsername:
    """AuthenticationForm sets the username's max_length after the field is built, so its
    validator never sees it: a name of any length went on to authenticate() and to the sign-in
    throttling's log, whose column is 255 characters (a server error on PostgreSQL). The length
    is checked here, before anything reads the database."""

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        limit = self.fields["username"].max_length or 150
        if len(username) > limit:
            raise ValidationError(
                _("A user name has at most %(limit)d characters.") % {"limit": limit},
                code="max_length",
            )
        return username


class SignInForm(BoundedUsername, AuthenticationForm):
    pass


class AdminSignInForm(BoundedUsername, AdminAuthenticationForm):
    pass
