"""The campaign's words are made once, in the play layer, for both renderers (issue 10 point 3):
meters by their labels, carried flags by the chapter's own first clause, and only the flags an
earlier chapter changed."""

from __future__ import annotations

from game.play.campaign_words import _first_clause, flag_words
from game.scenario import load_scenario
from tests.conftest import ROOT


def test_a_flag_is_said_in_the_first_clause_of_its_description_and_never_by_its_id():
    war = load_scenario(ROOT / "scenarios" / "war-1950.yaml")
    carried = [f for f in war.flags if f.carried]
    assert carried, "war-1950 inherits flags from the chapters before it"
    for flag in carried:
        for value in (True, False):
            words = flag_words(war, flag.id, value)
            assert flag.id not in words and "bridge_" not in words and "chapter opens" not in words, words
            assert words.startswith("Yes — " if value else "No — ")
            assert not words.endswith("."), words
            if not value:  # "No — X, as in history" would contradict itself
                assert not words.endswith(", as in history"), words


def test_first_clause_stops_at_a_colon_or_a_sentence_end():
    assert _first_clause("Korea unified (counterfactual): the chapter opens on 'x'. Passed on.") == \
        "Korea unified (counterfactual)"
    assert _first_clause("The treaty was signed. False when not.") == "The treaty was signed"
    assert _first_clause("") == ""


def test_plain_campaign_shows_the_carry_card_and_a_full_summary(tmp_path):
    from tests.conftest import run_cli_here

    out = run_cli_here("campaign", "--plain", "--seed", "5", "--player", "Ana", "--runs-dir", str(tmp_path / "runs"),
                       stdin="1\n" * 200)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Where the campaign begins" in text
    for chapter in (1, 2, 3):
        assert f"What carries over from chapter {chapter}" in text
    assert "National interest" in text and "national_interest" not in text
    assert "=== Campaign complete:" in text
    for label in ("Ending:", "Decisions matching the Politburo's:", "Divergence from history:", "Carried in:"):
        assert label in text
