"""Searching Vietnamese text with or without its diacritics, and sorting it alphabetically, the
same on PostgreSQL and on SQLite.

- `fold()` is how text compares when searching: lowercase, no tone or letter marks, đ as d
  ("Liên hiệp" and "lien hiep" both fold to "lien hiep").
- In SQL the same folding is the function `search_fold(text)`: on PostgreSQL an immutable
  wrapper around the `unaccent` extension (created by units' migration 0005, so that trigram
  indexes can be built on it); on SQLite the Python function below, registered on every new
  connection. `Folded` makes it a transform: `name__fold__contains=fold(word)`.
- The collation `vi` orders text the Vietnamese way (a < ă < â < b ..., d < đ, then the tones
  unmarked, grave, hook, tilde, acute, dot below, then lower case before upper): ICU's `vi-VN`
  on PostgreSQL (created by the same migration), `vietnamese_key()` on SQLite, which gives
  the order ICU gives (tests/config/test_search.py compares them).
"""

import functools
import unicodedata

from django.db import migrations
from django.db.models import CharField, Q, TextField, Transform
from django.db.models.functions import Collate

COLLATION = "vi"
MAX_WORDS = 8


def fold(text: str) -> str:
    """Lowercase, without diacritics (NFD, then the combining marks dropped), đ/Đ as d, and
    runs of spaces as one."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def words(query: str) -> list[str]:
    """The folded words of a search, each to be found; at most MAX_WORDS of them. Quotation
    marks are dropped (the admin's search box allows them around a phrase)."""
    for quote in "\"'“”":
        query = query.replace(quote, " ")
    return fold(query).split()[:MAX_WORDS]


class Folded(Transform):
    lookup_name = "fold"
    function = "search_fold"
    output_field = TextField()


def matching(fields: list[str], query: str) -> Q:
    """Every word of the query in one of the fields, diacritics and case aside."""
    condition = Q()
    for word in words(query):
        one_of = Q()
        for field in fields:
            one_of |= Q(**{f"{field}__fold__contains": word})
        condition &= one_of
    return condition


def alphabetical(field: str):
    """An order_by() term for Vietnamese alphabetical order."""
    return Collate(field, COLLATION).asc()


# ---- the Vietnamese order for SQLite ----------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # each letter one precomposed character
_LETTER = {letter: i for i, letter in enumerate(_ALPHABET)}
# Marks that make another letter of the alphabet (ă â ê ô ơ ư) ...
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# ... and the tones, in ICU's (and the dictionaries') order.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=50_000)
def vietnamese_key(text: str) -> tuple:
    """A key whose order is the Vietnamese alphabetical order: letters first (tones aside),
    then the tones, then the case, as ICU compares level by level."""
    primary, secondary, tertiary = [], [], []
    for char in unicodedata.normalize("NFC", text or ""):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        lower = base.lower()
        tone = 0
        letter_marks = ""
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                letter_marks += mark
        if char in "đĐ":
            lower = "đ"
        letter = unicodedata.normalize("NFC", lower + letter_marks)
        if letter in _LETTER:
            primary.append((3, _LETTER[letter]))
        elif lower.isdigit():
            primary.append((2, ord(lower)))
        elif lower.isspace() or unicodedata.category(lower).startswith(("P", "S")):
            primary.append((1, ord(lower)))
        else:
            primary.append((4, ord(lower)))
        secondary.append(tone)
        tertiary.append(0 if char == char.lower() else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary))


def _collate(a: str, b: str) -> int:
    ka, kb = vietnamese_key(a), vietnamese_key(b)
    return (ka > kb) - (ka < kb)


def _sqlite_fold(value):
    return None if value is None else fold(value)


def register_sqlite(sender, connection, **kwargs) -> None:
    """connection_created: SQLite gets `search_fold` and the `vi` collation in Python."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("search_fold", 1, _sqlite_fold, deterministic=True)
    raw.create_collation(COLLATION, _collate)


def install() -> None:
    from django.db.backends.signals import connection_created

    CharField.register_lookup(Folded)
    TextField.register_lookup(Folded)
    connection_created.connect(register_sqlite, dispatch_uid="config.search.register_sqlite")


# ---- migrations ----------------------------------------------------------------------


def folded_trigram_indexes(indexed: list[tuple[str, str]]):
    """A migration operation creating (and dropping) a trigram index on `search_fold(column)`
    for each (table, column), on PostgreSQL only: what makes `column__fold__contains` use an
    index. Used by the migrations of units, directives and reports."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in indexed:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_fold_trgm ON {table} "
                f"USING gin (search_fold({column}) gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in indexed:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_fold_trgm")

    return migrations.RunPython(forwards, backwards)


# ---- the admin --------------------------------------------------------------------------


class FoldedSearchAdmin:
    """A ModelAdmin mixin: its search_fields found with or without diacritics (the stock
    search is case-insensitive only), every word in one of the fields."""

    def get_search_results(self, request, queryset, search_term):
        from django.contrib.admin.utils import lookup_spawns_duplicates

        if not search_term.strip():
            return queryset, False
        fields = [name.lstrip("^=@") for name in self.get_search_fields(request)]
        text_fields = [f for f in fields if _is_text(self.model, f)]
        condition = Q()
        for word in words(search_term):
            one_of = Q()
            for field in fields:
                if field in text_fields:
                    one_of |= Q(**{f"{field}__fold__contains": word})
                else:
                    one_of |= Q(**{f"{field}__icontains": word})
            condition &= one_of
        duplicates = any(lookup_spawns_duplicates(self.model._meta, f) for f in fields)
        return queryset.filter(condition), duplicates


def _is_text(model, path: str) -> bool:
    from django.contrib.admin.utils import get_fields_from_path

    field = get_fields_from_path(model, path)[-1]
    return isinstance(field, CharField | TextField)
