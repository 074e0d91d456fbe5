import functools

from django.utils.functional import SimpleLazyObject

from .roles import follows_directives, memberships


def user_units(request):
    """The signed-in user's units, for the navigation: the memberships the roles already read
    (one query per request for both), and only if a page uses them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_units": [], "follows_directives": False}
    return {
        "user_units": SimpleLazyObject(lambda: [m.unit for m in memberships(user)]),
        # A callable, so the template asks only when it shows the menu.
        "follows_directives": functools.partial(follows_directives, user),
    }
