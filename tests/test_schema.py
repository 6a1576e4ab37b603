"""The published JSON Schema matches the checker, and scenario files carry the editor modeline."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.catalog import bundled_files
from game.scenario import json_schema
from tests.conftest import FIXTURES, ROOT

COMMITTED = ROOT / "schema" / "scenario.schema.json"


def test_committed_schema_is_up_to_date():
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json_schema(), (
        "run: politburo schema -o schema/scenario.schema.json")


def test_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(json_schema())


def _scenario_files():
    return [FIXTURES / "mini.yaml", *bundled_files()]


@pytest.mark.parametrize("path", _scenario_files(), ids=lambda p: p.name)
def test_valid_scenarios_satisfy_the_json_schema(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(json_schema()).iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_bundled_scenarios_carry_the_modeline(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/scenario.schema.json"


def test_schema_rejects_what_the_checker_rejects():
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    data["scenes"][0]["choices"][0]["lable"] = "typo"
    errors = list(jsonschema.Draft7Validator(json_schema()).iter_errors(data))
    assert any("lable" in e.message for e in errors)
