"""The Department's corrections on the review screen, applied to a plan.

Fields are named after a task's place in document order (`t3-lead`, `t3-deadline` ...), so the
form can be rebuilt from the plan alone. Bad input leaves the plan as it was and says why, in
Vietnamese, next to the field.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.dates import parse_day_month_year
from units.models import Unit, UnitGroup, UnitKind

from ..models import DocumentType
from .plan import walk


def parse_day(text: str) -> datetime.date | None:
    """dd/mm/yyyy as Vietnamese users type it, by the rule of every date field
    (config/dates.py); ValueError with its message for anything else (never swapped)."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_day_month_year(text)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


def show_day(iso: str | None) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def tasks_in_order(plan: dict) -> list[tuple[dict, dict | None]]:
    return list(walk(plan["tasks"]))


def _new_unit(name: str, kind: str) -> Unit:
    base = slugify(name.replace("đ", "d").replace("Đ", "D"))[:44] or "don-vi"
    code, n = base, 1
    while Unit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return Unit.objects.create(code=code, name=name, short_name=name[:120], kind=kind)


def apply_corrections(plan: dict, data) -> dict[str, str]:
    """Copy the form's values into `plan`; returns {field: error}. Units "added to the
    registry" are created by `resolve_new_units`, inside the saving transaction."""
    errors: dict[str, str] = {}
    # A NUL is no character of a document, and the database refuses it: said, not saved.
    if any("\x00" in value for _field, values in data.lists() for value in values):
        return {"form": _("The text contains a character that is not allowed (NUL).")}
    units = set(Unit.objects.values_list("code", flat=True))
    groups = set(UnitGroup.objects.values_list("code", flat=True))

    for field in ("number", "symbol", "place", "subject", "issuer_heading", "signer_name"):
        if field in data:
            plan[field] = (
                " ".join(data.get(field, "").split())
                if field != "subject"
                else (data.get(field, "").strip())
            )
    for field in ("number", "symbol", "place", "subject"):
        if not plan.get(field):
            errors[field] = _("This field cannot be empty.")
    if data.get("document_type") in DocumentType.values:
        plan["document_type"] = data["document_type"]
    elif "document_type" in data:
        errors["document_type"] = _("Choose the document type.")
    issuer = data.get("issuer", plan.get("issuer") or "")
    if issuer in units:
        plan["issuer"] = issuer
    else:
        errors["issuer"] = _("Choose the issuing body from the unit registry.")
    if "issued_on" in data:
        try:
            day = parse_day(data["issued_on"])
        except ValueError as error:
            errors["issued_on"] = str(error)
        else:
            if day is None:
                errors["issued_on"] = _("Enter the date of issue.")
            else:
                plan["issued_on"] = day.isoformat()

    for index, (task, _parent) in enumerate(tasks_in_order(plan)):
        prefix = f"t{index}"
        if f"{prefix}-text" not in data:
            continue
        task["removed"] = bool(data.get(f"{prefix}-remove"))
        task["text"] = data.get(f"{prefix}-text", "").strip()
        number = data.get(f"{prefix}-number", task["number"]).strip()
        if not number:
            errors[f"{prefix}-number"] = _("A task needs a number.")
        task["number"] = number or task["number"]
        if not task["text"] and not task["removed"]:
            errors[f"{prefix}-text"] = _("A task's text cannot be empty.")
        task["lead"] = [c for c in data.getlist(f"{prefix}-lead") if c in units]
        task["lead_groups"] = [c for c in data.getlist(f"{prefix}-lead_groups") if c in groups]
        task["coordinating"] = [c for c in data.getlist(f"{prefix}-coordinating") if c in units]
        task["deliverable"] = data.get(f"{prefix}-deliverable", "").strip()
        task["deadline_text"] = data.get(f"{prefix}-deadline_text", "").strip()
        task["recurring"] = bool(data.get(f"{prefix}-recurring"))
        try:
            day = parse_day(data.get(f"{prefix}-deadline", ""))
        except ValueError as error:
            errors[f"{prefix}-deadline"] = str(error)
        else:
            task["deadline"] = day.isoformat() if day else None
            if day and task["recurring"]:
                errors[f"{prefix}-deadline"] = _("An ongoing task has no deadline.")
        for role in ("lead", "coordinating"):
            unresolved = []
            for k, name in enumerate(task[f"{role}_unmatched"]):
                choice = data.get(f"{prefix}-{role}-u{k}", "")
                kind = data.get(f"{prefix}-{role}-u{k}-kind", "")
                if choice.startswith("unit:") and choice[5:] in units:
                    task[role].append(choice[5:])
                elif choice.startswith("group:") and choice[6:] in groups and role == "lead":
                    task["lead_groups"].append(choice[6:])
                elif choice == "new":
                    if kind not in UnitKind.values:
                        errors[f"{prefix}-{role}-u{k}"] = _(
                            "Choose the kind of the unit to add to the registry."
                        )
                    task.setdefault("new_units", []).append(
                        {"name": name, "kind": kind, "role": role}
                    )
                else:
                    unresolved.append(name)
            task[f"{role}_unmatched"] = unresolved
        # Shown beside the task, wherever it moves once removed tasks are dropped.
        task["errors"] = [m for f, m in errors.items() if f.startswith(f"{prefix}-")]
    _drop_removed(plan["tasks"])
    return errors


def _drop_removed(tasks: list[dict]) -> None:
    """A removed task goes, its sub-tasks move up to its place."""
    result = []
    for task in tasks:
        _drop_removed(task["children"])
        if task.get("removed"):
            result.extend(task["children"])
        else:
            result.append(task)
    tasks[:] = result


def resolve_new_units(plan: dict) -> None:
    """Create the units the Department added to the registry from the review screen."""
    for task, _parent in walk(plan["tasks"]):
        for new in task.pop("new_units", []):
            unit = _new_unit(new["name"], new["kind"])
            task["lead" if new["role"] == "lead" else "coordinating"].append(unit.code)
