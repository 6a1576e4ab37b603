"""The exhaustive walk: every path through a scenario, with identical states merged.

Like ChoiceScript's quicktest it forks at every available choice and every chance outcome that
can happen, but unlike quicktest it never forces a condition either way: a state is the scene
plus every meter and flag (plus the decision count, if a condition reads ``turn``), and each
state is expanded once with the engine's own rules (:func:`game.engine.rules.step`, forcing
each chance outcome that can happen in turn, untraced: the walk keeps its own paths).  So what
it calls unreachable is unreachable for every player, and a condition it calls never true is
never true — no "fake bugs".  The work is bounded by ``max_states``; when the bound is hit the
result says so and claims nothing about what was not reached.
"""

from __future__ import annotations

import operator
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Mapping, Sequence

from game.authoring.sites import Site, condition_sites, uses_turn
from game.engine import END, Carry, GameState, Outcome, Scenario, Threshold
from game.engine.rules import initial_state, successors

#: One step of a path: (scene id, choice id, outcome index or None).
Step = tuple[str, str, "int | None"]
#: What makes two states the same for every later question (see :class:`_States`).
Key = tuple[str | None, tuple[int, ...], tuple[Any, ...], int]
#: How the walk first reached each state: (the state before, the step taken); None for the start.
Parents = list["tuple[int, Step] | None"]


@dataclass
class WalkResult:
    states: int = 0
    edges: int = 0
    complete: bool = True
    max_states: int = 0
    scenes: set[str] = field(default_factory=set)
    choices: set[tuple[str, str]] = field(default_factory=set)
    outcomes: set[tuple[str, str, int]] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    sites: list[Site] = field(default_factory=list)
    #: Per site: 1 = seen true, 2 = seen false, 3 = both.
    truth: list[int] = field(default_factory=list)
    #: scene -> meter -> [lowest, highest] possible on arrival.
    meter_ranges: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: scene -> counter -> [lowest, highest] possible on arrival (counters are part of the state).
    counter_ranges: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: A shortest path to each ending and to the first dead end, trap and loop found.
    ending_paths: dict[str, list[Step]] = field(default_factory=dict)
    dead_ends: int = 0
    dead_end_path: list[Step] | None = None
    traps: int = 0
    trap_path: list[Step] | None = None
    loops: int = 0
    loop_path: list[Step] | None = None


def _getter(ids: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """The values of ``ids`` in a mapping, as a tuple (also for none or one id)."""
    if len(ids) > 1:
        return operator.itemgetter(*ids)
    if len(ids) == 1:
        only = ids[0]
        return lambda mapping: (mapping[only],)
    return lambda mapping: ()


class _States:
    """Turns engine states into walk keys and back.

    A key is the scene plus every meter and flag value (plus the decision number when a
    condition reads ``turn``): two states with the same key answer every later question the
    same way, so each key is expanded once.  The states kept are stripped of their decision
    history (the walk keeps its own parent links), so memory grows with states, not paths."""

    def __init__(self, scenario: Scenario, track_turn: bool):
        self.meter_ids = tuple(m.id for m in scenario.meters)
        self.flag_ids = tuple(f.id for f in scenario.flags)
        self.track_turn = track_turn
        # Reading every value in one C call keeps the key cheap; it is made once per edge.
        self._meters = _getter(self.meter_ids)
        self._flags = _getter(self.flag_ids)

    def key(self, state: GameState) -> Key:
        return (state.scene, self._meters(state.meters), self._flags(state.flags),
                state.turn if self.track_turn else 0)

    def bare(self, state: GameState) -> GameState:
        """The same state without its decisions (and at decision 0 when nothing reads ``turn``)."""
        # The names the conditions read go along: when nothing reads ``turn``, theirs is unread.
        return GameState(state.scene, state.ending, state.meters, state.flags,
                         state.turn if self.track_turn else 0, (), state.seed, names=state.names)


def walk(scenario: Scenario, max_states: int = 200_000,
         progress: Callable[[int, int], None] | None = None, carries: Sequence[Carry] = ()) -> WalkResult:
    """Every path from the start, and from the start of a campaign chapter inheriting each of
    ``carries`` (which may open it on one of its ``openings``)."""
    result = WalkResult(max_states=max_states, sites=condition_sites(scenario))
    sites = result.sites
    truth = result.truth = [0] * len(sites)
    choice_site = {(s.scene, s.choice): i for i, s in enumerate(sites) if s.kind == "choice"}
    outcome_site = {(s.scene, s.choice, s.index): i for i, s in enumerate(sites) if s.kind == "outcome"}
    outcome_sites: dict[tuple[str, str], dict[int, int]] = {}  # each choice's outcome sites, by outcome
    for (scene_id, choice_id, position), site in outcome_site.items():
        outcome_sites.setdefault((scene_id, choice_id), {})[position] = site
    ending_site = {s.ending: i for i, s in enumerate(sites) if s.kind == "ending"}
    thresholds: list[tuple[int, str, Threshold]] = [
        (i, s.meter, s.threshold) for i, s in enumerate(sites) if s.kind == "threshold" and s.threshold is not None]
    ending_sites = [(e, ending_site[e.id]) if e.condition is not None else (e, -1) for e in scenario.end_candidates]
    keys = _States(scenario, uses_turn(scenario))
    first = keys.bare(initial_state(scenario, 0))
    start = keys.key(first)
    index: dict[Key, int] = {start: 0}
    states: list[GameState] = [first]
    parent: Parents = [None]
    succ: list[list[int]] = [[]]
    for carry in carries:
        root = keys.bare(initial_state(scenario, 0, carry))
        if keys.key(root) not in index:
            index[keys.key(root)] = len(states)
            states.append(root)
            parent.append(None)
            succ.append([])
    finishing: set[int] = set()
    queue = deque(range(len(states)))
    meter_ids = keys.meter_ids
    counter_ids = tuple(f.id for f in scenario.flags if f.is_counter)

    limits = [(key, meter, t.direction == "at_least", t.value) for key, meter, t in thresholds]

    def record(key: int, value: Any) -> bool:
        truth[key] |= 1 if value else 2
        return bool(value)

    while queue and result.complete:
        sid = queue.popleft()
        state = states[sid]
        assert state.scene is not None
        scene = scenario.scene(state.scene)
        env = state.names if state.names is not None else state.env()  # read, never changed
        result.scenes.add(scene.id)
        values = [state.meters[m] for m in meter_ids]
        ranges = result.meter_ranges.setdefault(scene.id, {m: [v, v] for m, v in zip(meter_ids, values)})
        for m, v in zip(meter_ids, values):
            r = ranges[m]
            if v < r[0]:
                r[0] = v
            elif v > r[1]:
                r[1] = v
        if counter_ids:
            counts = result.counter_ranges.setdefault(scene.id, {c: [state.flags[c]] * 2 for c in counter_ids})
            for c in counter_ids:
                r, v = counts[c], state.flags[c]
                r[0], r[1] = min(r[0], v), max(r[1], v)
        available = [c for c in scene.choices
                     if c.condition is None or record(choice_site[scene.id, c.id], c.condition(env))]
        if not available:
            result.dead_ends += 1
            if result.dead_end_path is None:
                result.dead_end_path = _path(parent, sid)
        for choice in available:
            result.choices.add((scene.id, choice.id))
            choice_sites = outcome_sites.get((scene.id, choice.id), {})

            def ask(index: int, outcome: Outcome, names: Mapping[str, Any], at: dict[int, int] = choice_sites) -> bool:
                return outcome.condition is None or record(at[index], outcome.condition(names))

            for branch, after in successors(scenario, state, choice, ask):
                result.edges += 1
                path_step: Step = (scene.id, choice.id, branch)
                if branch is not None:
                    result.outcomes.add((scene.id, choice.id, branch))
                past_threshold = False
                after_meters = after.meters
                for key, meter, at_least, limit in limits:  # record() inlined: once per edge
                    value = after_meters[meter]
                    if (value >= limit) if at_least else (value <= limit):
                        truth[key] |= 1
                        past_threshold = True
                    else:
                        truth[key] |= 2
                if after.ending is not None:
                    finishing.add(sid)
                    if after.ending not in result.endings:
                        result.endings.add(after.ending)
                        result.ending_paths[after.ending] = _path(parent, sid) + [path_step]
                    target = choice.next if branch is None else choice.outcomes[branch].next
                    if target == END and not past_threshold:  # 'next: end' asked the endings in turn
                        eenv = after.names if after.names is not None else after.env()
                        for ending, key in ending_sites:
                            if ending.condition is None or record(key, ending.condition(eenv)):
                                break
                    continue
                new = keys.key(after)
                nid = index.get(new)
                if nid is None:
                    if len(states) >= max_states:
                        result.complete = False
                        break
                    nid = index[new] = len(states)
                    states.append(keys.bare(after))
                    parent.append((sid, path_step))
                    succ.append([])
                    queue.append(nid)
                succ[sid].append(nid)
            if not result.complete:
                break
        if progress is not None and sid % 1000 == 0:
            progress(len(states) - len(queue), max(len(states), 1))
    result.states = len(states)
    if result.complete:
        _traps_and_loops(result, succ, finishing, parent)
    return result


def _path(parent: Parents, sid: int) -> list[Step]:
    steps: list[Step] = []
    link = parent[sid]
    while link is not None:
        sid, step = link
        steps.append(step)
        link = parent[sid]
    return steps[::-1]


def _traps_and_loops(result: WalkResult, succ: list[list[int]], finishing: set[int], parent: Parents) -> None:
    """Traps: states from which no ending can be reached.  Loops: states a player can return
    to with every meter and flag the same, so could go round for ever."""
    n = len(succ)
    preds: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for a, targets in enumerate(succ):
        for b in targets:
            preds[b].append(a)
            indegree[b] += 1
    can_finish = set(finishing)
    queue = deque(finishing)
    while queue:
        for p in preds[queue.popleft()]:
            if p not in can_finish:
                can_finish.add(p)
                queue.append(p)
    stuck = [s for s in range(n) if s not in can_finish and succ[s]]
    result.traps = len(stuck)
    if stuck:
        result.trap_path = _path(parent, stuck[0])
    # Kahn's algorithm: whatever cannot be ordered lies on, or after, a cycle.
    queue = deque(s for s in range(n) if indegree[s] == 0)
    ordered = 0
    while queue:
        a = queue.popleft()
        ordered += 1
        for b in succ[a]:
            indegree[b] -= 1
            if indegree[b] == 0:
                queue.append(b)
    result.loops = n - ordered
    if result.loops:
        # Every state left over has a left-over predecessor, so walking back must repeat a
        # state, and the first repeated one lies on a cycle.
        node, seen = next(s for s in range(n) if indegree[s] > 0), set()
        while node not in seen:
            seen.add(node)
            node = next(p for p in preds[node] if indegree[p] > 0)
        result.loop_path = _path(parent, node)
