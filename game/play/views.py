"""What the renderers are given: frozen views of the game, with the reveal policy applied.

Why views and not the engine's objects: a scene from the model carries its historical option
and record, and the engine can play the historical track.  Renderers get only these views, built
here from the session, so with reveal at the end no screen *can* show a historical value before
the debrief: it was never handed one.  Both renderers (plain mode and the full-screen game) draw
the same views, so a figure reads the same on every screen.

Texts that follow the story (a scene's text and counsel, results, an ending's text) arrive here
already filled in with the player's values (:meth:`Scenario.fill`): a renderer never sees a
``${...}``.  A scene shows the story before the decision; a result, after it.
"""

from __future__ import annotations

from game.engine import (
    ChoiceMade, Document, Event, GameEnded, GameState, MeterChanged, OutcomeDrawn, Scenario, Source,
)
from game.engine import chance
from game.engine.record import record
from game.engine.rules import current_scene, options, start_values
from game.play import figures as fig
from game.text import describe_date


@record(slots=False)
class SourceView:
    id: str
    kind: str
    citation: str
    archive: str = ""
    published: str = ""
    url: str = ""
    note: str = ""

    @property
    def reference(self) -> str:
        """The archival reference, or where a published document was printed; '' if neither."""
        return self.archive or self.published


@record(slots=False)
class DocumentView:
    id: str
    kind: str
    title: str
    when: str
    summary: str
    source: SourceView
    sender: str = ""
    recipient: str = ""
    classification: str = ""


@record(slots=False)
class CounselView:
    adviser: str
    title: str
    text: str
    position: str = ""
    note: str = ""


@record(slots=False)
class OptionView:
    number: int
    id: str
    label: str
    available: bool
    reason: str = ""


@record(slots=False)
class SceneView:
    #: The decision's number (1 for the first).
    number: int
    id: str
    title: str
    when: str
    place: str
    text: str
    documents: tuple[DocumentView, ...]
    counsel: tuple[CounselView, ...]
    options: tuple[OptionView, ...]
    #: A class asks for a reason before this decision counts.
    asks_reason: bool = False


@record(slots=False)
class MeterView:
    id: str
    label: str
    description: str
    value: int
    min: int
    max: int
    #: The change made by the last decision (None before the first).
    last_change: int | None
    #: History's value now, or None while the reveal policy keeps history hidden.
    history: int | None
    you: tuple[int, ...]
    past: tuple[int, ...] | None
    #: "the game ends if it is at least 65", one per threshold.
    thresholds: tuple[str, ...] = ()
    threshold_values: tuple[int, ...] = ()


@record(slots=False)
class FiguresView:
    """The run's figures now; the history-based ones are None while history is hidden."""

    divergence: int | None
    matched: int | None
    decided: int | None
    seesaw: int | None
    seesaw_words: str
    seesaw_left: str = ""
    seesaw_right: str = ""


@record(slots=False)
class Change:
    """One meter's change in a decision.  A meter moved both by the choice and by how it turned
    out is one change, and ``why`` says how it splits ("+10 from your decision, +20 from how it
    turned out"); '' when one thing moved it."""

    label: str
    old: int
    new: int
    why: str = ""


@record(slots=False)
class EndingNote:
    title: str
    historical: bool
    why: str = ""


@record(slots=False)
class Consequence:
    """What the player's decision did in their story."""

    number: int
    scene_title: str
    choice_label: str
    results: tuple[str, ...]
    changes: tuple[Change, ...]
    ending: EndingNote | None = None


@record(slots=False)
class Standing:
    label: str
    you: int
    history: int


@record(slots=False)
class Reveal:
    """What actually happened at one decision."""

    number: int
    scene_title: str
    #: No Politburo decision matches this scene (a counterfactual moment).
    counterfactual: bool
    matched: bool = False
    politburo_choice: str = ""
    when: str = ""
    record: str = ""
    sources: tuple[SourceView, ...] = ()
    has_historiography: bool = False


@record(slots=False)
class Turn:
    """A decision just taken: its consequence and, if the policy allows, the reveal."""

    consequence: Consequence
    reveal: Reveal | None
    standings: tuple[Standing, ...]
    figures: FiguresView
    over: bool


def source_view(source: Source) -> SourceView:
    return SourceView(source.id, source.kind, source.citation.strip(), source.archive.strip(),
                      source.published.strip(), source.url.strip(), source.note.strip())


def document_view(scenario: Scenario, doc: Document) -> DocumentView:
    return DocumentView(doc.id, doc.kind, doc.title, describe_date(doc.date), doc.summary,
                        source_view(scenario.source(doc.source)), doc.sender, doc.recipient, doc.classification)


def scene_view(scenario: Scenario, state: GameState, asks_reason: bool) -> SceneView | None:
    scene = current_scene(scenario, state)
    if scene is None:
        return None
    offered = options(scenario, state)
    if scene.order != "fixed":  # an order drawn from the seed: position gives nothing away
        rank = {c.id: r for r, c in zip(chance.order(state.seed, scene.id, len(scene.choices)), scene.choices)}
        offered.sort(key=lambda o: rank[o.id])
    shown = tuple(OptionView(n, o.id, o.choice.label, o.available, o.reason)
                  for n, o in enumerate(offered, start=1))
    env = state.env()  # texts that follow the story show it as it stands before the decision
    counsel = []
    for c in scene.counsel:
        adviser = scenario.adviser(c.adviser)
        counsel.append(CounselView(adviser.name, adviser.title, scenario.fill(c.text, env), c.position, c.note))
    return SceneView(state.turn + 1, scene.id, scene.title, describe_date(scene.date, scene.date_label),
                     scene.place, scenario.fill(scene.text, env),
                     tuple(document_view(scenario, d) for d in scene.documents), tuple(counsel), shown, asks_reason)


def _threshold_text(direction: str, value: int) -> str:
    return f"the game ends if it is {'at most' if direction == 'at_most' else 'at least'} {value}"


def meter_views(scenario: Scenario, state: GameState, show_history: bool) -> tuple[MeterView, ...]:
    track = fig.track_for(scenario, state)
    start = start_values(scenario, state.carry)
    out = []
    for m in scenario.meters:
        you = tuple([start[m.id]] + [d.meters[m.id] for d in state.decisions])
        last = None if not state.decisions else you[-1] - you[-2]
        history = track.meters_at(state.turn)[m.id] if show_history else None
        past = tuple(track.meters_at(t)[m.id] for t in range(state.turn + 1)) if show_history else None
        out.append(MeterView(m.id, m.label, m.description, state.meters[m.id], m.min, m.max, last, history,
                             you, past, tuple(_threshold_text(t.direction, t.value) for t in m.ends_game),
                             tuple(t.value for t in m.ends_game)))
    return tuple(out)


def figures_view(scenario: Scenario, state: GameState, show_history: bool) -> FiguresView:
    f = fig.figures(scenario, state)
    left = right = ""
    if scenario.seesaw is not None:
        left, right = (scenario.meter(m).label for m in scenario.seesaw)
    words = fig.seesaw_words(f.seesaw, scenario)
    if not show_history:
        return FiguresView(None, None, None, f.seesaw, words, left, right)
    return FiguresView(f.divergence, f.matched, f.decided, f.seesaw, words, left, right)


def standings(scenario: Scenario, state: GameState) -> tuple[Standing, ...]:
    history = fig.track_for(scenario, state).meters_at(state.turn)
    return tuple(Standing(m.label, state.meters[m.id], history[m.id]) for m in scenario.meters)


def consequence(scenario: Scenario, before: GameState, after: GameState, events: tuple[Event, ...]) -> Consequence:
    scene = current_scene(scenario, before)
    assert scene is not None
    made = next(e for e in events if isinstance(e, ChoiceMade))
    env = after.env()  # a result shows the story as the decision left it
    results = tuple(scenario.fill(e.result, env) for e in events
                    if isinstance(e, (ChoiceMade, OutcomeDrawn)) and e.result)
    changes = _changes(scenario, events)
    ending = None
    for event in events:
        if isinstance(event, GameEnded):
            why = ""
            if event.reason == "threshold" and event.meter:
                meter = scenario.meter(event.meter)
                why = f"{meter.label} reached {after.meters[meter.id]}."
            ending = EndingNote(scenario.ending(event.ending).title, event.historical, why)
    return Consequence(after.turn, scene.title, scene.choice(made.choice).label, results, changes, ending)


def _changes(scenario: Scenario, events: tuple[Event, ...]) -> tuple[Change, ...]:
    """Meter changes, one per meter, in the order first changed; parts named when there are two."""
    firsts: dict[str, int] = {}
    lasts: dict[str, int] = {}
    parts: dict[str, list[str]] = {}
    drawn = False
    for event in events:
        if isinstance(event, OutcomeDrawn):
            drawn = True
        elif isinstance(event, MeterChanged):
            firsts.setdefault(event.meter, event.old)
            lasts[event.meter] = event.new
            source = "how it turned out" if drawn else "your decision"
            parts.setdefault(event.meter, []).append(f"{event.new - event.old:+d} from {source}")
    return tuple(Change(scenario.meter(m).label, firsts[m], lasts[m],
                        ", ".join(parts[m]) if len(parts[m]) > 1 else "") for m in firsts)


def reveal(scenario: Scenario, number: int, scene_id: str, chosen: str) -> Reveal:
    """What the Politburo did at the scene of decision ``number`` (only call when allowed)."""
    scene = scenario.scene(scene_id)
    hist = scene.historical_choice
    if hist is None or hist.historical is None:
        return Reveal(number, scene.title, True, has_historiography=bool(scene.historiography))
    record = hist.historical
    return Reveal(number, scene.title, False, hist.id == chosen, hist.label, describe_date(record.date),
                  record.record, tuple(source_view(scenario.source(s)) for s in record.sources),
                  bool(scene.historiography))


__all__ = [
    "Change", "Consequence", "CounselView", "DocumentView", "EndingNote", "FiguresView", "MeterView",
    "OptionView", "Reveal", "SceneView", "SourceView", "Standing", "Turn", "consequence", "document_view",
    "figures_view", "meter_views", "reveal", "scene_view", "source_view", "standings",
]
