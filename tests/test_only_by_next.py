"""Endings reached only by a next that names them (issue 13 point 6): ``only_by_next: true``.

Such an ending needs no condition, 'next: end' never picks it wherever it is listed, it gives no
warning, and the model keeps a condition that is always false, so any engine that applies "the
first ending whose condition holds" skips it even without looking at the mark."""

from __future__ import annotations


from game.engine import Game
from game.scenario import check_bytes, load_scenario_bytes
from tests.test_broken_corpus import BASE

PURGE = """  - id: purge
    title: The purge
    kind: counterfactual
    only_by_next: true
    text: Reached only by the choice that names it.
"""
WITH_PURGE = BASE.replace("endings:\n", "endings:\n" + PURGE, 1).replace(
    "        result: Calm.\n        next: end\n",
    "        result: Calm.\n        next: end\n      - id: purge_them\n        label: Purge the leadership\n"
    "        result: Arrests.\n        next: purge\n", 1)


def test_listed_first_without_condition_and_no_warning():
    result = check_bytes(WITH_PURGE.encode(), "t.yaml")
    assert result.ok and result.diagnostics == ()
    purge = result.scenario.ending("purge")
    assert purge.only_by_next and purge.condition is not None and purge.condition({}) is False
    assert [e.id for e in result.scenario.end_candidates] == ["war", "history"]


def test_next_end_never_picks_it_and_next_reaches_it():
    scenario = load_scenario_bytes(WITH_PURGE.encode())
    game = Game.new(scenario, 1)
    game.choose("refuse")
    game.choose("concur")
    assert game.ending_id == "history"  # not 'purge', although it is listed first with no real condition
    game = Game.new(scenario, 1)
    game.choose("refuse")
    game.choose("purge_them")
    assert game.ending_id == "purge"


def test_with_a_condition_it_is_an_error():
    text = WITH_PURGE.replace("    only_by_next: true\n", "    only_by_next: true\n    condition: bloc_rivalry > 10\n", 1)
    (d,) = check_bytes(text.encode(), "t.yaml").diagnostics
    assert (d.code, d.message) == ("E-ONLY-BY-NEXT", "an ending reached only by next has no condition")


def test_nothing_naming_it_is_a_warning_without_the_end_hint():
    text = WITH_PURGE.replace("        next: purge\n", "        next: end\n", 1)
    (d,) = check_bytes(text.encode(), "t.yaml").diagnostics
    assert (d.code, d.message, d.hint) == ("W-UNREACHABLE", "nothing leads to ending 'purge'",
                                           "point a choice's next at it")


def test_it_does_not_count_as_the_fallback():
    # with only 'purge' unconditional, 'next: end' has no ending it can always pick
    text = WITH_PURGE.replace("  - id: history\n    title: Not now\n    kind: historical\n",
                              "  - id: history\n    title: Not now\n    kind: historical\n    condition: bloc_rivalry < 60\n", 1)
    codes = [d.code for d in check_bytes(text.encode(), "t.yaml").diagnostics]
    assert codes == ["E-NO-FALLBACK"]


def test_the_old_workaround_now_names_the_new_way():
    text = BASE.replace("    condition: bloc_rivalry >= 60", '    condition: "false"', 1)
    (d,) = check_bytes(text.encode(), "t.yaml").diagnostics
    assert d.code == "E-NEVER-TRUE" and "only_by_next: true" in d.hint


def test_strict_playtesting_says_nothing_about_it():
    """The play-testers ask only the endings 'next: end' can pick: no X-NEVER-TRUE for the
    mark's always-false condition, and it is no balance point."""
    from game.authoring.playtest import PlaytestOptions, playtest_scenario
    from game.authoring.sites import condition_sites

    scenario = load_scenario_bytes(WITH_PURGE.encode())
    assert [s.ending for s in condition_sites(scenario) if s.kind == "ending"] == ["war"]
    report = playtest_scenario(scenario, PlaytestOptions(runs=200, exhaustive=True))
    assert not [f for f in report.findings if "purge" in f.message], [f.message for f in report.findings]
    assert report.walk.endings >= {"purge", "history"}
    assert [s.key for s in report.walk.sites if s.kind == "ending"] == ["ending:war"]


def test_the_graph_draws_no_edge_from_end_to_it():
    from game.authoring.graph import build_graph

    _, edges = build_graph(load_scenario_bytes(WITH_PURGE.encode()))
    assert [(e.target, e.label) for e in edges if e.source == "end"] == [
        ("war", "bloc_rivalry >= 60"), ("history", "otherwise")]
    assert [(e.source, e.label) for e in edges if e.target == "purge"] == [("second", "purge_them")]
