"""Production refuses unsafe settings instead of quietly falling back to a default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    ours = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=tmp_path,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="0", SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_refused_with_a_public_host(tmp_path):
    result = load_settings(tmp_path, DEBUG="1", ALLOWED_HOSTS="theodoi.example.vn")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_a_real_key(tmp_path):
    result = load_settings(
        tmp_path, DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="theodoi.example.vn"
    )
    assert result.returncode == 0, result.stderr
