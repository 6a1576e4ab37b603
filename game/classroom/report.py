"""The class report as plain data: built once from run records, then shown by any format.

Why a data layer: the command line renders it as a terminal table, Markdown, CSV, JSON or HTML,
and the full-screen game's "Class report" screen can show the same :class:`Report` later, so
every view carries the same figures.  Nothing here prints or formats text for display.

Runs are grouped by scenario id, version, the content hash of the file they were played with and
class code, and a group's figures never mix with another's: runs of another class, runs played
outside any class and runs played with an edited file of the same version are each shown apart,
with a note that says why.  With ``class_code`` (``politburo report --class CODE``) the class's
own runs come first and every other group says it is not the class's.  The figures per player
(divergence, agreement, seesaw) and the historical line are the records' own, computed by
:mod:`game.play.figures` while the run was played, so the report shows what each student saw.
The scenario file, when this copy has the same version, supplies titles, labels and debrief
questions; without it the report still works from the records alone, with ids.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from game.classroom.runs import Run, Skipped, Step
from game.engine import Scenario
from game.engine.history import historical_track
from game.play.recording import now_iso

REPORT_FORMAT = "politburo-class-report/1"
MOST_SPLIT = 3

ScenarioLookup = Callable[[str, str], "Scenario | None"]


@dataclass
class OptionStat:
    choice: str
    label: str
    count: int
    percent: int
    historical: bool


@dataclass
class Quote:
    player: str
    choice: str
    text: str


@dataclass
class DecisionStat:
    scene: str
    title: str
    debate: bool
    reached: int
    historical_choice: str | None
    matched: int
    decided: int
    percent_matched: int | None
    #: Share of the class (percent) that did not take the most popular option.
    split: int
    options: list[OptionStat]
    quotes: list[Quote]
    debrief_questions: list[str]


@dataclass
class PlayerRow:
    player: str
    complete: bool
    ending: str
    ending_title: str
    ending_historical: bool | None
    decisions: int
    divergence: int | None
    final_divergence: int | None
    matched: int | None
    decided: int | None
    seesaw: int | None
    choices: dict[str, str]
    file: str | None


@dataclass
class PlayerSeries:
    player: str
    values: list[int]


@dataclass
class MeterSeries:
    meter: str
    label: str
    min: int
    max: int
    history: list[int]
    median: list[float | None]
    players: list[PlayerSeries]


@dataclass
class Group:
    scenario_id: str
    version: str
    title: str
    scenario_installed: bool
    runs: int
    complete: int
    class_codes: list[str]
    notes: list[str]
    decisions: list[DecisionStat]
    most_split: list[str]
    players: list[PlayerRow]
    meters: list[MeterSeries]
    seesaw: tuple[str, str] = ("national interest", "bloc rivalry")
    #: The content hash of the scenario file these runs were played with ('' if unknown).
    content_hash: str = ""
    #: Why this group is shown apart from the class named with ``--class`` ('' if it is the class's).
    apart: str = ""


@dataclass
class Report:
    generated_at: str
    anonymous: bool
    groups: list[Group]
    skipped: list[Skipped]
    notes: list[str] = field(default_factory=list)
    format: str = REPORT_FORMAT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def run_count(self) -> int:
        return sum(g.runs for g in self.groups)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _labels(runs: list[Run], anonymous: bool) -> dict[int, str]:
    """Display names in a stable order (finish time, then file); duplicates get (2), (3)...
    Anonymous labels follow the same order, so they do not leak alphabetical order."""
    ordered = sorted(runs, key=lambda r: (r.finished_at or r.started_at, r.path))
    labels: dict[int, str] = {}
    counts: Counter[str] = Counter()
    for n, run in enumerate(ordered, start=1):
        if anonymous:
            labels[id(run)] = f"Student {n}"
        else:
            counts[run.player.casefold()] += 1
            k = counts[run.player.casefold()]
            labels[id(run)] = run.player if k == 1 else f"{run.player} ({k})"
    return labels


def _decisions(runs: list[Run], scenario: Scenario | None, labels: dict[int, str]) -> list[DecisionStat]:
    by_scene: dict[str, list[tuple[Run, Step]]] = defaultdict(list)
    first_turn: dict[str, int] = {}
    for run in runs:
        for step in run.steps:
            by_scene[step.scene].append((run, step))
            first_turn[step.scene] = min(first_turn.get(step.scene, step.turn), step.turn)
    order = sorted(by_scene, key=lambda s: (first_turn[s], s))
    if scenario is not None:
        rank = {s.id: i for i, s in enumerate(scenario.scenes)}
        order = sorted(by_scene, key=lambda s: (rank.get(s, len(rank)), first_turn[s], s))
    stats = []
    for scene_id in order:
        entries = by_scene[scene_id]
        scene = scenario.scene(scene_id) if scenario is not None and scenario.has_scene(scene_id) else None
        counts = Counter(step.choice for _, step in entries)
        hist = scene.historical_choice.id if scene is not None and scene.historical_choice else None
        if hist is None:
            hist = next((step.choice for _, step in entries if step.historical), None)
        choice_ids = [c.id for c in scene.choices] if scene is not None else []
        choice_ids += sorted((c for c in counts if c not in choice_ids), key=lambda c: (-counts[c], c))
        label_of = {c.id: c.label for c in scene.choices} if scene is not None else {}
        reached = len(entries)
        options = [OptionStat(c, label_of.get(c, c), counts[c], _percent(counts[c], reached) or 0, c == hist)
                   for c in choice_ids]
        decided = [step for _, step in entries if step.historical is not None]
        matched = sum(1 for step in decided if step.historical)
        quotes = sorted((Quote(labels[id(run)], step.choice, step.justification)
                         for run, step in entries if step.justification),
                        key=lambda q: (choice_ids.index(q.choice), q.player.casefold()))
        top = max(counts.values()) if counts else 0
        stats.append(DecisionStat(
            scene_id, scene.title if scene is not None else scene_id, bool(scene and scene.debate), reached,
            hist, matched, len(decided), _percent(matched, len(decided)),
            round(100 * (1 - top / reached)) if reached else 0, options, quotes,
            list(scene.debrief_questions) if scene is not None else []))
    return stats


def _players(runs: list[Run], labels: dict[int, str], anonymous: bool) -> list[PlayerRow]:
    rows = []
    for run in runs:
        rows.append(PlayerRow(
            labels[id(run)], run.complete, run.ending_id, run.ending_title, run.ending_historical,
            len(run.steps), run.divergence, run.final_divergence, run.matched, run.decided, run.seesaw,
            {s.scene: s.choice for s in run.steps}, None if anonymous else run.path))
    if anonymous:
        return sorted(rows, key=lambda r: int(r.player.split()[-1]))
    return sorted(rows, key=lambda r: (r.player.casefold(), r.player))


def _meters(runs: list[Run], scenario: Scenario | None, labels: dict[int, str]) -> list[MeterSeries]:
    # History as the records have it (what the students were compared with); from the scenario
    # only for records that carry none.
    recorded = next((r.history_meters for r in runs if r.history_meters), {})
    if scenario is not None:
        track = historical_track(scenario) if not recorded else None
        specs = [(m.id, m.label, m.min, m.max,
                  list(recorded.get(m.id, [])) if track is None else track.series(m.id)) for m in scenario.meters]
    else:
        specs = [(m, m.replace("_", " ").capitalize(), 0, 100, list(series)) for m, series in recorded.items()]
    out = []
    ordered = sorted(runs, key=lambda r: labels[id(r)].casefold())
    for meter, label, low, high, history in specs:
        players = []
        for run in ordered:
            first = next((s.meters[meter] for s in run.steps if meter in s.meters), 0)
            value = history[0] if history else first  # without a track, start where the run did
            values = [value]
            for step in run.steps:
                value = step.meters.get(meter, value)
                values.append(value)
            players.append(PlayerSeries(labels[id(run)], values))
        length = max([len(history)] + [len(p.values) for p in players])
        median: list[float | None] = []
        for turn in range(length):
            at = [p.values[turn] for p in players if turn < len(p.values)]
            median.append(float(statistics.median(at)) if at else None)
        out.append(MeterSeries(meter, label, low, high, list(history), median, players))
    return out


GroupKey = tuple[str, str, str, str]  # scenario id, version, content hash, class code


def _key(run: Run) -> GroupKey:
    return (run.scenario_id, run.version, run.content_hash, run.class_code)


def _class_words(code: str) -> str:
    return f"class {code}" if code else "outside any class"


def _apart_notes(key: GroupKey, keys: list[GroupKey], class_code: str | None) -> tuple[str, list[str]]:
    """Why a group is shown apart from the others of its scenario: (apart, notes)."""
    sid, version, content_hash, code = key
    notes = []
    same_version = [k for k in keys if k[:2] == (sid, version) and k != key]
    if any(k[2] != content_hash for k in same_version):
        files = len({k[2] for k in keys if k[:2] == (sid, version)})
        notes.append(f"Runs of version {version} were played with {files} different files: the scenario was "
                     "changed without a new version number. The runs of each file are shown apart.")
    others = sorted({k[3] for k in same_version if k[2] == content_hash and k[3] != code})
    if others:
        notes.append(f"These are the runs played {_class_words(code)}; the runs played "
                     + ", ".join(_class_words(c) for c in others) + " are shown apart.")
    apart = ""
    if class_code is not None and code != class_code:
        apart = (f"Not class {class_code}: these runs were played {_class_words(code)}, so they are shown "
                 "apart and are not in the class's figures.")
        notes.insert(0, apart)
    return apart, notes


def _group(runs: list[Run], scenario: Scenario | None, anonymous: bool, apart: str = "",
           notes: list[str] | None = None) -> Group:
    first = runs[0]
    labels = _labels(runs, anonymous)
    notes = list(notes or [])
    unfinished = sum(1 for r in runs if not r.complete)
    if unfinished:
        notes.append(f"{unfinished} of {len(runs)} runs are unfinished; their decisions so far are counted.")
    if scenario is None:
        notes.append(f"Version {first.version} of '{first.scenario_id}' is not installed here, so choices "
                     "show as ids and the debrief questions are missing (pass --scenario FILE).")
    elif first.content_hash and scenario.content_hash != first.content_hash:
        notes.append(f"The installed file of version {first.version} differs from the one these runs "
                     "were played with; titles and questions come from the installed file.")
    decisions = _decisions(runs, scenario, labels)
    split = sorted((d for d in decisions if d.reached >= 2 and d.split > 0), key=lambda d: (-d.split, -d.reached))
    seesaw = ("national interest", "bloc rivalry")
    if scenario is not None and scenario.seesaw is not None:
        seesaw = tuple(scenario.meter(m).label.lower() for m in scenario.seesaw)  # type: ignore[assignment]
    return Group(first.scenario_id, first.version, (scenario.title if scenario else first.title) or first.scenario_id,
                 scenario is not None, len(runs), len(runs) - unfinished,
                 [first.class_code] if first.class_code else [], notes, decisions,
                 [d.scene for d in split[:MOST_SPLIT]], _players(runs, labels, anonymous),
                 _meters(runs, scenario, labels), seesaw, first.content_hash, apart)


def build_report(runs: Iterable[Run], skipped: Iterable[Skipped], lookup: ScenarioLookup | None = None,
                 *, anonymous: bool = False, clock: Callable[[], str] = now_iso,
                 class_code: str | None = None) -> Report:
    """The report over ``runs``.  ``lookup(id, version)`` returns the scenario of exactly that
    version when this copy has it (or None).  ``class_code``: the class this report is for; the
    runs of any other class (or of none) are reported apart from it."""
    groups: dict[GroupKey, list[Run]] = defaultdict(list)
    for run in runs:
        groups[_key(run)].append(run)
    keys = list(groups)

    def order(item: tuple[GroupKey, list[Run]]) -> tuple[bool, int, GroupKey]:
        key, members = item
        theirs = class_code is not None and key[3] != class_code
        return (theirs, -len(members), key)

    built = []
    for key, members in sorted(groups.items(), key=order):
        scenario = lookup(key[0], key[1]) if lookup else None
        apart, notes = _apart_notes(key, keys, class_code)
        built.append(_group(members, scenario, anonymous, apart, notes))
    skipped = list(skipped)
    if anonymous:  # file names carry players' names
        skipped = [Skipped(f"file {n}", s.reason) for n, s in enumerate(skipped, start=1)]
    notes = []
    if len(built) > 1:
        notes.append(f"These files hold runs of {len(built)} different scenarios, versions, scenario files or "
                     "classes. Each is reported on its own; their figures are never combined.")
    if class_code is not None and not any(g.class_codes == [class_code] for g in built):
        notes.append(f"No run in these files was played in class {class_code}.")
    return Report(clock(), anonymous, built, skipped, notes)


def installed_lookup(extra: Iterable[Scenario] = ()) -> ScenarioLookup:
    """Find a scenario of exactly one version: among ``extra`` (files the teacher named), then
    the bundled ones.  Each is checked once."""
    from game.catalog import bundled_files
    from game.scenario import check_file

    given = list(extra)
    cache: dict[tuple[str, str], Scenario | None] = {}

    def lookup(scenario_id: str, version: str) -> Scenario | None:
        key = (scenario_id, version)
        if key not in cache:
            found = next((s for s in given if s.id == scenario_id and s.version == version), None)
            if found is None:
                path = next((p for p in bundled_files() if p.stem == scenario_id), None)
                result = check_file(path) if path is not None else None
                scenario = result.scenario if result is not None else None
                found = scenario if scenario is not None and scenario.version == version else None
            cache[key] = found
        return cache[key]

    return lookup
