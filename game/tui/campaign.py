"""The campaign as the full-screen game plays it: chapters in order, carry-over, progress.

Why a Textual-free module: the campaign must behave exactly as ``politburo campaign --plain``
does (same :class:`~game.campaign.CampaignProgress` file, same chapter seeds, the same
``settings.campaign`` in every run record, the same chapter autosave), so that a student can
start a campaign in one mode and carry on in the other.  Everything that decides those things
lives here, testable without a terminal; the screens only show it.

A :class:`CampaignPlan` says which chapters make the campaign and how to load one.  The game
uses the bundled plan; tests hand the app a plan of small fixture chapters through
``make_app(campaign=...)``.  Blocking functions (they read YAML or files) are called from
workers.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from game.campaign import (
    BUNDLED, Campaign, CampaignError, CampaignProgress, chapter_seed, progress_path, read_progress,
    write_progress,
)
from game.engine import Game, Scenario, StateError
from game.engine.game import normalise_carry
from game.paths import Places, slug
from game.records import RunInfo, now_iso
from game.saves import read_save, save_path
from game.tui.session import Chapter, Session


@dataclass(frozen=True)
class CampaignPlan:
    """A campaign and how to get its chapters: ``chapters()`` lists the ids available in order,
    ``load(id)`` returns the checked scenario or raises :class:`CampaignError`."""

    campaign: Campaign
    chapters: Callable[[], list[str]]
    load: Callable[[str], Scenario]


def bundled_plan() -> CampaignPlan:
    """The four bundled chapters, exactly as ``politburo campaign --plain`` plays them."""
    from game.campaign import available_chapters, load_chapter

    return CampaignPlan(BUNDLED, available_chapters, load_chapter)


@dataclass(frozen=True)
class ChapterInfo:
    """What the campaign screen lists for one chapter."""

    id: str
    scenario: Scenario | None
    problem: str = ""

    @property
    def title(self) -> str:
        return self.scenario.title if self.scenario is not None else self.id


@dataclass
class CampaignRun:
    """A campaign being played: the plan, the chapters (loaded), and the player's progress."""

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

    def chapter_of(self, index: int) -> Chapter:
        return Chapter(self.campaign.id, index, self.total)

    def new_session(self, scenario: Scenario, clock: Callable[[], str] = now_iso) -> Session:
        """Chapter ``progress.chapter`` from its start, inheriting the carry, as plain mode does."""
        index = self.progress.chapter
        seed = chapter_seed(self.progress.seed, index)
        info = RunInfo(self.progress.player, seed, clock(), {
            "reveal": self.reveal, "undo": scenario.undo,
            "campaign": {"id": self.campaign.id, "chapter": index + 1, "of": self.total,
                         "carry_in": self.progress.carry}})
        game = Game.new(scenario, random.Random(seed), self.progress.carry)
        return Session(scenario, game, info, self.places, chapter=self.chapter_of(index))

    def saved_session(self, scenario: Scenario) -> Session | None:
        """The chapter's autosave, if there is one from this campaign (None otherwise)."""
        path = save_path(self.places.saves, scenario.id, self.progress.player)
        if not path.exists():
            return None
        try:
            save = read_save(path)
        except StateError:
            return None
        saved = save.data.get("campaign")
        if not isinstance(saved, dict) or saved.get("id") != self.campaign.id:
            return None
        try:
            session = Session.resume(save, scenario, self.places)
        except StateError:
            return None
        session.chapter = self.chapter_of(self.progress.chapter)
        return session

    def advance(self, session: Session, record_path: Path | None) -> None:
        """After a chapter's ending: note its record, carry its distance from history on, and
        write the progress (or delete it after the last chapter), as plain mode does.  Blocking."""
        if session.chapter is None or session.chapter.index != self.progress.chapter:
            return
        if record_path is not None:
            self.progress.records.append(str(record_path))
        self.progress.carry = session.game.carry_out()
        self.progress.chapter += 1
        if self.progress.chapter >= self.total:
            self.complete = True
            progress_path(self.places.saves, self.campaign, self.progress.player).unlink(missing_ok=True)
        else:
            write_progress(self.places.saves, self.campaign, self.progress)


# -- finding and starting campaigns (blocking: called from workers) ---------------------------

def load_chapters(plan: CampaignPlan) -> list[ChapterInfo]:
    out = []
    for chapter_id in plan.chapters():
        try:
            out.append(ChapterInfo(chapter_id, plan.load(chapter_id)))
        except CampaignError as exc:
            out.append(ChapterInfo(chapter_id, None, str(exc)))
    return out


def find_progress(saves: Path, campaign: Campaign, player: str | None = None) -> list[CampaignProgress]:
    """Campaigns in progress in ``saves`` (only ``player``'s when given), newest first."""
    if player is not None:
        try:
            found = read_progress(saves, campaign, player)
        except CampaignError:
            return []
        return [found] if found is not None else []
    pattern = f"campaign--{slug(campaign.id)}--*.json"
    found = []
    for path in saves.glob(pattern) if saves.is_dir() else ():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            progress = CampaignProgress.from_dict(data)
        except (OSError, ValueError, CampaignError):
            continue
        if progress.campaign == campaign.id:
            found.append((path.stat().st_mtime, progress))
    return [p for _, p in sorted(found, key=lambda item: -item[0])]


def start_progress(places: Places, campaign: Campaign, player: str, seed: int | None,
                   clock: Callable[[], str] = now_iso) -> CampaignProgress:
    """A new campaign for ``player`` (replacing one in progress), written at once."""
    if seed is None:
        seed = secrets.randbelow(2**31)
    progress = CampaignProgress(campaign.id, player, seed, 0, {}, [], clock())
    places.saves.mkdir(parents=True, exist_ok=True)
    write_progress(places.saves, campaign, progress)
    return progress


# -- what the screens show -------------------------------------------------------------------

@dataclass(frozen=True)
class CarryLine:
    """One meter at the start of a chapter: its usual start, the shift carried in, the start."""

    label: str
    usual: int
    shift: int | None  # None: the previous chapter had no such meter
    start: int


@dataclass(frozen=True)
class CarryIn:
    meters: list[CarryLine]
    flags: dict[str, Any] = field(default_factory=dict)


def carry_in(scenario: Scenario, carry: dict[str, Any]) -> CarryIn:
    """How the carried distance from history sets this chapter's start (as ``Game.new`` does)."""
    kept = normalise_carry(scenario, carry)
    lines = []
    for m in scenario.meters:
        shift = kept["meters"].get(m.id)
        lines.append(CarryLine(m.label, m.clamp(m.start), shift, m.clamp(m.start + (shift or 0))))
    return CarryIn(lines, dict(kept["flags"]))


@dataclass(frozen=True)
class ChapterResult:
    """One finished chapter, from its run record, for the campaign summary."""

    number: int
    title: str
    path: str
    ending: str = ""
    historical: bool | None = None
    divergence: int | None = None
    final_divergence: int | None = None
    matched: int | None = None
    decided: int | None = None
    seesaw: int | None = None
    carry_in: dict[str, Any] = field(default_factory=dict)
    problem: str = ""


def chapter_results(progress: CampaignProgress) -> list[ChapterResult]:
    """Read the campaign's run records (blocking).  A missing or damaged one is said so."""
    from game.classroom.join import clean_text

    out = []
    for number, path in enumerate(progress.records, start=1):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            scenario = data["scenario"]
            ending = data.get("ending") or {}
            agreement = data.get("agreement") or {}
            camp = (data.get("settings") or {}).get("campaign") or {}
            out.append(ChapterResult(
                int(camp.get("chapter", number)), clean_text(str(scenario.get("title") or scenario["id"]), 200),
                path, clean_text(str(ending.get("title", "")), 200), ending.get("historical"),
                data.get("divergence"), data.get("final_divergence"), agreement.get("matched"),
                agreement.get("decided"), data.get("seesaw"), dict(camp.get("carry_in") or {})))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a readable run record"
            out.append(ChapterResult(number, f"Chapter {number}", path, problem=str(reason)))
    return out
