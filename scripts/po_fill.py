"""Fills the Vietnamese catalogue from `msgid<TAB>translation` files: `python scripts/po_fill.py
locale/vi/LC_MESSAGES/django.po file.tsv ...`. A message with a context is written
`context::msgid`. Plural entries take the same text for every form (Vietnamese has one plural
form). Prints the msgids still untranslated."""

import sys
from pathlib import Path

import polib


def main(po_path: str, *tsv_paths: str) -> int:
    table: dict[tuple[str | None, str], str] = {}
    for tsv in tsv_paths:
        for line in Path(tsv).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, text = line.split("\t", 1)
                context, _, msgid = key.rpartition("::")
                table[(context or None, msgid)] = text
    po = polib.pofile(po_path)
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[key]}
            else:
                entry.msgstr = table[key]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
