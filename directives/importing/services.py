"""Saving a reviewed import, and publishing the draft it makes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from units.models import Unit, UnitGroup

from ..editing import services as editing
from ..models import (
    Directive,
    DirectiveChange,
    DirectiveStatus,
    Recipient,
    Task,
    TaskCoordination,
    TaskLead,
)
from .plan import walk
from .review import resolve_new_units


class ImportRefused(ValueError):
    """The plan cannot be saved; the message is for the user."""


def _slug(plan: dict) -> str:
    base = slugify(f"{plan['number']}-{plan['symbol'].replace('/', '-')}")[:70] or "van-ban"
    slug, n = base, 1
    while Directive.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def directive_import_save(*, plan: dict, monitoring_unit: Unit, user=None) -> Directive:
    """A draft directive with its recipients and task tree, exactly as the plan says (the texts
    word for word); all of it or nothing, the units added to the registry included. The
    directive's history starts with the import: who, when, the header and how many tasks
    (later edits are recorded by `directives.editing.services`)."""
    resolve_new_units(plan)
    units = {u.code: u for u in Unit.objects.all()}
    groups = {g.code: g for g in UnitGroup.objects.all()}
    issuer = units.get(plan.get("issuer") or "")
    if issuer is None:
        raise ImportRefused(_("Choose the issuing body from the unit registry."))
    issued_on = datetime.date.fromisoformat(plan["issued_on"])
    if Directive.objects.filter(
        issuer=issuer, number=plan["number"], symbol=plan["symbol"]
    ).exists():
        raise ImportRefused(
            _("%(issuer)s already has document number %(reference)s in the system.")
            % {"issuer": issuer.name, "reference": f"{plan['number']}-{plan['symbol']}"}
        )
    numbers = [node["number"] for node, _parent in walk(plan["tasks"])]
    seen: set[str] = set()
    repeated = sorted({n for n in numbers if n in seen or seen.add(n)})
    if repeated:
        raise ImportRefused(
            _("Two tasks share a number: %(numbers)s.") % {"numbers": ", ".join(repeated)}
        )
    directive = Directive(
        slug=_slug(plan),
        number=plan["number"],
        symbol=plan["symbol"],
        document_type=plan["document_type"],
        issuer=issuer,
        issuer_heading=plan["issuer_heading"][:120],
        place=plan["place"],
        issued_on=issued_on,
        subject=plan["subject"],
        preamble=plan.get("preamble", ""),
        signing_authority=plan.get("signing_authority", "")[:80],
        signer_position=plan.get("signer_position", "")[:80],
        signer_name=plan.get("signer_name", "")[:120],
        monitoring_unit=monitoring_unit,
        status=DirectiveStatus.DRAFT,
    )
    _clean(directive, exclude=["slug"])
    directive.save()
    for kind, lines in (
        (Recipient.List.ADDRESSEE, plan.get("addressees", [])),
        (Recipient.List.DISTRIBUTION, plan.get("recipients", [])),
    ):
        Recipient.objects.bulk_create(
            Recipient(
                directive=directive,
                list=kind,
                position=position,
                text=line["text"][:255],
                unit=units.get(line.get("unit") or ""),
                group=groups.get(line.get("group") or ""),
            )
            for position, line in enumerate(lines)
        )
    saved: dict[int, Task] = {}
    for position, (node, parent) in enumerate(walk(plan["tasks"]), start=1):
        task = Task(
            directive=directive,
            parent=saved[id(parent)] if parent is not None else None,
            number=node["number"],
            marker=Task.Marker.BULLET
            if node["kind"] in ("bullet", "plus")
            else Task.Marker.NUMBERED,
            position=position,
            text=node["text"],
            coordination_note=node.get("coordination_note", "")[:255],
            deadline=datetime.date.fromisoformat(node["deadline"])
            if node.get("deadline")
            else None,
            deadline_text=node.get("deadline_text", "")[:120],
            recurring=bool(node.get("recurring")) and not node.get("deadline"),
            deliverable=node.get("deliverable", "")[:255],
        )
        _clean(
            task,
            exclude=["directive", "parent"],
            label=_("Task %(number)s") % {"number": node["number"][:20]},
        )
        task.save()
        saved[id(node)] = task
        TaskLead.objects.bulk_create(
            TaskLead(task=task, unit=units[code]) for code in dict.fromkeys(node["lead"])
        )
        TaskCoordination.objects.bulk_create(
            TaskCoordination(task=task, unit=units[code])
            for code in dict.fromkeys(node["coordinating"])
            if code not in node["lead"]
        )
        task.lead_groups.set([groups[code] for code in node["lead_groups"]])
    header = {field: getattr(directive, field) for field in editing.HEADER_FIELDS}
    editing.record(
        directive=directive,
        user=user,
        action=DirectiveChange.Action.IMPORTED,
        changes=[
            *editing.diff({}, header),
            {"field": "task_count", "old": "", "new": str(len(saved))},
        ],
    )
    return directive


def _clean(instance, *, exclude: list[str], label: str = "") -> None:
    """The model's own field rules (lengths, choices, required texts), as a refusal the
    Department can act on rather than a database error."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        parts = []
        for field, messages in error.message_dict.items():
            name = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
            parts.append(f"{name}: {' '.join(messages)}" if name else " ".join(messages))
        prefix = f"{label}: " if label else ""
        raise ImportRefused(prefix + "; ".join(parts)) from error
