"""The glossary (issue 13, shared content): terms players meet, explained, checked at load,
shared between chapters with ``include:``, looked up whatever their capitals."""

from __future__ import annotations

from game.scenario import check_bytes, check_file, load_scenario
from tests.test_broken_corpus import BASE
from tests.test_include import chapter, render, write

SHARED = """sources:
  - id: wc-112133
    kind: primary
    citation: Politburo decision, 24 September 1949
glossary:
  - term: Politburo
    definition: The small group of party leaders who decided Soviet policy.
    source: wc-112133
"""


def with_glossary(entries: str) -> str:
    return BASE.replace("meters:\n", "glossary:\n" + entries + "meters:\n", 1)


def test_a_glossary_is_built_in_file_order_and_looked_up_whatever_the_capitals():
    result = check_bytes(with_glossary(
        "  - term: Politburo\n    definition: The party's leading body.\n    source: wc-112133\n"
        "  - term: 38th parallel\n    definition: The line dividing Korea.\n").encode(), "g.yaml")
    assert result.ok and result.diagnostics == ()
    scenario = result.scenario
    assert [g.term for g in scenario.glossary] == ["Politburo", "38th parallel"]
    assert scenario.glossary[0].source == "wc-112133" and scenario.glossary[1].source == ""
    assert scenario.term("  38TH   Parallel ") is scenario.glossary[1]
    assert scenario.term("Comintern") is None


def test_no_glossary_is_an_empty_one():
    assert check_bytes(BASE.encode(), "g.yaml").scenario.glossary == ()


def test_entries_need_a_term_and_a_definition_in_text():
    result = check_bytes(with_glossary("  - term: Politburo\n  - definition: 12\n    term: [a]\n").encode(), "g.yaml")
    assert sorted((d.path, d.code) for d in result.errors) == [
        ("glossary[0]", "E-MISSING"), ("glossary[1].definition", "E-TYPE"), ("glossary[1].term", "E-TYPE")]


def test_a_control_character_in_a_definition_is_refused():
    result = check_bytes(with_glossary('  - term: Politburo\n    definition: "a\\x1b[2Jb"\n').encode(), "g.yaml")
    assert [d.path for d in result.errors] == ["glossary[0].definition"]


def test_a_shared_glossary_comes_first_and_its_mistakes_are_reported_in_it(tmp_path):
    own = "glossary:\n  - term: Shtykov\n    definition: The Soviet ambassador in Pyongyang.\n"
    write(tmp_path, {"chapter.yaml": chapter(own=own), "shared/bibliography.yaml": SHARED + "advisers: []\n"})
    scenario = load_scenario(tmp_path / "chapter.yaml")
    assert [g.term for g in scenario.glossary] == ["Politburo", "Shtykov"]

    write(tmp_path, {"shared/bibliography.yaml": SHARED.replace("source: wc-112133", "source: wc-99")
                     + "  - term: POLITBURO\n    definition: Twice.\n"})
    shared = str(tmp_path / "shared" / "bibliography.yaml")
    assert render(check_file(tmp_path / "chapter.yaml")) == [
        f"{shared}:8:13: E-REF glossary[0].source: unknown source 'wc-99'",
        f"{shared}:9:11: E-DUP-ID glossary[1].term: duplicate glossary term 'POLITBURO'; it is first explained "
        f"(as 'Politburo') at line 6 of {shared}",
    ]


def test_a_term_explained_in_both_files_names_the_other_file(tmp_path):
    own = "glossary:\n  - term: politburo\n    definition: Again.\n"
    write(tmp_path, {"chapter.yaml": chapter(own=own), "shared/bibliography.yaml": SHARED})
    (error,) = check_file(tmp_path / "chapter.yaml").errors
    assert error.file == str(tmp_path / "chapter.yaml")
    assert error.message.endswith(f"at line 6 of {tmp_path / 'shared' / 'bibliography.yaml'}")


def test_a_glossary_only_shared_file_in_a_cycle_is_refused(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter("[shared/bibliography.yaml, terms.yaml]"),
                     "shared/bibliography.yaml": SHARED.split("glossary:")[0],
                     "terms.yaml": "include: [terms.yaml]\n" + "glossary:" + SHARED.split("glossary:")[1]})
    errors = check_file(tmp_path / "chapter.yaml").errors
    assert [d.message for d in errors] == ["these files include each other in a cycle: terms.yaml → terms.yaml"]
