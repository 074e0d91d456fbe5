from django.db import migrations


class Migration(migrations.Migration):
    """The per-task conference fields, once 0011 has carried their figures to indicators."""

    dependencies = [
        ("reports", "0012_indicator_values_from_entries"),
    ]

    operations = [
        migrations.RemoveField(model_name="taskprogress", name="conferences_held"),
        migrations.RemoveField(model_name="taskprogress", name="participants"),
    ]
