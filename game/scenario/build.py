"""Turn a checked, error-free scenario mapping into the engine's immutable model."""

from __future__ import annotations

from typing import Any

from game.engine import model as m
from game.engine.expr import never
from game.engine.template import Template
from game.scenario.diagnostics import Path
from game.scenario.format import split_step


def _t(value: Any) -> tuple:
    return tuple(value or ())


def _pairs(mapping: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((k, v) for k, v in (mapping or {}).items())


def build_scenario(data: dict, compiled: dict[Path, Any], *, hash_source: bytes, path: str,
                   includes: tuple[str, ...] = (), templates: dict[str, Template] | None = None) -> m.Scenario:
    def cond(p: Path):
        return compiled.get(p)

    meters = []
    for _i, raw in enumerate(data["meters"]):
        thresholds = tuple(
            m.Threshold("at_most" if "at_most" in t else "at_least",
                        t.get("at_most", t.get("at_least")), t["ending"])
            for t in raw.get("ends_game", ()))
        meters.append(m.Meter(raw["id"], raw["label"], raw["start"], raw["description"],
                              raw.get("min", 0), raw.get("max", 100), thresholds))
    meter_ids = {x.id for x in meters}

    def effects(raw: dict) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]]:
        """``effects:`` split into meter effects and counter effects (the checks made sure
        every other key is a counter)."""
        pairs = _pairs(raw.get("effects"))
        return (tuple(p for p in pairs if p[0] in meter_ids), tuple(p for p in pairs if p[0] not in meter_ids))

    scenes = []
    for si, raw in enumerate(data["scenes"]):
        choices = []
        for ci, c in enumerate(raw["choices"]):
            cpath = ("scenes", si, "choices", ci)
            outcomes = []
            for oi, o in enumerate(c.get("outcomes", ())):
                moves, counts = effects(o)
                outcomes.append(m.Outcome(o["weight"], o["next"], moves, _pairs(o.get("set")), o.get("result", ""),
                                          cond(cpath + ("outcomes", oi, "condition")),
                                          bool(o.get("historical", False)), counts))
            hist = c.get("historical")
            record = m.HistoricalRecord(hist["date"], hist["record"], _t(hist["sources"])) if hist else None
            moves, counts = effects(c)
            choices.append(m.Choice(c["id"], c["label"], moves, _pairs(c.get("set")), c.get("result", ""),
                                    c.get("next"), tuple(outcomes), cond(cpath + ("condition",)),
                                    c.get("disabled_reason", ""), record, counts))
        documents = tuple(
            m.Document(d["id"], d["kind"], d["title"], d["date"], d["summary"], d["source"],
                       d.get("from", ""), d.get("to", ""), d.get("classification", ""))
            for d in raw.get("documents", ()))
        counsel = tuple(m.Counsel(c["adviser"], c["text"], c.get("position", ""), c.get("note", ""))
                        for c in raw.get("counsel", ()))
        scenes.append(m.Scene(raw["id"], raw["title"], raw["date"], raw["place"], raw["text"], tuple(choices),
                              raw.get("date_label", ""), documents, counsel, _t(raw.get("historiography")),
                              bool(raw.get("debate", False)), _t(raw.get("debrief_questions")),
                              raw.get("order", "shuffled")))
    endings = tuple(
        m.Ending(e["id"], e["title"], e["kind"], e["text"],
                 never() if e.get("only_by_next") else cond(("endings", i, "condition")), _t(e.get("sources")),
                 bool(e.get("only_by_next", False)))
        for i, e in enumerate(data["endings"]))
    seesaw_raw = data.get("seesaw")
    if seesaw_raw:
        seesaw = (seesaw_raw["left"], seesaw_raw["right"])
    elif {"national_interest", "bloc_rivalry"} <= meter_ids:
        seesaw = ("national_interest", "bloc_rivalry")
    else:
        seesaw = None
    return m.Scenario(
        id=data["id"], version=str(data["version"]), title=data["title"],
        period_start=data["period"]["start"], period_end=data["period"]["end"],
        role=data["role"], summary=data["summary"], authors=_t(data["authors"]), licence=data["licence"],
        start=data["start"], meters=tuple(meters), scenes=tuple(scenes), endings=endings,
        sources=tuple(m.Source(s["id"], s["kind"], s["citation"], s.get("archive", ""), s.get("url", ""),
                               s.get("note", ""), s.get("published", "")) for s in data["sources"]),
        advisers=tuple(m.Adviser(a["id"], a["name"], a["title"], a.get("description", ""))
                       for a in data.get("advisers", ())),
        flags=tuple(m.Flag(f["id"], f["type"], f["default"], f.get("description", ""), bool(f.get("carried", False)),
                           f.get("min"), f.get("max"))
                    for f in data.get("flags", ())),
        openings=tuple(m.Opening(o["scene"], cond(("openings", i, "when")))
                       for i, o in enumerate(data.get("openings", ()))),
        historiography=tuple(
            m.Historiography(h["id"], h["question"], tuple(
                m.Reading(r["author"], r["work"], r["reading"], r["lean"], _t(r.get("sources")))
                for r in h["readings"]))
            for h in data.get("historiography", ())),
        content_notes=_t(data.get("content_notes")), length_minutes=data.get("length_minutes", 0),
        undo=bool((data.get("settings") or {}).get("undo", True)), seesaw=seesaw,
        hash_source=hash_source, path=path,
        tests=tuple(_test(t) for t in data.get("tests", ())),
        leans=tuple(m.Lean(x["id"], x["label"], x["description"], x.get("meter", ""))
                    for x in data["leans"]) if data.get("leans") else m.DEFAULT_LEANS,
        includes=includes, templates=dict(templates or {}),
        glossary=tuple(m.GlossaryEntry(g["term"], g["definition"], g.get("source", ""))
                       for g in data.get("glossary", ())),
    )


def _test(t: dict) -> m.ScenarioTest:
    steps = [split_step(step) for step in t["choices"]]
    forced = tuple(outcome for _, outcome in steps)
    meters = tuple((k, *((v, v) if isinstance(v, int) else v)) for k, v in (t.get("meters") or {}).items())
    return m.ScenarioTest(t["name"], tuple(ident for ident, _ in steps), t.get("seed", 0), t.get("ending", ""),
                          t.get("scene", ""), meters, _pairs(t.get("flags")),
                          forced if any(o is not None for o in forced) else ())
