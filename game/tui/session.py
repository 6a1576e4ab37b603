"""One playthrough as the full-screen game sees it: the engine's game plus who, where and how.

Why a separate, Textual-free module: the screens should only *show* a session, and everything
that decides what is saved, what the player has "met" so far and what the run record holds must
be testable without a terminal and must match plain mode exactly (plain mode and this module call
the same ``records.build_record``/``write_record`` and ``saves.write_save``).

Blocking file I/O lives in the plain functions at the bottom; the app calls them from thread
workers, handing over *snapshots* so a worker never reads a game that the player is changing.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from game.engine import Document, Event, Game, Historiography, Scenario, Source, StateError
from game.paths import Places
from game.records import RunInfo, build_record, now_iso, write_record
from game.saves import Save, delete_save, write_save

Clock = Callable[[], str]


def clean_reason(text: object) -> str:
    """A justification as plain mode stores it: one line, no control characters, bounded."""
    from game.classroom.join import REASON_LIMIT, clean_text

    return clean_text(str(text or ""), REASON_LIMIT)


@dataclass(frozen=True)
class GameSnapshot:
    """A frozen copy of a game's saved state, shaped like the game for :func:`write_save`.

    Autosaving runs in a worker thread; giving it the live ``Game`` would let a quick second
    decision change the state halfway through the write.
    """

    scenario: Scenario
    state: dict[str, Any]
    #: Extra fields for the save (campaign chapter, justifications), frozen with the state.
    extra: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.state


@dataclass(frozen=True)
class Met:
    """What the player has seen so far, for the dossier: in the order first met."""

    documents: tuple[Document, ...]
    sources: tuple[Source, ...]
    historiography: tuple[Historiography, ...]


@dataclass(frozen=True)
class Chapter:
    """Where a session sits in a campaign (see :mod:`game.tui.campaign`)."""

    campaign_id: str
    #: 0-based, as plain mode's campaign save writes it.
    index: int
    of: int

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_last(self) -> bool:
        return self.index + 1 >= self.of


@dataclass
class Session:
    """A game in progress and the facts about it that the engine does not keep."""

    scenario: Scenario
    game: Game
    info: RunInfo
    places: Places
    #: Where the run record went once the game ended (None until then, or if writing failed).
    record_path: Path | None = None
    #: Why the run record could not be written, if it could not.
    record_error: str = ""
    #: The turn whose consequence the player has not dismissed yet (drives the reveal).
    last_events: list[Event] = field(default_factory=list)
    #: A joined class (``game.classroom.join.JoinedClass``), when the game is a class's.
    classroom: Any = None
    #: Reasons given at debate points (``--justify`` classes), by turn, as plain mode keeps them.
    justifications: dict[int, str] = field(default_factory=dict)
    #: The campaign chapter this game is, or None for a single scenario.
    chapter: Chapter | None = None
    #: Notes for the player when a save was carried over to an edited scenario.
    notes: list[str] = field(default_factory=list)

    @classmethod
    def new(cls, scenario: Scenario, places: Places, *, player: str = "player",
            seed: int | None = None, reveal: str = "each", clock: Clock = now_iso,
            classroom: Any = None) -> "Session":
        """A fresh game, with the same settings plain mode records.

        ``classroom`` is a joined class (``game.classroom.join.JoinedClass``): its code fixes
        the seed and the settings (reveal, undo lock), exactly as in plain mode."""
        if classroom is not None:
            info = classroom.run_info(player, clock())
        else:
            if seed is None:
                seed = secrets.randbelow(2**31)
            info = RunInfo(player, seed, clock(), {"reveal": reveal, "undo": scenario.undo})
        game = Game.new(scenario, random.Random(info.seed))
        return cls(scenario, game, info, places, classroom=classroom)

    @classmethod
    def resume(cls, save: Save, scenario: Scenario, places: Places, *, classroom: Any = None) -> "Session":
        """The saved game, carried over to the scenario as it is now (``restore_or_migrate``:
        an edited scenario replays the decisions by id and :attr:`notes` say what changed).
        Raises ``StateError`` when nothing of the save fits; the caller offers a fresh start."""
        game, notes = save.restore_or_migrate(scenario)
        if game is None:
            raise StateError(" ".join(notes) or "the save does not fit the scenario")
        try:
            reasons = {int(k): clean_reason(v) for k, v in dict(save.data.get("justifications") or {}).items()}
        except (TypeError, ValueError):
            reasons = {}
        chapter = None
        saved = save.data.get("campaign")
        if isinstance(saved, dict) and isinstance(save.info.settings.get("campaign"), dict):
            total = save.info.settings["campaign"].get("of")
            try:
                chapter = Chapter(str(saved["id"]), int(saved["chapter"]), int(total))
            except (KeyError, TypeError, ValueError):
                chapter = None
        session = cls(scenario, game, save.info, places, classroom=classroom, chapter=chapter, notes=notes)
        session.justifications = {t: r for t, r in reasons.items() if r and t <= game.turn}
        return session

    # -- settings ----------------------------------------------------------------------------

    @property
    def reveal_each(self) -> bool:
        return self.info.settings.get("reveal", "each") != "end"

    @property
    def undo_allowed(self) -> bool:
        """The scenario and the run's settings (a class may lock it) both allow undo."""
        return bool(self.scenario.undo and self.info.settings.get("undo", True))

    @property
    def can_undo(self) -> bool:
        return self.undo_allowed and bool(self.game.decisions) and not self.game.is_over

    @property
    def class_code(self) -> str:
        return str(self.info.settings.get("class") or "")

    def asks_reason(self, scene_id: str) -> bool:
        """A ``--justify`` class asks for a reason at this scene (a debate point).

        The joined class answers when there is one; a class game resumed from the title screen
        has only its saved settings, which say the same (justify, and the scene's debate flag)."""
        if self.classroom is not None:
            return bool(self.classroom.asks_reason(scene_id))
        if not self.info.settings.get("justify") or not self.scenario.has_scene(scene_id):
            return False
        return bool(self.scenario.scene(scene_id).debate)

    def save_extra(self) -> dict[str, Any] | None:
        """What the autosave holds beyond the game: the campaign chapter and the reasons given,
        in the same shape plain mode writes (so either mode resumes the other's save)."""
        extra: dict[str, Any] = {}
        if self.chapter is not None:
            extra["campaign"] = {"id": self.chapter.campaign_id, "chapter": self.chapter.index}
        reasons = {str(t): r for t, r in sorted(self.justifications.items()) if t <= self.game.turn}
        if reasons:
            extra["justifications"] = reasons
        return extra or None

    # -- acting ------------------------------------------------------------------------------

    def choose(self, choice_id: str, reason: str = "") -> list[Event]:
        """Take a decision; ``reason`` is the player's justification at a debate point."""
        reason = clean_reason(reason)
        if reason:
            self.justifications[self.game.turn + 1] = reason
        else:
            self.justifications.pop(self.game.turn + 1, None)
        self.last_events = self.game.choose(choice_id)
        return self.last_events

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        self.last_events = []
        done = self.game.undo()
        self.justifications = {t: r for t, r in self.justifications.items() if t <= self.game.turn}
        return done

    def snapshot(self) -> GameSnapshot:
        return GameSnapshot(self.scenario, self.game.to_dict(), self.save_extra())

    def record(self, finished_at: str | None) -> dict[str, Any]:
        """The run record so far (or final), with the reasons given, as plain mode builds it."""
        return build_record(self.game, self.info, finished_at=finished_at,
                            justifications=self.justifications or None)

    def final_record(self, clock: Clock = now_iso) -> dict[str, Any]:
        """The run record, exactly as plain mode builds it."""
        return self.record(clock())

    # -- what the player has seen ------------------------------------------------------------

    def visited_scenes(self) -> list[str]:
        seen: list[str] = []
        for decision in self.game.decisions:
            if decision.scene not in seen:
                seen.append(decision.scene)
        if self.game.scene_id is not None and self.game.scene_id not in seen:
            seen.append(self.game.scene_id)
        return seen

    def revealed_scenes(self) -> list[str]:
        """Scenes whose "What actually happened" the player has been shown."""
        if not self.reveal_each and not self.game.is_over:
            return []
        return list(dict.fromkeys(d.scene for d in self.game.decisions))

    def met(self) -> Met:
        """Documents, sources and historians' readings met so far (the dossier's contents)."""
        s = self.scenario
        docs: dict[str, Document] = {}
        source_ids: list[str] = []
        hist: dict[str, Historiography] = {}
        for scene_id in self.visited_scenes():
            for doc in s.scene(scene_id).documents:
                docs.setdefault(doc.id, doc)
                source_ids.append(doc.source)
        for scene_id in self.revealed_scenes():
            scene = s.scene(scene_id)
            hist_choice = scene.historical_choice
            if hist_choice is not None and hist_choice.historical is not None:
                source_ids.extend(hist_choice.historical.sources)
            for entry_id in scene.historiography:
                entry = s.historiography_entry(entry_id)
                hist.setdefault(entry.id, entry)
                for reading in entry.readings:
                    source_ids.extend(reading.sources)
        ending = self.game.ending
        if ending is not None:
            source_ids.extend(ending.sources)
        sources = tuple(s.source(i) for i in dict.fromkeys(source_ids))
        return Met(tuple(docs.values()), sources, tuple(hist.values()))


# -- blocking I/O, run from worker threads ---------------------------------------------------

def prepare_places(places: Places) -> None:
    """Create the folders and sweep temporary files left by a killed writer, as plain mode does."""
    places.prepare()


def autosave(places: Places, snapshot: GameSnapshot, info: RunInfo) -> Path:
    return write_save(places.saves, snapshot, info, snapshot.extra)  # type: ignore[arg-type]


def finish(places: Places, record: dict[str, Any], scenario_id: str, player: str) -> Path:
    """Write the run record, then delete the autosave: the game is over."""
    path = write_record(places.runs, record)
    delete_save(places.saves, scenario_id, player)
    return path


def export(places: Places, record: dict[str, Any]) -> Path:
    """Write the run so far as a record in ``runs/exports`` (kept apart from finished runs)."""
    return write_record(places.runs / "exports", record)
