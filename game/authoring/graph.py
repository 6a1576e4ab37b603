"""The scene graph as Mermaid or Graphviz DOT, with the historical path highlighted.

Twine authors see their story as a map of passages; ours is a YAML file, so this draws the map:
scenes as boxes, endings as rounded boxes, ``next: end`` as a diamond that fans out to the
endings it may pick (labelled with their conditions), meter thresholds as a hexagon, chance
outcomes as dashed arrows with their odds.  The historical path (what the Politburo actually
chose) is drawn thick and red, so the counterfactual branches read as departures from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import END, Scenario
from game.engine.history import historical_track

RED = "#b3261e"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    style: str  # choice, outcome, end or threshold
    historical: bool = False


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # scene, ending, end or thresholds
    historical: bool = False
    start: bool = False


def build_graph(scenario: Scenario) -> tuple[list[Node], list[Edge]]:
    track = historical_track(scenario)
    hist_ending = track.ending
    hist_steps = {(step.scene, step.choice): step.outcome for step in track.steps}
    hist_nodes = {step.scene for step in track.steps} | ({hist_ending} if hist_ending else set())
    edges: list[Edge] = []
    uses_end = False
    for scene in scenario.scenes:
        for choice in scene.choices:
            on_path = (scene.id, choice.id) in hist_steps
            if choice.next is not None:
                uses_end |= choice.next == END
                edges.append(Edge(scene.id, choice.next, choice.id, "choice", on_path))
                continue
            total = sum(o.weight for o in choice.outcomes)
            for i, outcome in enumerate(choice.outcomes):
                uses_end |= outcome.next == END
                odds = f"{outcome.weight}/{total}" + (f" if {outcome.condition.source}" if outcome.condition else "")
                edges.append(Edge(scene.id, outcome.next, f"{choice.id} #{i + 1} · {odds}", "outcome",
                                  on_path and hist_steps[(scene.id, choice.id)] == i))
    nodes = [Node(s.id, f"{s.id}\n{s.title}", "scene", s.id in hist_nodes, s.id == scenario.start)
             for s in scenario.scenes]
    if uses_end:
        nodes.append(Node(END, "next: end\nfirst ending whose condition holds", "end",
                          any(e.target == END and e.historical for e in edges)))
        for ending in scenario.end_candidates:  # never an only_by_next ending: 'end' cannot pick it
            label = ending.condition.source if ending.condition is not None else "otherwise"
            edges.append(Edge(END, ending.id, label, "end", ending.id == hist_ending and
                              any(e.target == END and e.historical for e in edges)))
            if ending.condition is None:
                break
    thresholds = [(m, t) for m in scenario.meters for t in m.ends_game]
    if thresholds:
        nodes.append(Node("thresholds", "meter thresholds\nchecked after every decision", "thresholds"))
        for meter, t in thresholds:
            op = ">=" if t.direction == "at_least" else "<="
            edges.append(Edge("thresholds", t.ending, f"{meter.id} {op} {t.value}", "threshold"))
    for ending in scenario.endings:
        kind = "historical" if ending.is_historical else "counterfactual"
        label = f"{ending.id}\n{ending.title}" + ("" if kind in ending.title.lower() else f"\n({kind})")
        nodes.append(Node(ending.id, label, "ending", ending.id in hist_nodes))
    return nodes, edges


def _mermaid_text(text: str) -> str:
    for char, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("\n", "<br/>")


def to_mermaid(scenario: Scenario) -> str:
    nodes, edges = build_graph(scenario)
    # Mermaid reserves words such as 'end' and reads ids like 'o1' after '--' as edge marks,
    # so nodes get neutral ids and the scenario's ids go in the labels.
    ids = {n.id: f"n{i}" for i, n in enumerate(nodes)}
    shape = {"scene": ('["', '"]'), "ending": ('(["', '"])'), "end": ('{"', '"}'), "thresholds": ('{{"', '"}}')}
    out = ["flowchart TD", f"  %% {scenario.id} {scenario.version}: {_mermaid_text(scenario.title)}",
           "  %% thick red: the historical path; dashed: chance outcomes; dotted: next: end and thresholds"]
    for n in nodes:
        left, right = shape[n.kind]
        out.append(f"  {ids[n.id]}{left}{_mermaid_text(n.label)}{right}")
    arrows = {"choice": "-->", "outcome": "-.->", "end": "-.->", "threshold": "-.->"}
    hist_links = []
    for i, e in enumerate(edges):
        arrow = "==>" if e.historical else arrows[e.style]
        out.append(f'  {ids[e.source]} {arrow}|"{_mermaid_text(e.label)}"| {ids[e.target]}')
        if e.historical:
            hist_links.append(str(i))
    out.append(f"  classDef historical stroke:{RED},stroke-width:3px")
    out.append("  classDef ending fill:#f4f1ea")
    out.append("  classDef start stroke-width:3px")
    ending_ids = [ids[n.id] for n in nodes if n.kind == "ending"]
    if ending_ids:
        out.append(f"  class {','.join(ending_ids)} ending")
    hist = [ids[n.id] for n in nodes if n.historical]
    if hist:
        out.append(f"  class {','.join(hist)} historical")
    if hist_links:
        out.append(f"  linkStyle {','.join(hist_links)} stroke:{RED},stroke-width:3px")
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(scenario: Scenario) -> str:
    nodes, edges = build_graph(scenario)
    shape = {"scene": "box", "ending": "box", "end": "diamond", "thresholds": "hexagon"}
    out = [f'digraph "{_dot_text(scenario.id)}" {{',
           f'  label="{_dot_text(scenario.title)} ({_dot_text(scenario.version)}): thick red = the historical path";',
           '  rankdir=TB; node [fontname="Helvetica", fontsize=10]; edge [fontname="Helvetica", fontsize=9];']
    for n in nodes:
        attrs = [f'shape={shape[n.kind]}', f'label="{_dot_text(n.label)}"']
        if n.kind == "ending":
            attrs += ['style="rounded,filled"', 'fillcolor="#f4f1ea"']
        if n.historical:
            attrs += [f'color="{RED}"', "penwidth=3"]
        if n.start:
            attrs.append("peripheries=2")
        out.append(f'  "{_dot_text(n.id)}" [{", ".join(attrs)}];')
    styles = {"choice": "solid", "outcome": "dashed", "end": "dotted", "threshold": "dotted"}
    for e in edges:
        attrs = [f'label="{_dot_text(e.label)}"', f"style={styles[e.style]}"]
        if e.historical:
            attrs += [f'color="{RED}"', "penwidth=3"]
        out.append(f'  "{_dot_text(e.source)}" -> "{_dot_text(e.target)}" [{", ".join(attrs)}];')
    out.append("}")
    return "\n".join(out) + "\n"
