"""A group's figures, kept as running totals: the report over a school's year without holding it.

Why totals (issue 15): a report over 100,000 run records used to hold every record, then every
player's meter line, then a copy of all of it for JSON (0.9–2.0 GB).  A :class:`GroupTally`
takes one run at a time and keeps only what the report shows:

- per decision, a count per option and of matches with history, and at most
  :data:`QUOTES_KEPT` reasons per option (the first by name) with the number of the rest;
- per meter and turn, a count per value (meters are small integers), which gives the lowest,
  quartiles, median and highest exactly, in memory that does not grow with the class;
- one small row per run for the players' table and the roster (the only part that grows with
  the class, and the roster is that table);
- each player's meter line only while the group has at most :data:`PLAYER_LINES` runs (a
  terminal table of a class, not of a school).

A run can also be taken out again (``sign=-1``): the report's reader (:mod:`game.classroom.stream`)
counts a run when it first meets it, and when a better record of the same run turns up later (the
finished run after a mid-game export) it takes the first one out and counts the better one.
Everything kept is a count or is kept per run, so taking out is exact.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from collections.abc import Callable

from game.classroom.report import (
    FINISHED, IN_PROGRESS, MOST_SPLIT, SKIPPED_SHOWN, UNFINISHED, DecisionStat, Group, GroupKey, MeterSeries,
    OptionStat, PlayerRow, PlayerSeries, Quote, Report, ScenarioLookup, _key, assemble,
)
from game.classroom.meters import MeterPath, picker, series_of, spread_of
from game.classroom.runs import Run, Skipped
from game.engine import Scenario
from game.engine.history import historical_track
from game.play.recording import now_iso

#: Reasons kept per option of a decision (the first by name; the rest are counted).
QUOTES_KEPT = 40
#: Groups of at most this many runs are listed player by player in the table, Markdown and CSV
#: (with each player's meter line); larger ones point to the roster.
PLAYER_LINES = 60
#: Different meter paths counted as wholes before they are folded into per-turn counts.
PATHS_KEPT = 20_000


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class _Scene:
    first_turn: int
    counts: Counter[str] = field(default_factory=Counter)
    #: Runs that said which choice was history's, by the choice they named.
    historical: Counter[str] = field(default_factory=Counter)
    matched: int = 0
    decided: int = 0
    #: Per choice: the first reasons as (order key, run, text), sorted; and how many in all.
    quotes: dict[str, list[tuple[tuple[str, str, int], int, str]]] = field(default_factory=dict)
    quoted: Counter[str] = field(default_factory=Counter)


def status(run: Run) -> str:
    return FINISHED if run.complete else IN_PROGRESS if run.live else UNFINISHED


class GroupTally:
    """The running totals of one group (scenario, version, fingerprint, class)."""

    def __init__(self, scenario: Scenario | None, anonymous: bool) -> None:
        self.scenario = scenario
        self.anonymous = anonymous
        self.first: Run | None = None
        self.runs = 0
        self.playing = 0
        self.stopped = 0
        self.reveal_end = 0
        self.scenes: dict[str, _Scene] = {}
        #: Per run: its place in the labels' order (finish time, file) and its row, named by the
        #: player until :meth:`group` gives the labels.
        self.rows: dict[int, tuple[tuple[str, str], PlayerRow]] = {}
        self.history: dict[str, list[int]] | None = None
        self.meter_ids: list[str] | None = None
        self._pick: Callable[[dict[str, int]], tuple[int | None, ...]] = lambda _: ()
        #: Per meter, per turn: how many runs had each value.
        self.values: dict[str, list[Counter[int]]] = {}
        self.lines: dict[int, dict[str, list[int]]] | None = {}
        #: Meter paths (one tuple per meter, in ``meter_ids`` order) not yet folded into ``values``.
        self.paths: Counter[MeterPath] = Counter()

    def _fold(self) -> None:
        """Move the counted paths into the per-turn counts (exact: counts, even negative, add up)."""
        assert self.meter_ids is not None
        for path, n in self.paths.items():
            if not n:
                continue
            for meter, series in zip(self.meter_ids, series_of(path)):
                per_turn = self.values.setdefault(meter, [])
                while len(per_turn) < len(series):
                    per_turn.append(Counter())
                for turn, v in enumerate(series):
                    per_turn[turn][v] += n
        self.paths.clear()

    # -- taking runs in and out ---------------------------------------------------------------

    def add(self, run: Run, ref: int, sign: int = 1) -> None:
        """Count ``run`` (``sign=-1``: take it out again; ``ref`` names it both times)."""
        if self.first is None:
            self.first = run
        self.runs += sign
        if run.live and not run.complete:
            self.playing += sign
        elif not run.complete:
            self.stopped += sign
        if run.reveal == "end":
            self.reveal_end += sign
        order = (run.finished_at or run.started_at, run.path)
        key = (order[0], order[1], ref) if self.anonymous else (run.player.casefold(), order[0], ref)
        for step in run.steps:
            scene = self.scenes.get(step.scene)
            if scene is None:
                scene = self.scenes[step.scene] = _Scene(step.turn)
            scene.first_turn = min(scene.first_turn, step.turn)
            scene.counts[step.choice] += sign
            if step.historical is not None:
                scene.decided += sign
                if step.historical:
                    scene.matched += sign
                    scene.historical[step.choice] += sign
            if step.justification:
                self._quote(scene, step.choice, (key[0], key[1], key[2]), ref, step.justification, sign)
        if sign > 0:
            self.rows[ref] = (order, self._row(run))
        else:
            self.rows.pop(ref, None)
        if not run.live:
            self._meters(run, ref, sign)

    @staticmethod
    def _quote(scene: _Scene, choice: str, key: tuple[str, str, int], ref: int, text: str, sign: int) -> None:
        kept = scene.quotes.setdefault(choice, [])
        scene.quoted[choice] += sign
        entry = (key, ref, text)
        if sign > 0:
            if len(kept) < QUOTES_KEPT or entry < kept[-1]:
                bisect.insort(kept, entry)
                del kept[QUOTES_KEPT:]
        elif entry in kept:
            kept.remove(entry)

    def _row(self, run: Run) -> PlayerRow:
        where = ""
        scenario = self.scenario
        if run.live and run.scene_now:
            known = scenario is not None and scenario.has_scene(run.scene_now)
            where = scenario.scene(run.scene_now).title if known and scenario is not None else run.scene_now
        reasons = [s.justification for s in run.steps if s.justification]
        live = run.live and not run.complete
        return PlayerRow(
            run.player, run.complete, run.ending_id, run.ending_title, run.ending_historical, len(run.steps),
            run.divergence, run.final_divergence, run.matched, run.decided, run.seesaw,
            # Only a student still playing needs the choices (what a live view may show); the
            # rest are in the decisions' counts.
            {s.scene: s.choice for s in run.steps} if live else {},
            None if self.anonymous else run.path, status(run),
            len(run.steps) + 1 if run.live and run.scene_now else None, where,
            len(reasons), sum(len(r.split()) for r in reasons))

    def _meters(self, run: Run, ref: int, sign: int) -> None:
        if self.meter_ids is None:
            if self.scenario is not None:
                self.meter_ids = [m.id for m in self.scenario.meters]
            elif run.history_meters:
                self.meter_ids = list(run.history_meters)
            else:
                return
            self._pick = picker(tuple(self.meter_ids))
        if self.history is None and run.history_meters:
            self.history = {k: list(v) for k, v in run.history_meters.items()}
        ids = self.meter_ids
        history = run.history_meters or self.history or {}
        start = tuple(history[m][0] if history.get(m) else None for m in ids)
        # Each decision's meters, in ``ids`` order (None where a record leaves one out).
        steps: tuple[tuple[int | None, ...], ...]
        try:
            steps = tuple(map(self._pick, [s.meters for s in run.steps]))
        except KeyError:
            steps = tuple(tuple(s.meters.get(m) for m in ids) for s in run.steps)
        # Counted by whole path first (a class's paths repeat: one count per run), folded into
        # per-turn counts when there are too many different ones (memory stays bounded).
        path = (start, steps)
        self.paths[path] += sign
        if len(self.paths) > PATHS_KEPT:
            self._fold()
        if self.lines is not None:
            if sign > 0:
                self.lines[ref] = dict(zip(ids, series_of(path)))
                if len(self.lines) > PLAYER_LINES:
                    self.lines = None  # a school, not a class: the bands say it
            else:
                self.lines.pop(ref, None)

    # -- the group, as the report shows it ----------------------------------------------------

    def labels(self) -> dict[int, str]:
        """Display names in a stable order (finish time, then file); duplicates get (2), (3)...
        Anonymous labels follow the same order, so they do not leak alphabetical order."""
        labels: dict[int, str] = {}
        counts: Counter[str] = Counter()
        for n, (ref, (_, row)) in enumerate(sorted(self.rows.items(), key=lambda item: (item[1][0], item[0])),
                                            start=1):
            if self.anonymous:
                labels[ref] = f"Student {n}"
            else:
                counts[row.player.casefold()] += 1
                k = counts[row.player.casefold()]
                labels[ref] = row.player if k == 1 else f"{row.player} ({k})"
        return labels

    def decisions(self, labels: dict[int, str]) -> list[DecisionStat]:
        scenario = self.scenario
        live = {s: t for s, t in self.scenes.items() if sum(t.counts.values()) > 0}
        order = sorted(live, key=lambda s: (live[s].first_turn, s))
        if scenario is not None:
            rank = {s.id: i for i, s in enumerate(scenario.scenes)}
            order = sorted(live, key=lambda s: (rank.get(s, len(rank)), live[s].first_turn, s))
        stats = []
        for scene_id in order:
            tally = live[scene_id]
            counts = +tally.counts
            scene = scenario.scene(scene_id) if scenario is not None and scenario.has_scene(scene_id) else None
            hist = scene.historical_choice.id if scene is not None and scene.historical_choice else None
            if hist is None:
                named = +tally.historical
                hist = min(named, key=lambda c: (-named[c], c)) if named else None
            choice_ids = [c.id for c in scene.choices] if scene is not None else []
            choice_ids += sorted((c for c in counts if c not in choice_ids), key=lambda c: (-counts[c], c))
            label_of = {c.id: c.label for c in scene.choices} if scene is not None else {}
            reached = sum(counts.values())
            options = [OptionStat(c, label_of.get(c, c), counts[c], _percent(counts[c], reached) or 0, c == hist)
                       for c in choice_ids]
            quotes = []
            more = {}
            for choice in choice_ids:
                kept = tally.quotes.get(choice, [])
                shown = sorted((Quote(labels.get(ref, "?"), choice, text) for _, ref, text in kept),
                               key=lambda q: q.player.casefold())
                quotes += shown
                if tally.quoted[choice] > len(shown):
                    more[choice] = tally.quoted[choice] - len(shown)
            top = max(counts.values()) if counts else 0
            stats.append(DecisionStat(
                scene_id, scene.title if scene is not None else scene_id, bool(scene and scene.debate), reached,
                hist, tally.matched, tally.decided, _percent(tally.matched, tally.decided),
                round(100 * (1 - top / reached)) if reached else 0, options, quotes,
                list(scene.debrief_questions) if scene is not None else [], more_quotes=more))
        return stats

    def players(self, labels: dict[int, str]) -> list[PlayerRow]:
        rows = []
        for ref, (_, row) in self.rows.items():
            row.player = labels[ref]
            rows.append(row)
        if self.anonymous:
            return sorted(rows, key=lambda r: int(r.player.split()[-1]))
        return sorted(rows, key=lambda r: (r.player.casefold(), r.player))

    def meters(self, labels: dict[int, str]) -> list[MeterSeries]:
        if self.paths:
            self._fold()
        scenario = self.scenario
        recorded = self.history or {}
        if scenario is not None:
            track = historical_track(scenario) if not recorded else None
            specs = [(m.id, m.label, m.min, m.max,
                      list(recorded.get(m.id, [])) if track is None else track.series(m.id))
                     for m in scenario.meters]
        else:
            specs = [(m, m.replace("_", " ").capitalize(), 0, 100, list(series)) for m, series in recorded.items()]
        out = []
        for meter, label, low, high, history in specs:
            per_turn = self.values.get(meter, [])
            length = max(len(history), len(per_turn))
            median: list[float | None] = []
            bands: list[list[float] | None] = []
            for turn in range(length):
                band = spread_of(per_turn[turn]) if turn < len(per_turn) else None
                bands.append(band)
                median.append(band[2] if band is not None else None)
            players = [] if self.lines is None else sorted(
                (PlayerSeries(labels[ref], lines[meter]) for ref, lines in self.lines.items() if meter in lines),
                key=lambda p: p.player.casefold())
            out.append(MeterSeries(meter, label, low, high, list(history), median, players, bands))
        return out

    def group(self, apart: str = "", notes: list[str] | None = None, unknown: bool = False) -> Group:
        first = self.first
        assert first is not None, "a group has at least one run"
        scenario = self.scenario
        labels = self.labels()
        notes = list(notes or [])
        if self.playing:
            notes.append(f"{self.playing} of {self.runs} students are still playing; their decisions so far are "
                         "counted.")
        if self.stopped:
            notes.append(f"{self.stopped} of {self.runs} runs are unfinished; their decisions so far are counted.")
        if scenario is None:
            notes.append(f"Version {first.version} of '{first.scenario_id}' is not installed here, so choices "
                         "show as ids and the debrief questions are missing (pass --scenario FILE).")
        decisions = self.decisions(labels)
        split = sorted((d for d in decisions if d.reached >= 2 and d.split > 0),
                       key=lambda d: (-d.split, -d.reached))
        seesaw = ("national interest", "bloc rivalry")
        if scenario is not None and scenario.seesaw is not None:
            seesaw = tuple(scenario.meter(m).label.lower() for m in scenario.seesaw)  # type: ignore[assignment]
        return Group(first.scenario_id, first.version,
                     (scenario.title if scenario else first.title) or first.scenario_id, scenario is not None,
                     self.runs, self.runs - self.playing - self.stopped,
                     [first.class_code] if first.class_code else [], notes, decisions,
                     [d.scene for d in split[:MOST_SPLIT]], self.players(labels), self.meters(labels), seesaw,
                     first.content_hash, apart, self.playing, self.stopped, self._reveal(), unknown,
                     players_listed=self.runs <= PLAYER_LINES)

    def _reveal(self) -> str:
        """The class's reveal setting, from its code (the teacher's own), else from the records."""
        assert self.first is not None
        code = self.first.class_code
        if code:
            from game.classroom.codes import CodeError, parse_code

            try:
                return parse_code(code).reveal
            except CodeError:
                pass
        return "end" if self.reveal_end > 0 else "each"


class Tallies:
    """Every group's totals, runs added (and taken out) one at a time, and the skipped files (the
    first :data:`~game.classroom.report.SKIPPED_SHOWN` kept, all counted)."""

    def __init__(self, lookup: ScenarioLookup | None, anonymous: bool) -> None:
        self.lookup = lookup
        self.anonymous = anonymous
        self.groups: dict[GroupKey, GroupTally] = {}
        self.scenarios: dict[tuple[str, str], Scenario | None] = {}
        self.skipped: list[Skipped] = []
        self.skipped_total = 0

    def add(self, run: Run, ref: int, sign: int = 1) -> GroupKey:
        key = _key(run)
        tally = self.groups.get(key)
        if tally is None:
            if key[:2] not in self.scenarios:
                self.scenarios[key[:2]] = self.lookup(key[0], key[1]) if self.lookup else None
            tally = self.groups[key] = GroupTally(self.scenarios[key[:2]], self.anonymous)
        tally.add(run, ref, sign)
        if tally.runs <= 0:
            del self.groups[key]
        return key

    def remove(self, run: Run, ref: int) -> None:
        self.add(run, ref, -1)

    def skip(self, skipped: Skipped) -> None:
        self.skipped_total += 1
        if len(self.skipped) < SKIPPED_SHOWN:
            self.skipped.append(skipped)

    def report(self, *, clock: Callable[[], str] = now_iso, class_code: str | None = None) -> Report:
        return assemble(self.groups, self.scenarios, self.skipped, self.skipped_total, anonymous=self.anonymous,
                        clock=clock, class_code=class_code)
