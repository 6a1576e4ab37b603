"""A whole class at once: 30 students (some with the same name) play kim-1949 in plain mode with
one class code, all writing into one runs folder at the same moment.  Nothing may be lost or
overwritten, and the report's counts must equal counts taken straight from the records."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from game.catalog import resolve
from game.classroom.join import clean_name, new_class
from game.engine import Game
from game.engine.history import historical_track
from tests.conftest import ROOT, run_cli_here

PLAYERS = 30
NAMES = ["Alex", "Alex", "Alex", "alex", "Zoë", "../../etc/passwd", "Ana María", "李雷", "O'Brien", "***"] + [
    f"Student {n}" for n in range(11, PLAYERS + 1)]


def _strategy(scenario, class_seed: int, n: int) -> list[str]:
    """Player n's choices: history for a few, first or last option for some, random for the rest.
    Played with the class seed, as the student's game will be."""
    if n < 4:
        return list(historical_track(scenario).choices)
    game = Game.new(scenario, class_seed)
    pick = random.Random(1000 + n)
    path = []
    while not game.is_over:
        options = game.available_choices()
        choice = options[0] if n % 7 == 0 else options[-1] if n % 7 == 1 else pick.choice(options)
        path.append(choice.id)
        game.choose(choice.id)
    return path


@pytest.mark.slow
def test_thirty_students_at_once(tmp_path):
    scenario = resolve("kim-1949").result.scenario
    assert scenario is not None, "kim-1949 must validate for the class simulation"
    joined_code = new_class(scenario, scenario.path, 1949, reveal="each", undo=True, justify=True).text
    runs = tmp_path / "class-runs"
    plans = []
    for n, name in enumerate(NAMES):
        choices = _strategy(scenario, 1949, n)
        debate = [c for c, s in zip(choices, _scenes(scenario, 1949, choices)) if scenario.scene(s).debate]
        reasons = [] if n % 5 == 4 else [f"Reason {n}.{k}: {name} weighed the risk of war." for k in range(len(debate))]
        plans.append((name, choices, reasons))

    def play(plan):
        name, choices, reasons = plan
        cmd = [sys.executable, "-m", "game", "play", "--class", joined_code, "--plain", "--player", name,
               "--runs-dir", str(runs), "--choices", ",".join(choices)]
        return subprocess.run(cmd, input="".join(r + "\n" for r in reasons), capture_output=True, text=True,
                              cwd=ROOT, timeout=180)

    with ThreadPoolExecutor(max_workers=PLAYERS) as pool:
        results = list(pool.map(play, plans))
    for (name, _, _), res in zip(plans, results):
        assert res.returncode == 0, (name, res.stderr)

    # Nothing lost or overwritten: one file per student, each holding exactly what they played.
    files = sorted(runs.glob("*.json"))
    assert len(files) == PLAYERS
    assert not list(runs.glob(".*.tmp")) and not list((runs / ".saves").glob("*.json"))
    records = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert Counter(r["player"] for r in records) == Counter(clean_name(n) for n in NAMES)
    expected = Counter((clean_name(name), tuple(choices), tuple(reasons)) for name, choices, reasons in plans)
    played = Counter((r["player"], tuple(d["choice"] for d in r["decisions"]),
                      tuple(d["justification"] for d in r["decisions"] if "justification" in d)) for r in records)
    assert played == expected
    assert {r["settings"]["class"] for r in records} == {joined_code} and {r["seed"] for r in records} == {1949}

    # The report's counts equal counts taken independently from the records.
    out = run_cli_here("report", str(runs), "--format", "json")
    assert out.returncode == 0, out.stderr
    [group] = json.loads(out.stdout)["groups"]
    assert group["runs"] == PLAYERS and len(group["players"]) == PLAYERS and not json.loads(out.stdout)["skipped"]
    truth = Counter((d["scene"], d["choice"]) for r in records for d in r["decisions"])
    reported = Counter({(d["scene"], o["choice"]): o["count"] for d in group["decisions"] for o in d["options"]
                        if o["count"]})
    assert reported == truth
    for d in group["decisions"]:
        hist = [x for r in records for x in r["decisions"] if x["scene"] == d["scene"] and x["historical"] is not None]
        assert d["matched"] == sum(1 for x in hist if x["historical"]) and d["decided"] == len(hist)
    quotes = Counter(q["text"] for d in group["decisions"] for q in d["quotes"])
    assert quotes == Counter(x["justification"] for r in records for x in r["decisions"] if "justification" in x)
    assert sum(quotes.values()) > 0
    csv_out = run_cli_here("report", str(runs), "--format", "csv").stdout
    csv_counts = Counter({(r["scene"], r["choice"]): int(r["value"]) for r in csv.DictReader(io.StringIO(csv_out))
                          if r["section"] == "option" and r["measure"] == "count" and r["value"] != "0"})
    assert csv_counts == truth


def _scenes(scenario, seed, choices):
    game = Game.new(scenario, seed)
    scenes = []
    for choice in choices:
        scenes.append(game.scene_id)
        game.choose(choice)
    return scenes
