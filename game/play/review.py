"""Looking back over a run: the timeline, the dossier and the debrief, as views.

Like :mod:`game.play.views`, everything here applies the reveal policy: a decision's historical
side appears only once it has been revealed (after each decision, or at the end).
"""

from __future__ import annotations

from game.engine import Document, GameState, GlossaryEntry, Historiography, Scenario, Source
from game.engine.model import glossary_key
from game.engine.record import record, replace
from game.play import figures as fig
from game.play.reading import PlayerReading, lean_label, read_run
from game.play.views import (
    DocumentView, FiguresView, Reveal, SourceView, document_view, figures_view, reveal, source_view,
)
from game.text import describe_date


@record(slots=False)
class TimelineRow:
    number: int
    when: str
    title: str
    your_choice: str
    #: False while the reveal policy keeps this decision's history hidden.
    revealed: bool
    #: The Politburo's choice here ('' for a scene off the historical path).
    politburo_choice: str = ""
    #: "same", "different" or "off the path" (revealed rows only).
    verdict: str = ""
    #: For a scene off the path: what the Politburo was deciding at this step.
    politburo_scene: str = ""
    divergence: int | None = None
    meters: str = ""


@record(slots=False)
class Timeline:
    rows: tuple[TimelineRow, ...]
    now: FiguresView


@record(slots=False)
class ReadingView:
    author: str
    work: str
    reading: str
    lean: str
    lean_label: str


@record(slots=False)
class HistoriographyView:
    question: str
    readings: tuple[ReadingView, ...]


@record(slots=False)
class TermView:
    """A glossary entry as players read it, with the source to read further (None if none)."""

    term: str
    definition: str
    source: SourceView | None = None


@record(slots=False)
class Dossier:
    """What the player has met so far, in the order first met, and the glossary (all of it,
    from the start: a definition explains a word, it gives away no decision)."""

    documents: tuple[DocumentView, ...]
    sources: tuple[SourceView, ...]
    historiography: tuple[HistoriographyView, ...]
    glossary: tuple[TermView, ...] = ()


@record(slots=False)
class Series:
    label: str
    you: tuple[int, ...]
    history: tuple[int, ...]


@record(slots=False)
class Question:
    """A debrief question, from the scene of a decision the player should think back on."""

    number: int
    scene_title: str
    text: str
    #: The player chose differently from the Politburo there.
    left_history: bool


#: How many debrief questions a player on their own is given.
QUESTIONS = 3


@record(slots=False)
class Debrief:
    ending_title: str
    ending_historical: bool
    ending_text: str
    ending_sources: tuple[SourceView, ...]
    figures: FiguresView
    history_ending: str
    series: tuple[Series, ...]
    #: What actually happened at every decision (the debrief shows these with reveal at the end).
    reveals: tuple[Reveal, ...]
    reading: PlayerReading
    #: Two or three questions to think about, from the decisions where the player left history.
    questions: tuple[Question, ...] = ()


def visited_scenes(state: GameState) -> list[str]:
    seen = list(dict.fromkeys(d.scene for d in state.decisions))
    if state.scene is not None and state.scene not in seen:
        seen.append(state.scene)
    return seen


def revealed_scenes(state: GameState, reveal_each: bool) -> list[str]:
    """Scenes whose "What actually happened" the player has been shown."""
    if not reveal_each and not state.is_over:
        return []
    return list(dict.fromkeys(d.scene for d in state.decisions))


def timeline(scenario: Scenario, state: GameState, reveal_each: bool) -> Timeline:
    shown = set(revealed_scenes(state, reveal_each))
    track = fig.track_for(scenario, state)
    rows = []
    for d in state.decisions:
        scene = scenario.scene(d.scene)
        mine = scene.choice(d.choice).label
        meters = ", ".join(f"{scenario.meter(k).label} {v}" for k, v in d.meters.items())
        when = describe_date(scene.date, scene.date_label)
        if d.scene not in shown:
            rows.append(TimelineRow(d.turn, when, scene.title, mine, False, meters=meters))
            continue
        hist = scene.historical_choice
        divergence = fig.run_divergence(scenario, track, state.decisions[:d.turn])
        if hist is not None:
            verdict = "same" if hist.id == d.choice else "different"
            rows.append(TimelineRow(d.turn, when, scene.title, mine, True, hist.label, verdict,
                                    divergence=divergence, meters=meters))
        else:
            step = track.steps[d.turn - 1] if d.turn <= len(track.steps) else None
            elsewhere = "" if step is None else scenario.scene(step.scene).title
            rows.append(TimelineRow(d.turn, when, scene.title, mine, True, "", "off the path", elsewhere,
                                    divergence, meters))
    return Timeline(tuple(rows), figures_view(scenario, state, reveal_each or state.is_over))


def historiography_view(scenario: Scenario, entry: Historiography) -> HistoriographyView:
    return HistoriographyView(entry.question, tuple(
        ReadingView(r.author, r.work, r.reading, r.lean, lean_label(scenario, r.lean)) for r in entry.readings))


def met(scenario: Scenario, state: GameState, reveal_each: bool) -> tuple[
        list[Document], list[Source], list[Historiography]]:
    """Documents, sources and historians' readings met so far (the dossier's contents)."""
    docs: dict[str, Document] = {}
    source_ids: list[str] = []
    hist: dict[str, Historiography] = {}
    for scene_id in visited_scenes(state):
        for doc in scenario.scene(scene_id).documents:
            docs.setdefault(doc.id, doc)
            source_ids.append(doc.source)
    for scene_id in revealed_scenes(state, reveal_each):
        scene = scenario.scene(scene_id)
        choice = scene.historical_choice
        if choice is not None and choice.historical is not None:
            source_ids.extend(choice.historical.sources)
        for entry_id in scene.historiography:
            entry = scenario.historiography_entry(entry_id)
            hist.setdefault(entry.id, entry)
            for reading in entry.readings:
                source_ids.extend(reading.sources)
    ending = None if state.ending is None else scenario.ending(state.ending)
    if ending is not None:
        source_ids.extend(ending.sources)
    sources = [scenario.source(i) for i in dict.fromkeys(source_ids)]
    return list(docs.values()), sources, list(hist.values())


def dossier(scenario: Scenario, state: GameState, reveal_each: bool) -> Dossier:
    docs, sources, hist = met(scenario, state, reveal_each)
    return Dossier(tuple(document_view(scenario, d) for d in docs), tuple(source_view(s) for s in sources),
                   tuple(historiography_view(scenario, h) for h in hist), glossary(scenario))


def term_view(scenario: Scenario, entry: GlossaryEntry) -> TermView:
    """The source comes without its note: the glossary is shown from the start, and a note
    may say what a document reports before the player has met it."""
    source = replace(source_view(scenario.source(entry.source)), note="") if entry.source else None
    return TermView(entry.term, entry.definition.strip(), source)


def glossary(scenario: Scenario) -> tuple[TermView, ...]:
    """Every term, in alphabetical order (however the shared and the scenario's own files
    listed them), so a reader scanning for a word finds it where a glossary puts it."""
    entries = sorted(scenario.glossary, key=lambda g: glossary_key(g.term))
    return tuple(term_view(scenario, g) for g in entries)


def look_up(scenario: Scenario, query: str) -> tuple[TermView, ...]:
    """The entries a player typing ``query`` means: the term itself if the glossary has it
    (capitals and spacing aside), else every term that contains the words typed ('kim'
    finds 'Kim Il Sung'), else every entry whose definition does ('wilson center' finds the
    entry that explains the Wilson Center's archive); alphabetically, () when nothing matches."""
    exact = scenario.term(query)
    if exact is not None:
        return (term_view(scenario, exact),)
    words = glossary_key(query).split()
    if not words:
        return ()
    terms = glossary(scenario)
    named = tuple(t for t in terms if all(w in glossary_key(t.term) for w in words))
    return named or tuple(t for t in terms if all(w in glossary_key(f"{t.term} {t.definition}") for w in words))


def questions(scenario: Scenario, state: GameState) -> tuple[Question, ...]:
    """Debrief questions for a player on their own: first from the decisions where they chose
    differently from the Politburo (the questions a class would argue over), then, if there are
    too few, from the other decisions; one per scene, at most :data:`QUESTIONS`."""
    differed: list[Question] = []
    matched: list[Question] = []
    for d in state.decisions:
        scene = scenario.scene(d.scene)
        if scene.debrief_questions:
            left = d.historical is False or scene.historical_choice is None
            (differed if left else matched).append(Question(d.turn, scene.title, scene.debrief_questions[0], left))
    picked = (differed + matched)[:QUESTIONS]
    return tuple(sorted(picked, key=lambda q: q.number))


def debrief(scenario: Scenario, state: GameState, reveal_each: bool) -> Debrief:
    """The end of a game: only for a finished game (history is then always shown)."""
    ending = scenario.ending(state.ending) if state.ending is not None else None
    assert ending is not None, "the debrief is for a finished game"
    track = fig.track_for(scenario, state)
    series = []
    for m in scenario.meters:
        you = tuple([track.start[m.id]] + [d.meters[m.id] for d in state.decisions])
        turns = max(len(you), len(track.steps) + 1)
        series.append(Series(m.label, you, tuple(track.meters_at(t)[m.id] for t in range(turns))))
    reveals = tuple(reveal(scenario, d.turn, d.scene, d.choice) for d in state.decisions)
    _, _, met_hist = met(scenario, state, reveal_each)
    entries = tuple(met_hist) or scenario.historiography
    figures = figures_view(scenario, state, True)
    history_ending = scenario.ending(track.ending).title if track.ending else ""
    return Debrief(ending.title, ending.is_historical, scenario.fill(ending.text, state.env()),
                   tuple(source_view(scenario.source(s)) for s in ending.sources), figures, history_ending,
                   tuple(series), reveals, read_run(scenario, figures.seesaw, entries),
                   questions(scenario, state))
