"""The interface is Vietnamese first: every message has a Vietnamese translation, compiled."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated_to_vietnamese():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert [e.msgid for e in po if not e.translated() and not e.obsolete] == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))

    def pairs(entries):
        return {(e.msgid, e.msgstr or e.msgstr_plural.get(0)) for e in entries}

    compiled = pairs(e for e in mo if e.msgid)
    source = pairs(e for e in po if e.translated() and not e.obsolete)
    assert source <= compiled, "run `make messages` after editing the catalogue"


# Django's own catalogues: ours in locale/django/ gives what Django's vi leaves in English.
OVERRIDES = LOCALE.parents[1] / "django" / "vi" / "LC_MESSAGES"
DJANGO_CATALOGUES = [
    "conf",
    "contrib/admin",
    "contrib/auth",
    "contrib/contenttypes",
    "contrib/sessions",
    "contrib/messages",
]


def _key(entry):
    # ngettext never finds a singular entry, so a msgid Django's vi has only as singular
    # (the admin's "Please correct the error below.") still counts as missing.
    return (entry.msgctxt, entry.msgid, bool(entry.msgid_plural))


def _untranslated_by_django(domain):
    import django

    root = Path(django.__file__).parent
    missing = {}
    for catalogue in DJANGO_CATALOGUES:
        english = root / catalogue / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not english.exists():
            continue
        vietnamese = english.parents[2] / "vi" / "LC_MESSAGES" / f"{domain}.po"
        translated = set()
        if vietnamese.exists():
            translated = {_key(e) for e in polib.pofile(str(vietnamese)) if e.translated()}
        for entry in polib.pofile(str(english)):
            if _key(entry) not in translated:
                missing[_key(entry)] = entry
    return missing


def _skipped(po):
    """The msgids the header comment names as unseen by any user (by their first words)."""
    lines = po.header.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Skipped on purpose"))
    return [line.split(": ", 1)[1] for line in lines[start + 1 :] if ": " in line]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_override_catalogue_translates_every_django_string_vi_lacks(domain):
    po = polib.pofile(str(OVERRIDES / f"{domain}.po"))
    ours = {_key(e) for e in po if e.translated()}
    skipped = _skipped(po)
    missing = [
        entry.msgid
        for key, entry in _untranslated_by_django(domain).items()
        if key not in ours and not any(entry.msgid.startswith(s) for s in skipped)
    ]
    assert missing == []
    # The skip list stays short and honest: language names and the install welcome page.
    assert len(skipped) < 30


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_override_catalogue_matches_its_source(domain):
    po = polib.pofile(str(OVERRIDES / f"{domain}.po"))
    mo = polib.mofile(str(OVERRIDES / f"{domain}.mo"))

    def pairs(entries):
        return {(e.msgctxt, e.msgid, e.msgstr or e.msgstr_plural.get(0)) for e in entries}

    assert pairs(e for e in po if e.translated()) <= pairs(e for e in mo if e.msgid), (
        "run `make messages` after editing locale/django/"
    )
