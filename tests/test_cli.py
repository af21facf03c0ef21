import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from coqi.cli import app

runner = CliRunner()


def test_help_lists_the_site_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ["migrate", "demo", "serve", "createadmin", "check", "manage"]:
        assert command in result.output


def test_check_runs_the_deploy_checks_against_production_settings():
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("COQI_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", "from coqi.cli import app; app()", "check"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_demo_command_prints_logins_and_is_idempotent():
    first = runner.invoke(app, ["demo"])
    second = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "partner@example.com" in first.output and "co-produce-together" in first.output
    assert "already loaded" in second.output


@pytest.mark.django_db
def test_createadmin_validates_the_password():
    weak = runner.invoke(app, ["createadmin", "--email", "op@example.com", "--password", "123"])
    assert weak.exit_code == 1
    ok = runner.invoke(app, ["createadmin", "--email", "op@example.com", "--password", "a-long-operator-password"])
    assert ok.exit_code == 0, ok.output
    from coqi.accounts.models import User

    assert User.objects.get(email="op@example.com").is_superuser


@pytest.mark.django_db
def test_createadmin_refuses_a_control_character_naming_the_option():
    result = runner.invoke(app, ["createadmin", "--email", "op\x1b[2J@example.com", "--password", "a-long-password-1"])
    assert result.exit_code == 1 and "--email" in result.output and "U+001B" in result.output
    assert "\x1b" not in result.output
    from coqi.accounts.models import User

    assert not User.objects.exists()


@pytest.mark.django_db
def test_manage_passes_through_to_django(capsys):
    result = runner.invoke(app, ["manage", "check"])
    assert result.exit_code == 0
