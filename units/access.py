"""Who keeps the unit registry: the Department (staff of a unit that monitors a directive) and
the superuser. One helper, so every registry page asks the same question."""

from django.core.exceptions import PermissionDenied

from . import roles


def keeps_registry(user) -> bool:
    return user.is_authenticated and (user.is_superuser or roles.reviews_any_directive(user))


def require_registry_keeper(user) -> None:
    if not keeps_registry(user):
        raise PermissionDenied
