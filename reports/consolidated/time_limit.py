"""A time limit on the PDF task (issue 13): a document that takes WeasyPrint far longer than any
real report (a pathological input, a bug) ends as a failed generation the reviewer can retry,
instead of holding a worker for ever.

The limit is a SIGALRM timer, which only the main thread of a process can set: that is where
`manage.py db_worker` runs its tasks in production. Elsewhere (Django's immediate backend, in a
request thread: development, the demo, the tests) the rendering runs without it, as the
request's own timeouts already bound it."""

import contextlib
import signal
import threading

from django.conf import settings


class RenderingTimedOut(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float | None = None):
    seconds = settings.PDF_TASK_TIME_LIMIT if seconds is None else seconds
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum, _frame):
        raise RenderingTimedOut(f"the PDF took longer than {seconds:g} s (PDF_TASK_TIME_LIMIT)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
