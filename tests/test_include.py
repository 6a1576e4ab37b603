"""``include:``: sources and advisers shared between scenarios (issue 13 point 5, loader side).

Each shared file is read with the same safe loader, its mistakes are reported in it (file, line,
column and its own path), cycles are refused naming the files, paths stay inside the scenario's
folder, only regular files are read, and the content hash covers what was included."""

from __future__ import annotations

import hashlib
import os

import pytest

from game.scenario import check_bytes, check_file, load_scenario
from tests.conftest import run_cli_here
from tests.test_broken_corpus import BASE

OWN_SOURCES = """sources:
  - id: wc-112133
    kind: primary
    citation: Politburo decision, 24 September 1949
advisers:
  - id: molotov
    name: V. M. Molotov
    title: Politburo member
"""
assert OWN_SOURCES in BASE
SHARED = """# Shared by every chapter.
sources:
  - id: wc-112133
    kind: primary
    citation: Politburo decision, 24 September 1949
    published: "Cold War International History Project Bulletin 5 (1995), p. 8"
advisers:
  - id: molotov
    name: V. M. Molotov
    title: Politburo member
"""


def write(folder, files: dict[str, str]):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def chapter(include: str = "[shared/bibliography.yaml]", own: str = "") -> str:
    return BASE.replace(OWN_SOURCES, f"include: {include}\n{own}")


def render(result) -> list[str]:
    return [f"{d.file}:{d.line}:{d.column}: {d.code} {d.path}: {d.message}" for d in result.diagnostics]


def test_shared_sources_and_advisers_are_merged(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(), "shared/bibliography.yaml": SHARED})
    scenario = load_scenario(tmp_path / "chapter.yaml")
    assert [s.id for s in scenario.sources] == ["wc-112133"]
    assert scenario.source("wc-112133").published.startswith("Cold War International History Project")
    assert [a.id for a in scenario.advisers] == ["molotov"]
    assert scenario.includes == ("shared/bibliography.yaml",)


def test_shared_entries_come_first_then_the_scenario_s_own(tmp_path):
    own = "sources:\n  - id: own-source\n    kind: secondary\n    citation: A book\n"
    write(tmp_path, {"chapter.yaml": chapter(own=own), "shared/bibliography.yaml": SHARED})
    scenario = load_scenario(tmp_path / "chapter.yaml")
    assert [s.id for s in scenario.sources] == ["wc-112133", "own-source"]


def test_a_mistake_in_the_shared_file_is_reported_there(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(),
                     "shared/bibliography.yaml": SHARED.replace("    citation: Politburo", "    citaton: Politburo")})
    result = check_file(tmp_path / "chapter.yaml")
    shared = str(tmp_path / "shared" / "bibliography.yaml")
    assert render(result) == [
        f"{shared}:3:5: E-MISSING sources[0]: source is missing required key 'citation'",
        f"{shared}:5:5: E-UNKNOWN-KEY sources[0].citaton: unknown key 'citaton' in source",
    ]


def test_a_look_alike_in_a_shared_id_is_located_in_the_shared_file(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(), "shared/bibliography.yaml": SHARED.replace("id: molotov", "id: mоlotov")})
    (d,) = check_file(tmp_path / "chapter.yaml").diagnostics
    assert (d.file, d.line, d.column, d.code) == (str(tmp_path / "shared" / "bibliography.yaml"), 8, 10, "E-LOOKALIKE")


def test_a_duplicate_between_files_names_the_other_file(tmp_path):
    own = "sources:\n  - id: wc-112133\n    kind: primary\n    citation: Again\n"
    write(tmp_path, {"chapter.yaml": chapter(own=own), "shared/bibliography.yaml": SHARED})
    (d,) = check_file(tmp_path / "chapter.yaml").diagnostics
    assert d.file == str(tmp_path / "chapter.yaml") and d.path == "sources[1].id"
    assert d.message == (f"duplicate id 'wc-112133'; it is first used at line 3 of "
                         f"{tmp_path / 'shared' / 'bibliography.yaml'}")


def test_a_broken_shared_file_is_one_message(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(), "shared/bibliography.yaml": "sources:\n  - id: [unclosed\n"})
    result = check_file(tmp_path / "chapter.yaml")
    assert [(d.file, d.code) for d in result.diagnostics] == [
        (str(tmp_path / "shared" / "bibliography.yaml"), "E-SYNTAX")]  # and no 'unknown source' in the chapter


@pytest.mark.parametrize("files,message", [
    ({"chapter.yaml": chapter("[a.yaml]"), "a.yaml": "include: [b.yaml]\n", "b.yaml": "include: [a.yaml]\n"},
     "these files include each other in a cycle: a.yaml → b.yaml → a.yaml"),
    ({"chapter.yaml": chapter("[a.yaml]"), "a.yaml": "include: [a.yaml]\n"},
     "these files include each other in a cycle: a.yaml → a.yaml"),
    ({"chapter.yaml": chapter("[a.yaml]"), "a.yaml": "include: [chapter.yaml]\n"},
     "these files include each other in a cycle: chapter.yaml → a.yaml → chapter.yaml"),
])
def test_cycles_are_refused_naming_the_files(tmp_path, files, message):
    write(tmp_path, files)
    errors = check_file(tmp_path / "chapter.yaml").errors
    cycle = [d for d in errors if d.code == "E-INCLUDE-CYCLE"]
    assert [d.message for d in cycle] == [message]
    assert all(d.code == "E-INCLUDE-CYCLE" for d in errors), render(check_file(tmp_path / "chapter.yaml"))


@pytest.mark.parametrize("entry,message", [
    ("/etc/passwd.yaml", "'/etc/passwd.yaml' is an absolute path"),
    ("C:/shared/b.yaml", "'C:/shared/b.yaml' is an absolute path"),
    ("../outside.yaml", "'../outside.yaml' lies outside the scenario's folder"),
    ("shared/../../outside.yaml", "'shared/../../outside.yaml' lies outside the scenario's folder"),
    ("shared\\\\bibliography.yaml", "'shared\\bibliography.yaml' uses '\\'"),
    ("shared/bibliography.txt", "'shared/bibliography.txt' is not a .yaml file"),
    ("shared/missing.yaml", "cannot include 'shared/missing.yaml': no such file"),
])
def test_paths_are_confined(tmp_path, entry, message):
    root = tmp_path / "scenarios"
    write(root, {"chapter.yaml": chapter(f'["{entry}"]'), "shared/bibliography.yaml": SHARED})
    write(tmp_path, {"outside.yaml": SHARED})
    errors = check_file(root / "chapter.yaml").errors
    assert [(d.line, d.code, d.message) for d in errors] == [
        (11, "E-INCLUDE", message) if "no such file" not in message else (11, "E-PATH", message)]


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    root = tmp_path / "scenarios"
    write(root, {"chapter.yaml": chapter("[shared/bibliography.yaml]")})
    write(tmp_path, {"elsewhere/bibliography.yaml": SHARED})
    (root / "shared").symlink_to(tmp_path / "elsewhere")
    (d,) = check_file(root / "chapter.yaml").errors
    assert d.message == "'shared/bibliography.yaml' lies outside the scenario's folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
@pytest.mark.parametrize("make,code,what", [
    (lambda p: os.mkfifo(p), "E-NOT-FILE", "cannot include 'shared.yaml': this is a named pipe (FIFO)"),
    (lambda p: (os.mkfifo(p.parent / "pipe"), p.symlink_to(p.parent / "pipe")), "E-NOT-FILE",
     "cannot include 'shared.yaml': this is a named pipe (FIFO)"),
    (lambda p: p.symlink_to("/dev/zero"), "E-INCLUDE", "'shared.yaml' lies outside the scenario's folder"),
])
def test_only_regular_files_are_included(tmp_path, make, code, what):
    write(tmp_path, {"chapter.yaml": chapter("[shared.yaml]")})
    make(tmp_path / "shared.yaml")
    (d,) = check_file(tmp_path / "chapter.yaml").errors  # returns at once: nothing waits or grows
    assert d.code == code and d.message.startswith(what)


def test_a_shared_file_holds_only_what_can_be_shared(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(), "shared/bibliography.yaml": SHARED + "meters: []\n"})
    (d,) = check_file(tmp_path / "chapter.yaml").errors
    assert (d.file, d.line, d.column, d.code) == (str(tmp_path / "shared" / "bibliography.yaml"), 11, 1, "E-UNKNOWN-KEY")
    assert d.message == "'meters' cannot be shared"


def test_a_file_reached_twice_is_read_once(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter("[a.yaml, b.yaml]"), "a.yaml": "include: [shared/bibliography.yaml]\n",
                     "b.yaml": "include: [shared/bibliography.yaml]\n", "shared/bibliography.yaml": SHARED})
    scenario = load_scenario(tmp_path / "chapter.yaml")
    assert [s.id for s in scenario.sources] == ["wc-112133"]
    assert scenario.includes == ("shared/bibliography.yaml", "a.yaml", "b.yaml")


def test_nesting_is_bounded(tmp_path):
    files = {"chapter.yaml": chapter("[l0.yaml]")}
    for i in range(8):
        files[f"l{i}.yaml"] = f"include: [l{i + 1}.yaml]\n"
    files["l8.yaml"] = SHARED
    write(tmp_path, files)
    errors = check_file(tmp_path / "chapter.yaml").errors
    assert [d.message for d in errors] == ["includes are nested more than 5 levels deep"]


def test_the_content_hash_covers_the_included_files(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(), "shared/bibliography.yaml": SHARED})
    first = load_scenario(tmp_path / "chapter.yaml").content_hash
    write(tmp_path, {"shared/bibliography.yaml": SHARED.replace("p. 8", "p. 9")})
    assert load_scenario(tmp_path / "chapter.yaml").content_hash != first
    # without includes the hash is what it always was: saves and records keep matching
    plain = BASE.encode()
    assert check_bytes(plain, "x.yaml").scenario.content_hash == "sha256:" + hashlib.sha256(plain).hexdigest()


def test_text_alone_cannot_include(tmp_path):
    (d,) = check_bytes(chapter().encode(), "chapter.yaml").errors
    assert (d.code, d.message) == ("E-INCLUDE", "include: needs the scenario to be read from a file")


def test_validate_prints_the_shared_file_s_name(tmp_path):
    write(tmp_path, {"chapter.yaml": chapter(),
                     "shared/bibliography.yaml": SHARED.replace("kind: primary", "kind: primery")})
    out = run_cli_here("validate", str(tmp_path / "chapter.yaml"))
    assert out.returncode == 1
    assert f"{tmp_path / 'shared' / 'bibliography.yaml'}:4:11: sources[0].kind: text ('primery') is not one of: " \
           "primary, secondary" in out.stdout
