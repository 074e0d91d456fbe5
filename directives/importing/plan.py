"""What an import would save, as plain data (JSON): the reader's document with every unit name
matched against the registry as of the document's date.

The same plan is printed by `import_directive`, shown and corrected on the review screen, and
saved by `services.directive_import_save`.
"""

import datetime

from documents.reading import ReadDocument, ReadTask
from units.matching import UnitMatcher, is_every_addressee, is_general

from ..models import DocumentType


def _issuer(doc: ReadDocument, matcher: UnitMatcher):
    """The issuing body: "BAN THƯỜNG VỤ" under "TỈNH ỦY QUẢNG NGÃI" is the Ban Thường vụ Tỉnh
    ủy; a heading alone ("TỈNH ỦY QUẢNG NGÃI") is itself the body."""
    candidates = []
    if doc.parent_heading:
        parent_words = doc.parent_heading.split()
        candidates.append(f"{doc.issuer_heading} {' '.join(parent_words[:2])}")
    candidates.append(doc.issuer_heading)
    for candidate in candidates:
        link = matcher.match(candidate)
        if link.unit is not None:
            return link.unit
    return None


def _links(matcher: UnitMatcher, phrase: str) -> tuple[list, list, list[str], str]:
    """(units, groups, unmatched names, general wording) of a phrase."""
    units, groups, unmatched = [], [], []
    general = ""
    if not phrase:
        return units, groups, unmatched, general
    for link in matcher.match_phrase(phrase):
        if link.unit is not None:
            units.append(link.unit.code)
        elif link.group is not None:
            groups.append(link.group.code)
        elif is_general(link.written):
            general = link.written
        else:
            unmatched.append(link.written)
    return units, groups, unmatched, general


def _task(task: ReadTask, matcher: UnitMatcher, inherited: dict, addressees: dict) -> dict:
    if task.lead_text and is_every_addressee(task.lead_text):
        lead = dict(addressees)
    elif task.lead_text:
        units, groups, unmatched, _general = _links(matcher, task.lead_text)
        lead = {"units": units, "groups": groups, "unmatched": unmatched}
    else:
        # A sub-task without a subject of its own is carried out by its parent's units.
        lead = {k: list(v) for k, v in inherited.items()}
    coord_units, coord_groups, coord_unmatched, general = _links(matcher, task.coordination_text)
    deadline = task.deadline
    node = {
        "number": task.number,
        "label": task.label,
        "kind": task.kind,
        "text": task.text,
        "lead": lead["units"],
        "lead_groups": lead["groups"],
        "lead_unmatched": lead["unmatched"],
        "lead_text": task.lead_text,
        "coordinating": coord_units,
        "coordinating_unmatched": coord_unmatched,
        "coordination_text": task.coordination_text,
        # General wording ("các cơ quan liên quan") is kept as the text says it.
        "coordination_note": f"phối hợp với {general}" if general else "",
        "deadline": deadline.day.isoformat() if deadline.day else None,
        "deadline_text": deadline.text,
        "recurring": deadline.recurring,
        "deliverable": task.deliverable,
        "children": [],
    }
    # A group named as coordinating ("các ban xây dựng Đảng") coordinates through its units.
    for group in matcher.groups:
        if group.code in coord_groups:
            node["coordinating"] += [u.code for u in group.units.all() if u.code not in coord_units]
    carried = lead if task.kind != "part" else {"units": [], "groups": [], "unmatched": []}
    node["children"] = [_task(c, matcher, carried, addressees) for c in task.children]
    return node


def build_plan(doc: ReadDocument, *, day: datetime.date | None = None) -> dict:
    day = day or doc.issued_on or datetime.date.today()
    matcher = UnitMatcher(day)
    issuer = _issuer(doc, matcher)

    addressees = []
    every_unit: set[int] = set()
    every = {"units": [], "groups": [], "unmatched": []}
    for text in doc.addressees:
        link = matcher.match(text)
        addressees.append(
            {
                "text": text,
                "unit": link.unit.code if link.unit else None,
                "group": link.group.code if link.group else None,
            }
        )
        if link.unit:
            every["units"].append(link.unit.code)
            every_unit.add(link.unit.pk)
        elif link.group:
            every["groups"].append(link.group.code)
            every_unit.update(u.pk for u in link.group.units.all())
        else:
            every["unmatched"].append(text.strip(" ,.;"))
    # "các cấp" reaches every addressee: one group holding exactly them reads best.
    whole = matcher.group_of(every_unit) if every_unit and not every["unmatched"] else None
    if whole is not None:
        every = {"units": [], "groups": [whole.code], "unmatched": []}

    recipients = []
    for text in doc.recipients:
        link = matcher.match(text)
        recipients.append(
            {"text": text, "unit": link.unit.code if link.unit else None, "group": None}
        )
    empty = {"units": [], "groups": [], "unmatched": []}
    return {
        "document_type": doc.document_type,
        "document_type_label": dict(DocumentType.choices).get(doc.document_type, ""),
        "number": doc.number,
        "symbol": doc.symbol,
        "issuer": issuer.code if issuer else None,
        "issuer_heading": doc.issuer_heading,
        "parent_heading": doc.parent_heading,
        "place": doc.place,
        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
        "subject": doc.subject,
        "preamble": doc.preamble,
        "addressees": addressees,
        "recipients": recipients,
        "signing_authority": doc.signing_authority,
        "signer_position": doc.signer_position,
        "signer_name": doc.signer_name,
        "tasks": [_task(t, matcher, empty, every) for t in doc.tasks],
    }


def walk(tasks: list[dict], parent: dict | None = None):
    """(task, parent) pairs of a plan's tree in document order."""
    for task in tasks:
        yield task, parent
        yield from walk(task["children"], task)
