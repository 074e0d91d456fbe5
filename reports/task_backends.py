"""A task backend for Django's tasks framework whose queue is the application's own rows.

Django 6 ships no worker. The only task here makes the PDF of an issued consolidated report, and
such a report already says it is waiting (`generation = "pending"`), so the database is the
queue: `enqueue` only validates the call, and `manage.py consolidated_pdf_worker` generates
what is pending. With TASKS_BACKEND unset, Django's ImmediateBackend generates the PDF at once,
right after the issuing transaction commits, which is fine for the demo and small reports.

    TASKS_BACKEND=reports.task_backends.DatabaseQueueBackend
    manage.py consolidated_pdf_worker --loop      # one worker process, e.g. a systemd service
"""

from django.tasks.backends.dummy import DummyBackend
from django.tasks.signals import task_enqueued
from django.utils import timezone


class DatabaseQueueBackend(DummyBackend):
    supports_get_result = False

    def _store_result(self, result):
        # Unlike DummyBackend nothing is kept in memory: a web process would grow forever.
        object.__setattr__(result, "enqueued_at", timezone.now())
        task_enqueued.send(type(self), task_result=result)
