"""The corpus of broken scenario files in ``tests/broken/`` and the inputs that are not YAML at all.

Each corpus file is a small valid scenario (``BASE`` below) broken in one or a few specific
ways.  Its leading comment lines declare what the validator must say::

    # Short description of the mistake.
    # expect: 14:9 error unknown meter 'trsut' ;; hint: did you mean 'trust'?
    # expect: 20:5 warning this choice changes nothing
    # only
    # xfail: why the validator reports this file wrongly today (a bug in game/)
    # xfail-crash: why checking this file raises today (a bug in game/)

``LINE:COL`` must match exactly, ``severity`` is ``error`` or ``warning``, the rest is a substring
of the message; an optional ``;; hint: TEXT`` is a substring of the hint.  Every expected
diagnostic must appear, and no *error* may appear that is not expected (warnings may be left
undeclared).  ``# only`` makes the list complete: no other diagnostic at all, warning or error, may
appear, which is how a file shows that its mistake is named once and nothing else is said.  ``# xfail:`` documents a known bug in what is reported: the exact-diagnostics tests
of that file are strict xfails.  ``# xfail-crash:`` documents a known crash: every test of that
file is a strict xfail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.scenario import (
    Diagnostic, ScenarioError, check_bytes, check_file, load_scenario, load_scenario_bytes,
)
from game.scenario.yamlsafe import MAX_BYTES
from tests.conftest import run_cli_here

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).resolve().parent / "broken"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"

#: The valid scenario every corpus file starts from (each file changes a few lines of it).
BASE = """\
format: 1
id: base
version: "1.0"
title: Base scenario
period: {start: "1949-09", end: "1949-10"}
role: A member of the Politburo
summary: Two scenes and two endings.
authors: [Test suite]
licence: CC-BY-4.0
start: first
sources:
  - id: wc-112133
    kind: primary
    citation: Politburo decision, 24 September 1949
advisers:
  - id: molotov
    name: V. M. Molotov
    title: Politburo member
meters:
  - id: national_interest
    label: National interest
    start: 50
    description: Gains and costs.
  - id: bloc_rivalry
    label: Bloc rivalry
    start: 40
    description: The contest.
flags:
  - id: partisans
    type: bool
    default: false
    description: Moscow backs the southern partisans.
scenes:
  - id: first
    title: Kim asks
    date: "1949-09-14"
    place: Moscow
    text: Kim asks to attack.
    choices:
      - id: refuse
        label: Refuse
        effects: {national_interest: 10}
        set: {partisans: true}
        next: second
      - id: attack
        label: Attack
        effects: {bloc_rivalry: 30}
        next: war
  - id: second
    title: October
    date: "1949-10"
    place: Moscow
    text: Clashes.
    choices:
      - id: concur
        label: Concur
        result: Calm.
        next: end
endings:
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

_EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) (.+?)(?: ;; hint: (.+))?$")


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    severity: str
    message: str
    hint: str | None

    def matches(self, d: Diagnostic) -> bool:
        return (d.line == self.line and d.column == self.column and d.severity == self.severity
                and self.message in d.message and (self.hint is None or self.hint in d.hint))

    def __str__(self) -> str:
        hint = f" ;; hint: {self.hint}" if self.hint else ""
        return f"{self.line}:{self.column} {self.severity} {self.message}{hint}"


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    title: str
    expected: tuple[Expected, ...]
    xfail: str | None
    crash: bool = False
    only: bool = False

    @property
    def expects_errors(self) -> bool:
        return any(e.severity == "error" for e in self.expected)


def parse_header(path: Path) -> CorpusFile:
    expected: list[Expected] = []
    xfail = None
    crash = False
    only = False
    title = ""
    for raw in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not raw.startswith("#"):
            break
        if raw.startswith("# expect:"):
            m = _EXPECT.match(raw)
            assert m, f"{path.name}: malformed expect line: {raw!r}"
            expected.append(Expected(int(m[1]), int(m[2]), m[3], m[4], m[5]))
        elif raw.startswith("# xfail:"):
            xfail = raw[len("# xfail:"):].strip()
        elif raw.startswith("# xfail-crash:"):
            xfail, crash = raw[len("# xfail-crash:"):].strip(), True
        elif raw.strip() == "# only":
            only = True
        elif not title:
            title = raw[1:].strip()
    return CorpusFile(path, title, tuple(expected), xfail, crash, only)


CORPUS = [parse_header(p) for p in sorted(BROKEN.glob("*.yaml"))]


def _params(files=CORPUS, *, exact=True):
    """One param per file; known bugs are strict xfails (crashes always, wrong reports when
    the test checks exact diagnostics)."""
    out = []
    for cf in files:
        buggy = cf.crash or (exact and cf.xfail)
        marks = [pytest.mark.xfail(reason=cf.xfail, strict=True)] if buggy else []
        out.append(pytest.param(cf, id=cf.path.stem, marks=marks))
    return out


def _explain(result_diags) -> str:
    return "\n".join(f"  {d.line}:{d.column} {d.severity} [{d.code}] {d.path}: {d.message} (hint: {d.hint})"
                     for d in result_diags)


def assert_diagnostics(cf: CorpusFile, diagnostics) -> None:
    """Every expectation is met by a distinct diagnostic; no undeclared errors (and with
    ``# only``, no undeclared diagnostic of any kind)."""
    remaining = list(diagnostics)
    missing = []
    for exp in cf.expected:
        hit = next((d for d in remaining if exp.matches(d)), None)
        if hit is None:
            missing.append(exp)
        else:
            remaining.remove(hit)
    unexpected = [d for d in remaining if d.severity == "error" or cf.only]
    assert not missing and not unexpected, (
        f"{cf.path.name}\nmissing:\n" + "\n".join(f"  {m}" for m in missing)
        + f"\nunexpected {'diagnostics' if cf.only else 'errors'}:\n" + _explain(unexpected)
        + "\nall diagnostics:\n" + _explain(diagnostics))


# -- the corpus itself ----------------------------------------------------------------------------


def test_corpus_is_large_and_well_formed():
    assert len(CORPUS) >= 30
    seen_numbers = set()
    for cf in CORPUS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.yaml", cf.path.name), cf.path.name
        number = cf.path.name[:2]
        assert number not in seen_numbers, f"two corpus files numbered {number}"
        seen_numbers.add(number)
        assert cf.title, f"{cf.path.name}: first line should describe the mistake"
        assert cf.expected, f"{cf.path.name}: no '# expect:' lines"
    # most files must be invalid; a few document warnings only
    assert sum(cf.expects_errors for cf in CORPUS) >= 30


def test_base_scenario_is_valid():
    result = check_bytes(BASE.encode(), "base.yaml")
    assert result.ok, _explain(result.diagnostics)
    assert result.diagnostics == ()
    assert result.scenario is not None and result.scenario.id == "base"


@pytest.mark.parametrize("cf", _params())
def test_corpus_file(cf: CorpusFile):
    result = check_file(cf.path)
    assert_diagnostics(cf, result.diagnostics)
    assert result.ok == (not cf.expects_errors)
    assert (result.scenario is None) == cf.expects_errors
    for d in result.diagnostics:
        assert d.file == str(cf.path)
        assert 1 <= d.line <= max(1, len(cf.path.read_bytes().split(b"\n")))
        assert d.column >= 1
        assert d.code, f"diagnostic without a code: {d}"
        assert d.message and "Traceback" not in d.message


@pytest.mark.parametrize("cf", _params([cf for cf in CORPUS if cf.expects_errors], exact=False))
def test_corpus_file_raises_scenario_error(cf: CorpusFile):
    with pytest.raises(ScenarioError) as info:
        load_scenario(cf.path)
    err = info.value
    assert err.errors, "ScenarioError carries no errors"
    first = err.errors[0]
    assert str(err).startswith(f"{cf.path}:{first.line}:{first.column}: ")
    assert len(err.errors) == sum(1 for d in check_file(cf.path).diagnostics if d.severity == "error")
    rendered = err.render()
    assert "Traceback" not in rendered


def test_warning_only_files_load():
    warning_only = [cf for cf in CORPUS if not cf.expects_errors and not cf.xfail]
    assert warning_only, "the corpus should have files with warnings only"
    for cf in warning_only:
        scenario = load_scenario(cf.path)
        assert scenario.id == "base"


# -- the command line -----------------------------------------------------------------------------


def run_validate(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "game", "validate", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)


_RENDERED = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?:(?P<path>[^:\s][^:]*): )?(?P<rest>.+)$")
_SUMMARY = re.compile(r"^1 file checked: (\d+) errors?, (\d+) warnings?( in 1 invalid file)?$")


@pytest.mark.parametrize("cf", _params())
def test_cli_validate_corpus_file(cf: CorpusFile):
    """What ``politburo validate FILE`` prints and returns, run in this process; the real
    process is run on the whole corpus at once below, and on single files by the tests after."""
    rel = cf.path.relative_to(ROOT).as_posix()
    proc = run_cli_here("validate", rel)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert proc.returncode == (1 if cf.expects_errors else 0), out
    lines = proc.stdout.splitlines()
    summary = lines[-1]
    m = _SUMMARY.match(summary)
    assert m, f"no summary line: {summary!r}"
    errors, warnings = int(m[1]), int(m[2])
    assert errors >= sum(e.severity == "error" for e in cf.expected)
    assert bool(m[3]) == cf.expects_errors
    # each diagnostic: "file:line:col: path: message", then (when there is one) "    hint: ..."
    located = [(i, _RENDERED.match(line)) for i, line in enumerate(lines) if line.startswith(rel + ":")]
    assert len([1 for _, mm in located if mm]) == errors + warnings
    if cf.only:
        assert errors + warnings == len(cf.expected), proc.stdout
    for exp in cf.expected:
        prefix = f"{rel}:{exp.line}:{exp.column}: "
        hits = [i for i, line in enumerate(lines) if line.startswith(prefix) and exp.message in line]
        assert hits, f"{exp} not printed:\n{proc.stdout}"
        if exp.severity == "warning":
            assert any("warning: " in lines[i] for i in hits)
        if exp.hint:
            assert any(i + 1 < len(lines) and lines[i + 1].startswith("    hint: ")
                       and exp.hint in lines[i + 1] for i in hits), proc.stdout
    if not cf.expects_errors:
        assert f"{rel}: ok, scenario 'base'" in proc.stdout


def test_cli_output_format_in_detail():
    rel = "tests/broken/17-unknown-meter-in-effects.yaml"
    cf = parse_header(ROOT / rel)
    (exp,) = cf.expected
    proc = run_validate(rel)
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == [
        f"{rel}:{exp.line}:{exp.column}: scenes[0].choices[0].effects.national_intrest: "
        "unknown meter 'national_intrest'",
        "    hint: did you mean 'national_interest'?",
        "1 file checked: 1 error, 0 warnings in 1 invalid file",
    ]


def test_cli_every_diagnostic_has_a_hint_line_when_it_has_a_hint():
    rel = "tests/broken/38-many-errors.yaml"
    proc = run_validate(rel)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    result = check_file(ROOT / rel)
    for d in result.diagnostics:
        first = f"{rel}:{d.line}:{d.column}: {d.path}: {'warning: ' if d.severity == 'warning' else ''}{d.message}"
        assert first in lines
        if d.hint:
            assert lines[lines.index(first) + 1] == f"    hint: {d.hint}"
    assert lines[-1] == f"1 file checked: {len(result.errors)} errors, {len(result.warnings)} warnings in 1 invalid file"
    assert len(result.errors) >= 6


def test_cli_valid_files_exit_0():
    proc = run_validate("tests/fixtures/mini.yaml")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines() == ["tests/fixtures/mini.yaml: ok, scenario 'mini'",
                                        "1 file checked: 0 errors, 0 warnings"]


def test_cli_valid_file_with_warnings_exits_0():
    rel = "tests/broken/37-choice-changes-nothing.yaml"
    proc = run_validate(rel)
    assert proc.returncode == 0
    assert "warning: this choice changes nothing" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "1 file checked: 0 errors, 1 warning"


def test_cli_missing_path_exits_2(tmp_path):
    missing = tmp_path / "no-such-scenario.yaml"
    proc = run_validate(str(missing))
    assert proc.returncode == 2
    assert f"{missing}:1:1: no such file or folder" in proc.stdout
    assert "hint: " in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_cli_missing_path_with_valid_file_still_exits_2(tmp_path):
    proc = run_validate("tests/fixtures/mini.yaml", str(tmp_path / "gone.yaml"))
    assert proc.returncode == 2
    assert "ok, scenario 'mini'" in proc.stdout


def test_cli_whole_corpus_in_one_run():
    """Several files at once: every file is reported and the summary adds them up."""
    files = [cf for cf in CORPUS if not cf.crash]
    proc = run_validate(*[cf.path.relative_to(ROOT).as_posix() for cf in files])
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert proc.returncode == 1
    invalid = sum(cf.expects_errors for cf in files)
    summary = proc.stdout.splitlines()[-1]
    assert summary.startswith(f"{len(files)} files checked: ")
    assert summary.endswith(f" in {invalid} invalid files")
    for cf in files:
        assert cf.path.relative_to(ROOT).as_posix() + ":" in proc.stdout


def test_cli_json_format_for_a_broken_file():
    import json

    rel = "tests/broken/38-many-errors.yaml"
    proc = run_validate(rel, "--format", "json")
    assert proc.returncode == 1
    payload = json.loads(proc.stdout)
    (entry,) = payload["files"]
    assert entry["valid"] is False and entry["scenario"] is None
    assert payload["errors"] == sum(d["severity"] == "error" for d in entry["diagnostics"])
    for exp in parse_header(ROOT / rel).expected:
        assert any(d["line"] == exp.line and d["column"] == exp.column and exp.message in d["message"]
                   for d in entry["diagnostics"]), exp


# -- inputs that are not YAML at all --------------------------------------------------------------

NON_YAML_CASES = {
    # name: (bytes, line, column, message substring)
    "binary-nul": (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, 1, 1, "binary file"),
    "png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1, "binary file"),
    "invalid-utf8-latin1": (b"format: 1\nid: caf\xe9\n", 2, 8, "not valid UTF-8 (byte 0xe9)"),
    "invalid-utf8-after-multibyte": ("format: 1\ntitle: Ünïcødé ".encode() + b"\xff rest\n", 2, 16,
                                     "not valid UTF-8 (byte 0xff)"),
    "invalid-utf8-truncated-sequence": (b"format: 1\nrole: \xe2\x82", 2, 7, "not valid UTF-8 (byte 0xe2)"),
    "invalid-utf8-lone-continuation": (b"\x80", 1, 1, "not valid UTF-8 (byte 0x80)"),
    "utf16": ("format: 1\n".encode("utf-16"), 1, 1, "binary file"),
    "empty-bytes": (b"", 1, 1, "the file is empty"),
    "only-whitespace": (b"\n\n   \n", 1, 1, "the file is empty"),
    "single-scalar": (b"hello\n", 1, 1, "this file holds a single value"),
    "crlf-junk": (b"\r\n\r\n  - a\r\nb: 1\r\n", 4, 1, "YAML syntax error"),
}


@pytest.mark.parametrize("name", sorted(NON_YAML_CASES))
def test_non_yaml_bytes(name):
    raw, line, col, message = NON_YAML_CASES[name]
    result = check_bytes(raw, f"{name}.yaml")
    assert not result.ok and result.scenario is None
    assert any(d.line == line and d.column == col and message in d.message for d in result.errors), \
        _explain(result.diagnostics)
    with pytest.raises(ScenarioError):
        load_scenario_bytes(raw, f"{name}.yaml")


def test_directory_path(tmp_path):
    result = check_file(tmp_path)
    assert [(d.line, d.column, d.severity) for d in result.diagnostics] == [(1, 1, "error")]
    assert "folder" in result.diagnostics[0].message
    with pytest.raises(ScenarioError, match="folder"):
        load_scenario(tmp_path)


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.yaml"
    result = check_file(missing)
    assert not result.ok
    assert result.errors[0].message == "no such file"
    assert result.errors[0].file == str(missing)
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(missing)


def test_three_megabyte_file(tmp_path):
    big = tmp_path / "big.yaml"
    padding = ("# " + "x" * 98 + "\n").encode()
    big.write_bytes(BASE.encode() + padding * (3 * 1024 * 1024 // len(padding)))
    assert big.stat().st_size > 3_000_000
    result = check_file(big)
    assert [(d.line, d.column) for d in result.errors] == [(1, 1)]
    assert "too large" in result.errors[0].message
    # the same limit holds for bytes handed over directly
    result = check_bytes(big.read_bytes(), "big.yaml")
    assert [(d.line, d.column, d.code) for d in result.errors] == [(1, 1, "E-SIZE")]


def test_size_limit_boundary():
    padding = b"#" * (MAX_BYTES - len(BASE.encode()) - 1) + b"\n"
    at_limit = BASE.encode() + padding
    assert len(at_limit) == MAX_BYTES
    assert check_bytes(at_limit, "limit.yaml").ok
    assert not check_bytes(at_limit + b"\n", "over.yaml").ok


def test_cli_non_yaml_inputs(tmp_path):
    (tmp_path / "junk.yaml").write_bytes(b"\x00\x01\x02junk")
    (tmp_path / "latin1.yaml").write_bytes(b"title: caf\xe9\n")
    (tmp_path / "big.yaml").write_bytes(b"#" * (3 * 1024 * 1024))
    proc = run_validate(str(tmp_path / "junk.yaml"), str(tmp_path / "latin1.yaml"), str(tmp_path / "big.yaml"))
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert proc.returncode == 1
    assert f"{tmp_path / 'junk.yaml'}:1:1: this is a binary file" in proc.stdout
    assert f"{tmp_path / 'latin1.yaml'}:1:11: the file is not valid UTF-8 (byte 0xe9)" in proc.stdout
    assert f"{tmp_path / 'big.yaml'}:1:1: file is too large" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "3 files checked: 3 errors, 0 warnings in 3 invalid files"


def test_cli_directory_without_scenarios(tmp_path):
    proc = run_validate(str(tmp_path))
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0
    assert "no .yaml scenario files in this folder" in proc.stdout


def test_cli_directory_of_scenarios(tmp_path):
    (tmp_path / "good.yaml").write_text(BASE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.yml").write_text(BASE.replace("next: second", "next: secnd"))
    (tmp_path / "notes.txt").write_text("not a scenario")
    proc = run_validate(str(tmp_path))
    assert proc.returncode == 1
    assert f"{tmp_path / 'good.yaml'}: ok, scenario 'base'" in proc.stdout
    assert "'secnd' is not a scene or an ending" in proc.stdout
    assert "notes.txt" not in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("2 files checked: 1 error, 0 warnings")  # the typo, once


# -- reporting that does not fit one corpus file ------------------------------------------------------

@pytest.mark.parametrize("old,new", [
    # a float for an int flag: 'expected true/false, a whole number or text' and "flag 'clashes' is int"
    pytest.param("        set: {partisans: true}", "        set: {partisans: true, clashes: 1.5}", id="float-for-int-flag"),
    # .nan as a flag default: the same pair of errors
    pytest.param("    default: false\n", "    default: .nan\n", id="nan-flag-default"),
    # an over-long condition: once, not as both 'text longer than 300' and 'condition longer than 300'
    pytest.param("    condition: bloc_rivalry >= 60", "    condition: " + "bloc_rivalry >= 60 and " * 13 + "true",
                 id="overlong-condition"),
])
def test_one_mistake_is_reported_once(old, new):
    text = BASE.replace("    default: false\n", "    default: false\n  - id: clashes\n    type: int\n    default: 0\n")
    assert old in text
    result = check_bytes(text.replace(old, new).encode(), "double.yaml")
    assert len(result.errors) == 1, _explain(result.errors)


def test_long_date_gets_the_date_hint():
    # not 'text longer than 10 characters; shorten it'
    result = check_bytes(BASE.replace('    date: "1949-09-14"', "    date: September 1949").encode(), "d.yaml")
    (err,) = result.errors
    assert (err.line, err.column) == (36, 11)
    assert "YYYY-MM-DD" in err.hint
