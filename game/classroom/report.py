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

**Students still playing** (class games in progress, read from their progress files) count like
unfinished runs: their decisions so far are in each decision's figures, and each player row says
"in progress, decision N" and where.  The live views (``report --live``, the in-game screen, the
teacher's page when serving) rebuild this same report as files change, then pass it through
:func:`redact`, which hides the Politburo's choices while students could still be spoiled by them
(see its docstring for the rule) until the teacher reveals them.

**Which version is genuine (issue 12, F19).**  A record names its scenario's id and version and
carries a fingerprint (the content hash) of the file it was played with.  When this copy has a
file of that version (installed, or given with ``--scenario``), runs whose fingerprint matches it
are that version; runs whose fingerprint matches no known file are an **unknown version** (an
edited copy of the scenario, or a record changed by hand: the report cannot tell which, and does
not guess).  They are reported apart, never counted with the class, and nobody's run in the class
is numbered "(2)" because of them.  Without a file of that version, several fingerprints are
simply shown apart, with a note that none could be checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from game.classroom.runs import Run, Skipped
from game.engine import Scenario
from game.play.recording import now_iso

REPORT_FORMAT = "politburo-class-report/1"
MOST_SPLIT = 3
#: Skipped files listed one by one; past this the report gives their number (issue 12, F15: a
#: folder of 100,000 junk files must not make a 100,000-line report).
SKIPPED_SHOWN = 50

FINISHED, IN_PROGRESS, UNFINISHED = "finished", "in progress", "unfinished"

ScenarioLookup = Callable[[str, str], "Scenario | None"]


@dataclass(slots=True)
class OptionStat:
    choice: str
    label: str
    count: int
    percent: int
    historical: bool


@dataclass(slots=True)
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
    #: The Politburo's choice is hidden here (a live view, while students could be spoiled).
    history_hidden: bool = False
    #: Per option, reasons written but not quoted (only the first few per option are kept).
    more_quotes: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
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
    #: finished, in progress (a class game's progress file), or unfinished (a record of a run
    #: that stopped before its end: an export, or a game that was never carried on).
    status: str = FINISHED
    #: In progress: the decision the student is at now (decisions taken + 1) and its title.
    at_decision: int | None = None
    where: str = ""
    #: Reasons the student wrote at debate points, and how many words they hold.
    reasons: int = 0
    words: int = 0


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
    #: Per turn, the spread of the class: [lowest, lower quartile, median, upper quartile,
    #: highest] (None where no run reached the turn).  What the HTML page draws instead of a line
    #: per player, so its size does not grow with the class.
    bands: list[list[float] | None] = field(default_factory=list)


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
    #: Students still playing, and runs that stopped before their end (in ``runs``, not ``complete``).
    in_progress: int = 0
    unfinished: int = 0
    #: The class's reveal setting: "each" (history after every decision) or "end" (in the debrief).
    reveal: str = "each"
    #: The fingerprint matches no known file of this version (see the module docstring).
    unknown_version: bool = False
    #: False for a group too large to list player by player in the table, Markdown and CSV (a
    #: school, not a class): ``players`` still has every row, and the roster prints them.
    players_listed: bool = True


@dataclass
class Report:
    generated_at: str
    anonymous: bool
    groups: list[Group]
    skipped: list[Skipped]
    notes: list[str] = field(default_factory=list)
    format: str = REPORT_FORMAT
    #: How many files were skipped in all (``skipped`` lists the first :data:`SKIPPED_SHOWN`).
    skipped_total: int = 0
    #: A live view hides some of the Politburo's choices (see :func:`redact`).
    history_hidden: bool = False

    def to_dict(self) -> dict[str, Any]:
        import msgspec

        # msgspec's C walk gives what dataclasses.asdict gives, at a fraction of the time for
        # a year group's report.
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data

    @property
    def run_count(self) -> int:
        return sum(g.runs for g in self.groups)

    @property
    def in_progress(self) -> int:
        return sum(g.in_progress for g in self.groups)

    @property
    def skipped_more(self) -> int:
        """Skipped files not listed one by one."""
        return max(0, self.skipped_total - len(self.skipped))


def _quantile(ordered: list[int], q: float) -> float:
    """The q-quantile of sorted values, interpolated between neighbours."""
    pos = q * (len(ordered) - 1)
    lower = int(pos)
    upper = min(lower + 1, len(ordered) - 1)
    return float(ordered[lower] + (ordered[upper] - ordered[lower]) * (pos - lower))


def spread(ordered: list[int]) -> list[float] | None:
    """[lowest, lower quartile, median, upper quartile, highest] of sorted values (None if empty)."""
    if not ordered:
        return None
    return [float(ordered[0]), _quantile(ordered, 0.25), _quantile(ordered, 0.5), _quantile(ordered, 0.75),
            float(ordered[-1])]


GroupKey = tuple[str, str, str, str]  # scenario id, version, content hash, class code


def _key(run: Run) -> GroupKey:
    return (run.scenario_id, run.version, run.content_hash, run.class_code)


def _class_words(code: str) -> str:
    return f"class {code}" if code else "outside any class"


def _apart_notes(key: GroupKey, keys: list[GroupKey], class_code: str | None,
                 known: str | None) -> tuple[str, list[str]]:
    """Why a group is shown apart from the others of its scenario: (apart, notes).  ``known`` is
    the fingerprint of this copy's file of the group's version (None: no file of it here)."""
    sid, version, content_hash, code = key
    notes = []
    apart = ""
    same_version = [k for k in keys if k[:2] == (sid, version) and k != key]
    if known is not None and content_hash != known:
        apart = (f"Unknown version: these runs name version {version} of '{sid}', but their scenario "
                 "fingerprint matches no file of that version known here (an edited copy of the scenario, or "
                 "records changed by hand). They are shown apart and are not counted with any class.")
        notes.append(apart)
    elif known is not None:
        strays = sum(1 for k in same_version if k[2] != known and k[3] == code)
        if strays:
            notes.append(f"Runs that name this version with a fingerprint matching no known file are shown "
                         f"apart as an unknown version ({strays} group(s)); they are not in these figures.")
    elif any(k[2] != content_hash for k in same_version):
        files = len({k[2] for k in keys if k[:2] == (sid, version)})
        notes.append(f"Runs of version {version} carry {files} different scenario fingerprints, and no file of "
                     "that version is installed here to tell which is genuine (pass --scenario FILE). The runs "
                     "of each fingerprint are shown apart.")
    others = sorted({k[3] for k in same_version if k[2] == content_hash and k[3] != code})
    if others:
        notes.append(f"These are the runs played {_class_words(code)}; the runs played "
                     + ", ".join(_class_words(c) for c in others) + " are shown apart.")
    if class_code is not None and code != class_code:
        not_ours = (f"Not class {class_code}: these runs were played {_class_words(code)}, so they are shown "
                    "apart and are not in the class's figures.")
        apart = f"{not_ours} {apart}".strip()
        notes.insert(0, not_ours)
    return apart, notes


def build_report(runs: Iterable[Run], skipped: Iterable[Skipped], lookup: ScenarioLookup | None = None,
                 *, anonymous: bool = False, clock: Callable[[], str] = now_iso,
                 class_code: str | None = None) -> Report:
    """The report over ``runs`` (each run once: see :func:`game.classroom.runs.load_runs`).
    ``lookup(id, version)`` returns the scenario of exactly that version when this copy has it
    (or None).  ``class_code``: the class this report is for; the runs of any other class (or of
    none) are reported apart from it.  :func:`game.classroom.stream.stream_report` builds the
    same report straight from the folders without holding the runs."""
    from game.classroom.tally import Tallies

    tallies = Tallies(lookup, anonymous)
    for ref, run in enumerate(runs):
        tallies.add(run, ref)
    for s in skipped:
        tallies.skip(s)
    return tallies.report(clock=clock, class_code=class_code)


def assemble(groups: dict[GroupKey, Any], scenarios: dict[tuple[str, str], Scenario | None],
             skipped: list[Skipped], skipped_total: int, *, anonymous: bool, clock: Callable[[], str],
             class_code: str | None) -> Report:
    """The report from each group's totals (:class:`~game.classroom.tally.GroupTally`): groups in
    order (the class's first, unknown versions last), each with why it is shown apart."""
    keys = list(groups)

    def known(key: GroupKey) -> str | None:
        scenario = scenarios[key[:2]]
        return scenario.content_hash if scenario is not None and scenario.content_hash else None

    def unknown(key: GroupKey) -> bool:
        fingerprint = known(key)
        return fingerprint is not None and key[2] != fingerprint

    def order(item: tuple[GroupKey, Any]) -> tuple[bool, bool, int, GroupKey]:
        key, tally = item
        theirs = class_code is not None and key[3] != class_code
        return (unknown(key), theirs, -tally.runs, key)

    built = []
    for key, tally in sorted(groups.items(), key=order):
        apart, notes = _apart_notes(key, keys, class_code, known(key))
        built.append(tally.group(apart, notes, unknown(key)))
    if anonymous:  # file names carry players' names
        skipped = [Skipped(f"file {n}", s.unnamed or s.reason)
                   for n, s in enumerate(skipped[:SKIPPED_SHOWN], start=1)]
    notes = []
    if len(built) > 1:
        notes.append(f"These files hold runs of {len(built)} different scenarios, versions, scenario files or "
                     "classes. Each is reported on its own; their figures are never combined.")
    if class_code is not None and not any(g.class_codes == [class_code] and not g.unknown_version for g in built):
        notes.append(f"No run in these files was played in class {class_code}.")
    return Report(clock(), anonymous, built, skipped[:SKIPPED_SHOWN], notes, skipped_total=skipped_total)


def hidden_scenes(group: Group) -> set[str] | None:
    """Where a live view hides the Politburo's choice: None when nothing is hidden.

    The rule: once every student of the group has finished, nothing is hidden.  While some are
    still playing, a class with reveal "end" (students meet history only in their debrief)
    hides every decision's historical choice, the historical endings and the historical meter
    track; a class with reveal "each" hides a decision's choice until every student still
    playing has taken that decision (they see history right after it, so the room may too), and
    hides the endings and the meter track until all have finished.  The teacher's reveal key
    shows everything at once."""
    playing = [p for p in group.players if p.status == IN_PROGRESS]
    if not playing:
        return None
    if group.reveal == "end":
        return {d.scene for d in group.decisions}
    return {d.scene for d in group.decisions if any(d.scene not in p.choices for p in playing)}


def redact(report: Report, *, revealed: bool = False) -> Report:
    """The report as a live view shows it: the Politburo's choices hidden by :func:`hidden_scenes`
    until the teacher reveals them (``revealed``).  Returns a new report; ``report`` is untouched."""
    if revealed:
        return report
    groups = []
    any_hidden = False
    for g in report.groups:
        hidden = hidden_scenes(g)
        if hidden is None:
            groups.append(g)
            continue
        any_hidden = True
        decisions = [d if d.scene not in hidden else replace(
            d, historical_choice=None, matched=0, decided=0, percent_matched=None, history_hidden=True,
            options=[replace(o, historical=False) for o in d.options]) for d in g.decisions]
        players = [replace(p, ending_historical=None, matched=None, decided=None) for p in g.players]
        meters = [replace(m, history=[]) for m in g.meters]
        groups.append(replace(g, decisions=decisions, players=players, meters=meters))
    return replace(report, groups=groups, history_hidden=any_hidden)


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
