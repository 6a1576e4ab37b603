"""Balance: where a number decides an ending or an option, how random players fall on each
side, and which value would put a chosen share of them on the true side.

Like ChoiceScript's ``recordBalance``, the suggestion comes from the values random players
actually carried to that point.  It is a hint, not a promise: moving a threshold changes which
paths players take afterwards, so re-run ``playtest`` after changing one.

Comparisons are found by parsing each condition's source with :mod:`ast` (never evaluating
it): each ``<``, ``<=``, ``>``, ``>=`` with a number on one side is a threshold, and its other
side (a meter, an int flag, or arithmetic of them) is compiled with the engine's own
expression compiler so it can be sampled.
"""

from __future__ import annotations

import ast
import dataclasses
import operator
from collections import Counter
from dataclasses import dataclass
from typing import Any

from game.authoring.sites import Site, condition_sites
from game.engine import Expr, ExprError, Scenario, compile_expr
from game.engine.expr import NUMBER

_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_TEST = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Comparison:
    """``subject op value``, normalised so the number is on the right."""

    subject: str
    op: str
    value: float
    fn: Expr
    #: The range a suggested value must stay in (a meter's min and max), if known.
    bounds: tuple[int, int] | None = None

    def holds(self, x: float) -> bool:
        return bool(_TEST[self.op](x, self.value))

    def text(self, value: float | None = None) -> str:
        v = self.value if value is None else value
        return f"{self.subject} {self.op} {_num(v)}"


@dataclass(frozen=True)
class BalancePoint:
    site: Site
    comparisons: tuple[Comparison, ...]


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _constant(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _constant(node.operand)
        if inner is not None:
            return -inner if isinstance(node.op, ast.USub) else inner
    return None


def comparisons_in(source: str, names: dict[str, str]) -> list[Comparison]:
    try:
        tree = ast.parse(" ".join(source.split()), mode="eval")
    except SyntaxError:  # pragma: no cover - the loader compiled it already
        return []
    text = " ".join(source.split())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:]):
            sym = _OPS.get(type(op))
            if sym is None:
                continue
            lc, rc = _constant(left), _constant(right)
            if (lc is None) == (rc is None):
                continue
            subject_node, value = (left, rc) if rc is not None else (right, lc)
            assert value is not None
            if rc is None:
                sym = _FLIP[sym]
            subject = ast.get_source_segment(text, subject_node) or ""
            try:
                fn = compile_expr(subject, names)
            except ExprError:  # pragma: no cover
                continue
            if fn.type == NUMBER:
                found.append(Comparison(subject, sym, value, fn))
    return found


def balance_points(scenario: Scenario) -> list[BalancePoint]:
    bounds = {m.id: (m.min, m.max) for m in scenario.meters}
    names = {m.id: NUMBER for m in scenario.meters}
    names.update({f.id: {"bool": "true/false", "int": NUMBER, "text": "text"}[f.type] for f in scenario.flags})
    names["turn"] = NUMBER
    points = []
    for site in condition_sites(scenario):
        if site.threshold is not None:
            t = site.threshold
            fn = compile_expr(site.meter, names)
            comp = Comparison(site.meter, ">=" if t.direction == "at_least" else "<=", t.value, fn, bounds[site.meter])
            points.append(BalancePoint(site, (comp,)))
        elif site.expr is not None:
            comps = [dataclasses.replace(c, bounds=bounds.get(c.subject))
                     for c in comparisons_in(site.expr.source, names)]
            if comps:
                points.append(BalancePoint(site, tuple(comps)))
    return points


def share(samples: Counter[float], comp: Comparison, value: float | None = None) -> float:
    total = sum(samples.values())
    if not total:
        return 0.0
    v = comp.value if value is None else value
    return sum(n for x, n in samples.items() if _TEST[comp.op](x, v)) / total


def suggest(samples: Counter[float], comp: Comparison, target: float) -> tuple[float, float] | None:
    """The threshold value whose share of samples on the true side is nearest ``target``, and
    that share; ties go to the value nearest the current one.  None without samples."""
    if not samples:
        return None
    seen = sorted(samples)
    candidates = set(seen) | {seen[0] - 1, seen[-1] + 1, comp.value}
    if comp.bounds is not None:
        lo, hi = comp.bounds
        candidates = {c for c in candidates if lo <= c <= hi} or {comp.value}
    best = None
    for c in candidates:
        s = share(samples, comp, c)
        rank = (abs(s - target), abs(c - comp.value))
        if best is None or rank < best[0]:
            best = (rank, c, s)
    assert best is not None
    return best[1], best[2]


def summarise(points: list[BalancePoint], samples: dict[tuple[int, int], Counter[float]],
              truth: dict[int, list[int]], targets: tuple[float, ...]) -> list[dict[str, Any]]:
    """The balance report: one entry per condition with a threshold that random players met."""
    out = []
    for pi, point in enumerate(points):
        true, false = truth.get(pi, [0, 0])
        entry: dict[str, Any] = {"site": point.site.key, "label": point.site.label,
                                 "condition": point.site.source, "evaluated": true + false,
                                 "true_share": round(true / (true + false), 4) if true + false else None,
                                 "comparisons": []}
        for ci, comp in enumerate(point.comparisons):
            counter = samples.get((pi, ci), Counter())
            values = sorted(counter.elements()) if counter else []
            item: dict[str, Any] = {"comparison": comp.text(), "samples": len(values),
                                    "true_share": round(share(counter, comp), 4) if values else None,
                                    "suggestions": []}
            if values:
                item["range"] = [values[0], values[-1]]
                item["median"] = values[len(values) // 2]
                for target in targets:
                    s = suggest(counter, comp, target)
                    if s is not None:
                        item["suggestions"].append({"target": target, "value": s[0], "share": round(s[1], 4),
                                                    "comparison": comp.text(s[0])})
            entry["comparisons"].append(item)
        out.append(entry)
    return out
