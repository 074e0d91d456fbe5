from django.utils.functional import SimpleLazyObject

from .roles import memberships


def user_units(request):
    """The signed-in user's units, for the navigation: the memberships the roles already read
    (one query per request for both), and only if a page uses them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_units": []}
    return {"user_units": SimpleLazyObject(lambda: [m.unit for m in memberships(user)])}
