"""The interface is Vietnamese first: every message has a Vietnamese translation, compiled."""

from pathlib import Path

import polib

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
