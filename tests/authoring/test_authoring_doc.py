"""docs/authoring.md stays true: its tutorial is replayed step by step from the page itself
(snippets pasted where the page says, the outputs it shows compared with the real ones), and its
reference names every key of the format, every playtest option and every finding code."""

from __future__ import annotations

import re

from game.scenario.format import SCENARIO
from game.scenario.spec import ListOf, MapOf, Record
from tests.conftest import ROOT, run_cli

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")


def _section(title: str, until: str) -> str:
    return DOC.split(title, 1)[1].split(until, 1)[0]


def _blocks(text: str, lang: str) -> list[str]:
    """The fenced code blocks of ``text`` whose language is ``lang`` ('' for none)."""
    blocks, current, open_lang = [], [], None
    for line in text.splitlines():
        if line.startswith("```"):
            if open_lang is None:
                open_lang, current = line[3:].strip(), []
            else:
                if open_lang == lang:
                    blocks.append("\n".join(current) + "\n")
                open_lang = None
        elif open_lang is not None:
            current.append(line)
    return blocks


def test_the_tutorial_works_as_written(tmp_path):
    def cli(*args):
        return run_cli(*args, cwd=tmp_path, env={"POLITBURO_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)})

    step1 = _section("### 1. Start", "### 2.")
    command = _blocks(step1, "sh")[0].strip()
    assert command == 'politburo new "Ongjin 1949"'
    out = cli("new", "Ongjin 1949")
    assert out.stdout.startswith(_blocks(step1, "")[0].strip().splitlines()[0])
    path = tmp_path / "ongjin-1949.yaml"
    assert cli("play", "ongjin-1949.yaml", "--plain", "--choices", "ask_embassy,refuse_partisans").returncode == 0

    step4 = _section("### 4. Add a decision", "### 5.")
    choice, scene = _blocks(step4, "yaml")
    text = path.read_text()
    text = text.replace("      - id: full_offensive\n", choice + "\n      - id: full_offensive\n", 1)
    path.write_text(text.replace("\nendings:", "\n" + scene + "\nendings:", 1))
    shown = _blocks(step4, "")[0].strip()
    assert cli("validate", "ongjin-1949.yaml").stdout.strip() == shown
    path.write_text(path.read_text().replace("next: mao_answres", "next: mao_answers"))
    assert cli("validate", "ongjin-1949.yaml").returncode == 0
    played = cli("play", "ongjin-1949.yaml", "--plain", "--choices", "ask_embassy,ask_mao,overrule_mao")
    assert "=== A simmering border (counterfactual) ===" in played.stdout

    step5 = _section("### 5. Test it", "### 6.")
    path.write_text(path.read_text() + _blocks(step5, "yaml")[0])
    out = cli("playtest", "ongjin-1949.yaml", "--brief")
    assert out.returncode == 1
    shown = _blocks(step5, "")[0].strip().splitlines()
    real = out.stdout.strip().splitlines()
    assert real[:len(shown) - 3] == shown[:-3]  # up to the problem line, which the page shortens
    assert real[-1] == shown[-1]
    text = path.read_text()
    i = text.rindex("flags: {asked_embassy: true}")  # the new test's last line, as the page says
    path.write_text(text[:i] + "flags: {asked_embassy: false}" + text[i + len("flags: {asked_embassy: true}"):])
    assert "Scenario tests: 6 passed" in cli("playtest", "ongjin-1949.yaml", "--brief").stdout

    assert cli("playtest", "ongjin-1949.yaml", "--exhaustive", "--strict").returncode == 0
    assert cli("graph", "ongjin-1949.yaml", "-o", "ongjin-graph.md").returncode == 0
    assert "```mermaid" in (tmp_path / "ongjin-graph.md").read_text()


def _key_paths(record: Record, prefix: str = "") -> list[str]:
    paths = []
    for name, field in record.fields.items():
        paths.append(prefix + name)
        spec = field.spec
        while isinstance(spec, (ListOf, MapOf)):
            spec = spec.item if isinstance(spec, ListOf) else spec.value
        if isinstance(spec, Record):
            paths += _key_paths(spec, prefix + name + ".")
    return paths


def test_the_reference_names_every_key():
    reference = DOC.split("## Part 2: reference", 1)[1]
    missing = [p for p in _key_paths(SCENARIO) if f"`{p}`" not in reference and f"`{p}:" not in reference]
    assert not missing, missing


def test_the_reference_names_every_playtest_option_and_finding_code():
    import argparse

    from game.commands import playtest

    parser = argparse.ArgumentParser()
    playtest.register(parser.add_subparsers())
    sub = parser._subparsers._group_actions[0].choices["playtest"]  # type: ignore[union-attr]
    options = [o for a in sub._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    assert options and all(o in DOC for o in options), [o for o in options if o not in DOC]
    source = "".join(p.read_text() for p in (ROOT / "game" / "authoring").glob("*.py"))
    codes = set(re.findall(r'"([HTX]-[A-Z-]+)"', source)) | {f"R-{k.upper()}" for k in ("loop", "dead-end", "crash")}
    codes |= set(re.findall(r'code="(R-[A-Z-]+)"', source))
    assert len(codes) >= 15
    assert all(f"`{c}`" in DOC for c in codes), sorted(c for c in codes if f"`{c}`" not in DOC)
