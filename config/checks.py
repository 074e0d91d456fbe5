"""System checks of the site's own settings, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks

IMMEDIATE_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"


# deploy=True: run by `check --deploy` only; the "deploy" tag selects the site's own such checks.
@checks.register("deploy", deploy=True)
def check_tasks_not_immediate(app_configs, **kwargs):
    """With the immediate backend an issued consolidated report's PDF (seconds of CPU) is made
    inside the issuing request, holding a gunicorn thread and the reviewer's browser."""
    if settings.DEBUG:
        return []
    return [
        checks.Error(
            f"TASKS['{alias}'] dùng ImmediateBackend khi DEBUG tắt: tệp PDF sẽ được tạo ngay "
            "trong yêu cầu HTTP của máy chủ web.",
            hint="Đặt TASKS_BACKEND=django_tasks_db.DatabaseBackend và chạy manage.py "
            "db_worker (docs/background-tasks.md).",
            id="config.E001",
        )
        for alias, options in settings.TASKS.items()
        if options.get("BACKEND") == IMMEDIATE_BACKEND
    ]
