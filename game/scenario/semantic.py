"""Checks that need the whole file: ids, cross-references and expressions, then (in their own
modules) the scene graph and the scenario's agreement with itself.

Runs after the structural pass, on the plain data, skipping any part whose shape was already
reported, so that one broken scene does not hide mistakes elsewhere.
"""

from __future__ import annotations

from typing import Any

from game.engine.expr import BOOL, NUMBER, TEXT, ExprError, compile_condition
from game.engine.model import DEFAULT_LEANS, END, glossary_key
from game.engine.template import Template, TemplateError, compile_template
from game.scenario import consistency, counters
from game.scenario.context import Ctx, quoted_bool_hint
from game.scenario.diagnostics import Path
from game.scenario.format import MAX_INT_FLAG
from game.scenario.lookalike import NAME_CHARACTERS, explain, repair
from game.scenario.walk import items as _items, suggest as _suggest

RESERVED_NAMES = {"turn", "true", "false", "and", "or", "not", "in", "is", "if", "else", "none",
                  "lambda", "end"}
FLAG_TYPES = {"bool": (BOOL, bool), "int": (NUMBER, int), "text": (TEXT, str)}


class SemanticChecker:
    def __init__(self, data: dict, ctx: Ctx, lines: list[str] | None = None):
        self.data = data
        self.ctx = ctx
        self._lines = lines  # None: the parse's own, split only if a message needs them
        self.scenes: dict[str, Path] = {}
        self.endings: dict[str, Path] = {}
        self.meters: dict[str, dict] = {}
        self.flags: dict[str, dict] = {}
        self.sources: set[str] = set()
        self.advisers: set[str] = set()
        self.historiography: set[str] = set()
        self.leans: set[str] = set()
        self.names: dict[str, str] = {"turn": NUMBER}
        self.compiled: dict[Path, Any] = {}
        #: Each distinct condition text compiled once: scenarios repeat the same tests (``hawk``,
        #: ``risk >= 65``) across scenes, and an Expr is immutable, so one can serve every site.
        self._by_source: dict[str, Any] = {}
        #: Texts with ``${...}`` parts, compiled, by their source (the model keeps them so).
        self.templates: dict[str, Template] = {}
        self.flag_paths: dict[str, Path] = {}
        #: A shared file failed to load: unknown sources and advisers may only be missing from it.
        self.shared_incomplete = False
        #: Flags some choice or outcome sets (a flag only read keeps its default: no warning).
        self.flags_set: set[str] = set()
        #: Counters (int flags with a min and a max) by id: their range.
        self.counters: dict[str, tuple[int, int]] = {}
        #: Int flags without a range that an effect adds to, reported once each.
        self.rangeless_reported: set[str] = set()

    @property
    def lines(self) -> list[str]:
        return self._lines if self._lines is not None else self.ctx.located.lines

    # -- ids --------------------------------------------------------------------------------

    def _collect(self, key: str, into: dict | set, namespace: dict[str, Path], label: str) -> None:
        for i, item in _items(self.data, key):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if not self._claim(namespace, ident, (key, i, "id"), "id", "every id must be unique",
                               first="it is first used"):
                continue
            if isinstance(into, dict):
                into[ident] = item
            else:
                into.add(ident)

    def collect_ids(self) -> None:
        node_ns: dict[str, Path] = {}
        self._collect("scenes", self.scenes, node_ns, "scene")
        self._collect("endings", self.endings, node_ns, "ending")
        for ident in list(self.scenes):
            self.scenes[ident] = node_ns[ident][:2]
        for ident in list(self.endings):
            self.endings[ident] = node_ns[ident][:2]
        if END in node_ns:
            self.ctx.error(node_ns[END], "'end' is reserved (it means: pick an ending by condition)",
                           "choose another id", "E-RESERVED")
        name_ns: dict[str, Path] = {}
        self._collect("meters", self.meters, name_ns, "meter")
        self._collect("flags", self.flags, name_ns, "flag")
        for ident, path in name_ns.items():
            if ident in RESERVED_NAMES:
                self.ctx.error(path, f"'{ident}' is a reserved word in conditions", "choose another id",
                               "E-RESERVED")
        for ident in self.meters:
            self.names[ident] = NUMBER
        self.flag_paths = {ident: path[:2] for ident, path in name_ns.items() if ident in self.flags}
        for ident, flag in self.flags.items():
            ftype = flag.get("type")
            if isinstance(ftype, str) and ftype in FLAG_TYPES:
                self.names[ident] = FLAG_TYPES[ftype][0]
        self._collect("sources", self.sources, {}, "source")
        self._collect("advisers", self.advisers, {}, "adviser")
        self._collect("historiography", self.historiography, {}, "historiography entry")
        if isinstance(self.data.get("leans"), list):
            self._collect("leans", self.leans, {}, "lean")
        else:
            self.leans.update(lean.id for lean in DEFAULT_LEANS)
        doc_ns: dict[str, Path] = {}
        for si, scene in _items(self.data, "scenes"):
            for di, doc in _items(scene, "documents"):
                if isinstance(doc.get("id"), str):
                    self._claim(doc_ns, doc["id"], ("scenes", si, "documents", di, "id"), "document id",
                                "document ids are unique in the whole scenario")
            choice_ns: dict[str, Path] = {}
            for ci, choice in _items(scene, "choices"):
                if isinstance(choice.get("id"), str):
                    self._claim(choice_ns, choice["id"], ("scenes", si, "choices", ci, "id"),
                                "choice id", "choice ids are unique within a scene", " in this scene")

    def _claim(self, namespace: dict[str, Path], ident: str, path: Path, what: str, hint: str,
               where: str = "", first: str = "first used") -> bool:
        """Record ``ident`` at ``path``; a second use is an error naming the first line."""
        if ident in namespace:
            self.ctx.error(path, f"duplicate {what} '{ident}'{where}; {first} at {self.ctx.place(namespace[ident])}",
                           hint, "E-DUP-ID")
            return False
        namespace[ident] = path
        return True

    # -- references -------------------------------------------------------------------------

    def ref(self, path: Path, value: Any, known: set | dict, what: str) -> bool:
        if not isinstance(value, str):
            return False
        if value in known:
            return True
        if self.shared_incomplete and what in ("source", "adviser"):
            return False  # the shared file that should hold it has been reported already
        self.ctx.error(path, f"unknown {what} '{value}'", _suggest(value, sorted(known)), "E-REF")
        return False

    def refs(self, container: dict, key: str, path: Path, known: set | dict, what: str) -> None:
        values = container.get(key)
        if isinstance(values, list):
            for i, value in enumerate(values):
                self.ref(path + (key, i), value, known, what)

    def target(self, path: Path, value: Any) -> None:
        if not isinstance(value, str) or value == END:
            return
        if value not in self.scenes and value not in self.endings:
            self.ctx.error(path, f"'{value}' is not a scene or an ending",
                           _suggest(value, sorted(set(self.scenes) | set(self.endings) | {END})), "E-REF")

    def condition(self, path: Path, source: Any) -> None:
        if not isinstance(source, str):
            return
        known = self._by_source.get(source)
        if known is None:
            try:
                known = compile_condition(source, self.names)
            except ExprError as exc:
                known = exc
            self._by_source[source] = known
        if isinstance(known, ExprError):
            self.expression_error(path, known.column, known.message, known.hint, "E-EXPR")
        else:
            self.compiled[path] = known

    def expression_error(self, path: Path, column: int, message: str, hint: str, code: str) -> None:
        """Report at ``column`` (0-based) of the condition at ``path``, wherever YAML put it."""
        line, col = self.ctx.located.where(path)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        at = text[col - 1 : col]
        if at in ("'", '"'):
            col += 1 + column  # inside the quotes (exact unless the text uses escapes)
        elif at in ("|", ">"):
            # a block scalar: the expression starts on the next non-blank line, indented
            line += 1
            while line <= len(self.lines) and not self.lines[line - 1].strip():
                line += 1
            body = self.lines[line - 1] if line <= len(self.lines) else ""
            col = len(body) - len(body.lstrip()) + 1 + column
        else:
            col += column
        self.ctx.add(line, col, path, message, hint, code)

    def unknown_name(self, path: Path, name: Any, known: dict, what: str, hint: str = "") -> None:
        """An unknown meter or flag id used as a key: a look-alike letter is named, not guessed at."""
        look = explain(name, allowed=NAME_CHARACTERS) if isinstance(name, str) else None
        if look is not None and repair(name) in known:
            self.ctx.error_at_char(path, name, look.index, look.message, look.hint, "E-LOOKALIKE", key=True)
            return
        self.ctx.error(path, f"unknown {what} '{name}'", hint or _suggest(name, sorted(known)), "E-REF", key=True)

    def effects(self, path: Path, container: dict) -> None:
        effects = container.get("effects")
        sets = container.get("set")
        if isinstance(effects, dict):
            for name, delta in effects.items():
                if name in self.meters:
                    consistency.check_effect(self, path + ("effects", name), name, delta, self.meters[name])
                elif name in self.flags:
                    counters.check_effect(self, path + ("effects", name), name, delta,
                                          both=isinstance(sets, dict) and name in sets)
                else:
                    self.unknown_name(path + ("effects", name), name, {**self.meters, **self.counters}, "meter")
        if isinstance(sets, dict):
            for flag_id, value in sets.items():
                flag = self.flags.get(flag_id)
                if flag is None:
                    hint = f"'{flag_id}' is a meter: change it under effects:" if flag_id in self.meters else ""
                    self.unknown_name(path + ("set", flag_id), flag_id, self.flags, "flag", hint)
                    continue
                self.flags_set.add(flag_id)
                self._flag_value(path + ("set", flag_id), flag, value)

    def _flag_value(self, path: Path, flag: dict, value: Any) -> None:
        ftype = flag.get("type")
        if not isinstance(ftype, str) or ftype not in FLAG_TYPES:
            return
        if not isinstance(value, (bool, int, str)):
            return  # not a flag value at all: the structural pass has reported it
        python_type = FLAG_TYPES[ftype][1]
        ok = isinstance(value, python_type) and not (python_type is int and isinstance(value, bool))
        if ok and isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT_FLAG:
            self.ctx.error(path, f"{value} is too large for a flag (the limit is ±{MAX_INT_FLAG:,})",
                           "counts in a scenario stay small", "E-RANGE")
            return
        ident = flag.get("id")
        span = self.counters.get(ident) if isinstance(ident, str) else None
        if ok and span is not None and isinstance(value, int) and not span[0] <= value <= span[1]:
            self.ctx.error(path, f"{value} is outside the range {span[0]}..{span[1]} of counter '{flag['id']}'",
                           "a counter never leaves its min..max", "E-RANGE")
            return
        if not ok:
            hint = {"bool": "write true or false", "int": "write a whole number",
                    "text": "put the value in quotes"}[ftype]
            if ftype == "bool" and isinstance(value, str) and value.lower() in ("true", "false"):
                hint = quoted_bool_hint(value)
            elif ftype == "int" and isinstance(value, str) and value.lstrip("+-").isdigit():
                hint = f"write {value} without quotes: in quotes, \"{value}\" is text"
            self.ctx.error(path, f"flag '{flag.get('id')}' is {ftype}, but this value is {value!r}", hint, "E-TYPE")

    # -- the passes -------------------------------------------------------------------------

    def run(self) -> None:
        self.collect_ids()
        data = self.data
        if isinstance(data.get("start"), str) and self.scenes is not None and data["start"] not in self.scenes:
            hint = _suggest(data["start"], sorted(self.scenes))
            if data["start"] in self.endings:
                hint = "start must be a scene, not an ending"
            self.ctx.error(("start",), f"unknown scene '{data['start']}'", hint, "E-REF")
        for oi, opening in _items(data, "openings"):
            self.ref(("openings", oi, "scene"), opening.get("scene"), self.scenes, "scene")
            self.condition(("openings", oi, "when"), opening.get("when"))
        self.check_meters()
        self.check_flags()
        self.check_seesaw()
        self.check_glossary()
        for i, reading_entry in _items(data, "historiography"):
            for r, reading in _items(reading_entry, "readings"):
                self.refs(reading, "sources", ("historiography", i, "readings", r), self.sources, "source")
                self.ref(("historiography", i, "readings", r, "lean"), reading.get("lean"), self.leans, "lean")
        for i, lean in _items(data, "leans"):
            if "meter" in lean:
                self.ref(("leans", i, "meter"), lean.get("meter"), self.meters, "meter")
        for si, scene in _items(data, "scenes"):
            self.check_scene(si, scene)
        for ei, ending in _items(data, "endings"):
            self.check_ending(ei, ending)
        self.check_templates()
        from game.scenario.scenegraph import SceneGraph  # the graph and the tests: their own modules
        from game.scenario.misspelt import name_misspelt_declarations
        from game.scenario.testsection import check_tests

        SceneGraph(self).check()
        consistency.check_period(self)
        consistency.check_never_true(self)
        consistency.check_unused_flags(self)
        check_tests(self)
        name_misspelt_declarations(self)

    def check_templates(self) -> None:
        """Compile every text that follows the story (scene text, counsel, results, endings) once,
        against the meters, flags and ``turn``; a mistake is reported at its character."""
        for path in self.ctx.templates:
            text = _value_at(self.data, path)
            if not isinstance(text, str) or text in self.templates:
                continue
            try:
                self.templates[text] = compile_template(text, self.names)
            except TemplateError as exc:
                self.ctx.error_at_char(path, text, exc.index, exc.message, exc.hint, "E-TEMPLATE")

    def check_ending(self, ei: int, ending: dict) -> None:
        path = ("endings", ei)
        if ending.get("only_by_next") is True and "condition" in ending:
            self.ctx.error(path + ("only_by_next",), "an ending reached only by next has no condition",
                           "remove the condition: 'next: end' never picks this ending anyway", "E-ONLY-BY-NEXT",
                           key=True)
        else:
            self.condition(path + ("condition",), ending.get("condition"))
        self.refs(ending, "sources", path, self.sources, "source")
        if ending.get("kind") == "historical" and not ending.get("sources"):
            self.ctx.error(path, "a historical ending must cite its sources",
                           "add 'sources: [source-id]'", "E-CITE")

    def only_by_next(self, ident: str) -> bool:
        path = self.endings.get(ident)
        ending = self.data["endings"][path[1]] if path else None
        return isinstance(ending, dict) and ending.get("only_by_next") is True

    def check_meters(self) -> None:
        for i, meter in _items(self.data, "meters"):
            path = ("meters", i)
            lo, hi = meter.get("min", 0), meter.get("max", 100)
            if not (isinstance(lo, int) and isinstance(hi, int)):
                continue
            if lo >= hi:
                self.ctx.error(path + ("max",), f"max ({hi}) must be greater than min ({lo})", "", "E-RANGE")
                continue
            start = meter.get("start")
            if isinstance(start, int) and not isinstance(start, bool) and not lo <= start <= hi:
                self.ctx.error(path + ("start",), f"start {start} is outside the range {lo}..{hi}", "", "E-RANGE")
            for t, threshold in _items(meter, "ends_game"):
                tpath = path + ("ends_game", t)
                for key in ("at_most", "at_least"):
                    value = threshold.get(key)
                    if isinstance(value, int) and not isinstance(value, bool) and not lo <= value <= hi:
                        self.ctx.error(tpath + (key,), f"{value} is outside the meter's range {lo}..{hi}",
                                       "the threshold could never be reached", "E-RANGE")
                self.ref(tpath + ("ending",), threshold.get("ending"), self.endings, "ending")

    def check_flags(self) -> None:
        for i, flag in _items(self.data, "flags"):
            counters.check_range(self, i, flag)
        for i, flag in _items(self.data, "flags"):
            if "default" in flag:
                self._flag_value(("flags", i, "default"), flag, flag["default"])

    def check_seesaw(self) -> None:
        seesaw = self.data.get("seesaw")
        if isinstance(seesaw, dict):
            for side in ("left", "right"):
                self.ref(("seesaw", side), seesaw.get(side), self.meters, "meter")

    def check_glossary(self) -> None:
        """Each term once, whatever its capitals or spacing (players look terms up by typing
        them), and a source that exists."""
        seen: dict[str, tuple[str, Path]] = {}
        for i, entry in _items(self.data, "glossary"):
            path: Path = ("glossary", i)
            term = entry.get("term")
            if isinstance(term, str) and term.strip():
                key = glossary_key(term)
                if key in seen:
                    first, at = seen[key]
                    same = "" if first == term else f" (as '{first}')"
                    self.ctx.error(path + ("term",), f"duplicate glossary term '{term}'; it is first "
                                   f"explained{same} at {self.ctx.place(at)}",
                                   "explain each term once: merge the two definitions, or remove one",
                                   "E-DUP-ID")
                else:
                    seen[key] = (term, path + ("term",))
            if "source" in entry:
                self.ref(path + ("source",), entry.get("source"), self.sources, "source")

    def check_scene(self, si: int, scene: dict) -> None:
        path: Path = ("scenes", si)
        for di, doc in _items(scene, "documents"):
            self.ref(path + ("documents", di, "source"), doc.get("source"), self.sources, "source")
        for ci, counsel in _items(scene, "counsel"):
            self.ref(path + ("counsel", ci, "adviser"), counsel.get("adviser"), self.advisers, "adviser")
        self.refs(scene, "historiography", path, self.historiography, "historiography entry")
        historical_at: list[Path] = []
        choices = list(_items(scene, "choices"))
        for ci, choice in choices:
            cpath = path + ("choices", ci)
            self.condition(cpath + ("condition",), choice.get("condition"))
            if "disabled_reason" in choice and "condition" not in choice:
                self.ctx.error(cpath + ("disabled_reason",), "disabled_reason without a condition is never shown",
                               "add a condition, or remove disabled_reason", "W-UNUSED", key=True,
                               severity="warning")
            self.effects(cpath, choice)
            self.target(cpath + ("next",), choice.get("next"))
            historical = choice.get("historical")
            if isinstance(historical, dict):
                historical_at.append(cpath)
                self.refs(historical, "sources", cpath + ("historical",), self.sources, "source")
            outcomes = list(_items(choice, "outcomes"))
            unconditional = False
            marked = 0
            for oi, outcome in outcomes:
                opath = cpath + ("outcomes", oi)
                self.condition(opath + ("condition",), outcome.get("condition"))
                unconditional |= "condition" not in outcome
                marked += outcome.get("historical") is True
                self.effects(opath, outcome)
                self.target(opath + ("next",), outcome.get("next"))
            if outcomes and not unconditional:
                self.ctx.error(cpath + ("outcomes",), "every outcome has a condition; if none holds, the first is used",
                               "give one outcome no condition", "W-OUTCOMES", severity="warning")
            if marked > 1:
                self.ctx.error(cpath + ("outcomes",), "more than one outcome is marked historical",
                               "mark only the outcome that actually happened", "E-HISTORICAL")
            changes = any(choice.get(k) for k in ("effects", "set", "result")) or any(
                o.get(k) for _, o in outcomes for k in ("effects", "set", "result"))
            if not changes:
                self.ctx.error(cpath, "this choice changes nothing and shows no result",
                               "add effects, set or result, so players can tell the options apart",
                               "W-NO-EFFECT", severity="warning")
        if len(historical_at) > 1:
            first = self.ctx.located.where(historical_at[0] + ("historical",), key=True)[0]
            for extra in historical_at[1:]:
                self.ctx.error(extra + ("historical",),
                               f"only one choice per scene can be historical (another is at line {first})",
                               "keep the choice the leadership actually made", "E-HISTORICAL", key=True)
        if choices and all("condition" in c for _, c in choices):
            self.ctx.error(path + ("choices",), "every choice here has a condition: players may find no way out",
                           "give at least one choice no condition", "W-NO-WAY-OUT", severity="warning")


def _value_at(data: Any, path: Path) -> Any:
    """The value at ``path`` in the checked data (None if the path no longer leads anywhere)."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
