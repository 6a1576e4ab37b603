"""Issue 12 F15: validate's output is bounded whatever the file holds, and --strict fails on
warnings.  Plus include: entries chosen by a stranger never make the loader raise, hang or read
outside the scenario's folder."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from game.scenario import check_file
from tests.hostile.test_hostile_files import validate
from tests.test_broken_corpus import BASE


def _many_errors(tmp_path, n: int):
    items = "".join(f"  - {{id: Bad{i}, kind: nope, citation: x}}\n" for i in range(n))
    path = tmp_path / "many.yaml"
    path.write_text(BASE.replace("sources:\n", "sources:\n" + items, 1), encoding="utf-8")
    return path


def test_at_most_fifty_problems_per_file_then_a_count(tmp_path):
    path = _many_errors(tmp_path, 3000)  # 6,000 errors
    lines = validate(str(path)).stdout.decode().splitlines()
    located = [line for line in lines if line.startswith(f"{path}:") and not line.startswith(f"{path}: ")]
    assert len(located) == 50
    assert f"{path}: and 5,950 more problems (shown: the first 50; see --max-errors)" in lines
    assert lines[-1] == "1 file checked: 6,000 errors, 0 warnings in 1 invalid file"
    assert len(lines) < 120


def test_max_errors_is_configurable_and_applies_to_json(tmp_path):
    path = _many_errors(tmp_path, 10)
    lines = validate(str(path), "--max-errors", "3").stdout.decode().splitlines()
    assert f"{path}: and 17 more problems (shown: the first 3; see --max-errors)" in lines
    payload = json.loads(validate(str(path), "--format", "json", "--max-errors", "5").stdout)
    (entry,) = payload["files"]
    assert len(entry["diagnostics"]) == 5 and entry["more"] == 15 and payload["errors"] == 20
    bad = validate(str(path), "--max-errors", "0")
    assert bad.returncode == 2 and b"must be 1 or more" in bad.stderr


def test_strict_fails_on_warnings_only(tmp_path):
    path = tmp_path / "warn.yaml"
    path.write_text(BASE.replace("        result: Calm.\n", "", 1), encoding="utf-8")  # a choice that changes nothing
    assert validate(str(path)).returncode == 0
    strict = validate(str(path), "--strict")
    assert strict.returncode == 1
    lines = strict.stdout.decode().splitlines()
    assert f"{path}: fails --strict with 1 warning" in lines
    assert lines[-1] == "1 file checked: 0 errors, 1 warning in 1 invalid file (--strict: warnings fail)"
    assert json.loads(validate(str(path), "--strict", "--format", "json").stdout)["files"][0]["valid"] is False


OWN = BASE.split("sources:\n", 1)[1].split("meters:\n", 1)[0]
entries = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["/dev/zero", "/dev/zero.yaml", "../x.yaml", "../../etc/passwd", "a.yaml", "./a.yaml",
                     "sub/../a.yaml", "sub/../../a.yaml", "chapter.yaml", "\x00.yaml", "a.yaml\n", "~/.yaml",
                     "C:\\\\x.yaml", "//server/share.yaml", "a" * 300 + ".yaml", ".yaml", "sub/"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entries, min_size=1, max_size=4))
def test_any_include_list_gives_diagnostics_never_an_exception(tmp_path, paths):
    folder = tmp_path / "scenarios"
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    (folder / "a.yaml").write_text("sources: []\n", encoding="utf-8")
    (tmp_path / "x.yaml").write_text("sources: [{id: outside, kind: primary, citation: Outside}]\n")
    listed = "[" + ", ".join(json.dumps(p) for p in paths) + "]"
    (folder / "chapter.yaml").write_text(BASE.replace("sources:\n" + OWN, f"include: {listed}\n" + "sources:\n" + OWN),
                                         encoding="utf-8")
    result = check_file(folder / "chapter.yaml")
    assert all(d.line >= 1 and d.code for d in result.diagnostics)
    if result.scenario is not None:
        assert "outside" not in [s.id for s in result.scenario.sources]
        assert all(not p.startswith("..") and not p.startswith("/") for p in result.scenario.includes)
