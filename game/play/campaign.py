"""The campaign: chapters in order, what each hands over to the next, and the progress file.

Each chapter is an ordinary scenario, playable alone.  In the campaign, chapter N+1 starts from
its own start values shifted by how far the player ended chapter N from history, and flags with
the same id and type carry their values (:func:`carry_out`).  Progress between chapters is kept in
a small file beside the chapter's autosave, so quitting at any point loses at most the decision
being made.  Plain mode and the full-screen game both play a campaign through :class:`CampaignRun`,
so one can be started in one mode and carried on in the other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from collections.abc import Callable

from game.engine import Carry, Game, Scenario
from game.engine.record import field, record
from game.formats import (
    CampaignProgress, CampaignSettings, CarryData, ChapterDone, FileProblem, RunSettings, progress_bytes,
    read_progress_file, read_record, read_save,
)
from game.paths import Places, slug
from game.play import figures as fig
from game.play import store as files
from game.play.bundled import BUNDLED, Campaign
from game.play.recording import now_iso
from game.play.session import ResumeProblem, Session, new_seed
from game.storage import atomic_write_bytes
from game.text import clean_text


class CampaignError(Exception):
    pass


@record(slots=False)
class CampaignPlan:
    """A campaign and how to get its chapters: ``chapters()`` lists the ids available in order,
    ``load(id)`` returns the checked scenario or raises :class:`CampaignError`.  The game uses
    the bundled plan; tests hand over a plan of small fixture chapters."""

    campaign: Campaign
    chapters: Callable[[], list[str]]
    load: Callable[[str], Scenario]


def _available(campaign: Campaign = BUNDLED) -> list[str]:
    from game.catalog import bundled_ids

    have = set(bundled_ids())
    return [c for c in campaign.chapters if c in have]


def load_chapter(chapter_id: str) -> Scenario:
    from game.catalog import resolve

    resolved = resolve(chapter_id)
    if resolved.result.scenario is None:
        first = resolved.result.errors[0].render() if resolved.result.errors else "invalid"
        raise CampaignError(f"chapter '{chapter_id}' does not validate: {first}")
    return resolved.result.scenario


def bundled_plan() -> CampaignPlan:
    return CampaignPlan(BUNDLED, _available, load_chapter)


def chapter_seed(seed: int, index: int) -> int:
    """Each chapter's own seed, derived so one campaign seed replays the whole campaign."""
    return (seed * 1_000_003 + index) % 2**31


@record(slots=False)
class ChapterInfo:
    """One chapter as the campaign lists it: loaded, or why it cannot be."""

    id: str
    scenario: Scenario | None
    problem: str = ""

    @property
    def title(self) -> str:
        return self.scenario.title if self.scenario is not None else self.id


def load_chapters(plan: CampaignPlan) -> list[ChapterInfo]:
    out = []
    for chapter_id in plan.chapters():
        try:
            out.append(ChapterInfo(chapter_id, plan.load(chapter_id)))
        except CampaignError as exc:
            out.append(ChapterInfo(chapter_id, None, str(exc)))
    return out


# -- carrying over -------------------------------------------------------------------------------

#: The largest shift a meter carries into the next chapter, as a share of its range: a chapter
#: starts nearer or farther from history, never pinned at the end of a meter for good.
CARRY_LIMIT = 0.2


def carry_out(game: Game) -> Carry:
    """What the next chapter inherits: each meter's distance from history at the end of this
    chapter (history played from this chapter's own start), bounded to :data:`CARRY_LIMIT` of the
    meter's range, and every flag's value (the next chapter keeps those it declares ``carried``).
    A player who followed history exactly starts the next chapter at its designed start."""
    track = fig.track_for(game.scenario, game.state)
    history = track.end_meters
    shifts = {}
    for meter in game.scenario.meters:
        bound = round(CARRY_LIMIT * meter.span)
        shifts[meter.id] = max(-bound, min(bound, game.meters[meter.id] - history[meter.id]))
    return Carry(shifts, dict(game.flags))


def carry_data(carry: Carry) -> CarryData:
    return CarryData(dict(carry.meters), dict(carry.flags))


@record(slots=False)
class CarryLine:
    """One meter at the start of a chapter: its usual start, the shift carried in, the start."""

    label: str
    usual: int
    shift: int | None  # None: the previous chapter had no such meter
    start: int


@record(slots=False)
class CarryIn:
    meters: tuple[CarryLine, ...]
    flags: dict[str, Any] = field(default_factory=dict)


def carry_in(scenario: Scenario, carry: CarryData) -> CarryIn:
    """How the carried distance from history sets this chapter's start (as the game does)."""
    from game.engine.rules import start_values

    kept = Carry.for_scenario(scenario, {"meters": carry.meters, "flags": carry.flags})
    starts = start_values(scenario, kept)
    lines = tuple(CarryLine(m.label, m.clamp(m.start), kept.meters.get(m.id), starts[m.id])
                  for m in scenario.meters)
    return CarryIn(lines, dict(kept.flags))


# -- progress files ------------------------------------------------------------------------------

def read_progress(places: Places, campaign: Campaign, player: str) -> CampaignProgress | None:
    """This player's progress in ``campaign``; None if there is none.  A damaged file raises
    :class:`CampaignError` with the reason in words."""
    path = files.progress_path(places, campaign.id, player)
    if not path.exists():
        return None
    try:
        return read_progress_file(path)
    except FileProblem as exc:
        raise CampaignError(f"the campaign save {path} cannot be used: {exc}") from None


def write_progress(places: Places, campaign: Campaign, progress: CampaignProgress) -> Path:
    path = files.progress_path(places, campaign.id, progress.player)
    atomic_write_bytes(path, progress_bytes(progress))
    return path


def find_progress(places: Places, campaign: Campaign, player: str | None = None) -> list[CampaignProgress]:
    """Campaigns in progress (only ``player``'s when given), newest first."""
    if player is not None:
        try:
            found = read_progress(places, campaign, player)
        except CampaignError:
            return []
        return [found] if found is not None else []
    prefix = f"campaign--{slug(campaign.id)}--"
    listed: list[tuple[float, CampaignProgress]] = []
    if places.saves.is_dir():
        for entry in os.scandir(places.saves):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".json")):
                continue
            try:
                progress = read_progress_file(Path(entry.path))
                listed.append((entry.stat().st_mtime, progress))
            except (FileProblem, OSError):
                continue
    return [p for _, p in sorted(listed, key=lambda item: -item[0]) if p.campaign == campaign.id]


def start_progress(places: Places, campaign: Campaign, player: str, seed: int | None,
                   clock: Callable[[], str] = now_iso) -> CampaignProgress:
    """A new campaign for ``player`` (replacing one in progress), written at once.  Blocking."""
    progress = CampaignProgress(campaign=campaign.id, player=player, seed=new_seed() if seed is None else seed,
                                chapter=0, started_at=clock())
    write_progress(places, campaign, progress)
    return progress


# -- a campaign being played --------------------------------------------------------------------

@record(frozen=False, slots=False)
class CampaignRun:
    """A campaign being played: the plan, its chapters (loaded), and the player's progress."""

    plan: CampaignPlan
    chapters: list[ChapterInfo]
    progress: CampaignProgress
    places: Places
    reveal: str = "each"
    #: True once the last chapter is done (the progress file has then been deleted).
    complete: bool = False

    @property
    def campaign(self) -> Campaign:
        return self.plan.campaign

    @property
    def total(self) -> int:
        return len(self.chapters)

    def current(self) -> ChapterInfo | None:
        index = self.progress.chapter
        return self.chapters[index] if 0 <= index < self.total else None

    def settings(self, scenario: Scenario) -> RunSettings:
        index = self.progress.chapter
        chapter = CampaignSettings(self.campaign.id, index + 1, self.total, self.progress.carry)
        return RunSettings(reveal="end" if self.reveal == "end" else "each", undo=scenario.undo,
                           campaign=chapter)

    def new_session(self, scenario: Scenario, clock: Callable[[], str] = now_iso) -> Session:
        """The current chapter from its start, inheriting the carry."""
        carry = Carry.for_scenario(scenario, {"meters": self.progress.carry.meters,
                                              "flags": self.progress.carry.flags})
        return Session.start(scenario, self.places, player=self.progress.player,
                             settings=self.settings(scenario),
                             seed=chapter_seed(self.progress.seed, self.progress.chapter), carry=carry,
                             clock=clock)

    def saved_session(self, scenario: Scenario, clock: Callable[[], str] = now_iso) -> tuple[Session | None, list[str]]:
        """The current chapter's autosave from this campaign, carried over to the scenario as it
        is now; or None, with the reason when there was a save that could not be used."""
        path = files.find_save(self.places, scenario.id, self.progress.player,
                               files.save_context(self.settings(scenario)))
        if path is None:
            return None, []
        try:
            save = read_save(path)
        except FileProblem as exc:
            return None, [f"The chapter's saved game cannot be read ({exc}); the chapter starts again."]
        chapter = save.settings.campaign
        if chapter is None or chapter.id != self.campaign.id or chapter.chapter != self.progress.chapter + 1:
            return None, []  # another game of the same scenario: not this campaign's
        try:
            session = Session.resume(save, scenario, self.places, found_at=path, clock=clock)
        except ResumeProblem as exc:
            return None, [*exc.notes, "The chapter starts again."]
        return session, list(session.notes)

    def advance(self, session: Session) -> None:
        """After a chapter's ending: note its record, carry its distance from history on, and
        write the progress (or delete it after the last chapter).  Blocking."""
        chapter = session.chapter
        if chapter is None or chapter.id != self.campaign.id or chapter.chapter != self.progress.chapter + 1:
            return
        done = ChapterDone(session.run.run_id, str(session.record_path or ""))
        self.progress.done = [*self.progress.done, done]
        self.progress.carry = carry_data(carry_out(session.game))
        self.progress.chapter += 1
        if self.progress.chapter >= self.total:
            self.complete = True
            files.progress_path(self.places, self.campaign.id, self.progress.player).unlink(missing_ok=True)
        else:
            write_progress(self.places, self.campaign, self.progress)


def open_run(plan: CampaignPlan, places: Places, player: str, *, resume: bool, seed: int | None,
             reveal: str, clock: Callable[[], str] = now_iso) -> CampaignRun:
    """The campaign run for ``player``: carried on (``resume``) or started afresh.  Blocking.
    Raises :class:`CampaignError` when there is nothing to carry on or it cannot be read."""
    chapters = load_chapters(plan)
    if not chapters:
        raise CampaignError("no campaign chapters are installed")
    if resume:
        progress = read_progress(places, plan.campaign, player)
        if progress is None:
            raise CampaignError(f"no campaign in progress for player '{player}'")
    else:
        progress = start_progress(places, plan.campaign, player, seed, clock)
    return CampaignRun(plan, chapters, progress, places, reveal)


# -- the summary --------------------------------------------------------------------------------

@record(slots=False)
class ChapterResult:
    """One finished chapter, from its run record, for the campaign summary."""

    number: int
    title: str
    path: str
    ending: str = ""
    historical: bool | None = None
    divergence: int | None = None
    matched: int | None = None
    decided: int | None = None
    seesaw: int | None = None
    carry_in: CarryData = CarryData()
    problem: str = ""


def chapter_results(progress: CampaignProgress) -> list[ChapterResult]:
    """Read the campaign's run records (blocking).  A missing or damaged one is said so."""
    out = []
    for number, done in enumerate(progress.done, start=1):
        if not done.record:
            out.append(ChapterResult(number, f"Chapter {number}", "", problem="its record could not be written"))
            continue
        try:
            record = read_record(Path(done.record))
        except FileProblem as exc:
            out.append(ChapterResult(number, f"Chapter {number}", done.record, problem=str(exc)))
            continue
        chapter = record.settings.campaign
        ending = record.ending
        out.append(ChapterResult(
            chapter.chapter if chapter else number, clean_text(record.scenario.title, 200), done.record,
            clean_text(ending.title, 200) if ending else "", ending.historical if ending else None,
            record.divergence, record.agreement.matched, record.agreement.decided, record.seesaw,
            chapter.carry_in if chapter else CarryData()))
    return out


__all__ = [
    "BUNDLED",
    "Campaign",
    "CampaignError",
    "CampaignPlan",
    "CampaignRun",
    "CarryIn",
    "CarryLine",
    "ChapterInfo",
    "ChapterResult",
    "bundled_plan",
    "carry_in",
    "carry_out",
    "chapter_results",
    "chapter_seed",
    "find_progress",
    "load_chapter",
    "load_chapters",
    "open_run",
    "read_progress",
    "start_progress",
    "write_progress",
]
