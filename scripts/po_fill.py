"""Fills the Vietnamese catalogue from `msgid<TAB>translation` files: `python scripts/po_fill.py
locale/vi/LC_MESSAGES/django.po file.tsv ...`. Plural entries take the same text for every form
(Vietnamese has one plural form). Prints the msgids still untranslated."""

import sys
from pathlib import Path

import polib


def main(po_path: str, *tsv_paths: str) -> int:
    table: dict[str, str] = {}
    for tsv in tsv_paths:
        for line in Path(tsv).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                msgid, text = line.split("\t", 1)
                table[msgid] = text
    po = polib.pofile(po_path)
    for entry in po:
        if entry.msgid in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[entry.msgid]}
            else:
                entry.msgstr = table[entry.msgid]
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
