"""The scenario model: what the loader builds from a checked YAML file and the engine runs.

Everything here is immutable and refers to other parts by stable id, never by position, so
saves, run records and class reports stay meaningful when an author reorders a file.
"""

from __future__ import annotations

from typing import Any, Literal
from collections.abc import Mapping

from game.engine.digest import sha256_hex
from game.engine.record import field, record
from game.engine.expr import Expr
from game.engine.template import Template, fill

EndingKind = Literal["historical", "counterfactual"]
#: ``next`` value meaning "pick the first ending whose condition holds".
END = "end"


@record
class Source:
    """A bibliography entry.  ``published`` names where a document is printed (``"FRUS 1950,
    vol. VII, pp. 1-2"``); a published document shows it in place of an archival reference."""

    id: str
    kind: Literal["primary", "secondary"]
    citation: str
    archive: str = ""
    url: str = ""
    note: str = ""
    published: str = ""


@record
class Adviser:
    id: str
    name: str
    title: str
    description: str = ""


@record
class GlossaryEntry:
    """A term players meet, explained; ``source`` names a source to read further ('' if none)."""

    term: str
    definition: str
    source: str = ""


def glossary_key(term: str) -> str:
    """How terms are told apart and looked up: capitals and runs of spaces do not count, so
    'politburo' finds 'Politburo' and a file cannot explain both."""
    return " ".join(term.casefold().split())


@record
class Threshold:
    """A meter value that ends the game: ``at_most`` or ``at_least`` ``value``."""

    direction: Literal["at_most", "at_least"]
    value: int
    ending: str

    def reached(self, value: int) -> bool:
        return value <= self.value if self.direction == "at_most" else value >= self.value


@record
class Meter:
    id: str
    label: str
    start: int
    description: str
    min: int = 0
    max: int = 100
    ends_game: tuple[Threshold, ...] = ()

    def clamp(self, value: int) -> int:
        return self.min if value < self.min else self.max if value > self.max else value

    @property
    def span(self) -> int:
        return max(self.max - self.min, 1)


@record
class Flag:
    """A fact the story remembers.  An ``int`` flag with a ``min`` and a ``max`` is a *counter*:
    effects add to it as they do to a meter, and it is kept within its range the same way."""

    id: str
    type: Literal["bool", "int", "text"]
    default: Any
    description: str = ""
    #: In a campaign, the value comes from an earlier chapter's flag of the same id and type.
    carried: bool = False
    min: int | None = None
    max: int | None = None

    @property
    def is_counter(self) -> bool:
        return self.min is not None and self.max is not None

    def clamp(self, value: int) -> int:
        """A counter's value kept within its range (any other flag's value as it is)."""
        if self.min is not None and value < self.min:
            return self.min
        if self.max is not None and value > self.max:
            return self.max
        return value


@record
class Opening:
    """Another first scene: the game opens on ``scene`` when ``condition`` holds at the start."""

    scene: str
    condition: Expr | None


@record
class Lean:
    """A way of reading the episode, which historiography readings are sorted by.  ``meter``
    is the seesaw meter it sides with ("" for a lean on neither side of the seesaw)."""

    id: str
    label: str
    description: str
    meter: str = ""


#: The leans of a scenario that declares none: the frames of the bundled Korean chapters.
DEFAULT_LEANS = (
    Lean("national_interest", "National interest",
         "reads the decision as Soviet state interest: security, gains and costs", "national_interest"),
    Lean("bloc_rivalry", "Bloc rivalry",
         "reads the decision as a move in the contest between the blocs", "bloc_rivalry"),
    Lean("local", "Local frame",
         "reads the episode through its own actors and causes, on neither side of the seesaw"),
)


@record
class Reading:
    author: str
    work: str
    reading: str
    lean: str  # the id of one of the scenario's leans
    sources: tuple[str, ...] = ()


@record
class Historiography:
    id: str
    question: str
    readings: tuple[Reading, ...]


@record
class Document:
    id: str
    kind: str
    title: str
    date: str
    summary: str
    source: str
    sender: str = ""
    recipient: str = ""
    classification: str = ""


@record
class Counsel:
    adviser: str
    text: str
    position: str = ""
    note: str = ""


@record
class HistoricalRecord:
    date: str
    record: str
    sources: tuple[str, ...]


@record
class Outcome:
    """One chance consequence of a choice."""

    weight: int
    next: str
    effects: tuple[tuple[str, int], ...] = ()
    sets: tuple[tuple[str, Any], ...] = ()
    result: str = ""
    condition: Expr | None = None
    historical: bool = False
    #: Amounts added to counters (int flags with a range), clamped like meters.
    counters: tuple[tuple[str, int], ...] = ()


@record
class Choice:
    id: str
    label: str
    effects: tuple[tuple[str, int], ...] = ()
    sets: tuple[tuple[str, Any], ...] = ()
    result: str = ""
    next: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    condition: Expr | None = None
    disabled_reason: str = ""
    historical: HistoricalRecord | None = None
    #: Amounts added to counters (int flags with a range), clamped like meters.
    counters: tuple[tuple[str, int], ...] = ()

    @property
    def is_historical(self) -> bool:
        return self.historical is not None

    @property
    def targets(self) -> tuple[str, ...]:
        """Every scene or ending this choice can lead to."""
        if self.next is not None:
            return (self.next,)
        return tuple(o.next for o in self.outcomes)


@record
class Scene:
    id: str
    title: str
    date: str
    place: str
    text: str
    choices: tuple[Choice, ...]
    date_label: str = ""
    documents: tuple[Document, ...] = ()
    counsel: tuple[Counsel, ...] = ()
    historiography: tuple[str, ...] = ()
    debate: bool = False
    debrief_questions: tuple[str, ...] = ()
    #: "shuffled": options shown in an order drawn from the seed; "fixed": as the file lists them.
    order: str = "shuffled"

    def choice(self, choice_id: str) -> Choice:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        raise KeyError(choice_id)

    @property
    def historical_choice(self) -> Choice | None:
        for choice in self.choices:
            if choice.historical is not None:
                return choice
        return None


@record
class Ending:
    """An ending.  ``only_by_next`` marks one reached only by a ``next`` (or a threshold) that
    names it: ``next: end`` never picks it.  Its ``condition`` is then
    :func:`game.engine.expr.never`, so the rule "first ending whose condition holds" skips it
    even where the mark is not looked at; tools that report conditions should skip it too."""

    id: str
    title: str
    kind: EndingKind
    text: str
    condition: Expr | None = None
    sources: tuple[str, ...] = ()
    only_by_next: bool = False

    @property
    def is_historical(self) -> bool:
        return self.kind == "historical"


@record
class ScenarioTest:
    """One entry of a scenario's ``tests:`` section: a path of choice ids played from the start
    with a seed, and what the author expects after it.  ``politburo playtest`` runs these; the
    engine never does.  Empty ``ending``/``scene`` mean "not checked"."""

    name: str
    choices: tuple[str, ...]
    seed: int = 0
    ending: str = ""
    scene: str = ""
    #: (meter id, lowest, highest) expected after the last choice, inclusive.
    meters: tuple[tuple[str, int, int], ...] = ()
    flags: tuple[tuple[str, Any], ...] = ()
    #: Per step, the chance outcome the test makes happen (0-based), or None to leave it to the
    #: seed; empty when no step names one.  Written ``gamble@2`` in the file.
    outcomes: tuple[int | None, ...] = ()

    def outcome(self, step: int) -> int | None:
        """The outcome forced at step ``step`` (0-based), or None."""
        return self.outcomes[step] if step < len(self.outcomes) else None

    @property
    def steps(self) -> tuple[str, ...]:
        """The steps as written in the file and on ``play --choices``: ``meet``, ``gamble@2``."""
        steps = []
        for i, choice in enumerate(self.choices):
            outcome = self.outcome(i)
            steps.append(choice if outcome is None else f"{choice}@{outcome + 1}")
        return tuple(steps)


@record
class Lookups:
    """Lookups by id, built once when the scenario is made, so neither the rules nor the
    renderers ever search a tuple."""

    scenes: dict[str, Scene]
    endings: dict[str, Ending]
    meters: dict[str, Meter]
    flags: dict[str, Flag]
    sources: dict[str, Source]
    advisers: dict[str, Adviser]
    historiography: dict[str, Historiography]
    leans: dict[str, Lean]
    glossary: dict[str, GlossaryEntry]
    end_candidates: tuple[Ending, ...]
    #: For the rules' hot path: each scene's choices by id; each meter's and counter's range;
    #: the scenes that have a historical option; every threshold as ``(meter, at_least, value,
    #: ending)``, to test without a call.
    choices: dict[str, dict[str, Choice]]
    bounds: dict[str, tuple[int, int]]
    counter_bounds: dict[str, tuple[int, int]]
    historical_scenes: frozenset[str]
    limits: tuple[tuple[str, bool, int, str], ...]


@record(slots=False, eq=False)
class Scenario:
    """A whole checked scenario.  Build it with :func:`game.scenario.load_scenario`."""

    id: str
    version: str
    title: str
    period_start: str
    period_end: str
    role: str
    summary: str
    authors: tuple[str, ...]
    licence: str
    start: str
    meters: tuple[Meter, ...]
    scenes: tuple[Scene, ...]
    endings: tuple[Ending, ...]
    sources: tuple[Source, ...] = ()
    advisers: tuple[Adviser, ...] = ()
    flags: tuple[Flag, ...] = ()
    historiography: tuple[Historiography, ...] = ()
    content_notes: tuple[str, ...] = ()
    length_minutes: int = 0
    undo: bool = True
    seesaw: tuple[str, str] | None = None
    #: What :attr:`content_hash` covers: the file's bytes, then each included file's.
    hash_source: bytes = field(default=b"", repr=False, compare=False)
    path: str = ""
    tests: tuple[ScenarioTest, ...] = ()
    #: The leans readings are sorted by: declared in the file, else DEFAULT_LEANS.
    leans: tuple[Lean, ...] = DEFAULT_LEANS
    #: Files brought in with ``include:``, relative to the scenario's folder (for watchers).
    includes: tuple[str, ...] = ()
    #: Other first scenes, tried in order at the start (after a campaign's carry-over).
    openings: tuple[Opening, ...] = ()
    #: The texts that follow the story (scene text, counsel, results, endings) that hold
    #: ``${...}`` parts, compiled once at load, by their source text.  See :meth:`fill`.
    templates: Mapping[str, Template] = field(default_factory=dict)
    #: Terms players may not know, explained (shared files' entries first), in file order.
    glossary: tuple[GlossaryEntry, ...] = ()
    _index: Lookups = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", Lookups(
            {s.id: s for s in self.scenes}, {e.id: e for e in self.endings}, {m.id: m for m in self.meters},
            {f.id: f for f in self.flags}, {s.id: s for s in self.sources}, {a.id: a for a in self.advisers},
            {h.id: h for h in self.historiography}, {lean.id: lean for lean in self.leans},
            {glossary_key(g.term): g for g in self.glossary},
            tuple(e for e in self.endings if not e.only_by_next),
            {s.id: {c.id: c for c in s.choices} for s in self.scenes},
            {m.id: (m.min, m.max) for m in self.meters},
            {f.id: (f.min, f.max) for f in self.flags if f.min is not None and f.max is not None},
            frozenset(s.id for s in self.scenes if s.historical_choice is not None),
            tuple((m.id, t.direction == "at_least", t.value, t.ending) for m in self.meters for t in m.ends_game)))

    @property
    def content_hash(self) -> str:
        """``sha256:`` and the digest of :attr:`hash_source` ("" without one): the version of
        the scenario that saves, run records and class reports name.  Computed when first asked
        for, not when the file is checked: ``politburo validate`` never needs it, and hashing
        was 3% of checking a file (issue 15, validate ÷ the event stream)."""
        digest: str | None = self.__dict__.get("_content_hash")
        if digest is None:
            digest = "sha256:" + sha256_hex(self.hash_source) if self.hash_source else ""
            object.__setattr__(self, "_content_hash", digest)  # a frozen record: cached once
        return digest

    def scene(self, scene_id: str) -> Scene:
        return self._index.scenes[scene_id]

    def ending(self, ending_id: str) -> Ending:
        return self._index.endings[ending_id]

    def meter(self, meter_id: str) -> Meter:
        return self._index.meters[meter_id]

    def flag(self, flag_id: str) -> Flag:
        return self._index.flags[flag_id]

    def source(self, source_id: str) -> Source:
        return self._index.sources[source_id]

    def adviser(self, adviser_id: str) -> Adviser:
        return self._index.advisers[adviser_id]

    def historiography_entry(self, entry_id: str) -> Historiography:
        return self._index.historiography[entry_id]

    def lean(self, lean_id: str) -> Lean:
        return self._index.leans[lean_id]

    def term(self, term: str) -> GlossaryEntry | None:
        """The glossary entry for ``term``, whatever its capitals or spacing (None if the
        glossary does not explain it)."""
        return self._index.glossary.get(glossary_key(term))

    def has_scene(self, scene_id: str) -> bool:
        return scene_id in self._index.scenes

    def has_ending(self, ending_id: str) -> bool:
        return ending_id in self._index.endings

    @property
    def longest_run(self) -> int:
        """The most decisions a run can take before the tools call it a loop: four per scene, and
        never fewer than 200.  Random play stops a run there, and the walks that measure
        divergence stop there too (a scenario that can loop would otherwise never finish)."""
        return max(200, 4 * len(self.scenes))

    @property
    def historical_endings(self) -> tuple[Ending, ...]:
        return tuple(e for e in self.endings if e.is_historical)

    def fill(self, text: str, env: Mapping[str, Any]) -> str:
        """A scene text, counsel, result or ending text as the player reads it, its ``${...}``
        parts filled in from ``env`` (the meters, flags and ``turn`` at that moment).  Any other
        text comes back as it is."""
        return fill(text, self.templates, env)

    @property
    def end_candidates(self) -> tuple[Ending, ...]:
        """The endings ``next: end`` may pick, in file order (all but the ``only_by_next`` ones)."""
        return self._index.end_candidates
