"""Text folded for comparison: no diacritics, lower case, one character for one character.

Folding keeps every index where it was, so a phrase found in the folded text is cut out of the
original at the same place, word for word."""

import unicodedata


def fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", char)[0].lower()


# Latin letters with Vietnamese marks all lie below U+2000; one table makes folding a single
# str.translate call. A character outside it is kept as it is.
_TABLE = {code: fold_char(chr(code)) for code in range(0x2000)}


def fold(text: str) -> str:
    """ "Tỉnh ủy Quảng Ngãi" -> "tinh uy quang ngai" (same length as `text` in NFC)."""
    return text.translate(_TABLE)
