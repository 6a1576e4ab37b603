"""Scenario format version 1, described once (see ``docs/scenario-format.md``)."""

from __future__ import annotations

import re

from game.scenario.diagnostics import Path
from game.scenario.dates import Date
from game.scenario.spec import (
    ID_PATTERN, Boolean, Choice, Ctx, F, Id, Integer, ListOf, MapOf, Name, Record, Scalar, Spec, Text, _kind,
)

FORMAT_VERSION = 1
#: The largest value an int flag (and a counter's range) may hold.
MAX_INT_FLAG = 10**9
#: Kinds of document, wide enough for any diplomatic episode (a note, minutes, a cable), not
#: just Moscow's telegrams; the order is the one docs/scenario-format.md lists.
DOCUMENT_KINDS = ("telegram", "cable", "note", "memo", "letter", "minutes", "report", "transcript",
                  "directive", "speech", "article", "resolution")
LEANS = ("national_interest", "bloc_rivalry", "local")


def _one_of_next_outcomes(value: dict, path: Path, ctx: Ctx) -> None:
    has_next, has_outcomes = "next" in value, "outcomes" in value
    if has_next and has_outcomes:
        ctx.error(path + ("outcomes",), "a choice has either 'next' or 'outcomes', not both",
                  "move 'next' into each outcome", "E-NEXT", key=True)
    elif not has_next and not has_outcomes:
        ctx.error(path, "this choice leads nowhere: it needs 'next' or 'outcomes'",
                  "add 'next:' with a scene id, an ending id, or end", "E-NEXT")


def _threshold_rule(value: dict, path: Path, ctx: Ctx) -> None:
    n = ("at_most" in value) + ("at_least" in value)
    if n != 1:
        ctx.error(path, "a threshold needs exactly one of 'at_most' or 'at_least'",
                  "e.g. {at_most: 10, ending: collapse}", "E-THRESHOLD")


def _period_rule(value: dict, path: Path, ctx: Ctx) -> None:
    start, end = value.get("start"), value.get("end")
    if isinstance(start, str) and isinstance(end, str) and start > end:
        ctx.error(path + ("end",), f"the period ends ({end}) before it starts ({start})", "", "E-RANGE")


EFFECTS = MapOf(Integer(-1000, 1000), "meter and counter changes, added then clamped to the range, e.g. "
                "{national_interest: 5, bloc_rivalry: -3, clashes: 1}")
SETS = MapOf(Scalar(), "flag values, e.g. {partisan_war: true}")
TARGET = Id("a scene id, an ending id, or 'end' (first ending whose condition holds)")

HISTORICAL = Record("historical record", {
    "date": F(Date(), True, "when the Soviet leadership actually decided"),
    "record": F(Text(), True, "what actually happened, paraphrased"),
    "sources": F(ListOf(Id(), 1), True, "source ids"),
}, "marks the option the Soviet leadership actually took")

OUTCOME = Record("outcome", {
    "weight": F(Integer(1, 1_000_000), True, "relative chance"),
    "condition": F(Text(), False, "expression; the outcome is skipped when false"),
    "effects": F(EFFECTS),
    "set": F(SETS),
    "result": F(Text(template=True), False, "what happens, shown to the player; may show values and "
                 "passages: ${name}, ${if condition}...${end}"),
    "next": F(TARGET, True),
    "historical": F(Boolean(), False, "the outcome that actually happened"),
}, parent_reports=("next",))  # a choice with both next and outcomes: one message, at the choice

CHOICE = Record("choice", {
    "id": F(Id(), True),
    "label": F(Text(max_length=300), True, "what the player picks"),
    "condition": F(Text(), False, "expression; when false the choice is unavailable"),
    "disabled_reason": F(Text(max_length=300), False, "show an unavailable choice greyed, with this reason"),
    "effects": F(EFFECTS),
    "set": F(SETS),
    "result": F(Text(template=True), False, "the immediate consequence, shown after the choice; may show "
                 "values and passages: ${name}, ${if condition}...${end}"),
    "next": F(TARGET),
    "outcomes": F(ListOf(OUTCOME, 1), False, "chance outcomes drawn with the seeded generator"),
    "historical": F(HISTORICAL),
}, rules=[_one_of_next_outcomes])

DOCUMENT = Record("document", {
    "id": F(Id(), True),
    "kind": F(Choice(DOCUMENT_KINDS), True),
    "title": F(Text(max_length=300), True),
    "date": F(Date(), True),
    "from": F(Text(max_length=300)),
    "to": F(Text(max_length=300)),
    "classification": F(Text(max_length=100)),
    "summary": F(Text(), True, "a paraphrase in our own words"),
    "source": F(Id(), True, "source id"),
})

COUNSEL = Record("counsel", {
    "adviser": F(Id(), True, "adviser id"),
    "text": F(Text(template=True), True, "in character; may show values and passages: ${name}, "
              "${if condition}...${end}"),
    "position": F(Text(max_length=100)),
    "note": F(Text()),
})

SCENE = Record("scene", {
    "id": F(Id(), True),
    "title": F(Text(max_length=200), True),
    "date": F(Date(), True),
    "date_label": F(Text(max_length=200)),
    "place": F(Text(max_length=200), True),
    "text": F(Text(template=True), True, "the briefing, in Markdown; may show values and passages: "
              "${name}, ${if condition}...${end}"),
    "documents": F(ListOf(DOCUMENT)),
    "counsel": F(ListOf(COUNSEL)),
    "historiography": F(ListOf(Id())),
    "debate": F(Boolean(), False, "a debate point: classes with --justify ask for a reason here"),
    "order": F(Choice(("shuffled", "fixed")), False, "how the choices are shown: 'shuffled' (default, in an "
               "order drawn from the game's seed) or 'fixed' (as written, e.g. an escalation ladder)"),
    "debrief_questions": F(ListOf(Text(max_length=1000))),
    "choices": F(ListOf(CHOICE, 1, empty_message="this scene has no choices, so the story would stop here",
                        empty_hint="add at least one choice with a next"), True),
})

ENDING = Record("ending", {
    "id": F(Id(), True),
    "title": F(Text(max_length=200), True),
    "kind": F(Choice(("historical", "counterfactual")), True),
    "condition": F(Text(), False, "expression; see Expressions"),
    "only_by_next": F(Boolean(), False, "reached only by a next (or threshold) that names it: "
                      "'next: end' never picks it; no condition"),
    "text": F(Text(template=True), True, "Markdown; may show values and passages: ${name}, "
              "${if condition}...${end}"),
    "sources": F(ListOf(Id())),
})

THRESHOLD = Record("threshold", {
    "at_most": F(Integer()),
    "at_least": F(Integer()),
    "ending": F(Id(), True, "ending id"),
}, rules=[_threshold_rule])

METER = Record("meter", {
    "id": F(Name(), True),
    "label": F(Text(max_length=100), True),
    "min": F(Integer(-1_000_000, 1_000_000), False, "default 0"),
    "max": F(Integer(-1_000_000, 1_000_000), False, "default 100"),
    "start": F(Integer(), True),
    "description": F(Text(), True, "the model card: what it stands for and what moves it"),
    "ends_game": F(ListOf(THRESHOLD)),
})

FLAG = Record("flag", {
    "id": F(Name(), True),
    "type": F(Choice(("bool", "int", "text")), True),
    "default": F(Scalar(), True),
    "min": F(Integer(-MAX_INT_FLAG, MAX_INT_FLAG), False, "with max, makes an int flag a counter: effects add "
             "to it, and its value is kept within min..max"),
    "max": F(Integer(-MAX_INT_FLAG, MAX_INT_FLAG), False, "the counter's highest value (with min)"),
    "description": F(Text()),
    "carried": F(Boolean(), False, "in a campaign, this flag takes the value an earlier chapter gave the "
                 "flag of the same id and type"),
})

OPENING = Record("opening", {
    "when": F(Text(), True, "expression on the values at the start (after a campaign's carry-over)"),
    "scene": F(Id(), True, "the scene to open on when it holds"),
}, "where the game opens when a condition on the carried-over values holds")

SOURCE = Record("source", {
    "id": F(Id(), True),
    "kind": F(Choice(("primary", "secondary")), True),
    "citation": F(Text(max_length=2000), True),
    "archive": F(Text(max_length=1000)),
    "published": F(Text(max_length=1000), False, "where the document is published, e.g. "
                   "'FRUS 1950, vol. VII, pp. 1-2'; shown in place of an archival reference"),
    "url": F(Text(r"^https://\S+$", "a full https:// address", 2000)),
    "note": F(Text(max_length=2000)),
})

ADVISER = Record("adviser", {
    "id": F(Id(), True),
    "name": F(Text(max_length=100), True),
    "title": F(Text(max_length=200), True),
    "description": F(Text(max_length=2000)),
})

READING = Record("reading", {
    "author": F(Text(max_length=300), True),
    "work": F(Text(max_length=1000), True),
    "reading": F(Text(), True),
    "lean": F(Id(), True, "the id of one of the scenario's leans (default: national_interest, "
                           "bloc_rivalry or local)"),
    "sources": F(ListOf(Id())),
})

GLOSSARY_ENTRY = Record("glossary entry", {
    "term": F(Text(max_length=100), True, "the word or name as players meet it, e.g. 'Politburo'; "
              "unique in the glossary, whatever its capitals"),
    "definition": F(Text(max_length=1000), True, "a sentence or two in plain words, for a reader "
                    "meeting the term for the first time"),
    "source": F(Id(), False, "the id of a source where the reader can find out more"),
}, "a term players meet in the game, explained in the glossary")

LEAN = Record("lean", {
    "id": F(Id(), True, "what readings write under lean:"),
    "label": F(Text(max_length=100), True, "shown with each reading, e.g. 'Bloc rivalry'"),
    "description": F(Text(max_length=1000), True, "what a reading with this lean stresses"),
    "meter": F(Name(), False, "the seesaw meter this lean sides with; without it, the lean sits "
                              "on neither side"),
}, "a way historians read the episode, which readings are sorted by")

HISTORIOGRAPHY = Record("historiography entry", {
    "id": F(Id(), True),
    "question": F(Text(max_length=500), True),
    "readings": F(ListOf(READING, 2), True, "at least two readings, side by side"),
})

class MeterExpectation(Spec):
    """What a scenario test expects of a meter: an exact whole number, or ``[low, high]``."""

    description = "an exact value, or an inclusive range [low, high]"

    def check(self, value, path, ctx):
        def whole(v):
            return isinstance(v, int) and not isinstance(v, bool)

        if whole(value):
            return True
        if isinstance(value, list) and len(value) == 2 and all(whole(v) for v in value):
            if value[0] > value[1]:
                ctx.error(path, f"the range [{value[0]}, {value[1]}] is backwards",
                          f"write [{value[1]}, {value[0]}]", "E-RANGE")
                return False
            return True
        ctx.error(path, f"expected a whole number or a range [low, high], got {_kind(value)}",
                  "e.g. national_interest: [55, 70] or bloc_rivalry: 35", "E-TYPE")
        return False

    def schema(self):
        return {"anyOf": [{"type": "integer"},
                          {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}],
                "description": self.description}


class TestStep(Spec):
    """One step of a scenario test: a choice id, or a choice id and the chance outcome it must
    take, numbered from 1 as the file lists them (``gamble@2``).  The same spelling as
    ``politburo play --choices``, so a test and its replay command read alike."""

    description = "a choice id, or a choice id and the chance outcome it must take: gamble@2"
    _ID = Id()

    def check(self, value, path, ctx):
        if not isinstance(value, str) or "@" not in value:
            return self._ID.check(value, path, ctx)
        ident, _, number = value.partition("@")
        ok = True
        if not re.fullmatch(r"[1-9][0-9]{0,5}", number):
            ctx.error_at_char(path, value, len(ident) + 1 if number else len(ident),
                              f"'{number}' is not an outcome number" if number else "'@' names no outcome",
                              "after '@' write the outcome's number, counting from 1 in the order the "
                              "outcomes are listed: gamble@2", "E-PATTERN")
            ok = False
        if not self._ID.check(ident, path, ctx):
            if path in ctx.repairs:  # a look-alike letter, read as meant: keep the outcome
                ctx.repairs[path] = f"{ctx.repairs[path]}@{number}"
            return False
        return ok

    def schema(self):
        return {"type": "string", "pattern": ID_PATTERN[:-1] + "(@[1-9][0-9]{0,5})?$",
                "description": self.description}


def split_step(step: str) -> tuple[str, int | None]:
    """``gamble@2`` -> ('gamble', 1): the choice id and the outcome's position (0-based, as the
    engine counts), or None when the step leaves the outcome to the seed."""
    ident, at, number = step.partition("@")
    return (ident, int(number) - 1) if at and number.isdigit() and int(number) > 0 else (ident, None)


def _ending_or_scene(value: dict, path: Path, ctx: Ctx) -> None:
    if "ending" in value and "scene" in value:
        ctx.error(path + ("scene",), "a test expects either an ending or a scene, not both",
                  "'ending' when the choices finish the game, 'scene' when it goes on", "E-TEST", key=True)


TEST = Record("scenario test", {
    "name": F(Text(max_length=200), True, "what the test checks, shown in the report"),
    "choices": F(ListOf(TestStep()), True, "choice ids played in order from the start, as in play --choices; "
                 "gamble@2 also makes the choice's chance outcome 2 happen"),
    "seed": F(Integer(0, 2**31 - 1), False, "seed for chance outcomes, as in play --seed (default 0)"),
    "ending": F(Id(), False, "the ending the game must reach with the last choice"),
    "scene": F(Id(), False, "the scene the game must be at after the last choice"),
    "meters": F(MapOf(MeterExpectation()), False, "expected meter values: a number or [low, high]"),
    "flags": F(MapOf(Scalar()), False, "expected flag values"),
}, "a scenario test: choices from the start and what must hold after them",
    rules=[_ending_or_scene])

SCENARIO = Record("scenario", {
    "format": F(Choice((FORMAT_VERSION,)), True, "format version of this file"),
    "id": F(Id(), True, "stable scenario id"),
    "version": F(Text(max_length=50), True, "the scenario's own version"),
    "title": F(Text(max_length=200), True),
    "period": F(Record("period", {"start": F(Date(), True), "end": F(Date(), True)},
                       rules=[_period_rule]), True),
    "role": F(Text(max_length=500), True, "who the player is"),
    "summary": F(Text(max_length=3000), True),
    "length_minutes": F(Integer(1, 1000)),
    "content_notes": F(ListOf(Text(max_length=1000))),
    "authors": F(ListOf(Text(max_length=200), 1), True),
    "licence": F(Text(max_length=200), True),
    "start": F(Id(), True, "id of the first scene"),
    "openings": F(ListOf(OPENING, 1), False, "other first scenes, each with a condition on the values at "
                  "the start; the first that holds wins, else start"),
    "include": F(ListOf(Text(max_length=300), 1), False, "shared files whose sources, advisers and "
                 "glossary entries come before this file's own, e.g. [shared/bibliography.yaml]"),
    "settings": F(Record("settings", {"undo": F(Boolean(), False, "allow undo (default true)")})),
    "seesaw": F(Record("seesaw", {"left": F(Name(), True), "right": F(Name(), True)})),
    "sources": F(ListOf(SOURCE), True),
    "advisers": F(ListOf(ADVISER)),
    "glossary": F(ListOf(GLOSSARY_ENTRY), False, "terms players may not know, explained: shown in the "
                  "dossier and by the g command in plain mode"),
    "meters": F(ListOf(METER, 1), True),
    "flags": F(ListOf(FLAG)),
    "leans": F(ListOf(LEAN, 1), False, "the leans of historiography readings (default: "
                                        "national_interest, bloc_rivalry, local)"),
    "historiography": F(ListOf(HISTORIOGRAPHY)),
    "scenes": F(ListOf(SCENE, 1), True),
    "endings": F(ListOf(ENDING, 1), True),
    "tests": F(ListOf(TEST), False, "scenario tests, run by politburo playtest"),
}, "A Politburo scenario (format 1). See docs/scenario-format.md.")


def json_schema() -> dict:
    """The JSON Schema (draft-07) of the format, for editors."""
    schema = SCENARIO.schema()
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://politburo.invalid/schema/scenario-1.json",
        "title": "Politburo scenario",
        **schema,
    }
