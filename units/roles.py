"""Who a signed-in user is in the apparatus, derived from their unit memberships.

Roles are not stored separately: a user reviews a directive's reports because they belong to the
unit that monitors it (Ban Tuyên giáo for 186-CV/TU), and reads everything read-only because
they belong to a leadership body (Ban Thường vụ). The answers are cached on the user object for
the request, so a page asks the database once however often it checks.
"""

from django.db.models import Exists, OuterRef

from .models import Membership, MembershipRole, Unit, UnitKind


def memberships(user) -> list[Membership]:
    """The user's memberships with their units, in the units' order: read once per request and
    cached on the user, so the roles below and the navigation (units.context_processors) share
    one query."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_unit_memberships", None)
    if cached is None:
        order = [
            f"-unit__{f[1:]}" if f.startswith("-") else f"unit__{f}" for f in Unit._meta.ordering
        ]
        from directives.models import Directive

        # Whether each unit monitors a directive, in the same query: the navigation shows
        # "Monitoring" to reviewers without asking the database again.
        monitors = Exists(Directive.objects.filter(monitoring_unit_id=OuterRef("unit_id")))
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("unit")
            .annotate(monitors_a_directive=monitors)
            .order_by(*order, "pk")
        )
        user._unit_memberships = cached
    return cached


def unit_ids(user) -> set[int]:
    return {membership.unit_id for membership in memberships(user)}


def is_member_of(user, unit_id: int) -> bool:
    return unit_id in unit_ids(user)


def is_leadership_member(user) -> bool:
    """Standing Committee and other leadership bodies: read everything, change nothing."""
    return any(m.unit.kind == UnitKind.LEADERSHIP for m in memberships(user))


def reviews_directive(user, directive) -> bool:
    """Staff of the unit that monitors the directive review its reports (and the admin)."""
    return user.is_superuser or is_member_of(user, directive.monitoring_unit_id)


def follows_directives(user) -> bool:
    """Reviewers of any directive and the leadership: those the monitoring pages are for."""
    return reviews_any_directive(user) or is_leadership_member(user)


def reviews_any_directive(user) -> bool:
    return user.is_superuser or any(m.monitors_a_directive for m in memberships(user))


def predecessor_ids(user) -> set[int]:
    """Units the user's units replaced, however many changes back (a merger after a rename
    after a split): their staff carry the work on, so they may read what those units filed.
    Cached on the user like the memberships."""
    cached = getattr(user, "_unit_predecessor_ids", None)
    if cached is None:
        cached, frontier = set(), unit_ids(user)
        links = Unit.predecessors.through.objects
        while frontier:
            found = set(
                links.filter(from_unit_id__in=frontier).values_list("to_unit_id", flat=True)
            )
            frontier = found - cached - unit_ids(user)
            cached |= frontier
        user._unit_predecessor_ids = cached
    return cached


def succeeds(user, unit_id: int) -> bool:
    return unit_id in predecessor_ids(user)


def signs_for(user, unit_ids: set[int]) -> bool:
    """A signer (head or deputy head, MembershipRole.SIGNER) of one of these units. The
    superuser is not one: signing a Party document is an official's act, not an administrator's."""
    return any(m.role == MembershipRole.SIGNER and m.unit_id in unit_ids for m in memberships(user))
