"""The run record, built from a game in one place (both renderers, exports and the report agree)."""

from __future__ import annotations

from datetime import datetime, UTC
from collections.abc import Mapping

from game import __version__
from game.engine import Game
from game.formats import (
    Agreement, HistoricalSummary, RecordDecision, RecordEnding, RecordScenario, RunRecord, RunSettings,
)
from game.play import figures as fig


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_record(game: Game, *, run_id: str, player: str, started_at: str, settings: RunSettings,
                 finished_at: str | None, reasons: Mapping[int, str]) -> RunRecord:
    """The run so far (``finished_at`` None) or finished."""
    scenario, state = game.scenario, game.state
    track = fig.track_for(scenario, state)
    figures = fig.figures(scenario, state)
    ending = game.ending
    return RunRecord(
        app_version=__version__,
        run_id=run_id,
        scenario=RecordScenario(scenario.id, scenario.version, scenario.content_hash, scenario.title),
        player=player,
        seed=state.seed,
        settings=settings,
        started_at=started_at,
        finished_at=finished_at,
        complete=ending is not None,
        decisions=[RecordDecision(d.turn, d.scene, d.choice, d.historical, dict(d.meters), d.outcome,
                                  reasons.get(d.turn, "")) for d in state.decisions],
        ending=None if ending is None else RecordEnding(ending.id, ending.title, ending.is_historical),
        meters=dict(state.meters),
        flags=dict(state.flags),
        divergence=figures.divergence,
        final_divergence=figures.final_divergence,
        agreement=Agreement(figures.matched, figures.decided),
        seesaw=figures.seesaw,
        historical=HistoricalSummary(track.choices, track.ending,
                                     {m.id: track.series(m.id) for m in scenario.meters}),
    )
