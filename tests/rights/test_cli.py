"""`coqi person export EMAIL` and `coqi person erase EMAIL`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coqi.core.models import AuditEvent
from coqi.rights.cli import app
from tests.rights.makers import EMAIL, NAME, a_person_with_everything

pytestmark = pytest.mark.django_db(transaction=False)
runner = CliRunner()


def test_export_prints_json_or_writes_a_file(trio, tmp_path):
    person, _ = a_person_with_everything(trio)
    result = runner.invoke(app, ["export", EMAIL.upper()])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["person"]["display_name"] == NAME and "payments" in data["apps"]
    target = tmp_path / "export.json"
    result = runner.invoke(app, ["export", EMAIL, "-o", str(target)])
    assert result.exit_code == 0 and json.loads(target.read_text())["person"]["id"] == person.pk


def test_an_unknown_person_is_a_clear_message(trio):
    result = runner.invoke(app, ["export", "nobody@example.org"])
    assert result.exit_code == 1 and "Error: No person with the e-mail address" in result.output


def test_a_control_character_in_the_address_is_refused_by_name(trio):
    for command in ("export", "erase"):
        result = runner.invoke(app, [command, "someone\x1b[2J@example.org", "--yes"][: 3 if command == "erase" else 2])
        assert result.exit_code == 1 and "EMAIL holds" in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_erase_asks_first_and_warns_about_money_still_owed(trio):
    person, _ = a_person_with_everything(trio)
    result = runner.invoke(app, ["erase", EMAIL], input="n\n")
    assert result.exit_code == 1 and "Nothing was erased" in result.output
    assert "1 claim(s)" in result.output  # the travel claim is still waiting for approval
    person.refresh_from_db()
    assert person.email == EMAIL
    result = runner.invoke(app, ["erase", EMAIL, "--yes"])
    assert result.exit_code == 0, result.output
    person.refresh_from_db()
    assert person.display_name == "Erased person"
    assert AuditEvent.objects.filter(action="person.erased", target_id=str(person.pk)).count() == 1
