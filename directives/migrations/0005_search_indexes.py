"""Trigram indexes on the folded text of directives and tasks (PostgreSQL only; see
units/migrations/0005)."""

from django.db import migrations

from config.search import folded_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0004_deadlines_status_dated_assignments"),
        ("units", "0005_search_unaccent_trigram_collation"),
    ]

    operations = [
        folded_trigram_indexes(
            [
                ("directives_directive", "subject"),
                ("directives_directive", "number"),
                ("directives_directive", "symbol"),
                ("directives_task", "text"),
                ("directives_task", "short_title"),
            ]
        )
    ]
