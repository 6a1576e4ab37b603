"""The scene graph: what can be reached from the start, and whether every path can end.

Each problem is named once, at its cause:

- a loop the player can never leave is one message naming the scenes in it
  (``these scenes form a loop with no way out: a → b → a``), not one per scene that leads in;
- of scenes nothing leads to, only the first of each cut-off group is reported, naming the
  scenes behind it;
- an ending with no condition listed before others is reported at its own line, naming the
  endings ``next: end`` can then never pick, instead of a warning at each of them;
- a ``next`` with a typo (reported where it is written) is read as the scene it most likely
  means; while some reachable scene has a ``next`` that names nothing, or no choices at all, or
  a loop has no way out, nothing is said about what cannot be reached, since it may be cut off
  only by that mistake.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.engine.model import END
from game.scenario.consistency import ending_always_true
from game.scenario.walk import items

if TYPE_CHECKING:
    from game.scenario.semantic import SemanticChecker

#: A target that names nothing (already reported); treated as a way out, so as not to cascade.
UNKNOWN = "\0unknown"


def end_candidates(data: dict, always: Callable[[int], bool] = lambda index: False) -> tuple[list[str], str | None]:
    """The endings ``next: end`` can pick, in file order, and the first one with no condition, or
    with one that ``always`` says holds for every player (which stops the search).  Endings
    marked ``only_by_next`` are never candidates."""
    out: list[str] = []
    for index, ending in items(data, "endings"):
        ident = ending.get("id")
        if not isinstance(ident, str) or ending.get("only_by_next") is True:
            continue
        out.append(ident)
        if "condition" not in ending or always(index):
            return out, ident
    return out, None


class SceneGraph:
    def __init__(self, checker: SemanticChecker):
        self.checker = checker
        self.data = checker.data
        self.nodes = set(checker.scenes) | set(checker.endings)
        self.edges: dict[str, set[str]] = {}
        #: Scenes whose way on is unknown: no choices, or a next naming nothing.
        self.broken: set[str] = set()
        self.uses_end: set[str] = set()
        self.by_threshold: set[str] = set()
        self._build()

    def _target(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        if value == END or value in self.nodes:
            return value
        import difflib  # only when a message suggests a name: not on every start
        close = difflib.get_close_matches(value, sorted(self.nodes), n=1)
        return close[0] if close else UNKNOWN  # a typo: read it as what it most likely means

    def _build(self) -> None:
        for si, scene in items(self.data, "scenes"):
            ident = scene.get("id")
            if not isinstance(ident, str) or self.checker.scenes.get(ident) != ("scenes", si):
                continue
            targets: set[str] = set()
            choices = scene.get("choices")
            if not isinstance(choices, list) or not choices:
                self.broken.add(ident)
            for choice in choices if isinstance(choices, list) else ():
                if not isinstance(choice, dict):
                    self.broken.add(ident)
                    continue
                outcomes = [o for _, o in items(choice, "outcomes")]
                nexts = [choice.get("next")] if "next" in choice else [o.get("next") for o in outcomes]
                found = [t for t in map(self._target, nexts) if t is not None]
                if not found or UNKNOWN in found:
                    self.broken.add(ident)
                targets.update(t for t in found if t != UNKNOWN)
            if END in targets:
                self.uses_end.add(ident)
            self.edges[ident] = targets
        for _, meter in items(self.data, "meters"):
            for _, threshold in items(meter, "ends_game"):
                if isinstance(threshold.get("ending"), str):
                    self.by_threshold.add(threshold["ending"])

    def successors(self, node: str, end_targets: list[str]) -> set[str]:
        out: set[str] = set()
        for t in self.edges.get(node, ()):
            out.update(end_targets if t == END else (t,))
        return out

    # -- the checks ---------------------------------------------------------------------------

    def check(self) -> None:
        start = self.data.get("start")
        if not isinstance(start, str) or start not in self.checker.scenes:
            return
        candidates, fallback = end_candidates(self.data, lambda index: ending_always_true(self.checker, index))
        seen = self._reach(start, candidates)
        for _, opening in items(self.data, "openings"):  # other first scenes are roots too
            scene = opening.get("scene")
            if isinstance(scene, str) and scene in self.checker.scenes and scene not in seen:
                seen += [s for s in self._reach(scene, candidates) if s not in seen]
        ctx = self.checker.ctx
        if self.uses_end and fallback is None:
            ctx.error(("endings",), "'next: end' is used, but every ending has a condition",
                      "give the last ending no condition, so 'end' always finds one", "E-NO-FALLBACK")
        loops = self._no_way_out(seen, candidates)
        if not loops and not (self.broken & set(seen)):
            self._unreachable(seen, candidates, fallback)

    def _reach(self, start: str, end_targets: list[str]) -> list[str]:
        """Scenes and endings reachable from ``start``, in the order a breadth-first walk meets them."""
        order, seen, queue = [start], {start}, deque([start])
        while queue:
            for t in sorted(self.successors(queue.popleft(), end_targets)):
                if t not in seen:
                    seen.add(t)
                    order.append(t)
                    queue.append(t)
        return order

    def _unreachable(self, seen_order: list[str], candidates: list[str], fallback: str | None) -> None:
        ctx, scenes, endings = self.checker.ctx, self.checker.scenes, self.checker.endings
        seen = set(seen_order)
        cut_off = [s for s in scenes if s not in seen]
        reported: set[str] = set()
        for ident in cut_off:  # file order; each reported scene takes the scenes only it leads to
            if ident in reported:
                continue
            behind = [s for s in self._reach(ident, candidates)[1:] if s in scenes and s not in seen
                      and s not in reported]
            reported.update([ident, *behind])
            also = f" (nor can {_names(behind)}, which only it leads to)" if behind else ""
            ctx.error(scenes[ident] + ("id",), f"scene '{ident}' cannot be reached from the start{also}",
                      "point a choice's next at it, or remove it", "E-UNREACHABLE")
        reached = seen | self.by_threshold
        hidden: list[str] = []
        if fallback is not None and self.uses_end & seen:
            after = [e for _, e in items(self.data, "endings") if isinstance(e.get("id"), str)]
            index = next(i for i, e in enumerate(after) if e["id"] == fallback)
            hidden = [e["id"] for e in after[index + 1:]
                      if e["id"] not in reached and e.get("only_by_next") is not True]
        if hidden and fallback is not None:
            condition = self.data["endings"][endings[fallback][1]].get("condition")
            if condition is None:
                ctx.error(endings[fallback], f"ending '{fallback}' has no condition, so 'next: end' always "
                          f"stops here and never picks the endings after it: {', '.join(hidden)}",
                          "move it to the end of the list, or give it a condition", "W-SHADOWED", severity="warning")
            else:
                ctx.error(endings[fallback] + ("condition",), f"the condition of ending '{fallback}' is always "
                          f"true, so 'next: end' always stops here and never picks the endings after it: "
                          f"{', '.join(hidden)}", "give it a condition some players do not meet, or move it to "
                          "the end of the list and remove the condition", "W-SHADOWED", severity="warning")
        for ident, path in endings.items():
            if ident not in reached and ident not in hidden:
                only = self.checker.only_by_next(ident)
                ctx.error(path + ("id",), f"nothing leads to ending '{ident}'",
                          "point a choice's next at it" + ("" if only else ", or use next: end with a condition"),
                          "W-UNREACHABLE", severity="warning")

    def _no_way_out(self, seen_order: list[str], candidates: list[str]) -> int:
        """Report each loop that no path leaves, once; return how many there are."""
        scenes = self.checker.scenes
        can_finish = {s for s in scenes if s in self.broken or any(
            t == END or t in self.checker.endings for t in self.edges.get(s, ()))}
        predecessors: dict[str, set[str]] = {}
        for node in self.edges:
            for t in self.successors(node, candidates):
                predecessors.setdefault(t, set()).add(node)
        queue = deque(can_finish)
        while queue:
            for pred in predecessors.get(queue.popleft(), ()):
                if pred not in can_finish:
                    can_finish.add(pred)
                    queue.append(pred)
        stuck = [s for s in seen_order if s in scenes and s not in can_finish]
        loops = _terminal_components(stuck, lambda n: self.successors(n, candidates))
        for component in loops:
            self._report_loop(component, stuck)
        return len(loops)

    def _report_loop(self, component: set[str], stuck_order: list[str]) -> None:
        entry = next(s for s in stuck_order if s in component)
        cycle = _shortest_cycle(entry, component, lambda n: self.successors(n, []))
        ctx = self.checker.ctx
        path = self.checker.scenes[entry] + ("id",)
        if cycle is None:  # pragma: no cover - a scene with no targets is 'broken', never stuck
            ctx.error(path, f"no way out: from scene '{entry}' no ending can ever be reached",
                      "give one of its paths a next that leads to an ending", "E-NO-WAY-OUT")
            return
        rest = sorted(component - set(cycle))
        also = f" (and, caught with them, {_names(rest)})" if rest else ""
        what = "this scene only leads back to itself" if len(component) == 1 else "these scenes form a loop"
        ctx.error(path, f"{what} with no way out: {' → '.join(cycle + [entry])}{also}",
                  "give one of their choices a next that leads out of the loop, towards an ending", "E-LOOP")


def _names(idents: list[str]) -> str:
    quoted = [f"'{i}'" for i in idents[:8]]
    more = f" and {len(idents) - 8} more" if len(idents) > 8 else ""
    return ", ".join(quoted) + more


def _terminal_components(nodes: list[str], successors) -> list[set[str]]:
    """Strongly connected components of the subgraph on ``nodes`` that no edge leaves (Tarjan,
    iterative); their order follows ``nodes``."""
    inside = set(nodes)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(successors(root) & inside)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(successors(child) & inside))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    terminal = [c for c in components if all(successors(n) & inside <= c for n in c)]
    first = {n: i for i, n in enumerate(nodes)}
    return sorted(terminal, key=lambda c: min(first[n] for n in c))


def _shortest_cycle(entry: str, component: set[str], successors) -> list[str] | None:
    """The shortest path from ``entry`` back to itself inside ``component`` (without the return)."""
    parents: dict[str, str] = {}
    queue = deque([entry])
    while queue:
        node = queue.popleft()
        for t in sorted(successors(node) & component):
            if t == entry:
                path = [node]
                while path[-1] != entry:
                    path.append(parents[path[-1]])
                return path[::-1]
            if t not in parents:
                parents[t] = node
                queue.append(t)
    return None
