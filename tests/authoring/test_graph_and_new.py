"""``politburo graph`` draws the story with history highlighted; ``politburo new`` writes a
starter that is green from the first minute and never overwrites anything."""

from __future__ import annotations

import re

import pytest

from game.authoring.graph import build_graph, to_dot, to_mermaid
from game.authoring.playtest import PlaytestOptions, playtest_scenario
from game.authoring.starter import StarterError, names_for, starter_text
from game.scenario import check_bytes, load_scenario
from tests.authoring.helpers import MINI
from tests.conftest import run_cli_here


def test_graph_marks_the_historical_path(mini):
    nodes, edges = build_graph(mini)
    historical = {(e.source, e.label) for e in edges if e.historical}
    assert historical == {("first", "refuse"), ("second", "concur"), ("end", "partisans")}
    assert {n.id for n in nodes if n.historical} == {"first", "second", "end", "history"}
    assert any(e.source == "thresholds" and e.label == "bloc_rivalry >= 95" for e in edges)
    assert [e.target for e in edges if e.source == "end"] == ["war", "history", "drift"]


def test_mermaid_output_is_safe_for_mermaid(mini):
    text = to_mermaid(mini)
    assert text.startswith("flowchart TD\n")
    assert "linkStyle" in text and "class " in text
    # Scenario ids never become Mermaid ids (Mermaid reserves 'end'); labels escape '>' and '"'.
    assert not re.search(r"^\s+end\b", text, re.M)
    assert "bloc_rivalry #gt;= 95" in text and ">=" not in text.split("\n", 3)[3]


def test_dot_output_quotes_everything(mini):
    text = to_dot(mini)
    assert text.startswith('digraph "mini" {') and text.rstrip().endswith("}")
    assert '"first" -> "second" [label="refuse", style=solid, color="#b3261e", penwidth=3];' in text
    assert "style=dashed" in text  # chance outcomes


def test_graph_command_writes_markdown_and_refuses_invalid_files(tmp_path):
    out = run_cli_here("graph", str(MINI), "-o", str(tmp_path / "g.md"))
    assert out.returncode == 0
    assert (tmp_path / "g.md").read_text().count("```") == 2
    assert run_cli_here("graph", "kim-1949", "--format", "dot").stdout.startswith('digraph "kim-1949"')
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\n")
    out = run_cli_here("graph", str(bad))
    assert out.returncode == 1 and "missing required key" in out.stderr and "Traceback" not in out.stderr


def test_the_starter_validates_without_warnings_and_play_tests_clean(tmp_path):
    text = starter_text("my-scenario", 'A "quoted" title: with colons')
    result = check_bytes(text.encode(), str(tmp_path / "my-scenario.yaml"))
    assert result.ok and not result.warnings, [d.render() for d in result.diagnostics]
    path = tmp_path / "my-scenario.yaml"
    path.write_text(text)
    scenario = load_scenario(path)
    assert scenario.title == 'A "quoted" title: with colons'
    report = playtest_scenario(scenario, PlaytestOptions(runs=2000, exhaustive=True))
    assert not report.failed(strict=True), [f.render("starter") for f in report.findings]
    assert len(report.tests) >= 3 and all(t.passed for t in report.tests)


def test_the_starter_teaches_every_top_level_key():
    from game.scenario.format import SCENARIO

    text = starter_text("x", "X")
    for key in SCENARIO.fields:  # optional extras are shown commented out
        assert re.search(rf"^(# )?{key}:", text, re.M), key


@pytest.mark.parametrize("name,ident", [("My first scenario", "my-first-scenario"), ("yalta-1945.yaml", "yalta-1945"),
                                        ("../../etc/passwd", "etc-passwd"), ("1950", "scenario-1950"),
                                        ("Žukov's Plan!", "zukov-s-plan")])
def test_names_become_safe_ids_and_file_names(name, ident):
    assert names_for(name)[0] == ident


def test_a_name_with_nothing_usable_is_a_usage_error():
    with pytest.raises(StarterError) as err:
        names_for("???")
    assert err.value.exit_code == 2


def test_new_writes_a_file_that_plays_and_refuses_to_overwrite(tmp_path):
    out = run_cli_here("new", "Yalta 1945", "--dir", str(tmp_path))
    assert out.returncode == 0, out.stderr
    path = tmp_path / "yalta-1945.yaml"
    assert path.exists() and f"politburo playtest {path}" in out.stdout
    assert run_cli_here("validate", str(path)).returncode == 0
    played = run_cli_here("play", str(path), "--plain", "--choices", "ask_embassy,refuse_partisans",
                          "--runs-dir", str(tmp_path / "runs"))
    assert played.returncode == 0 and "=== Not now ===" in played.stdout
    assert run_cli_here("playtest", str(path), "--exhaustive", "--strict").returncode == 0
    before = path.read_bytes()
    again = run_cli_here("new", "Yalta 1945", "--dir", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr and path.read_bytes() == before
    assert run_cli_here("new", "!!!").returncode == 2


def test_dot_output_renders_with_graphviz_when_installed(tmp_path):
    import shutil
    import subprocess

    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    from game.catalog import bundled_files

    for path in [MINI, *bundled_files()]:
        done = subprocess.run(["dot", "-Tsvg"], input=to_dot(load_scenario(path)), capture_output=True, text=True)
        assert done.returncode == 0 and "<svg" in done.stdout, done.stderr
