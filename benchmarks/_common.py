"""Shared helpers for the benchmarks: CPU timing, paired ratios, and a generated large scenario."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def ensure_bytecode() -> None:
    """Compile ``game/`` to bytecode, as ``pip install`` does for a user's copy.

    Without it a machine that sets ``PYTHONDONTWRITEBYTECODE`` (this one does) compiles every
    module from source on every start, while the floors' libraries (PyYAML, Textual) were
    compiled when they were installed: start-up ratios then measured the compiler, ~60 ms of
    ``validate``'s 255 ms, not the game (issue 15).  ``py_compile`` writes the files whatever the
    environment says; they sit in ``__pycache__`` folders that git ignores."""
    import compileall

    compileall.compile_dir(ROOT / "game", quiet=1)


def cpu_seconds(fn: Callable[[], object]) -> float:
    """The CPU seconds this process spends in ``fn()``: for single-threaded work, what a quiet
    machine's wall time would be, and not inflated when other processes share the cores."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def paired_ratio(ours: list[float], floor: list[float]) -> float:
    """The median of each round's ``ours / floor``.  The two of a round are timed moments apart,
    so a change in the machine's load falls on both; the ratio of the two columns' medians can
    pair timings from different moments (it moved by 2x between runs of the same code)."""
    return statistics.median(o / f for o, f in zip(ours, floor))


def generated_scenario(scenes: int = 2000) -> str:
    """A valid scenario with ``scenes`` scenes in a chain, three choices each, and documents."""
    out = [
        "format: 1", "id: generated", 'version: "1"', "title: Generated",
        'period: {start: "1949", end: "1950"}', "role: r", "summary: s", "authors: [bench]",
        "licence: CC0", "start: s0",
        "sources:", "  - {id: src, kind: primary, citation: A document}",
        "advisers:", "  - {id: adv, name: An Adviser, title: Minister}",
        "meters:",
        "  - {id: national_interest, label: NI, start: 50, description: d}",
        "  - {id: bloc_rivalry, label: BR, start: 50, description: d}",
        "flags:", "  - {id: hawk, type: bool, default: false}",
        "scenes:",
    ]
    for i in range(scenes):
        nxt = f"s{i + 1}" if i + 1 < scenes else "end"
        out += [
            f"  - id: s{i}", f"    title: Scene {i}", '    date: "1949-09-24"', "    place: Moscow",
            "    text: |", f"      The briefing for scene {i}. It runs to a few sentences of text,",
            "      as a real briefing would, with *Markdown* in it.",
            "    documents:",
            f"      - {{id: d{i}, kind: telegram, title: Telegram {i}, date: \"1949-09-14\", from: A, to: B, "
            "summary: A paraphrase., source: src}",
            "    counsel:", "      - {adviser: adv, text: Wait and see., position: wait}",
            "    choices:",
            f"      - {{id: a, label: Cautious, effects: {{national_interest: 2}}, next: {nxt}, "
            "historical: {date: \"1949\", record: r, sources: [src]}}",
            f"      - {{id: b, label: Bold, effects: {{bloc_rivalry: 2}}, set: {{hawk: true}}, next: {nxt}}}",
            "      - {id: c, label: Middle, condition: not hawk or national_interest > 40, "
            f"effects: {{bloc_rivalry: 1}}, next: {nxt}}}",
        ]
    out += ["endings:", "  - {id: fin, title: Fin, kind: historical, text: t, sources: [src]}"]
    return "\n".join(out) + "\n"
