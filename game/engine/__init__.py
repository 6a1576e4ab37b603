"""The pure game engine: no user interface, no printing, no clock, no global randomness.

Everything a front end needs is here: :class:`Game` to play, events describing what each decision
did, the historical track and the divergence figure.  A test proves this package imports
without Textual or Rich.
"""

from game.engine.events import (
    ChoiceMade, Event, FlagSet, GameEnded, MeterChanged, OutcomeDrawn, SceneEntered,
)
from game.engine.expr import Expr, ExprError, compile_condition, compile_expr
from game.engine.game import (
    ChoiceUnavailable, Decision, EngineError, Game, GameOver, Option, StateError,
)
from game.engine.model import (
    END, Adviser, Choice, Counsel, Document, Ending, Flag, HistoricalRecord, Historiography,
    Meter, Outcome, Reading, Scenario, Scene, Source, Threshold,
)
from game.engine.track import (
    Comparison, Track, compare, historical_path, historical_track, run_divergence, seesaw_position,
)

__all__ = [name for name in dir() if not name.startswith("_")]
