"""Every conference count and participant count already entered becomes an indicator value.

Until now the report form asked "số hội nghị" and "số người tham dự" under every task, and units
wrote the same figures under each of their tasks: a unit that held 3 conferences with 120 people
and reported 4 tasks had 3 and 120 four times. Those were never four sets of conferences, so the
figures of one report are not summed: **each report's figure is the maximum over its task
entries** (3 and 120 in the example), kept as the report-level value of the directive's
indicators "hoi-nghi" and "nguoi-tham-du" (created here when the directive has none yet, with
the names `load_seed` gives them). A report whose entries stated no figure gets no value: no
figure is not zero. Reversed, each report's figure goes back onto its first task entry.
"""

from django.db import migrations
from django.db.models import Max

# (code, field of the former entries, name, unit of measure, position): as directives/seed.py.
CARRIED = [
    ("hoi-nghi", "conferences_held", "Số hội nghị quán triệt, triển khai", "hội nghị", 1),
    ("nguoi-tham-du", "participants", "Số lượt cán bộ, đảng viên tham dự", "lượt người", 2),
]


def forwards(apps, schema_editor):
    TaskProgress = apps.get_model("reports", "TaskProgress")
    Indicator = apps.get_model("directives", "Indicator")
    IndicatorValue = apps.get_model("reports", "IndicatorValue")
    for code, field, name, unit_of_measure, position in CARRIED:
        maxima = (
            TaskProgress.objects.filter(**{f"{field}__isnull": False})
            .values("report_id", "report__period__directive_id")
            .order_by()
            .annotate(figure=Max(field))
        )
        indicators = {}
        values = []
        for row in maxima.iterator(chunk_size=2000):
            directive_id = row["report__period__directive_id"]
            if directive_id not in indicators:
                indicators[directive_id], _created = Indicator.objects.get_or_create(
                    directive_id=directive_id,
                    code=code,
                    defaults={
                        "name": name,
                        "unit_of_measure": unit_of_measure,
                        "position": position,
                        "scope": "report",
                        "aggregation": "sum",
                    },
                )
            values.append(
                IndicatorValue(
                    report_id=row["report_id"],
                    indicator=indicators[directive_id],
                    task=None,
                    value=row["figure"],
                )
            )
        IndicatorValue.objects.bulk_create(values, batch_size=2000, ignore_conflicts=True)


def backwards(apps, schema_editor):
    TaskProgress = apps.get_model("reports", "TaskProgress")
    IndicatorValue = apps.get_model("reports", "IndicatorValue")
    for code, field, *_rest in CARRIED:
        figures = dict(
            IndicatorValue.objects.filter(indicator__code=code, task__isnull=True).values_list(
                "report_id", "value"
            )
        )
        first_entries = {}
        for entry in TaskProgress.objects.filter(report_id__in=list(figures)).order_by(
            "report_id", "-task__position"
        ):
            first_entries[entry.report_id] = entry
        for report_id, entry in first_entries.items():
            setattr(entry, field, figures[report_id])
        TaskProgress.objects.bulk_update(first_entries.values(), [field], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0011_indicator_values"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
