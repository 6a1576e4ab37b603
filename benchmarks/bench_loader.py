"""Validation speed and memory, as ratios against PyYAML's C parser on the same files.

Goals (issue 15):

- ``check_bytes`` (safe parse with positions, structure, cross-references, expressions, graph
  checks, the model built) within 4x of the *event stream* alone: ``yaml.parse`` with the C
  parser, iterated and thrown away.  That is the linear floor any YAML reader pays.  Compose
  (PyYAML's node graph) is printed beside it, but it is super-linear in the file's size, so a
  ratio against compose says more about compose than about validating;
- ``validate`` holds at most 10x the file's size in memory, on a generated 10,000-scene file
  (7.5 MiB, the size limits lifted for the measurement): the growth of the process's peak
  resident memory while checking, in a fresh process.

Times are medians of alternating runs (floor, ours, floor, ours...) of the process's CPU time,
so that other processes on a shared machine inflate neither side; the ratio is the median of each
round's ours ÷ floor, a pair timed moments apart.
Run: python benchmarks/bench_loader.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from _common import ROOT, cpu_seconds, generated_scenario, paired_ratio

from game.catalog import bundled_files
from game.scenario import check_bytes
from game.scenario.include import included_files

SPEED_GOAL = 4.0
MEMORY_GOAL = 10.0
ROUNDS = 21


def _events(text: str) -> None:
    for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
        pass


def measure(name: str, raw: bytes, path: Path | None = None) -> float:
    """``path``: the file the bytes came from, which its include: paths are relative to."""
    result = check_bytes(raw, name, path=path)
    assert result.ok, [d.render() for d in result.errors][:3]
    # the floor parses what validate reads: the file and the shared files it includes
    texts = [raw.decode("utf-8")] + ([Path(f).read_text(encoding="utf-8") for f in included_files(path)]
                                     if path is not None else [])
    floor, compose, ours = [], [], []
    for _ in range(ROUNDS):  # alternating, so load on the machine falls on all three alike
        floor.append(cpu_seconds(lambda: [_events(t) for t in texts]))
        compose.append(cpu_seconds(lambda: [yaml.compose(t, Loader=yaml.CSafeLoader) for t in texts]))
        ours.append(cpu_seconds(lambda: check_bytes(raw, name, path=path)))
    f, c, o = (statistics.median(x) for x in (floor, compose, ours))
    # each round's pair, a few milliseconds apart (a ratio of the two columns' medians moved by
    # ±15% between runs under load 2-4)
    ratio = paired_ratio(ours, floor)
    print(f"{name:28} {len(raw) / 1024:7.0f} KiB  events {f * 1000:8.2f} ms  compose {c * 1000:8.2f} ms  "
          f"validate {o * 1000:8.2f} ms  ÷ events {ratio:5.2f}x ({'ok' if ratio <= SPEED_GOAL else 'over'}, "
          f"goal <= {SPEED_GOAL:g}x)  ÷ compose {o / c:4.2f}x")
    return ratio


_MEMORY = """
import gc, resource, sys
sys.path.insert(0, {bench!r})
import _common  # the project on sys.path
import game.scenario.yamlsafe as yamlsafe
yamlsafe.MAX_BYTES = 1 << 30
yamlsafe.MAX_EVENTS = 10 ** 9
from game.scenario import check_bytes
with open({file!r}, "rb") as f:
    raw = f.read()
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert check_bytes(raw, "generated.yaml").ok
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(raw), (peak - before) * 1024)
"""


def memory(scenes: int = 10_000) -> float:
    """Peak memory growth while checking a generated file, ÷ the file's size: a fresh process
    that reads the file from disk, so neither generating it nor anything earlier in this process
    hides in the peak measured before the check."""
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "generated.yaml"
        file.write_text(generated_scenario(scenes), encoding="utf-8")
        code = _MEMORY.format(bench=str(ROOT / "benchmarks"), file=str(file))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=ROOT).stdout.split()
    size, grown = int(out[0]), int(out[1])
    ratio = grown / size
    print(f"memory, generated {scenes:,} scenes: file {size / 2**20:.1f} MiB, peak +{grown / 2**20:.0f} MiB "
          f"while checking = {ratio:.1f}x the file ({'ok' if ratio <= MEMORY_GOAL else 'over'}, "
          f"goal <= {MEMORY_GOAL:g}x)")
    return ratio


def main() -> None:
    print(f"libyaml: {yaml.__with_libyaml__}")
    ratios = [measure(p.name, p.read_bytes(), p) for p in bundled_files()]
    ratios.append(measure("generated-2000-scenes.yaml", generated_scenario(2000).encode()))
    print(f"worst validate ÷ event stream: {max(ratios):.2f}x (goal <= {SPEED_GOAL:g}x)")
    memory()


if __name__ == "__main__":
    main()
