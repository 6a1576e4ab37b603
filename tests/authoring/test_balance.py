"""Balance: thresholds are found in conditions without evaluating them, and suggestions move
the share of random players on the true side toward the target."""

from __future__ import annotations

from collections import Counter

from game.authoring.balance import balance_points, comparisons_in, share, suggest
from game.authoring.playtest import PlaytestOptions, playtest_scenario
from game.engine.expr import NUMBER

NAMES = {"a": NUMBER, "b": NUMBER, "hawk": "true/false", "turn": NUMBER}


def texts(source):
    return [c.text() for c in comparisons_in(source, NAMES)]


def test_thresholds_are_found_and_normalised():
    assert texts("a >= 60") == ["a >= 60"]
    assert texts("60 < a") == ["a > 60"]
    assert texts("20 <= a < 60") == ["a >= 20", "a < 60"]
    assert texts("hawk or a - b > -5") == ["a - b > -5"]
    assert texts("a == 5 and b != 3 and not hawk") == []
    assert texts("a > b") == []


def test_suggestions_hit_the_target_share():
    comp = comparisons_in("a >= 50", NAMES)[0]
    samples = Counter({v: 1 for v in range(100)})
    assert share(samples, comp) == 0.5
    value, got = suggest(samples, comp, 0.25)
    assert value == 75 and got == 0.25
    assert suggest(Counter(), comp, 0.5) is None
    below = comparisons_in("a < 50", NAMES)[0]
    assert suggest(samples, below, 0.1) == (10, 0.1)


def test_balance_report_for_mini(mini):
    points = balance_points(mini)
    assert [p.site.key for p in points] == ["threshold:bloc_rivalry/1", "ending:war"]
    report = playtest_scenario(mini, PlaytestOptions(runs=1000, seed=2, targets=(0.5,)))
    threshold = report.balance[0]
    assert threshold["evaluated"] == 1000  # once per player: the highest value each run reached
    comp = threshold["comparisons"][0]
    assert comp["comparison"] == "bloc_rivalry >= 95" and 0.4 < comp["true_share"] < 0.6
    assert comp["suggestions"][0]["target"] == 0.5
