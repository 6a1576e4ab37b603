"""Text that follows the story (issue 13): ``${name}`` and ``${if}…${else}…${end}`` in scene
text, counsel, results and endings, compiled once at load with every mistake at its line and
column, and filled in by the play layer's views, so no renderer ever sees a ``${``."""

from __future__ import annotations

import re

import pytest
import yaml

from game.engine import Game
from game.engine.expr import BOOL, NUMBER, TEXT
from game.engine.template import MAX_DEPTH, MAX_PARTS, TemplateError, compile_template
from game.play import review, views
from game.scenario import check_bytes, load_scenario_bytes
from tests.conftest import ROOT
from tests.test_broken_corpus import BASE

NAMES = {"national_interest": NUMBER, "partisans": BOOL, "stance": TEXT, "turn": NUMBER}
ENV = {"national_interest": 55, "partisans": True, "stance": "hawk", "turn": 2}


def render(text: str, **env) -> str:
    return compile_template(text, NAMES).render({**ENV, **env})


def fails(text: str) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        compile_template(text, NAMES)
    return info.value


# -- the engine's template language ---------------------------------------------------------------

def test_values_and_passages():
    assert render("Standing ${national_interest}, ${100 - national_interest} to go; ${stance}.") == \
        "Standing 55, 45 to go; hawk."
    text = "${if partisans}yes${elif national_interest > 50}mid${else}no${end}"
    assert [render(text), render(text, partisans=False), render(text, partisans=False, national_interest=9)] == \
        ["yes", "mid", "no"]
    assert render("a${if partisans}b${if turn > 1}c${end}d${end}e") == "abcde"
    assert render("a${if partisans}b${if turn > 1}c${end}d${end}e", partisans=False) == "ae"


def test_a_block_tag_alone_on_its_line_takes_the_line():
    text = "First.\n\n${if partisans}\nThe partisans rise.\n${else}\nQuiet.\n${end}\n\nLast."
    assert render(text) == "First.\n\nThe partisans rise.\n\nLast."
    assert render(text, partisans=False) == "First.\n\nQuiet.\n\nLast."
    assert render("  ${if partisans}\n  - a list item\n  ${end}\n", partisans=False) == ""
    assert render("inline ${if partisans}tag${end} stays") == "inline tag stays"


def test_dollars():
    assert render("$150 million, $${literal}, $ alone") == "$150 million, ${literal}, $ alone"


@pytest.mark.parametrize(("text", "at", "message"), [
    ("${nationl_interest}", "nationl", "unknown name 'nationl_interest'"),
    ("a ${national_interest b", "${", "'${' is not closed with '}'"),
    ("${if partisans}\nx", "${if", "'${if partisans}' is never closed"),
    ("x ${end}", "${end", "'${end}' belongs to no ${if ...}"),
    ("x ${else}", "${else", "'${else}' belongs to no ${if ...}"),
    ("${if partisans}a${else}b${else}c${end}", "${else}c", "'${else}' comes after this passage's ${else}"),
    ("${if partisans}a${else}b${elif partisans}c${end}", "${elif", "'${elif}' comes after this passage's ${else}"),
    ("${if partisans}a${else when}b${end}", "when", "'${else}' takes nothing after 'else'"),
    ("${}", "${}", "'${}' names nothing"),
    ("${partisans}", "partisans", "'partisans' is true or false, which a text does not show as a value"),
    ("${if national_interest}x${end}", "national", "a condition must be true or false, but this is a number"),
    ("${if}x${end}", "${if}", "'${if}' needs a condition"),
    ("${if national_interest = 5}x${end}", "=", "'=' assigns a value; conditions compare"),
])
def test_mistakes_name_their_place(text, at, message):
    error = fails(text)
    assert error.message == message and error.index == text.index(at), (error.index, error.message)
    assert error.hint


def test_bounds():
    assert "more than" in fails("${turn}" * (MAX_PARTS + 1)).message
    deep = "${if partisans}" * (MAX_DEPTH + 1) + "${end}" * (MAX_DEPTH + 1)
    assert f"nested more than {MAX_DEPTH} deep" in fails(deep).message


def test_the_names_a_text_reads():
    assert compile_template("${if partisans}${stance}${end}", NAMES).names == {"partisans", "stance"}


# -- the loader -----------------------------------------------------------------------------------

def with_text(text: str, where: str = "    text: Clashes.\n") -> str:
    assert where in BASE
    return BASE.replace(where, where.split(":")[0] + ": " + text + "\n", 1)


def test_the_loader_compiles_texts_that_follow_the_story():
    result = check_bytes(with_text("Standing ${national_interest}.").encode(), "t.yaml")
    assert result.ok and result.diagnostics == ()
    scenario = result.scenario
    assert scenario.scene("second").text == "Standing ${national_interest}."  # the text as written
    assert scenario.fill("Standing ${national_interest}.", {"national_interest": 7}) == "Standing 7."
    assert scenario.fill("no parts", {}) == "no parts"


@pytest.mark.parametrize(("text", "column", "message"), [
    ("Standing ${nationl_interest}.", 22, "unknown name 'nationl_interest'"),
    ("Standing ${if partisans} now.", 20, "'${if partisans}' is never closed"),
    ('"Standing ${national_interest."', 21, "'${' is not closed with '}'"),
])
def test_a_mistake_is_reported_at_its_line_and_column(text, column, message):
    source = with_text(text)
    (d,) = check_bytes(source.encode(), "t.yaml").diagnostics
    line = source.splitlines().index("    text: " + text) + 1
    assert (d.line, d.column, d.code, d.message) == (line, column, "E-TEMPLATE", message)
    assert d.path == "scenes[1].text"


def test_a_mistake_in_a_block_text_is_on_its_own_line():
    source = with_text("|\n      First line.\n      ${if partisans}\n      Second ${stanse}.\n      ${end}")
    (d,) = check_bytes(source.encode(), "t.yaml").diagnostics
    assert d.message == "unknown name 'stanse'" and d.code == "E-TEMPLATE"
    assert (d.line, d.column) == (source.splitlines().index("      Second ${stanse}.") + 1, 16)


def test_results_counsel_and_endings_follow_the_story_and_other_texts_warn():
    source = with_text("Calm at ${national_interest}.", "        result: Calm.\n")
    assert check_bytes(source.encode(), "t.yaml").diagnostics == ()
    source = with_text("As it happened${if partisans}, partisans and all${end}.", "    text: As it happened.\n")
    assert check_bytes(source.encode(), "t.yaml").diagnostics == ()
    source = with_text("Concur at ${national_interest}", "        label: Concur\n")
    (d,) = check_bytes(source.encode(), "t.yaml").diagnostics
    assert (d.code, d.severity) == ("W-TEMPLATE", "warning")
    assert d.message.startswith("this text is shown as written")
    assert check_bytes(with_text("Concur, $${literally}", "        label: Concur\n").encode(), "t.yaml").diagnostics == ()


def test_a_flag_a_text_shows_is_read():
    undescribed = BASE.replace("    description: Moscow backs the southern partisans.\n", "")
    assert [d.code for d in check_bytes(undescribed.encode(), "t.yaml").diagnostics] == ["W-UNUSED-FLAG"]
    shown = undescribed.replace("    text: Clashes.\n", "    text: Clashes${if partisans}, and partisans${end}.\n")
    assert check_bytes(shown.encode(), "t.yaml").diagnostics == ()


# -- the views: what renderers get ---------------------------------------------------------------

def annotated_example() -> str:
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    section = text.split("## A complete annotated example", 1)[1]
    return re.search(r"```yaml\n(.+?)\n```", section, re.S).group(1) + "\n"


def page_example():
    """The annotated example with the page's October scene put in."""
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    section = text.split("\n## Text that follows the story\n", 1)[1].split("\n## ", 1)[0]
    (october,) = yaml.safe_load(re.search(r"```yaml\n(.+?)\n```", section, re.S).group(1))
    data = yaml.safe_load(annotated_example())
    scene = next(s for s in data["scenes"] if s["id"] == "october")
    scene["text"] = october["text"]
    scene["choices"][0]["result"] = october["choices"][0]["result"]
    return load_scenario_bytes(yaml.safe_dump(data, sort_keys=False).encode())


def test_the_page_example_reads_as_the_page_says():
    scenario = page_example()
    game = Game.new(scenario, 0)
    game.choose("refuse")
    text = views.scene_view(scenario, game.state, False).text
    assert "Moscow's standing abroad: 60 of 100." in text
    assert "Shtykov reports" in text and "wait for word" not in text and "${" not in text
    assert "\n\nShtykov reports that the partisans in the South are rising, as the September directive asked.\n" \
        in text
    before = game.state
    events = tuple(game.choose("restrain"))
    consequence = views.consequence(scenario, before, game.state, events)
    assert consequence.results == ("Moscow tells Pyongyang to hold back; its standing is now 65.",)
    game = Game.new(scenario, 0)
    game.choose("limited", outcome=0)
    text = views.scene_view(scenario, game.state, False).text
    assert "standing abroad: 45 of 100." in text and "wait for word" in text and "Shtykov" not in text
    before = game.state
    events = tuple(game.choose("restrain"))
    consequence = views.consequence(scenario, before, game.state, events)
    assert consequence.results == ("Moscow tells Pyongyang to hold back; its standing is now 50.",)


def test_counsel_and_the_ending_are_filled_in_for_the_renderers():
    source = BASE.replace("    text: Kim asks to attack.\n", "    text: Kim asks to attack.\n    counsel:\n"
                          "      - adviser: molotov\n        text: We stand at ${national_interest}.\n", 1)
    source = source.replace("    text: As it happened.\n",
                            "    text: As it happened, at ${national_interest}${if partisans}, partisans and all${end}.\n")
    scenario = load_scenario_bytes(source.encode())
    game = Game.new(scenario, 0)
    assert views.scene_view(scenario, game.state, False).counsel[0].text == "We stand at 50."
    game.choose("refuse")
    game.choose("concur")
    debrief = review.debrief(scenario, game.state, True)
    assert debrief.ending_text == "As it happened, at 60, partisans and all."
