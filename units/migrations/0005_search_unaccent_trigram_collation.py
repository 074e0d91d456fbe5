"""Search without diacritics and the Vietnamese order on PostgreSQL (config/search.py).

The extensions and the collation are created only on PostgreSQL (Django's operations skip
other databases); SQLite gets the same function and collation in Python on each connection.
`search_fold` wraps `unaccent` in an IMMUTABLE function, with the dictionary named, because
an index can only be built on an immutable expression and `unaccent(text)` is only stable
(it reads the search path). Creating an extension needs a role allowed to: on a managed server
the administrator may have to run `CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;` once.
"""

from django.contrib.postgres.operations import (
    CreateCollation,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations

from config.search import folded_trigram_indexes

# (table, column): every column the search page and the admin search, with a trigram index
# on its folded text so that `search_fold(column) LIKE '%word%'` does not read the table.
# Every field of UnitQuerySet.search: the words are OR-ed across them, and PostgreSQL uses the
# indexes (a BitmapOr) only when every arm has one.
INDEXED = [
    ("units_unit", column) for column in ("name", "short_name", "symbol", "code", "aliases")
]


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS search_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("units", "0004_unit_aliases_alter_membership_role")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        CreateCollation("vi", provider="icu", locale="vi-VN"),
        migrations.RunPython(create_function, drop_function),
        folded_trigram_indexes(INDEXED),
    ]
