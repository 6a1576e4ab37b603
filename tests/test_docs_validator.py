"""docs/scenario-format.md stays true for the validator: every code the loader can emit is in
the table of codes (and nothing else is), every limit in the table is the one the code applies,
and the examples for leans, only_by_next and include work as the page says."""

from __future__ import annotations

import re

from game.scenario import check_bytes, check_file
from tests.conftest import ROOT
from tests.test_broken_corpus import BASE

DOC = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return DOC.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.+?)\n```", text, re.S)


def test_every_code_the_loader_emits_is_documented_and_no_other():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "game" / "scenario").glob("*.py"))
    source += (ROOT / "game" / "commands" / "validate.py").read_text(encoding="utf-8")
    emitted = set(re.findall(r'"([EW]-[A-Z0-9-]+)"', source))
    table = section("Error and warning codes")
    documented = set(re.findall(r"`([EW]-[A-Z0-9-]+)`", table))
    assert len(emitted) >= 50
    assert emitted == documented, (sorted(emitted - documented), sorted(documented - emitted))


def test_the_limits_are_the_ones_applied():
    from game.commands.validate import DEFAULT_MAX_ERRORS
    from game.engine.expr import MAX_LENGTH, MAX_NODES
    from game.scenario.include import MAX_INCLUDE_DEPTH, MAX_INCLUDE_FILES, MAX_INCLUDED_BYTES
    from game.scenario.loader import MAX_SKIPPED_SHOWN
    from game.scenario.semantic import MAX_INT_FLAG
    from game.scenario.yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_EVENTS, MAX_NUMBER_DIGITS

    limits = section("Limits")
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in limits.splitlines() if line.startswith("| ")}
    assert f"2 MiB ({MAX_BYTES:,} bytes)" in rows["file size"]
    assert rows["nesting"].strip() == f"{MAX_DEPTH} levels"
    assert rows["YAML items (events)"].strip() == f"{MAX_EVENTS:,}"
    assert rows["digits in a number"].startswith(f" {MAX_NUMBER_DIGITS} ")
    assert rows["a condition"].startswith(f" {MAX_LENGTH} characters, {MAX_NODES} parts")
    assert rows["an `int` flag's value"].strip() == f"-{MAX_INT_FLAG:,}..{MAX_INT_FLAG:,}"
    assert MAX_INCLUDED_BYTES == MAX_BYTES
    assert rows["includes"].strip() == f"{MAX_INCLUDE_FILES} files, nested {MAX_INCLUDE_DEPTH} deep, 2 MiB in all"
    assert rows["`validate` output"].startswith(f" {DEFAULT_MAX_ERRORS} problems per file")
    assert f"{MAX_SKIPPED_SHOWN} skipped folder entries" in rows["`validate` output"]


ENDINGS = """endings:
  - id: war
    title: War
    kind: counterfactual
    condition: bloc_rivalry >= 60
    text: A war.
  - id: history
    title: Not now
    kind: historical
    text: As it happened.
    sources: [wc-112133]
"""


def test_the_only_by_next_example():
    (example,) = yaml_blocks(section("`endings`"))
    assert ENDINGS in BASE
    text = BASE.replace(ENDINGS, example + "\n").replace("        next: war", "        next: purge")
    result = check_bytes(text.encode(), "example.yaml")
    assert result.ok and result.diagnostics == (), [d.render() for d in result.diagnostics]
    assert result.scenario.ending("purge").only_by_next


def test_the_leans_example():
    (example,) = yaml_blocks(section("`leans`"))
    history = """historiography:
  - id: why
    question: Why?
    readings:
      - {author: A, work: W, reading: R, lean: security}
      - {author: B, work: V, reading: S, lean: domestic}
"""
    text = BASE.replace("scenes:\n", example + "\n" + history + "scenes:\n", 1)
    result = check_bytes(text.encode(), "example.yaml")
    assert result.ok and result.diagnostics == (), [d.render() for d in result.diagnostics]
    assert [lean.meter for lean in result.scenario.leans] == ["national_interest", "bloc_rivalry", ""]
    wrong = check_bytes(text.replace("lean: domestic", "lean: local").encode(), "example.yaml")
    assert [d.message for d in wrong.diagnostics] == ["unknown lean 'local'"]


def test_the_include_example(tmp_path):
    line, shared = yaml_blocks(section("`include`: shared sources, advisers and glossary"))
    assert shared.startswith("# shared/bibliography.yaml\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "bibliography.yaml").write_text(shared, encoding="utf-8")
    own = BASE.split("sources:\n", 1)[1].split("meters:\n", 1)[0]
    (tmp_path / "chapter.yaml").write_text(BASE.replace("sources:\n" + own, line + "\n"), encoding="utf-8")
    result = check_file(tmp_path / "chapter.yaml")
    assert result.ok and result.diagnostics == (), [d.render() for d in result.diagnostics]
    # the page's sample message is what the validator says
    broken = shared.replace("kind: primary", "kind: primery")
    (tmp_path / "shared" / "bibliography.yaml").write_text(broken, encoding="utf-8")
    (d,) = check_file(tmp_path / "chapter.yaml").diagnostics
    sample = re.search(r"`(shared/bibliography\.yaml:\d+:\d+: sources\[0\]\.kind: )\.\.\.`", DOC).group(1)
    assert d.render().split("\n")[0].startswith(str(tmp_path) + "/" + sample)
    # and so is the cycle message
    (tmp_path / "a.yaml").write_text("include: [b.yaml]\n")
    (tmp_path / "b.yaml").write_text("include: [a.yaml]\n")
    (tmp_path / "chapter.yaml").write_text(BASE.replace("sources:\n" + own, "include: [a.yaml]\n"))
    messages = [d.message for d in check_file(tmp_path / "chapter.yaml").errors]
    assert "these files include each other in a cycle: a.yaml → b.yaml → a.yaml" in messages
    assert "`these files include each other in a cycle: a.yaml → b.yaml → a.yaml`" in DOC


def test_the_document_kinds_are_the_ones_accepted():
    """Issue 13 point 8: a diplomatic note, minutes or a cable is a kind of document, as the page says."""
    from game.scenario.format import DOCUMENT_KINDS

    row = next(line for line in section("`scenes`").splitlines() if line.startswith("| `kind` |"))
    listed = tuple(re.findall(r"`([a-z]+)`", row.split("|")[3]))
    assert listed == DOCUMENT_KINDS
    for kind in ("note", "memo", "letter", "minutes", "speech", "cable", "report"):
        text = BASE.replace("    place: Moscow\n", "    place: Moscow\n    documents:\n      - id: d1\n"
                            f"        kind: {kind}\n        title: A {kind}\n        date: \"1949-09-13\"\n"
                            "        summary: What it says.\n        source: wc-112133\n", 1)
        result = check_bytes(text.encode(), "kinds.yaml")
        assert result.ok and result.diagnostics == (), [d.render() for d in result.diagnostics]
