"""Playtest reports as text (for people) and as JSON (for CI and editors).

The text report reads top to bottom in the order an author fixes things: the verdict of each
check, then the numbers behind it, then every problem as ``file:line`` with a replay command.
"""

from __future__ import annotations

from typing import Any

from game.authoring.divergence import spread
from game.authoring.playtest import PlaytestReport, path_text


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:5.1f}%" if total else "    -"


def _ranges(ranges: dict[str, list[int]] | None, possible: dict[str, list[int]] | None) -> str:
    if not ranges and not possible:
        return ""
    parts = []
    for meter in (ranges or possible or {}):
        text = f"{meter} {ranges[meter][0]}..{ranges[meter][1]}" if ranges else meter
        if possible and meter in possible:
            text += f" (possible {possible[meter][0]}..{possible[meter][1]})"
        parts.append(text)
    return "; ".join(parts)


def render_text(report: PlaytestReport, strict: bool = False) -> str:
    s = report.scenario
    out = [f"== {s.id}: {s.title} ({s.path})"]
    h = report.history
    if not h.checked:
        out.append("History: not checked (no choice is marked historical)")
    elif h.ok:
        n = len(h.choices)
        out.append(f"History: ok, {n} decision{'s' * (n != 1)} to the historical ending '{h.ending}'")
    else:
        out.append(f"History: FAILED: {h.problem or f'the path ends in {h.ending!r}, not a historical ending'}")
    out += _tests(report)
    out += _random(report)
    out += _walk(report)
    out += _balance(report)
    problems = [f for f in report.findings if f.severity != "info" or f.tool != "history"]
    if problems:
        out.append("Problems:")
        out += ["  " + f.render(s.path).replace("\n", "\n  ") for f in problems]
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = sum(f.severity == "warning" for f in report.findings)
    verdict = "FAILED" if report.failed(strict) else "ok"
    out.append(f"Result: {verdict} ({errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)})")
    return "\n".join(out) + "\n"


def _tests(report: PlaytestReport) -> list[str]:
    if not report.tests:
        return ["Scenario tests: none (add a tests: section; see docs/authoring.md)"]
    passed = sum(t.passed for t in report.tests)
    failed = len(report.tests) - passed
    out = [f"Scenario tests: {passed} passed" + (f", {failed} FAILED" if failed else "")]
    for t in report.tests:
        where = f"  (line {t.line})" if t.line and not t.passed else ""
        out.append(f"  {'ok  ' if t.passed else 'FAIL'}  {t.name}{where}")
        if not t.passed:
            out += [f"        {p}" for p in t.problems]
            out.append(f"        replay: {t.replay}")
    return out


def _random(report: PlaytestReport) -> list[str]:
    r = report.random
    if r is None:
        return ["Random play: not run (--random 0)"]
    lengths = sorted(r.lengths.elements())
    mean = sum(lengths) / len(lengths) if lengths else 0
    failed = sum(r.failure_counts.values())
    opened = sum(r.openings.values())
    begun = f"; {opened:,} of them begun on the campaign openings" if opened else ""
    out = [f"Random play: {r.runs:,} runs (seed {r.seed}{begun}), {mean:.1f} decisions on average "
           f"({lengths[0] if lengths else 0}-{lengths[-1] if lengths else 0}); "
           + (f"{failed:,} FAILED" if failed else "none failed")]
    figures = spread(r.divergence)
    if figures is not None:
        out.append(f"  Divergence (0 = history, 100 = the farthest any run can get): "
                   f"{figures['min']:g}..{figures['max']:g}, median {figures['median']:g}")
    out.append("  Endings:")
    for ending in report.scenario.endings:
        n = r.endings[ending.id]
        out.append(f"    {ending.id:28} {_pct(n, r.runs)} {n:>8,}  {ending.kind}")
    walked = report.walk if report.walk is not None and report.walk.complete else None
    possible = walked.meter_ranges if walked is not None else {}
    possible_counts = walked.counter_ranges if walked is not None else {}
    counters = " and counters" if any(f.is_counter for f in report.scenario.flags) else ""
    out.append(f"  Scenes (visits; meters{counters} on arrival), then each choice (times taken, share of visits):")
    for scene in report.scenario.scenes:
        visits = r.scenes[scene.id]
        ranges = _ranges(r.meter_ranges.get(scene.id), possible.get(scene.id))
        if counters:
            ranges = "; ".join(x for x in (ranges, _ranges(r.counter_ranges.get(scene.id),
                                                          possible_counts.get(scene.id))) if x)
        out.append(f"    {scene.id:28} {visits:>8,}  {ranges}")
        for choice in scene.choices:
            n = r.choices[(scene.id, choice.id)]
            line = f"      {choice.id:26} {n:>8,} {_pct(n, visits)}"
            if choice.next is None and n:
                draws = [r.outcomes[(scene.id, choice.id, i)] for i in range(len(choice.outcomes))]
                line += "   outcomes: " + ", ".join(f"{i + 1}: {d:,}" for i, d in enumerate(draws))
            out.append(line)
    return out


def _walk(report: PlaytestReport) -> list[str]:
    w = report.walk
    if w is None:
        return []
    state = "complete" if w.complete else f"STOPPED at the bound of {w.max_states:,} states"
    out = [f"Exhaustive walk: {w.states:,} distinct states, {w.edges:,} decisions tried, {state}"]
    if w.complete:
        s = report.scenario
        out.append(f"  reachable: {len(w.scenes)}/{len(s.scenes)} scenes, "
                   f"{len(w.choices)}/{sum(len(x.choices) for x in s.scenes)} choices, "
                   f"{len(w.endings)}/{len(s.endings)} endings")
        d = report.divergence
        if d is not None and d.runs_seen:
            out.append(f"  divergence of the runs it can end with: {d.min}..{d.max}"
                       + ("" if d.complete else " (of the runs found before the bound)"))
        for ending in s.endings:
            if ending.id in w.ending_paths:
                out.append(f"  shortest way to {ending.id}: {path_text(w.ending_paths[ending.id])}")
    return out


def _balance(report: PlaytestReport) -> list[str]:
    if not report.balance:
        return []
    out = ["Balance (where a number decides: the share of random players on the true side, and the "
           "value that would give other shares):"]
    for entry in report.balance:
        if not entry["evaluated"]:
            out.append(f"  {entry['label']}: '{entry['condition']}' never asked in random play")
            continue
        out.append(f"  {entry['label']}: '{entry['condition']}' true for "
                   f"{100 * entry['true_share']:.1f}% of {entry['evaluated']:,}")
        for comp in entry["comparisons"]:
            if not comp["samples"]:
                continue
            ideas = "; ".join(f"{100 * x['target']:.0f}%: {x['comparison']}"
                              + ("" if abs(x["share"] - x["target"]) < 0.005 else f" (gives {100 * x['share']:.0f}%)")
                              for x in comp["suggestions"])
            out.append(f"      {comp['comparison']}: {100 * comp['true_share']:.1f}% "
                       f"(values {comp['range'][0]}..{comp['range'][1]}, median {comp['median']})")
            out.append(f"        for a share of {ideas}")
    return out


def to_dict(report: PlaytestReport, strict: bool = False) -> dict[str, Any]:
    s = report.scenario
    data: dict[str, Any] = {"file": s.path, "scenario": s.id, "version": s.version, "ok": not report.failed(strict),
                            "history": report.history.to_dict(), "tests": [t.to_dict() for t in report.tests],
                            "findings": [f.to_dict() for f in report.findings], "balance": report.balance}
    r = report.random
    if r is not None:
        data["random"] = {
            "runs": r.runs, "seed": r.seed, "max_turns": r.max_turns, "openings": dict(r.openings),
            "endings": {e.id: r.endings[e.id] for e in s.endings},
            "scenes": {x.id: r.scenes[x.id] for x in s.scenes},
            "choices": {f"{x.id}/{c.id}": r.choices[(x.id, c.id)] for x in s.scenes for c in x.choices},
            "outcomes": {f"{x.id}/{c.id}/{i + 1}": r.outcomes[(x.id, c.id, i)]
                         for x in s.scenes for c in x.choices for i in range(len(c.outcomes))},
            "meter_ranges": r.meter_ranges, "counter_ranges": r.counter_ranges,
            "lengths": {str(k): v for k, v in sorted(r.lengths.items())},
            "failures": [{"kind": f.kind, "run": f.run, "seed": f.seed, "choices": f.choices, "scene": f.scene,
                          "message": f.message} for f in r.failures],
            "failure_counts": dict(r.failure_counts),
            "divergence": spread(r.divergence),
        }
    w = report.walk
    if w is not None:
        data["exhaustive"] = {
            "states": w.states, "decisions": w.edges, "complete": w.complete, "max_states": w.max_states,
            "scenes": sorted(w.scenes), "endings": sorted(w.endings),
            "choices": sorted(f"{a}/{b}" for a, b in w.choices),
            "conditions": {site.key: {"condition": site.source, "can_be_true": bool(t & 1),
                                      "can_be_false": bool(t & 2)} for site, t in zip(w.sites, w.truth)},
            "meter_ranges": w.meter_ranges, "counter_ranges": w.counter_ranges,
            "ending_paths": {k: [list(step) for step in v] for k, v in w.ending_paths.items()},
            "dead_ends": w.dead_ends, "traps": w.traps, "loops": w.loops,
            "divergence": report.divergence.to_dict() if report.divergence is not None else None,
        }
    return data
