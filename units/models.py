"""Units of the Party and State apparatus that receive, carry out and monitor directives.

Units change over time (the 2025 reorganisation merged departments and ended the district
level), so a unit carries validity dates and links to the units it replaced; reports filed by a
unit stay attributed to the unit as it was.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.search import alphabetical, matching


class UnitKind(models.TextChoices):
    PARTY_AFFAIRS_COMMITTEE = "bcsd", _("Party affairs committee")
    PARTY_DELEGATION = "dd", _("Party delegation")
    ADVISORY_AGENCY = "tmtu", _("Advisory agency of the Provincial Committee")
    FRONT_ORGANISATION = "mttq", _("Fatherland Front or socio-political organisation")
    DISTRICT_COMMITTEE = "huyen", _("District, town or city party committee")
    DIRECT_COMMITTEE = "tructhuoc", _("Party committee directly under the Provincial Committee")
    LEADERSHIP = "lanhdao", _("Leadership body")
    CENTRAL = "tw", _("Central body")


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Units that existed on `day`."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def for_user(self, user):
        return self.filter(memberships__user=user)

    def search(self, query: str):
        """Units whose names, symbol, code or aliases hold every word, diacritics aside."""
        return self.filter(matching(["name", "short_name", "symbol", "code", "aliases"], query))

    def alphabetical(self):
        return self.order_by(alphabetical("name"), "pk")


class Unit(models.Model):
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Short identifier used in addresses.")
    )
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120)
    symbol = models.CharField(
        _("document symbol"), max_length=30, blank=True, help_text=_("For example BTGTU.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessors"),
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text=_("Units this unit replaced, for example through a merger."),
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other names documents use for this unit, one per line; used to recognise it when "
            "a directive is imported."
        ),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("unit_detail", args=[self.code])

    def ancestors(self):
        """Parents from the nearest up; stops at a cycle instead of looping forever."""
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            yield node
            seen.add(node.pk)
            node = node.parent

    def clean(self):
        super().clean()
        # A cycle would make every walk up the hierarchy loop forever, and the database cannot
        # express "no cycles" as a constraint, so it is checked here on every form save.
        if self.parent_id is None or self.pk is None:
            return
        if self.parent_id == self.pk or any(a.pk == self.pk for a in self.parent.ancestors()):
            raise ValidationError(
                {"parent": _("The parent unit cannot be this unit or one of the units under it.")}
            )

    def _former_name_on(self, day: datetime.date):
        # Former names are few per unit: one pass over the (prefetchable) list beats a query
        # per call when a page names a hundred units.
        for former in sorted(self.former_names.all(), key=lambda f: f.valid_until):
            if day <= former.valid_until:
                return former
        return None

    def name_on(self, day: datetime.date | None) -> str:
        """The full name the unit bore on `day` (its present name when no day is given)."""
        former = self._former_name_on(day) if day else None
        return former.name if former else self.name

    def short_name_on(self, day: datetime.date | None) -> str:
        former = self._former_name_on(day) if day else None
        return former.short_name if former else self.short_name

    def symbol_on(self, day: datetime.date | None) -> str:
        former = self._former_name_on(day) if day else None
        return former.symbol if former else self.symbol

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitGroup(models.Model):
    """A named set of units, so that one task can be assigned to all of them at once."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_(
            "Short identifier, unique: unaccented lowercase letters, digits and hyphens, "
            "for example cac-huyen-uy."
        ),
    )
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="groups", blank=True)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Leader")
    # The head or deputy head who signs the unit's documents (trình ký).
    SIGNER = "signer", _("Signer")


class Membership(models.Model):
    """A user's place in a unit. What they may do follows from the unit and the role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.STAFF
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # Given in the admin to the Department staff who keep the units' accounts
        # (units.access.manages_accounts).
        permissions = [("manage_accounts", _("Can manage the accounts of units"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="membership_unique_user_unit",
                violation_error_message=_("This user already belongs to this unit."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.unit}"


class UnitEventKind(models.TextChoices):
    RENAME = "rename", _("Rename")
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    END = "end", _("End")


class UnitEvent(models.Model):
    """A change in the organisation, recorded as it was decided: units are never deleted, so
    the event is how a reader of an old report finds the unit that carries its work on."""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitEventKind.choices)
    effective_on = models.DateField(_("effective on"))
    decision = models.CharField(
        _("decision"), max_length=255, blank=True, help_text=_("The decision that made the change.")
    )
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(
        Unit, verbose_name=_("units before"), related_name="events_ending", blank=True
    )
    successors = models.ManyToManyField(
        Unit, verbose_name=_("units after"), related_name="events_starting", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        ordering = ["-effective_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class UnitName(models.Model):
    """A name a unit bore until a rename: documents dated before the rename keep it."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="former_names"
    )
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120)
    symbol = models.CharField(_("document symbol"), max_length=30, blank=True)
    valid_until = models.DateField(_("used until"))
    event = models.ForeignKey(
        UnitEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="former_names",
    )

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["valid_until"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_until"],
                name="unitname_unique_unit_day",
                violation_error_message=_("This unit already has a name ending on this day."),
            )
        ]

    def __str__(self):
        return self.name
