"""Secure by default: with DEBUG off the HTTPS protections are on unless PLAIN_HTTP says the
site is served over plain http, and `check --deploy` finds nothing in the README's production
settings. Each case runs in a subprocess, as a real start-up would read the environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Everything a developer's shell or pytest's env could contribute is left out.
OURS = {
    # Set by the browser fixture for Playwright's thread; never in a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "PLAIN_HTTP",
    "EMAIL_URL",
    "DATABASE_URL",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "BENCH_TOOLS",
}
SHOW = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "SECURE_CSP",
    "SESSION_COOKIE_AGE", "SESSION_SAVE_EVERY_REQUEST"]}))
"""


def readme_production_settings() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production settings", 1)[1]
    block = re.search(r"```env\n(.*?)```", section, re.DOTALL).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if line.strip())


def run(tmp_path, args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in OURS}
    return subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        env={**clean, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(tmp_path, **env) -> dict:
    code = "import django; django.setup()\n" + SHOW
    result = run(tmp_path, ["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_is_https_only_by_default(tmp_path):
    values = settings_of(tmp_path, **readme_production_settings())
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_CSP"]["script-src"] == ["'self'"]
    # A working day without a request, and no write on every request.
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600
    assert values["SESSION_SAVE_EVERY_REQUEST"] is False


def test_plain_http_turns_off_only_the_https_parts(tmp_path):
    values = settings_of(tmp_path, **readme_production_settings(), PLAIN_HTTP="1")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SECURE_CSP"]["script-src"] == ["'self'"]


def test_the_proxy_ssl_header_is_configurable_and_can_be_turned_off(tmp_path):
    production = readme_production_settings()
    named = settings_of(tmp_path, **production, SECURE_PROXY_SSL_HEADER="X-Forwarded-Ssl")
    assert named["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SSL", "https"]
    assert (
        settings_of(tmp_path, **production, SECURE_PROXY_SSL_HEADER="")["SECURE_PROXY_SSL_HEADER"]
        is None
    )


def test_debug_keeps_the_development_server_usable(tmp_path):
    values = settings_of(tmp_path, DEBUG="1")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_CSP"] == {}  # Django's debug pages are inline


def test_check_deploy_finds_no_issue_in_the_documented_production_settings(tmp_path):
    result = run(
        tmp_path,
        [str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        **readme_production_settings(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_reports_a_missing_mail_server(tmp_path):
    production = readme_production_settings()
    del production["EMAIL_URL"]
    result = run(tmp_path, [str(ROOT / "manage.py"), "check", "--deploy"], **production)
    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr
