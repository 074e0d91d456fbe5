"""One register in the interface: forms that must not come back into the catalogue or templates."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = [
    ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo",
    ROOT / "locale" / "django" / "vi" / "LC_MESSAGES" / "django.mo",
    ROOT / "locale" / "django" / "vi" / "LC_MESSAGES" / "djangojs.mo",
]

# Each pattern is linear (no nested repetition) and runs on our own files only.
FORBIDDEN = {
    "“đồng chí”, never “bạn”": re.compile(r"\bbạn\b", re.IGNORECASE),
    "“tệp”, never “tập tin”": re.compile(r"tập tin", re.IGNORECASE),
    "quotation marks “…”, not «…»": re.compile(r"[«»]"),
    # "%}" closes a template tag; a number or a printed value is followed by "%" directly.
    "no space before “%”": re.compile(r"(?:\d|\}\}|%\(\w+\)[sd]) %(?![}(])"),
}
# A straight double quote inside an HTML attribute (name="…") is markup, not a quotation.
STRAIGHT_QUOTE = re.compile(r'(?<!=)"(?![\s>/])')


def _translations():
    for path in CATALOGUES:
        for entry in polib.mofile(str(path)):
            if not entry.msgid:
                continue
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    yield f"{path.relative_to(ROOT)}: {entry.msgid[:60]}", text


def _templates():
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    ):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", sorted(FORBIDDEN))
def test_the_vietnamese_catalogue_and_templates_keep_one_register(rule):
    pattern = FORBIDDEN[rule]
    found = [
        f"{where}: {match.group(0)!r}"
        for where, text in [*_translations(), *_templates()]
        for match in [pattern.search(text)]
        if match
    ]
    assert found == [], rule


def test_translations_quote_with_vietnamese_marks():
    found = [where for where, text in _translations() if STRAIGHT_QUOTE.search(text)]
    assert found == []


def test_the_accepted_state_has_one_word_apart_from_received():
    # "chấp nhận" is the reviewers' verdict; "tiếp nhận", "đã nhận" would read as "received".
    po = polib.pofile(str(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    accepting = [e for e in po if re.search(r"\baccept(ed|s)?\b", e.msgid, re.IGNORECASE)]
    assert accepting
    wrong = [
        e.msgid
        for e in accepting
        if re.search(r"tiếp nhận|duyệt|đã nhận", e.msgstr, re.IGNORECASE)
        or "chấp nhận" not in e.msgstr.lower()
    ]
    assert wrong == []


def test_every_code_field_people_fill_says_what_it_takes():
    from django.apps import apps
    from django.db import models

    bare = [
        f"{model.__name__}.{field.name}"
        for app in ("units", "directives", "reports")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.SlugField) and not field.help_text
    ]
    assert bare == []
