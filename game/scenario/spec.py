"""A small declarative description of the scenario format, used twice: to check files (with
every mistake located and explained) and to generate the JSON Schema that editors use.

One description for both keeps the editor's red squiggles and ``politburo validate`` in
agreement; a test checks the committed schema file against :func:`json_schema`.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any
from collections.abc import Callable

from game.engine.record import field, record
from game.safetext import BIDI_CONTROLS, describe_char
from game.scenario.context import Ctx, misplaced_in_scalar as _misplaced_in_scalar, quoted_bool_hint
from game.scenario.diagnostics import Path
from game.scenario.lookalike import ID_CHARACTERS, KEY_CHARACTERS, NAME_CHARACTERS, explain, repair

__all__ = ["Ctx", "quoted_bool_hint"]  # Ctx lives in game.scenario.context; re-exported for callers

_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
#: '${' that is not the escape '$${': a template part, in a text that may not hold one.
_TEMPLATE_MARK = re.compile(r"(?<!\$)\$\{")
ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"text ({shown!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Spec:
    description = ""

    def check(self, value: Any, path: Path, ctx: Ctx) -> bool:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError


@record(frozen=False, slots=False)
class Text(Spec):
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int = 20_000
    description: str = ""
    #: For ids: which characters they may hold, for the look-alike message; empty for free text.
    lookalikes: str = ""
    #: A text that follows the story: its ``${...}`` parts are filled in when it is shown
    #: (:mod:`game.engine.template`).  In any other text they are shown as written.
    template: bool = False

    def check(self, value, path, ctx):
        if not isinstance(value, str):
            if isinstance(value, dict) and _misplaced_in_scalar(value, path, ctx):
                return False
            hint = 'put the text in quotes' if isinstance(value, (int, float, bool)) else ""
            if value is None:
                hint = "write a value after the colon, or remove the key"
            ctx.error(path, f"expected text, got {_kind(value)}", hint, "E-TYPE")
            return False
        if not value.strip():
            ctx.error(path, "this text is empty", "write something, or remove the key", "E-EMPTY")
            return False
        if self.pattern and not _compiled(self.pattern).match(value):
            look = explain(value, allowed=self.lookalikes) if self.lookalikes else None
            if look is not None:
                ctx.error_at_char(path, value, look.index, look.message, look.hint, "E-LOOKALIKE")
            else:
                shown = value if len(value) <= 40 else value[:37] + "..."
                ctx.error(path, f"{shown!r} is not valid here", self.pattern_hint, "E-PATTERN")
            if self.lookalikes and re.match(self.pattern, repair(value)):
                ctx.repairs[path] = repair(value)  # read it as meant: its references are not wrong
            return False
        if len(value) > self.max_length:
            ctx.error(path, f"text longer than {self.max_length:,} characters", "shorten it", "E-LENGTH")
            return False
        if "${" in value:
            self._template(value, path, ctx)
        found = _BIDI.search(value)
        if found is not None:  # Trojan Source: what a reader sees is not what is stored
            bidi = found.start()
            char = ctx.located.char_at(path, value, bidi)
            line, col = (char.line, char.column) if char else ctx.located.where(path)
            ctx.add(line, col, path, f"bidirectional control character {describe_char(value[bidi])} makes the "
                    "text display in another order than it is written", "remove it, unless the text mixes "
                    "right-to-left and left-to-right scripts and needs it", "W-BIDI", "warning")
        return True

    def _template(self, value: str, path: Path, ctx: Ctx) -> None:
        if self.template:
            ctx.templates.append(path)
            return
        found = _TEMPLATE_MARK.search(value)
        if found is not None:
            ctx.error_at_char(path, value, found.start(), "this text is shown as written: '${...}' is filled in only "
                              "in scene text, counsel, results and ending text", "write the value into the text, "
                              "or move the passage into one of those texts", "W-TEMPLATE", severity="warning")

    def schema(self):
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.pattern:
            out["pattern"] = self.pattern
        if self.description:
            out["description"] = self.description
        return out


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Each spec's pattern compiled once: ``re.match(pattern, ...)`` looks it up in re's cache at
    every one of a file's thousands of texts."""
    return re.compile(pattern)


def Id(description: str = "") -> Text:
    return Text(ID_PATTERN, "ids are lower-case letters, digits, '_' or '-', starting with a letter", 64,
                description, ID_CHARACTERS)


def Name(description: str = "") -> Text:
    return Text(NAME_PATTERN,
                "meter and flag ids are lower-case letters, digits and '_', starting with a letter "
                "(no '-': they are names in conditions)", 64, description, NAME_CHARACTERS)


@record(frozen=False, slots=False)
class Integer(Spec):
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""

    def check(self, value, path, ctx):
        if isinstance(value, dict) and _misplaced_in_scalar(value, path, ctx):
            return False
        if isinstance(value, bool) or not isinstance(value, int):
            hint = ""
            if isinstance(value, float):
                hint = "meters and weights are whole numbers"
            elif isinstance(value, str):
                hint = "write digits without quotes, e.g. 5 or -3"
            ctx.error(path, f"expected a whole number, got {_kind(value)}", hint, "E-TYPE")
            return False
        if self.minimum is not None and value < self.minimum:
            ctx.error(path, f"{value} is below the minimum {self.minimum}", "", "E-RANGE")
            return False
        if self.maximum is not None and value > self.maximum:
            ctx.error(path, f"{value} is above the maximum {self.maximum}", "", "E-RANGE")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.description:
            out["description"] = self.description
        return out


@record(frozen=False, slots=False)
class Boolean(Spec):
    description: str = ""

    def check(self, value, path, ctx):
        if isinstance(value, dict) and _misplaced_in_scalar(value, path, ctx):
            return False
        if not isinstance(value, bool):
            hint = "write true or false"
            if isinstance(value, str) and value in _YAML11_BOOLS:
                hint = f"write true or false; '{value}' is text in YAML 1.2"
            elif isinstance(value, str) and value.lower() in ("true", "false"):
                hint = quoted_bool_hint(value)
            ctx.error(path, f"expected true or false, got {_kind(value)}", hint, "E-TYPE")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"type": "boolean"}
        if self.description:
            out["description"] = self.description
        return out


@record(frozen=False, slots=False)
class Choice(Spec):
    """One of a fixed set of values."""

    values: tuple[Any, ...]
    description: str = ""

    def check(self, value, path, ctx):
        if isinstance(value, dict) and _misplaced_in_scalar(value, path, ctx):
            return False
        if isinstance(value, bool) or value not in self.values:
            shown = ", ".join(str(v) for v in self.values)
            import difflib  # only when a message suggests a name: not on every start
            close = difflib.get_close_matches(str(value), [str(v) for v in self.values], n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"one of: {shown}"
            ctx.error(path, f"{_kind(value)} is not one of: {shown}", hint, "E-ENUM")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"enum": list(self.values)}
        if self.description:
            out["description"] = self.description
        return out


@record(frozen=False, slots=False)
class Scalar(Spec):
    """A flag value: true/false, a whole number, or text (checked against the flag's type later)."""

    description: str = ""

    def check(self, value, path, ctx):
        if isinstance(value, dict) and _misplaced_in_scalar(value, path, ctx):
            return False
        if (isinstance(value, float) and not math.isfinite(value)) or not isinstance(value, (bool, int, str)):
            ctx.error(path, f"expected true/false, a whole number or text, got {_kind(value)}", "", "E-TYPE")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"type": ["boolean", "integer", "string"]}
        if self.description:
            out["description"] = self.description
        return out


@record(frozen=False, slots=False)
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    description: str = ""
    #: What an empty list means, in the author's terms (default: "needs at least N items").
    empty_message: str = ""
    empty_hint: str = ""

    def check(self, value, path, ctx):
        if not isinstance(value, list):
            hint = "start each item on its own line with '- '"
            ctx.error(path, f"expected a list, got {_kind(value)}", hint, "E-TYPE")
            return False
        if len(value) < self.min_items:
            if not value and self.empty_message:
                ctx.error(path, self.empty_message, self.empty_hint, "E-EMPTY")
            else:
                ctx.error(path, f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}",
                          "", "E-EMPTY")
        ok = True
        for i, item in enumerate(value):
            ok = self.item.check(item, path + (i,), ctx) and ok
        return ok

    def schema(self):
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.description:
            out["description"] = self.description
        return out


@record(frozen=False, slots=False)
class MapOf(Spec):
    """A mapping from names (meter or flag ids) to values."""

    value: Spec
    description: str = ""

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            ctx.error(path, f"expected a mapping like {{name: value}}, got {_kind(value)}", "", "E-TYPE")
            return False
        ok = True
        for key in list(value):
            if key not in ctx.declared_names:
                owner = ctx.misplaced_owner(key, skip_innermost=False)
                if owner is not None:  # e.g. 'set:' indented under 'effects:'
                    record, owner_path, mapping = owner
                    ctx.report_misplaced(path, key, owner_path, record)
                    ctx.move_key(value, path, key, mapping, owner_path)
                    ok = False
                    continue
            ok = self.value.check(value[key], path + (key,), ctx) and ok
        return ok

    def schema(self):
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.schema(),
                               "propertyNames": {"pattern": NAME_PATTERN}}
        if self.description:
            out["description"] = self.description
        return out


@record(frozen=False, slots=False)
class F:
    """A field of a :class:`Record`."""

    spec: Spec
    required: bool = False
    description: str = ""


@record(frozen=False, slots=False)
class Record(Spec):
    name: str
    fields: dict[str, F]
    description: str = ""
    #: Extra checks on the whole record, e.g. "exactly one of next/outcomes".
    rules: list[Callable[[dict, Path, Ctx], None]] = field(default_factory=list)
    #: Required keys not reported missing when the enclosing record holds them: its own rule
    #: names that one mistake (an outcome's 'next' written once on its choice instead).
    parent_reports: tuple[str, ...] = ()

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            hint = ""
            if isinstance(value, str) and path and isinstance(path[-1], int):
                hint = f"each {self.name} is a mapping of keys, e.g. '- id: ...' with the other keys indented below"
            ctx.error(path, f"expected a {self.name} (a mapping of keys), got {_kind(value)}", hint, "E-TYPE")
            return False
        ctx.records.append((self, path, value))
        try:
            return self._check_keys(value, path, ctx)
        finally:
            ctx.records.pop()

    def _check_keys(self, value: dict, path: Path, ctx: Ctx) -> bool:
        ok = True
        known = list(self.fields)
        # every key known (the usual case) is one comparison of key views, in C
        for key in [] if self.fields.keys() >= value.keys() else list(value):
            if key in self.fields:
                continue
            ok = False
            fixed = repair(key) if isinstance(key, str) else key
            look = explain(key, allowed=KEY_CHARACTERS) if isinstance(key, str) else None
            if fixed in self.fields and fixed not in value and look is not None:
                ctx.error_at_char(path + (key,), key, look.index, look.message,
                                  f"retype it as '{fixed}'", "E-LOOKALIKE", key=True)
                ctx.rename_key(path, key, fixed)
                continue
            owner = ctx.misplaced_owner(key, skip_innermost=True)
            if owner is not None:
                record, owner_path, mapping = owner
                ctx.report_misplaced(path, key, owner_path, record)
                ctx.move_key(value, path, key, mapping, owner_path)
                continue
            import difflib  # only when a message suggests a name: not on every start
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            ctx.error(path + (key,), f"unknown key '{key}' in {self.name}", hint, "E-UNKNOWN-KEY", key=True)
        for name, f in self.fields.items():  # children first: they may hand back a misplaced key
            if name in value:
                ok = f.spec.check(value[name], path + (name,), ctx) and ok
        for name, f in self._required:
            if name not in value:
                if name in self.parent_reports and len(ctx.records) > 1 and name in ctx.records[-2][2]:
                    continue
                ctx.error(path, f"{self.name} is missing required key '{name}'",
                          f"add '{name}:' ({f.description or 'see docs/scenario-format.md'})", "E-MISSING")
                ok = False
        for rule in self.rules:
            rule(value, path, ctx)
        return ok

    @functools.cached_property
    def _required(self) -> list[tuple[str, F]]:
        """The required fields, listed once (a record's fields do not change once it is made)."""
        return [(n, f) for n, f in self.fields.items() if f.required]

    def schema(self):
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {},
        }
        if self.description:
            out["description"] = self.description
        for name, f in self.fields.items():
            sub = dict(f.spec.schema())
            if f.description and "description" not in sub:
                sub["description"] = f.description
            out["properties"][name] = sub
        required = [n for n, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        return out


@record(frozen=False, slots=False)
class AnyOf(Spec):
    """Accept the first spec whose basic type matches (used for ``next`` vs ``outcomes``)."""

    options: tuple[Spec, ...]
    description: str = ""

    def check(self, value, path, ctx):  # pragma: no cover - not used for checking
        return self.options[0].check(value, path, ctx)

    def schema(self):
        return {"anyOf": [o.schema() for o in self.options]}
