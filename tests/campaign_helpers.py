"""The bundled campaign as the tests see it: its chapters in order, the parts of a chapter that
only a campaign reaches, and every way a chapter can end for every world it can inherit.

A chapter's ``openings`` open it on a bridge scene when the flags it carries from the chapter
before say that the player's world has left history (Korea unified in 1949, no war in 1950).
Played alone, a chapter keeps its carried flags' defaults and opens on ``start``, so it never
meets its bridges: the checks that play a chapter from its start (random play in
tests/test_bundled_scenarios.py) leave what only an opening reaches to
tests/test_campaign_story.py, which plays the chapters in order.  (The play-tester plays from
each opening itself: game/authoring/openings.py.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from game.engine import END, Carry, Game, GameState, Scenario
from game.engine.rules import after_choice_env, eligible_outcomes, initial_state, step

#: One decision of a path: the choice id and the chance outcome forced (None for a fixed next).
Move = tuple[str, "int | None"]


def _picked_by_end(scenario: Scenario) -> set[str]:
    """The endings 'next: end' can pick: the candidates in file order up to the first that has
    no condition (the ones after it are reached only by a 'next' that names them)."""
    out: set[str] = set()
    for ending in scenario.end_candidates:
        out.add(ending.id)
        if ending.condition is None:
            break
    return out


def _targets(scenario: Scenario, scene_id: str) -> set[str]:
    """Where a scene's choices can lead: scenes and endings, 'end' read as every ending that
    'next: end' may pick, and every ending a meter threshold names (a threshold can end the game
    after any decision)."""
    out: set[str] = set()
    for choice in scenario.scene(scene_id).choices:
        for target in [choice.next] if choice.next is not None else [o.next for o in choice.outcomes]:
            if target == END:
                out |= _picked_by_end(scenario)
            else:
                out.add(target)
    out |= {t.ending for m in scenario.meters for t in m.ends_game}
    return out


def reachable(scenario: Scenario, roots: Iterable[str]) -> set[str]:
    """Scenes and endings that the graph leads to from ``roots``, conditions aside."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if scenario.has_scene(node):
            todo.extend(_targets(scenario, node))
    return seen


def opening_only(scenario: Scenario) -> set[str]:
    """Scenes and endings reached only through the chapter's openings: its campaign bridges and
    where they alone lead."""
    from_start = reachable(scenario, [scenario.start])
    return reachable(scenario, [o.scene for o in scenario.openings]) - from_start


# -- every way a chapter can end ----------------------------------------------------------------

@dataclass(frozen=True)
class End:
    """One way a chapter ends: the ending, every flag's value, the scene it opened on and a path
    (choices with their chance outcomes) that gets there."""

    ending: str
    flags: tuple[tuple[str, Any], ...]
    opened_on: str
    path: tuple[Move, ...]


def _key(state: GameState) -> tuple[Any, ...]:
    return (state.scene, tuple(sorted(state.meters.items())), tuple(sorted(state.flags.items())))


def chapter_ends(scenario: Scenario, carry: Carry | None = None) -> list[End]:
    """Every (ending, flags) the chapter can end with when it starts with ``carry``, each with
    the shortest path to it: every available choice and every chance outcome that can happen,
    played with the engine's rules, identical states merged."""
    first = initial_state(scenario, 0, carry)
    assert first.scene is not None
    parents: dict[tuple[Any, ...], tuple[tuple[Any, ...], Move] | None] = {_key(first): None}
    queue = deque([first])
    found: dict[tuple[str, tuple[tuple[str, Any], ...]], tuple[Move, ...]] = {}

    def path_to(key: tuple[Any, ...]) -> list[Move]:
        moves: list[Move] = []
        link = parents[key]
        while link is not None:
            key, move = link
            moves.append(move)
            link = parents[key]
        return moves[::-1]

    while queue:
        state = queue.popleft()
        here = _key(state)
        assert state.scene is not None
        for choice in scenario.scene(state.scene).choices:
            if choice.condition is not None and not choice.condition(state.env()):
                continue
            branches: list[int | None] = [None]
            if choice.next is None:
                branches = list(eligible_outcomes(choice, after_choice_env(scenario, state, choice))) or [0]
            for branch in branches:
                after = step(scenario, state, choice.id, outcome=branch, trace=False).state
                move: Move = (choice.id, branch)
                if after.ending is not None:
                    flags = tuple(sorted(after.flags.items()))
                    if (after.ending, flags) not in found:
                        found[(after.ending, flags)] = (*path_to(here), move)
                    continue
                key = _key(after)
                if key not in parents:
                    parents[key] = (here, move)
                    queue.append(after)
    return [End(ending, flags, first.scene, path) for (ending, flags), path in found.items()]


def play(scenario: Scenario, path: Iterable[Move], seed: int = 0, carry: Carry | None = None) -> Game:
    """A game played along ``path`` with the engine's Game, as a player would (chance forced)."""
    game = Game.new(scenario, seed, carry)
    for choice, outcome in path:
        game.choose(choice, outcome=outcome)
    return game
