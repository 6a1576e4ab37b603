"""Checks that need the whole file: ids, cross-references, expressions, and the scene graph.

Runs after the structural pass, on the plain data, skipping any part whose shape was already
reported, so that one broken scene does not hide mistakes elsewhere.
"""

from __future__ import annotations

import difflib
from collections import deque
from typing import Any, Iterator

from game.engine.expr import BOOL, NUMBER, TEXT, ExprError, compile_condition
from game.engine.model import END
from game.scenario.diagnostics import Path
from game.scenario.spec import Ctx

RESERVED_NAMES = {"turn", "true", "false", "and", "or", "not", "in", "is", "if", "else", "none",
                  "lambda", "end"}
MAX_INT_FLAG = 10**9
FLAG_TYPES = {"bool": (BOOL, bool), "int": (NUMBER, int), "text": (TEXT, str)}


def _items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """Well-formed mappings of the list at ``data[key]``."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _suggest(name: Any, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(known) <= 8 and known:
        return "known: " + ", ".join(known)
    return ""


class SemanticChecker:
    def __init__(self, data: dict, ctx: Ctx, lines: list[str]):
        self.data = data
        self.ctx = ctx
        self.lines = lines
        self.scenes: dict[str, Path] = {}
        self.endings: dict[str, Path] = {}
        self.meters: dict[str, dict] = {}
        self.flags: dict[str, dict] = {}
        self.sources: set[str] = set()
        self.advisers: set[str] = set()
        self.historiography: set[str] = set()
        self.names: dict[str, str] = {"turn": NUMBER}
        self.compiled: dict[Path, Any] = {}

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
        for ident, flag in self.flags.items():
            ftype = flag.get("type")
            if isinstance(ftype, str) and ftype in FLAG_TYPES:
                self.names[ident] = FLAG_TYPES[ftype][0]
        self._collect("sources", self.sources, {}, "source")
        self._collect("advisers", self.advisers, {}, "adviser")
        self._collect("historiography", self.historiography, {}, "historiography entry")
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
            line = self.ctx.located.where(namespace[ident])[0]
            self.ctx.error(path, f"duplicate {what} '{ident}'{where}; {first} at line {line}",
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
        try:
            self.compiled[path] = compile_condition(source, self.names)
        except ExprError as exc:
            line, col = self.ctx.located.where(path)
            text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            at = text[col - 1 : col]
            if at in ("'", '"'):
                col += 1 + exc.column  # inside the quotes (exact unless the text uses escapes)
            elif at in ("|", ">"):
                # a block scalar: the expression starts on the next non-blank line, indented
                line += 1
                while line <= len(self.lines) and not self.lines[line - 1].strip():
                    line += 1
                body = self.lines[line - 1] if line <= len(self.lines) else ""
                col = len(body) - len(body.lstrip()) + 1 + exc.column
            else:
                col += exc.column
            self.ctx.diags.add(line, col, exc.message, path=path, hint=exc.hint, code="E-EXPR")

    def effects(self, path: Path, container: dict) -> None:
        effects = container.get("effects")
        if isinstance(effects, dict):
            for meter_id in effects:
                if meter_id not in self.meters:
                    self.ctx.error(path + ("effects", meter_id), f"unknown meter '{meter_id}'",
                                   _suggest(meter_id, sorted(self.meters)), "E-REF", key=True)
        sets = container.get("set")
        if isinstance(sets, dict):
            for flag_id, value in sets.items():
                flag = self.flags.get(flag_id)
                if flag is None:
                    hint = _suggest(flag_id, sorted(self.flags))
                    if flag_id in self.meters:
                        hint = f"'{flag_id}' is a meter: change it under effects:"
                    self.ctx.error(path + ("set", flag_id), f"unknown flag '{flag_id}'", hint, "E-REF", key=True)
                    continue
                self._flag_value(path + ("set", flag_id), flag, value)

    def _flag_value(self, path: Path, flag: dict, value: Any) -> None:
        ftype = flag.get("type")
        if not isinstance(ftype, str) or ftype not in FLAG_TYPES:
            return
        if not isinstance(value, (bool, int, str)):
            return  # not a flag value at all: the structural pass has reported it
        python_type = FLAG_TYPES[ftype][1]
        ok = isinstance(value, python_type) and not (python_type is int and isinstance(value, bool))
        if ok and python_type is int and abs(value) > MAX_INT_FLAG:
            self.ctx.error(path, f"{value} is too large for a flag (the limit is ±{MAX_INT_FLAG:,})",
                           "counts in a scenario stay small", "E-RANGE")
            return
        if not ok:
            self.ctx.error(path, f"flag '{flag.get('id')}' is {ftype}, but this value is {value!r}",
                           {"bool": "write true or false", "int": "write a whole number",
                            "text": "put the value in quotes"}[ftype], "E-TYPE")

    # -- the passes -------------------------------------------------------------------------

    def run(self) -> None:
        self.collect_ids()
        data = self.data
        if isinstance(data.get("start"), str) and self.scenes is not None:
            if data["start"] not in self.scenes:
                hint = _suggest(data["start"], sorted(self.scenes))
                if data["start"] in self.endings:
                    hint = "start must be a scene, not an ending"
                self.ctx.error(("start",), f"unknown scene '{data['start']}'", hint, "E-REF")
        self.check_meters()
        self.check_flags()
        self.check_seesaw()
        for i, reading_entry in _items(data, "historiography"):
            for r, reading in _items(reading_entry, "readings"):
                self.refs(reading, "sources", ("historiography", i, "readings", r), self.sources, "source")
        for si, scene in _items(data, "scenes"):
            self.check_scene(si, scene)
        for ei, ending in _items(data, "endings"):
            path = ("endings", ei)
            self.condition(path + ("condition",), ending.get("condition"))
            self.refs(ending, "sources", path, self.sources, "source")
            if ending.get("kind") == "historical" and not ending.get("sources"):
                self.ctx.error(path, "a historical ending must cite its sources",
                               "add 'sources: [source-id]'", "E-CITE")
        self.check_graph()
        from game.scenario.testsection import check_tests  # the tests: section, run by playtest

        check_tests(self)

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
            if "default" in flag:
                self._flag_value(("flags", i, "default"), flag, flag["default"])

    def check_seesaw(self) -> None:
        seesaw = self.data.get("seesaw")
        if isinstance(seesaw, dict):
            for side in ("left", "right"):
                self.ref(("seesaw", side), seesaw.get(side), self.meters, "meter")

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
                self.ctx.error(extra + ("historical",), f"only one choice per scene can be historical (another is at line {first})",
                               "keep the choice the leadership actually made", "E-HISTORICAL", key=True)
        if choices and all("condition" in c for _, c in choices):
            self.ctx.error(path + ("choices",), "every choice here has a condition: players may find no way out",
                           "give at least one choice no condition", "W-NO-WAY-OUT", severity="warning")

    # -- the scene graph --------------------------------------------------------------------

    def check_graph(self) -> None:
        start = self.data.get("start")
        if not isinstance(start, str) or start not in self.scenes:
            return
        edges: dict[str, set[str]] = {}
        uses_end = False
        for si, scene in _items(self.data, "scenes"):
            ident = scene.get("id")
            if not isinstance(ident, str) or ident not in self.scenes or self.scenes[ident] != ("scenes", si):
                continue
            targets: set[str] = set()
            for _, choice in _items(scene, "choices"):
                nexts = [choice.get("next")] + [o.get("next") for _, o in _items(choice, "outcomes")]
                for target in nexts:
                    if isinstance(target, str):
                        targets.add(target)
            uses_end |= END in targets
            edges[ident] = targets
        for _, meter in _items(self.data, "meters"):
            for _, threshold in _items(meter, "ends_game"):
                if isinstance(threshold.get("ending"), str):
                    edges.setdefault("", set()).add(threshold["ending"])
        end_targets = self._end_reachable() if uses_end else set()
        # forward: what can be reached from the start
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for target in edges.get(node, ()):
                for t in (end_targets if target == END else {target}):
                    if t not in seen:
                        seen.add(t)
                        queue.append(t)
        for ident, path in self.scenes.items():
            if ident not in seen:
                self.ctx.error(path + ("id",), f"scene '{ident}' cannot be reached from the start",
                               "point a choice's next at it, or remove it", "E-UNREACHABLE")
        reached_endings = seen | edges.get("", set()) | end_targets
        for ident, path in self.endings.items():
            if ident not in reached_endings:
                self.ctx.error(path + ("id",), f"nothing leads to ending '{ident}'",
                               "point a choice's next at it, or use next: end with a condition",
                               "W-UNREACHABLE", severity="warning")
        if uses_end and not self._has_fallback_ending():
            self.ctx.error(("endings",), "'next: end' is used, but every ending has a condition",
                           "give the last ending no condition, so 'end' always finds one", "E-NO-FALLBACK")
        # backward: from where can an ending be reached?
        predecessors: dict[str, list[str]] = {}
        can_finish: set[str] = set()
        for node, targets in edges.items():
            if node == "":
                continue
            for t in targets:
                predecessors.setdefault(t, []).append(node)
            if any(t == END or t in self.endings for t in targets):
                can_finish.add(node)
        queue = deque(can_finish)
        while queue:
            for pred in predecessors.get(queue.popleft(), ()):
                if pred not in can_finish:
                    can_finish.add(pred)
                    queue.append(pred)
        for ident in self.scenes:
            if ident in seen and ident not in can_finish:
                self.ctx.error(self.scenes[ident] + ("id",),
                               f"no way out: from scene '{ident}' no ending can ever be reached",
                               "give one of its paths a next that leads to an ending", "E-NO-WAY-OUT")

    def _end_reachable(self) -> set[str]:
        out = set()
        for _, ending in _items(self.data, "endings"):
            if isinstance(ending.get("id"), str):
                out.add(ending["id"])
                if "condition" not in ending:
                    break
        return out

    def _has_fallback_ending(self) -> bool:
        return any("condition" not in e for _, e in _items(self.data, "endings"))
