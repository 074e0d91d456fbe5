"""Trigram indexes on the folded text of the units' reports (PostgreSQL only; see
units/migrations/0005)."""

from django.db import migrations

from config.search import folded_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_taskprogress_completed_on"),
        ("units", "0005_search_unaccent_trigram_collation"),
    ]

    operations = [
        folded_trigram_indexes(
            [
                ("reports_unitreport", "overall_assessment"),
                ("reports_unitreport", "difficulties"),
                ("reports_unitreport", "recommendations"),
                ("reports_taskprogress", "results"),
                ("reports_taskprogress", "difficulties"),
                ("reports_taskprogress", "proposals"),
            ]
        )
    ]
