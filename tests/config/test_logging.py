"""Each log line is printed once, with DEBUG on (make run) as with it off (production)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import django, logging; django.setup(); "
    "logging.getLogger('django.tasks').info('Task id=T1 path=p state=RUNNING'); "
    "logging.getLogger('django.request').warning('Not Found: /x')"
)


@pytest.mark.parametrize("debug", ["1", "0"])
def test_a_background_task_line_is_printed_once(debug):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": debug,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert output.count("Task id=T1") == 1
    assert output.count("Not Found: /x") == 1
