"""The pure game engine: no user interface, no printing, no clock, no global randomness.

- :mod:`~game.engine.model`: the checked scenario (immutable, ids not positions);
- :mod:`~game.engine.state`: a game state, a decision, a campaign carry (all frozen);
- :mod:`~game.engine.rules`: the rules as pure functions, state in, state and events out;
- :mod:`~game.engine.chance`: the one rule for drawing chance outcomes from a seed;
- :mod:`~game.engine.game`: :class:`Game`, a thin facade over the rules;
- :mod:`~game.engine.history`: the historical path and track, played with the rules (imported
  by name, ``game.engine.history``, so renderers can be held to the play layer's views).

Imports run one way: model ← state ← rules ← game, history.  A test proves this package imports
with the standard library only.  The names below load on first use, so importing one module of
the engine does not import them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.events import (
        ChoiceMade, Event, FlagSet, GameEnded, MeterChanged, OutcomeDrawn, SceneEntered,
    )
    from game.engine.expr import Expr, ExprError, compile_condition, compile_expr
    from game.engine.game import Game
    from game.engine.model import (
        END, Adviser, Choice, Counsel, Document, Ending, Flag, GlossaryEntry, HistoricalRecord, Historiography,
        Meter, Opening, Outcome, Reading, Scenario, Scene, Source, Threshold,
    )
    from game.engine.rules import Step
    from game.engine.state import (
        Carry, ChoiceUnavailable, Decision, EngineError, GameOver, GameState, Option, StateError,
    )

#: Where each public name lives.  The names are imported on first use (PEP 562), so a command
#: that needs only the model (``validate``) does not pay for the rules, the game and the events.
_HOME = {
    **dict.fromkeys(("ChoiceMade", "Event", "FlagSet", "GameEnded", "MeterChanged", "OutcomeDrawn",
                     "SceneEntered"), "events"),
    **dict.fromkeys(("Expr", "ExprError", "compile_condition", "compile_expr"), "expr"),
    "Game": "game",
    **dict.fromkeys(("END", "Adviser", "Choice", "Counsel", "Document", "Ending", "Flag", "GlossaryEntry",
                     "HistoricalRecord",
                     "Historiography", "Meter", "Opening", "Outcome", "Reading", "Scenario", "Scene", "Source",
                     "Threshold"), "model"),
    "Step": "rules",
    **dict.fromkeys(("Carry", "ChoiceUnavailable", "Decision", "EngineError", "GameOver", "GameState", "Option",
                     "StateError"), "state"),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'game.engine' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"game.engine.{home}"), name)
    globals()[name] = value  # found once; later lookups are ordinary module attributes
    return value


__all__ = [
    "END",
    "Adviser",
    "Carry",
    "Choice",
    "ChoiceMade",
    "ChoiceUnavailable",
    "Counsel",
    "Decision",
    "Document",
    "Ending",
    "EngineError",
    "Event",
    "Expr",
    "ExprError",
    "Flag",
    "FlagSet",
    "Game",
    "GameEnded",
    "GameOver",
    "GameState",
    "GlossaryEntry",
    "HistoricalRecord",
    "Historiography",
    "Meter",
    "MeterChanged",
    "Opening",
    "Option",
    "Outcome",
    "OutcomeDrawn",
    "Reading",
    "Scenario",
    "Scene",
    "SceneEntered",
    "Source",
    "StateError",
    "Step",
    "Threshold",
    "compile_condition",
    "compile_expr",
]
