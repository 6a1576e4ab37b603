"""The documentation's examples work: the annotated example in docs/scenario-format.md validates
and plays, and every top-level key of the format is documented."""

from __future__ import annotations

import re

from game.engine import Game
from game.engine.history import historical_track
from game.scenario import load_scenario_bytes
from game.scenario.format import SCENARIO
from tests.conftest import ROOT

DOC = ROOT / "docs" / "scenario-format.md"


def _example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete annotated example", 1)[1]
    return re.search(r"```yaml\n(.+?)\n```", section, re.S).group(1) + "\n"


def test_annotated_example_validates_without_warnings():
    from game.scenario import check_bytes

    result = check_bytes(_example().encode(), "example.yaml")
    assert result.ok and not result.warnings, [d.render() for d in result.diagnostics]


def test_annotated_example_plays_history_to_the_historical_ending():
    scenario = load_scenario_bytes(_example().encode())
    track = historical_track(scenario)
    assert track.ending == "not_now"
    game = Game.new(scenario, 1)
    game.choose("full")
    assert game.ending.id == "general_war"


def test_every_top_level_key_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for key in SCENARIO.fields:
        assert f"`{key}`" in text, key


def _section(title: str) -> str:
    return DOC.read_text(encoding="utf-8").split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]


def test_the_chance_example_is_what_the_engine_draws():
    from game.engine import chance

    rows = re.findall(r"^\| (\d+) \| (\d+) \| (\d+) \| (\d): ", _section("#### How chance is drawn"), re.M)
    assert len(rows) == 2
    scenario = load_scenario_bytes(_example().encode())
    weights = [o.weight for o in scenario.scene("request").choice("limited").outcomes]
    assert weights == [2, 1]
    for seed, roll, rest, outcome in rows:
        assert chance.roll(int(seed), 1) == int(roll) and int(roll) % 3 == int(rest)
        game = Game.new(scenario, int(seed))
        drawn = [e for e in game.choose("limited") if type(e).__name__ == "OutcomeDrawn"]
        assert drawn[0].index + 1 == int(outcome)
        forced = Game.new(scenario, int(seed))
        forced.choose("limited", outcome=1)
        assert forced.meters["bloc_rivalry"] == 70  # limited@2 whatever the seed


def test_the_tests_example_passes_on_the_annotated_example():
    from game.authoring.checks import run_test

    block = re.search(r"```yaml\n(tests:\n.+?)\n```", _section("## `tests`: scenario tests"), re.S).group(1)
    text = _example().split("\ntests:", 1)[0] + "\n" + re.sub(r" +#.*", "", block) + "\n"
    scenario = load_scenario_bytes(text.encode())
    assert [t.steps for t in scenario.tests][-1] == ("limited@2", "publicise")
    for test in scenario.tests:
        result = run_test(scenario, test)
        assert result.passed, (test.name, result.problems)


def _yaml_blocks(section: str) -> list[str]:
    return re.findall(r"```yaml\n(.+?)\n```", section, re.S)


def test_the_glossary_example_is_in_the_annotated_example_and_shows_as_documented():
    from game.play.review import glossary, look_up

    (block,) = _yaml_blocks(_section("## `glossary`: terms explained"))
    example = _example()
    assert "\n".join(line.split("#")[0].rstrip() for line in example.splitlines()).count(block) == 1
    scenario = load_scenario_bytes(example.encode())
    assert [t.term for t in glossary(scenario)] == ["38th parallel", "Politburo"]
    assert [t.term for t in look_up(scenario, "politburo")] == ["Politburo"]


def test_the_shared_file_example_includes_and_its_duplicate_message_is_as_documented(tmp_path):
    from game.scenario import check_file, load_scenario

    section = DOC.read_text(encoding="utf-8").split("\n## `include`: shared sources, advisers and glossary\n")[1]
    section = section.split("\n## ", 1)[0]  # to the next section (the shared file's comment starts with '#')
    shared = next(b for b in _yaml_blocks(section) if b.startswith("# shared/bibliography.yaml"))
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "bibliography.yaml").write_text(shared + "\n", encoding="utf-8")
    # the annotated example, its wc-112133 and its glossary now coming from the shared file
    example = _example()
    head, sources = example.split("\nsources:", 1)
    sources, rest = sources.split("\nadvisers:", 1)
    rest = rest.split("\nglossary:", 1)[0] + "\nmeters:" + rest.split("\nmeters:", 1)[1]
    own = "sources:\n  - id: weathersby-1995" + sources.split("  - id: weathersby-1995", 1)[1]
    chapter = tmp_path / "chapter.yaml"
    chapter.write_text(f"{head}\ninclude: [shared/bibliography.yaml]\n{own}\nadvisers:{rest}", encoding="utf-8")
    scenario = load_scenario(chapter)
    assert [g.term for g in scenario.glossary] == ["Politburo"] and scenario.source("wc-112133")

    chapter.write_text(f"{head}\ninclude: [shared/bibliography.yaml]\n{own}\nglossary:\n  - term: politburo\n"
                       f"    definition: Again.\nadvisers:{rest}", encoding="utf-8")
    (error,) = check_file(chapter).errors
    documented = re.search(r"`(duplicate glossary term .+?)`", " ".join(
        _section("## `glossary`: terms explained").split())).group(1)
    assert documented.endswith("at line 12 of shared/bibliography.yaml")
    assert error.message == documented.replace("shared/bibliography.yaml",
                                               str(tmp_path / "shared" / "bibliography.yaml"))
