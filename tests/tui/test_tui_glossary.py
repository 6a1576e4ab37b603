"""The glossary in the full-screen game: the dossier (``d``) shows every term from the start,
after what has been met, searchable like the rest, and author text in it is shown literally."""

from __future__ import annotations

import pytest

from game.scenario import load_scenario
from tuihelp import FIXTURES, click_actions, screen_text, wait_for, wait_screen

GLOSSARY = """glossary:
  - term: Politburo
    definition: The small group of party leaders who decided Soviet policy.
    source: wc-112127
  - term: "Shtykov [bold]x[/bold]"
    definition: "The Soviet ambassador in Pyongyang [@click=app.quit]q[/] and a dangling [/"
meters:
"""


@pytest.fixture
def glossary_scenario(tmp_path):
    path = tmp_path / "council-glossary.yaml"
    path.write_text((FIXTURES / "council.yaml").read_text().replace("meters:\n", GLOSSARY, 1), encoding="utf-8")
    return load_scenario(path)


async def test_the_dossier_shows_the_glossary_literally_and_finds_a_term(glossary_scenario, build):
    app = build(glossary_scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("d")
        await wait_screen(pilot, "DossierScreen")
        sections = [e.section for e in app.screen.entries]
        assert sections[-2:] == ["Glossary", "Glossary"] and sections.count("Glossary") == 2
        await pilot.press(*"ambassador")
        await wait_for(pilot, lambda: "1 of 4 entries match 'ambassador'" in screen_text(app), "the search")
        text = screen_text(app)
        assert "── Glossary ──" in text and "Shtykov [bold]x[/bold]" in text
        assert "The Soviet ambassador in Pyongyang [@click=app.quit]q[/] and a dangling [/" in text
        assert "Politburo" not in text.split("── Glossary ──")[1]
        assert not any("quit" in action for action in click_actions(app))
        await pilot.press(*(["backspace"] * len("ambassador")), *"politburo")
        await wait_for(pilot, lambda: "match 'politburo'" in screen_text(app), "the second search")
        text = screen_text(app)
        assert "The small group of party leaders who decided Soviet policy." in text
        assert "Read further:" in text and "Meeting between Stalin and Kim Il Sung" in text
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")


async def test_a_scenario_without_a_glossary_has_no_glossary_section(council, build):
    app = build(council)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("d")
        await wait_screen(pilot, "DossierScreen")
        assert "Glossary" not in {e.section for e in app.screen.entries}
        assert "── Glossary ──" not in screen_text(app)
