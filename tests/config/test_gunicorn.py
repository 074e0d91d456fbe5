"""config/gunicorn.py, read by gunicorn itself as `gunicorn -c config/gunicorn.py` would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def gunicorn_settings(**env) -> dict:
    # A process of its own: the file reads the environment once, when gunicorn loads it.
    # gunicorn's own Config, given the file's names the way its loader does (only the names of
    # settings gunicorn knows; a misspelt one would be silently ignored, and the test fail).
    script = (
        "import runpy\n"
        "from gunicorn.config import Config\n"
        "c = Config()\n"
        "for k, v in runpy.run_path('config/gunicorn.py').items():\n"
        "    if k in c.settings: c.set(k, v)\n"
        "print(repr({k: c.settings[k].get() for k in ['bind', 'workers', 'threads', 'timeout', "
        "'graceful_timeout', 'accesslog', 'access_log_format', 'max_requests']}))\n"
        "print(c.worker_class_str)\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    values, worker_class = result.stdout.strip().splitlines()
    return {**eval(values), "worker_class": worker_class}  # our own repr() of plain values


def test_it_runs_threaded_workers_with_timeouts_and_an_access_log():
    config = gunicorn_settings()
    assert config["worker_class"] == "gthread"
    assert config["threads"] > 1
    assert config["workers"] >= 1
    assert config["bind"] == ["127.0.0.1:8000"]
    assert 0 < config["graceful_timeout"] <= config["timeout"]
    assert config["accesslog"] == "-"
    assert "%(M)s" in config["access_log_format"]  # the request's time in milliseconds
    assert config["max_requests"] > 0


def test_the_environment_sets_bind_workers_and_threads():
    config = gunicorn_settings(
        GUNICORN_BIND="127.0.0.1:8123", GUNICORN_WORKERS="3", GUNICORN_THREADS="2"
    )
    assert (config["bind"], config["workers"], config["threads"]) == (["127.0.0.1:8123"], 3, 2)
