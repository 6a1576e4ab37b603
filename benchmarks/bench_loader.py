"""Validation speed as a ratio against PyYAML's bare C-loader compose of the same files.

Goal (issue 2): validating is within 3x of ``yaml.compose(..., Loader=CSafeLoader)``, which
only parses and builds nodes, for the bundled scenarios and for a generated 2,000-scene file.
Run: python benchmarks/bench_loader.py
"""

from __future__ import annotations

import yaml

from _common import best_of, generated_scenario

from game.catalog import bundled_files
from game.scenario import check_bytes

GOAL = 3.0


def measure(name: str, raw: bytes) -> float:
    result = check_bytes(raw, name)
    assert result.ok, [d.render() for d in result.errors][:3]
    text = raw.decode("utf-8")
    bare = best_of(lambda: yaml.compose(text, Loader=yaml.CSafeLoader))
    ours = best_of(lambda: check_bytes(raw, name))
    ratio = ours / bare
    verdict = "ok" if ratio <= GOAL else "over goal"
    print(f"{name:32} {len(raw) / 1024:8.0f} KiB  compose {bare * 1000:8.2f} ms  "
          f"validate {ours * 1000:8.2f} ms  ratio {ratio:5.2f}x  ({verdict}, goal <= {GOAL}x)")
    return ratio


def main() -> None:
    print(f"libyaml: {yaml.__with_libyaml__}")
    ratios = [measure(p.name, p.read_bytes()) for p in bundled_files()]
    ratios.append(measure("generated-2000-scenes.yaml", generated_scenario(2000).encode()))
    print(f"worst ratio: {max(ratios):.2f}x (goal <= {GOAL}x)")


if __name__ == "__main__":
    main()
