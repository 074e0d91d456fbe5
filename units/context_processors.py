from django.utils.functional import SimpleLazyObject

from .models import Unit


def user_units(request):
    """The signed-in user's units, for the navigation; one query, and only if a page uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_units": []}
    return {"user_units": SimpleLazyObject(lambda: list(Unit.objects.for_user(user)))}
