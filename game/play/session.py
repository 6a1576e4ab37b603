"""One playthrough, as every renderer plays it: start, resume, choose, undo, save, finish, record.

Why here, once: plain mode and the full-screen game used to carry a copy each of who plays, what
is saved, what the player may see of history and how a run ends, and the copies drifted.  A
:class:`Session` is the only owner of those rules.  Renderers read views from it (history appears
in them only when the reveal policy allows), hand it the player's decisions, and run the file
jobs it gives them (inline in plain mode, in worker threads in the full-screen game).  It never
prints and never writes a file by itself except through :meth:`save` and :meth:`finish`, which
run those same jobs inline.
"""

from __future__ import annotations

import os

import secrets
from pathlib import Path
from collections.abc import Callable

from game.engine import Carry, Game, Scenario
from game.engine.record import field, record
from game.formats import CampaignSettings, RunSettings, SaveFile, ScenarioRef, state_from_engine
from game.formats.live import LiveDecision, LiveProgress
from game.formats.record import RunRecord
from game.paths import Places
from game.play import review, views
from game.play import store as files
from game.play.length import describe_reading, opening_minutes
from game.play.migrate import migrate_state
from game.play.policy import Policy
from game.play.recording import build_record, now_iso
from game.play.resume import Resumable, resume_command
from game.text import clean_reason, describe_date

Clock = Callable[[], str]


class ResumeProblem(Exception):
    """A save that cannot be carried on; ``notes`` say why, in words for the player."""

    def __init__(self, notes: list[str]):
        super().__init__(" ".join(notes))
        self.notes = notes


@record(slots=False)
class RunInfo:
    """What the engine does not know about a run: its id, who, when, and under which rules."""

    run_id: str
    player: str
    seed: int
    started_at: str
    settings: RunSettings
    #: The file the scenario was loaded from (so a resume command can name it).
    scenario_file: str = ""


@record(slots=False)
class Intro:
    title: str
    period: str
    role: str
    summary: str
    content_notes: tuple[str, ...]
    minutes: int
    #: Minutes to read the historical path, quick and slow (game.play.length): "about 30–35".
    reading: tuple[int, int] = (0, 0)

    @property
    def length(self) -> str:
        return describe_reading(self.reading)


def new_run_id() -> str:
    return secrets.token_hex(8)


def new_seed() -> int:
    return secrets.randbelow(2**31)


def prepare(places: Places) -> str:
    """Make sure games can be saved in ``places`` before the first decision: '' if they can,
    else the reason in plain words (both renderers say it before play starts)."""
    try:
        places.prepare()
    except OSError as exc:
        return places.unusable(exc)
    return ""


@record(frozen=False, slots=False)
class Session:
    scenario: Scenario
    game: Game
    run: RunInfo
    places: Places
    clock: Clock = now_iso
    #: The reasons given at debate points, by decision number.
    reasons: dict[int, str] = field(default_factory=dict)
    #: For the player, once: what changed when the save was carried over to an edited scenario.
    notes: list[str] = field(default_factory=list)
    #: Saves of this run under other names (a version 1 name): removed once the run is saved anew.
    stale_saves: tuple[Path, ...] = ()
    #: Why the last autosave failed ('' when the game on disk is up to date).
    save_problem: str = ""
    #: Where the run record went, once the game has ended and it was written.
    record_path: Path | None = None
    #: Why the run record could not be written, if it could not.
    record_problem: str = ""

    # -- starting ----------------------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, places: Places, *, player: str, settings: RunSettings,
              seed: int | None = None, carry: Carry | None = None, clock: Clock = now_iso,
              scenario_file: str | None = None) -> Session:
        """A new game.  The seed is drawn when not given (a class code always gives one)."""
        seed = new_seed() if seed is None else seed
        if scenario_file is None:  # absolute: Continue and --resume may run from another folder
            scenario_file = os.path.abspath(scenario.path) if scenario.path else ""
        run = RunInfo(new_run_id(), player, seed, clock(), settings, scenario_file)
        return cls(scenario, Game.new(scenario, seed, carry), run, places, clock)

    @classmethod
    def resume(cls, save: SaveFile, scenario: Scenario, places: Places, *, found_at: Path | None = None,
               clock: Clock = now_iso) -> Session:
        """The saved game, carried over to the scenario as it is now (an edited scenario replays
        the decisions by id and :attr:`notes` say what changed).  Raises :class:`ResumeProblem`
        when nothing of the save fits."""
        migration = migrate_state(scenario, save.state.to_engine())
        if migration.game is None:
            raise ResumeProblem(migration.notes)
        game = migration.game
        run = RunInfo(save.run_id, save.player, save.seed, save.started_at, save.settings,
                      save.scenario_file or scenario.path)
        reasons = {t: clean_reason(r) for t, r in save.reasons().items() if t <= game.turn}
        canonical = files.save_path(places, scenario.id, save.player, files.save_context(save.settings))
        stale = () if found_at is None or found_at == canonical else (found_at,)
        return cls(scenario, game, run, places, clock, {t: r for t, r in reasons.items() if r},
                   list(migration.notes), stale)

    # -- the rules in force ------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return Policy.of(self.scenario, self.run.settings)

    @property
    def chapter(self) -> CampaignSettings | None:
        return self.run.settings.campaign

    @property
    def class_code(self) -> str:
        return self.run.settings.class_code or ""

    @property
    def is_over(self) -> bool:
        return self.game.is_over

    @property
    def turn(self) -> int:
        return self.game.turn

    @property
    def can_undo(self) -> bool:
        return self.policy.undo and bool(self.game.decisions) and not self.game.is_over

    @property
    def shows_history(self) -> bool:
        return self.policy.shows_history(self.game.is_over)

    # -- views -------------------------------------------------------------------------------

    def intro(self) -> Intro:
        s = self.scenario
        period = f"{describe_date(s.period_start)} – {describe_date(s.period_end)}"
        # A campaign chapter may open on a bridge that ends it in one decision: say so in the length.
        opened = self.game.decisions[0].scene if self.game.decisions else (self.game.scene_id or s.start)
        return Intro(s.title, period, s.role, s.summary, s.content_notes, s.length_minutes,
                     opening_minutes(s, opened))

    def scene(self) -> views.SceneView | None:
        state = self.game.state
        return views.scene_view(self.scenario, state, self.policy.asks_reason(self.scenario, state.scene))

    def meters(self) -> tuple[views.MeterView, ...]:
        return views.meter_views(self.scenario, self.game.state, self.shows_history)

    def figures(self) -> views.FiguresView:
        return views.figures_view(self.scenario, self.game.state, self.shows_history)

    def timeline(self) -> review.Timeline:
        return review.timeline(self.scenario, self.game.state, self.policy.reveal_each)

    def dossier(self) -> review.Dossier:
        return review.dossier(self.scenario, self.game.state, self.policy.reveal_each)

    def glossary(self) -> tuple[review.TermView, ...]:
        return review.glossary(self.scenario)

    def look_up(self, term: str) -> tuple[review.TermView, ...]:
        return review.look_up(self.scenario, term)

    def debrief(self) -> review.Debrief:
        return review.debrief(self.scenario, self.game.state, self.policy.reveal_each)

    # -- acting ------------------------------------------------------------------------------

    def choose(self, choice_id: str, reason: str = "", *, outcome: int | None = None) -> views.Turn:
        """Take a decision (``reason``: the player's, at a debate point) and say what it did.
        ``outcome`` forces a chance outcome (``--choices historical`` takes history's)."""
        before = self.game.state
        events = tuple(self.game.choose(choice_id, outcome=outcome))
        after = self.game.state
        reason = clean_reason(reason)
        if reason:
            self.reasons[after.turn] = reason
        else:
            self.reasons.pop(after.turn, None)
        shown = self.policy.reveal_each
        reveal = views.reveal(self.scenario, after.turn, before.scene or "", choice_id) if shown else None
        return views.Turn(views.consequence(self.scenario, before, after, events), reveal,
                          views.standings(self.scenario, after) if shown else (),
                          self.figures(), after.is_over)

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        self.game.undo()
        self.reasons = {t: r for t, r in self.reasons.items() if t <= self.game.turn}
        return True

    # -- files -------------------------------------------------------------------------------

    def save_file(self) -> SaveFile:
        run = self.run
        from game import __version__

        return SaveFile(app_version=__version__, run_id=run.run_id, player=run.player, seed=run.seed,
                        started_at=run.started_at, settings=run.settings, scenario_file=run.scenario_file,
                        state=state_from_engine(self.game.to_dict()),
                        justifications={str(t): r for t, r in sorted(self.reasons.items())})

    def live_progress(self) -> LiveProgress:
        """Where this class game stands, for the teacher's live view."""
        run, state = self.run, self.game.state
        return LiveProgress(
            run_id=run.run_id, player=run.player, class_code=run.settings.class_code,
            scenario=ScenarioRef(self.scenario.id, self.scenario.version, self.scenario.content_hash),
            started_at=run.started_at, updated_at=self.clock(), scene=state.scene, ending=state.ending,
            decisions=[LiveDecision(d.turn, d.scene, d.choice, d.historical) for d in state.decisions])

    def save_job(self) -> files.SaveJob:
        """The autosave of the game as it is now, to run at once or in a worker; in a class game
        the live progress file too."""
        live = self.live_progress() if self.class_code else None
        return files.save_job(self.places, self.save_file(), self.stale_saves, live)

    def saved(self, problem: str) -> str:
        """Take the outcome of a save job; returns what to tell the player ('' if all is well)."""
        self.save_problem = problem
        if not problem:
            self.stale_saves = ()
            return ""
        return (f"Your game could not be saved ({problem}). It is kept while the game is open, "
                "and saving is tried again after every decision.")

    def save(self) -> str:
        """Autosave now (blocking); returns what to tell the player ('' if all is well)."""
        return self.saved(self.save_job().run())

    def record(self, finished_at: str | None = None) -> RunRecord:
        """The run record: final with ``finished_at``, else the run so far."""
        run = self.run
        return build_record(self.game, run_id=run.run_id, player=run.player, started_at=run.started_at,
                            settings=run.settings, finished_at=finished_at, reasons=self.reasons)

    def finish_job(self) -> files.FinishJob:
        """Write the run record once for this run, then remove its save (for a finished game)."""
        assert self.game.is_over, "only a finished game has a final record"
        own = files.save_path(self.places, self.scenario.id, self.run.player, files.save_context(self.run.settings))
        saves = (own, *self.stale_saves)
        return files.finish_job(self.places, self.record(self.clock()), saves, live=bool(self.class_code))

    def finished(self, outcome: files.Finished) -> str:
        """Take the outcome of a finish job; returns what to tell the player about a problem."""
        self.record_path, self.record_problem = outcome.record, outcome.error
        if outcome.record is not None:
            self.stale_saves = ()
            return outcome.error
        self.record_problem = outcome.error
        if self.save_problem:
            return f"{outcome.error}. The game could not be saved either, so this run is not on disk."
        return (f"{outcome.error}. Your finished game is still saved: once the folder can be written, "
                f"carry on with `{self.resume_command(plain=True)}` and the record is written then.")

    def finish(self) -> str:
        """Save the final state, then write the record (blocking).  Returns a problem to tell
        the player, or ''."""
        self.save()
        return self.finished(self.finish_job().run())

    def export_job(self) -> files.SaveJob:
        stamp = self.clock().replace(":", "").replace("-", "")
        finished = self.clock() if self.game.is_over else None
        return files.export_job(self.places, self.record(finished), stamp)

    # -- the way back ------------------------------------------------------------------------

    def resumable(self) -> Resumable:
        from game.catalog import bundled_id_for

        run = self.run
        return Resumable(run.scenario_file, self.scenario.id, run.player, run.settings.class_code,
                         bundled_id_for(run.scenario_file) is not None,
                         str(self.places.runs) if self.places.given else None,
                         campaign=run.settings.campaign is not None)

    def resume_command(self, *, plain: bool) -> str:
        return resume_command(self.resumable(), plain=plain)

    def reloaded(self, scenario: Scenario, game: Game) -> None:
        """``--watch``: carry on in the scenario as it was just reloaded, with the game its
        decisions replayed into (see :func:`game.authoring.live.reload_game`)."""
        self.scenario, self.game = scenario, game
        self.reasons = {t: r for t, r in self.reasons.items() if t <= game.turn}
