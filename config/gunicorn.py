"""gunicorn in production: `gunicorn -c config/gunicorn.py config.wsgi`.

Threaded workers (gthread): a request mostly waits on PostgreSQL, and threads share a worker's
memory (WeasyPrint and the app make a worker about 100 MB), so a few processes with several
threads each serve more at once than as many single-threaded processes would. PDFs are not
rendered here (the `db_worker`s do it, see docs/background-tasks.md and the deploy check in
config/checks.py), so no request is expected to take long.

Every value can be overridden from the environment (GUNICORN_*), as the load test does.
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
worker_class = "gthread"
# One process per core, and threads for the time each request waits on the database.
workers = _int("GUNICORN_WORKERS", os.cpu_count() or 1)
threads = _int("GUNICORN_THREADS", 8)
# Requests beyond workers x threads wait in the socket's queue rather than being refused.
backlog = _int("GUNICORN_BACKLOG", 2048)

# With gthread, `timeout` is how long a worker may go without a heartbeat before the master
# kills and replaces it: a worker stuck in a C call (a pathological regex, a runaway parser)
# for 30 s is restarted. It does not end a single slow thread; the proxy's read timeout does.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM or a reload, requests in progress get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind the reverse proxy, which keeps its own connections to the browsers.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (spread out by the jitter, so the workers
# do not all restart at once): memory that a long-lived process fragments is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files on a memory filesystem: a slow disk never makes a healthy worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The proxy in front may set X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client (from the proxy's X-Forwarded-For), user-agent-free, with the time in milliseconds
# (%(M)s) and the worker's pid (%(p)s), so a slow request can be found and traced to its worker.
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms pid=%(p)s "%(f)s"'
)
