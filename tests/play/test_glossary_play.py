"""The glossary reaches players through the play layer: the session lists and looks up terms,
the dossier carries them, and plain mode's ``g`` command shows them (a transcript)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play import review
from game.scenario import load_scenario
from tests.conftest import run_cli_here

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GLOSSARY = """glossary:
  - term: Politburo
    definition: >-
      The small group of party leaders who
      decided Soviet policy.
    source: wc-112133
  - term: Kim Il Sung
    definition: The leader of North Korea.
  - term: "[bold]Shtykov[/bold]"
    definition: "The Soviet ambassador in Pyongyang. [red]not markup[/red]"
meters:
"""


@pytest.fixture
def scenario_file(tmp_path) -> Path:
    path = tmp_path / "mini-glossary.yaml"
    path.write_text((FIXTURES / "mini.yaml").read_text().replace("meters:\n", GLOSSARY, 1), encoding="utf-8")
    return path


def test_the_play_layer_lists_terms_alphabetically_and_looks_them_up(scenario_file):
    scenario = load_scenario(scenario_file)
    terms = review.glossary(scenario)
    assert [t.term for t in terms] == ["[bold]Shtykov[/bold]", "Kim Il Sung", "Politburo"]
    politburo = terms[2]
    assert politburo.definition == "The small group of party leaders who decided Soviet policy."
    assert politburo.source is not None and politburo.source.id == "wc-112133"
    assert terms[1].source is None
    assert review.look_up(scenario, "POLITBURO") == (politburo,)
    assert [t.term for t in review.look_up(scenario, "kim")] == ["Kim Il Sung"]
    assert [t.term for t in review.look_up(scenario, "il  sung kim")] == ["Kim Il Sung"]
    assert [t.term for t in review.look_up(scenario, "pyongyang")] == ["[bold]Shtykov[/bold]"]  # its definition
    assert [t.term for t in review.look_up(scenario, "politburo")] == ["Politburo"]  # the term, not definitions
    assert review.look_up(scenario, "Comintern") == () and review.look_up(scenario, "  ") == ()


def test_the_dossier_holds_the_whole_glossary_from_the_start(scenario_file):
    from game.engine import Game

    scenario = load_scenario(scenario_file)
    dossier = review.dossier(scenario, Game.new(scenario, 1).state, reveal_each=False)
    assert dossier.sources == () and dossier.historiography == ()  # nothing met or revealed yet
    assert dossier.glossary == review.glossary(scenario)


def test_plain_mode_g_lists_and_explains_terms(scenario_file, tmp_path):
    out = run_cli_here("play", str(scenario_file), "--plain", "--seed", "1", "--runs-dir", str(tmp_path / "runs"),
                       stdin="?\ng\ng politburo\ng Kim\ng Comintern\nq\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "g the glossary's terms; g Politburo explains one" in " ".join(text.split())
    assert ("Glossary (3 terms): type g and a term to read it, e.g. g [bold]Shtykov[/bold].\n"
            "  [bold]Shtykov[/bold]; Kim Il Sung; Politburo\n") in text
    assert ("\nPolitburo: The small group of party leaders who decided Soviet policy.\n"
            "  Read further: ") in text
    assert "\nKim Il Sung: The leader of North Korea.\n" in text
    assert "The glossary has no term 'Comintern'; type g to list its terms." in text
    assert "Game saved after 0 decision(s)." in text


def test_plain_mode_without_a_glossary_says_so(tmp_path):
    out = run_cli_here("play", str(FIXTURES / "mini.yaml"), "--plain", "--seed", "1", "--runs-dir",
                       str(tmp_path / "runs"), stdin="g\ng Politburo\nq\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("This scenario has no glossary.") == 2


def test_the_bundled_glossary_is_shared_by_every_chapter_and_gives_nothing_away():
    from game.catalog import bundled_files

    chapters = [load_scenario(p) for p in bundled_files()]
    assert len(chapters) == 4
    terms = [tuple(t.term for t in review.glossary(c)) for c in chapters]
    assert len(set(terms)) == 1 and 8 <= len(terms[0]) <= 12
    for chapter in chapters:
        assert ".shared/glossary.yaml" in chapter.includes
        shtykov = review.look_up(chapter, "shtykov")[0]
        assert shtykov.source is not None and chapter.source(shtykov.source.id).note  # the note exists...
        assert all(t.source is None or t.source.note == "" for t in review.glossary(chapter))  # ...and stays out
