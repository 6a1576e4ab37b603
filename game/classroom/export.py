"""The report as JSON and CSV: the same figures, for spreadsheets, gradebooks and other tools.

JSON is the report's data model as it is.  CSV is one "long" table (one figure per row, with the
columns below) rather than several tables, because spreadsheets open one table per file and can
pivot a long table any way a teacher likes; :func:`figures` walks the JSON form, so the two
formats cannot drift apart.  The **roster** (:func:`to_roster`) is the gradebook's table: one
row per student's run.

Names, reasons and file names come from students, so every text cell is defused (issue 12,
F14): control characters are made visible, every cell is quoted, and an apostrophe goes before a
``=``, ``+``, ``-``, ``@``, tab or carriage return that starts the cell *or follows a comma,
semicolon, tab or bar*, because a spreadsheet set up for another separator (``;`` in much of
Europe) splits cells where we did not and would run what follows as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from game.safetext import visible

COLUMNS = ("scenario", "version", "section", "scene", "choice", "player", "turn", "measure", "value", "file")
ROSTER_COLUMNS = ("player", "scenario", "status", "decisions", "matched", "divergence", "ending",
                  "reasons given", "words written", "version", "class", "note", "file")
#: A formula character at the start of a cell or of anything a spreadsheet might split off as a
#: cell of its own (after any of the usual separators, spaces allowed).
_FORMULA = re.compile(r"(^|[,;\t|]\s*)([=+\-@\t\r])")
_STARTS = frozenset("=+-@\t\r")


def to_json(report: Any) -> str:
    return json_bytes(report).decode("utf-8")


def json_bytes(report: Any) -> bytes:
    """Indented, non-ASCII as itself; msgspec's encoder (``json.dumps`` with an indent runs in
    pure Python: a year group's report took seconds just to be indented)."""
    import msgspec

    return msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n"


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
        for measure in ("title", "scenario_installed", "runs", "complete", "in_progress", "unfinished",
                        "content_hash", "unknown_version", "reveal"):
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
        if not g["players_listed"]:
            yield _row(g, "group", "players_listed", "false: one row per player is in the roster (--format roster)")
        for p in g["players"] if g["players_listed"] else []:
            for measure in ("status", "at_decision", "where", "complete", "ending", "ending_title",
                            "ending_historical", "decisions", "divergence", "final_divergence", "matched",
                            "decided", "seesaw", "reasons", "words"):
                yield _row(g, "player", measure, p[measure], player=p["player"], file=p["file"])
            for scene, choice in p["choices"].items():
                yield _row(g, "choice", "choice", choice, scene=scene, player=p["player"])
        for m in g["meters"]:
            for turn, value in enumerate(m["history"]):
                yield _row(g, "meter", m["meter"], value, player="(history)", turn=turn)
            for turn, value in enumerate(m["median"]):
                yield _row(g, "meter", m["meter"], value, player="(median)", turn=turn)
            for turn, band in enumerate(m["bands"]):
                for label, value in zip(_BANDS, band or []):
                    yield _row(g, "meter", m["meter"], value, player=label, turn=turn)
            for series in m["players"]:
                for turn, value in enumerate(series["values"]):
                    yield _row(g, "meter", m["meter"], value, player=series["player"], turn=turn)
    for s in report["skipped"]:
        yield _row(None, "skipped", "reason", s["reason"], file=s["path"])
    if report["skipped_total"] > len(report["skipped"]):
        yield _row(None, "skipped", "more_files", report["skipped_total"] - len(report["skipped"]))


_BANDS = ("(lowest)", "(lower quartile)", "(band median)", "(upper quartile)", "(highest)")


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
    text = visible(str(value))
    # Only a cell that starts with a formula character, or holds a separator, can need defusing.
    if text and (text[0] in _STARTS or "," in text or ";" in text or "\t" in text or "|" in text):
        return _FORMULA.sub(r"\1'\2", text)
    return text


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")  # the header as plain words; every cell below is quoted
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in figures(report):
        writer.writerow([cell(row[c]) for c in COLUMNS])
    return out.getvalue()


def to_roster(report: Any) -> str:
    """The roster of a :class:`~game.classroom.report.Report` as CSV: ``player, scenario, status,
    decisions, matched, divergence, ending, reasons given, words written`` (then version, class, a
    note for runs apart, and the file), one row per student's run, in each group's order (a
    class's own groups first).

    Written straight from the report's rows, and what repeats (a group's scenario, version and
    class, a status, an ending) defused once: a year group's roster has 100,000 rows."""
    out = io.StringIO()
    out.write(",".join(ROSTER_COLUMNS) + "\n")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    once: dict[str, str] = {}

    def same(text: str) -> str:
        if text not in once:
            once[text] = cell(text)
        return once[text]

    for g in report.groups:
        scenario, version = cell(g.scenario_id), cell(g.version)
        code, note = cell(" ".join(g.class_codes)), cell(g.apart.split(":", 1)[0] if g.apart else "")
        writer.writerows(
            [cell(p.player), scenario,
             same(f"in progress, decision {p.at_decision}" if p.status == "in progress" and p.at_decision
                  else p.status),
             _number(p.decisions), _number(p.matched), _number(p.divergence),
             same(p.ending_title or p.ending if p.complete else ""), _number(p.reasons), _number(p.words),
             version, code, note, cell(p.file)]
            for p in g.players)
    return out.getvalue()


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
