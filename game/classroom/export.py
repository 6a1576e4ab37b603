"""The report as JSON and CSV: the same figures, for spreadsheets, gradebooks and other tools.

JSON is the report's data model as it is.  CSV is one "long" table (one figure per row, with the
columns below) rather than several tables, because spreadsheets open one table per file and can
pivot a long table any way a teacher likes; :func:`figures` walks the JSON form, so the two
formats cannot drift apart.  Text that a spreadsheet would run as a formula (=, +, -, @) is
prefixed with an apostrophe: names and reasons come from students.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

COLUMNS = ("scenario", "version", "section", "scene", "choice", "player", "turn", "measure", "value", "file")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _row(group: dict[str, Any] | None, section: str, measure: str, value: Any, **where: Any) -> dict[str, Any]:
    row = {c: "" for c in COLUMNS}
    if group is not None:
        row["scenario"], row["version"] = group["scenario_id"], group["version"]
    row.update(section=section, measure=measure, value=value)
    row.update({k: v for k, v in where.items() if v is not None})
    return row


def figures(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every figure of a report (in its JSON form), one row each."""
    for g in report["groups"]:
        for measure in ("title", "scenario_installed", "runs", "complete", "content_hash"):
            yield _row(g, "group", measure, g[measure])
        yield _row(g, "group", "class_codes", " ".join(g["class_codes"]))
        if g["apart"]:
            yield _row(g, "group", "apart", g["apart"])
        for note in g["notes"]:
            yield _row(g, "group", "note", note)
        for d in g["decisions"]:
            for measure in ("title", "debate", "reached", "historical_choice", "matched", "decided",
                            "percent_matched", "split"):
                yield _row(g, "decision", measure, d[measure], scene=d["scene"])
            for o in d["options"]:
                for measure in ("label", "count", "percent", "historical"):
                    yield _row(g, "option", measure, o[measure], scene=d["scene"], choice=o["choice"])
            for q in d["quotes"]:
                yield _row(g, "reason", "justification", q["text"], scene=d["scene"], choice=q["choice"],
                           player=q["player"])
            for n, question in enumerate(d["debrief_questions"], start=1):
                yield _row(g, "question", "debrief_question", question, scene=d["scene"], turn=n)
        for rank, scene in enumerate(g["most_split"], start=1):
            yield _row(g, "most_split", "rank", rank, scene=scene)
        for p in g["players"]:
            for measure in ("complete", "ending", "ending_title", "ending_historical", "decisions",
                            "divergence", "final_divergence", "matched", "decided", "seesaw"):
                yield _row(g, "player", measure, p[measure], player=p["player"], file=p["file"])
            for scene, choice in p["choices"].items():
                yield _row(g, "choice", "choice", choice, scene=scene, player=p["player"])
        for m in g["meters"]:
            for turn, value in enumerate(m["history"]):
                yield _row(g, "meter", m["meter"], value, player="(history)", turn=turn)
            for turn, value in enumerate(m["median"]):
                yield _row(g, "meter", m["meter"], value, player="(median)", turn=turn)
            for series in m["players"]:
                for turn, value in enumerate(series["values"]):
                    yield _row(g, "meter", m["meter"], value, player=series["player"], turn=turn)
    for s in report["skipped"]:
        yield _row(None, "skipped", "reason", s["reason"], file=s["path"])


def cell(value: Any) -> str:
    """A CSV cell: booleans as true/false, nothing as empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in figures(report):
        writer.writerow([cell(row[c]) for c in COLUMNS])
    return out.getvalue()
