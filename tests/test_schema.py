"""The published JSON Schemas: the scenario format's matches the checker, and scenario files carry
the editor modeline; those of the files the game writes (run record, save, run settings, campaign
progress) are what the code generates, and the files the play layer really writes satisfy them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import msgspec
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


# -- the schemas of the files the game writes ---------------------------------------------------

FILE_SCHEMAS = ("run-record.schema.json", "save.schema.json", "run-settings.schema.json",
                "campaign-progress.schema.json")


def _validator(name: str):
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schema" / name).read_text(encoding="utf-8")))


def test_committed_file_schemas_are_what_the_code_generates():
    from game.formats.schemas import json_schemas

    generated = json_schemas()
    assert sorted(generated) == sorted(FILE_SCHEMAS)
    for name, schema in generated.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert json.loads((ROOT / "schema" / name).read_text(encoding="utf-8")) == schema, (
            f"schema/{name} is out of date; run: politburo schema --files -o schema")


def test_schema_files_command_writes_the_committed_files(tmp_path):
    from tests.conftest import run_cli_here

    out = run_cli_here("schema", "--files", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    for name in (*FILE_SCHEMAS, "scenario.schema.json"):
        assert (tmp_path / "out" / name).read_bytes() == (ROOT / "schema" / name).read_bytes(), name
    record = run_cli_here("schema", "record")
    assert record.returncode == 0 and json.loads(record.stdout)["title"] == "Politburo run record"
    assert json.loads(run_cli_here("schema").stdout) == json_schema()
    usage = run_cli_here("schema", "--files")
    assert usage.returncode == 2 and "-o" in usage.stderr and "Traceback" not in usage.stderr


@pytest.fixture
def played(tmp_path):
    """Real files, written by the play layer: two chapters of the bundled campaign (so the second
    record and save carry a campaign chapter and what it inherited), a class game's save."""
    from game.classroom.codes import make_code
    from game.classroom.join import JoinedClass
    from game.engine.history import historical_track
    from game.paths import Places
    from game.play.campaign import bundled_plan, open_run
    from game.play.session import Session

    places = Places(tmp_path / "runs", tmp_path / "runs" / ".saves", given=True)
    places.prepare()
    run = open_run(bundled_plan(), places, "Иван", resume=False, seed=5, reveal="end")
    for _ in range(2):
        info = run.current()
        session = run.new_session(info.scenario)
        for step in historical_track(info.scenario, session.game.carry).steps:
            if session.is_over:
                break
            session.choose(step.choice, reason="Because the documents say so.")
        while not session.is_over:  # a carried-in start may leave history's path: finish it anyway
            session.choose(session.game.available_choices()[0].id)
        assert session.finish() == ""
        run.advance(session)
    chapter3 = run.new_session(run.current().scenario)
    chapter3.choose(chapter3.game.available_choices()[0].id)
    assert chapter3.save() == ""
    kim = next(p for p in bundled_files() if p.stem == "kim-1949")
    from game.scenario import load_scenario

    scenario = load_scenario(kim)
    joined = JoinedClass(make_code("kim-1949", scenario.version, 77, bundled=True, reveal="end", justify=True),
                         scenario)
    pupil = Session.start(scenario, places, player="Ana", settings=joined.settings(), seed=joined.seed)
    pupil.choose(pupil.game.available_choices()[0].id, reason="A reason.")
    assert pupil.save() == ""
    return places, joined


def test_real_files_satisfy_their_schemas(played):
    places, joined = played
    records = sorted(places.runs.glob("*.json"))
    saves = sorted(p for p in places.saves.glob("*.json") if not p.name.startswith("campaign--"))
    progress = sorted(places.saves.glob("campaign--*.json"))
    assert len(records) == 2 and len(saves) == 2 and len(progress) == 1
    checks = [("run-record.schema.json", p) for p in records] + [("save.schema.json", p) for p in saves] + [
        ("campaign-progress.schema.json", p) for p in progress]
    for name, path in checks:
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = list(_validator(name).iter_errors(data))
        assert not errors, (path.name, [e.message for e in errors[:5]])
        assert not list(_validator("run-settings.schema.json").iter_errors(data.get("settings", {})))
    chapters = sorted(json.loads(p.read_text(encoding="utf-8"))["settings"]["campaign"]["chapter"] for p in records)
    assert chapters == [1, 2]
    class_settings = msgspec.to_builtins(joined.settings())
    assert class_settings == {"reveal": "end", "justify": True, "class": joined.text}  # undo: its default
    assert not list(_validator("run-settings.schema.json").iter_errors(class_settings))


@pytest.mark.parametrize("change, where", [
    (lambda r: r.pop("run_id"), "run_id"),
    (lambda r: r.update(run_id="NOT-AN-ID"), "run_id"),
    (lambda r: r.update(seed=2**63), "seed"),
    (lambda r: r.update(format="politburo-save"), "format"),
    (lambda r: r["settings"].update(reveal="sometimes"), "reveal"),
    (lambda r: r["decisions"][0].update(turn=0), "turn"),
    (lambda r: r.update(player="x" * 201), "player"),
])
def test_the_record_schema_refuses_what_the_reader_refuses(played, change, where):
    from game.formats import FileProblem, parse_record

    places, _ = played
    record = json.loads(sorted(places.runs.glob("*.json"))[0].read_text(encoding="utf-8"))
    change(record)
    errors = list(_validator("run-record.schema.json").iter_errors(record))
    assert errors and any(where in (e.json_path + e.message) for e in errors), [e.message for e in errors]
    with pytest.raises(FileProblem):
        parse_record(json.dumps(record).encode())
