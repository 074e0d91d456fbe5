"""`check --deploy` refuses a production whose PDFs would be rendered inside a request."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def deploy_errors() -> list[str]:
    return [m.id for m in checks.run_checks(include_deployment_checks=True, tags=["deploy"])]


def test_immediate_tasks_with_debug_off_fail_the_deploy_check(settings):
    settings.DEBUG, settings.TASKS = False, IMMEDIATE
    assert deploy_errors() == ["config.E001"]
    with pytest.raises(SystemCheckError, match="config.E001"):
        call_command("check", "--deploy", "--tag", "deploy")


def test_the_database_backend_passes(settings):
    settings.DEBUG, settings.TASKS = False, DATABASE
    assert deploy_errors() == []


def test_immediate_tasks_are_fine_in_development(settings):
    settings.DEBUG, settings.TASKS = True, IMMEDIATE
    assert deploy_errors() == []


def test_it_is_a_deployment_check_only(settings):
    # Plain `check` (runserver, migrate, the test run) never fails on it.
    settings.DEBUG, settings.TASKS = False, IMMEDIATE
    assert "config.E001" not in [m.id for m in checks.run_checks(tags=["deploy"])]
