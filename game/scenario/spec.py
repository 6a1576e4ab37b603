"""A small declarative description of the scenario format, used twice: to check files (with
every mistake located and explained) and to generate the JSON Schema that editors use.

One description for both keeps the editor's red squiggles and ``politburo validate`` in
agreement; a test checks the committed schema file against :func:`json_schema`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from game.scenario.diagnostics import Diagnostics, Path
from game.scenario.yamlsafe import Located

ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


@dataclass
class Ctx:
    """Where to report: the located data and the diagnostics list."""

    located: Located
    diags: Diagnostics

    def error(self, path: Path, message: str, hint: str = "", code: str = "", key: bool = False,
              severity: str = "error") -> None:
        line, col = self.located.where(path, key=key)
        self.diags.add(line, col, message, path=path, hint=hint, code=code, severity=severity)  # type: ignore[arg-type]


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


@dataclass
class Text(Spec):
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int = 20_000
    description: str = ""

    def check(self, value, path, ctx):
        if not isinstance(value, str):
            hint = 'put the text in quotes' if isinstance(value, (int, float, bool)) else ""
            if value is None:
                hint = "write a value after the colon, or remove the key"
            ctx.error(path, f"expected text, got {_kind(value)}", hint, "E-TYPE")
            return False
        if not value.strip():
            ctx.error(path, "this text is empty", "write something, or remove the key", "E-EMPTY")
            return False
        if self.pattern and not re.match(self.pattern, value):
            shown = value if len(value) <= 40 else value[:37] + "..."
            ctx.error(path, f"{shown!r} is not valid here", self.pattern_hint, "E-PATTERN")
            return False
        if len(value) > self.max_length:
            ctx.error(path, f"text longer than {self.max_length:,} characters", "shorten it", "E-LENGTH")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.pattern:
            out["pattern"] = self.pattern
        if self.description:
            out["description"] = self.description
        return out


def Id(description: str = "") -> Text:
    return Text(ID_PATTERN, "ids are lower-case letters, digits, '_' or '-', starting with a letter", 64,
                description)


def Name(description: str = "") -> Text:
    return Text(NAME_PATTERN,
                "meter and flag ids are lower-case letters, digits and '_', starting with a letter "
                "(no '-': they are names in conditions)", 64, description)


def Date(description: str = "") -> Text:
    return Text(DATE_PATTERN, 'write dates as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; use date_label for '
                "uncertain dates", 10, description)


@dataclass
class Integer(Spec):
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""

    def check(self, value, path, ctx):
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


@dataclass
class Boolean(Spec):
    description: str = ""

    def check(self, value, path, ctx):
        if not isinstance(value, bool):
            hint = "write true or false"
            if isinstance(value, str) and value in _YAML11_BOOLS:
                hint = f"write true or false; '{value}' is text in YAML 1.2"
            ctx.error(path, f"expected true or false, got {_kind(value)}", hint, "E-TYPE")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"type": "boolean"}
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class Choice(Spec):
    """One of a fixed set of values."""

    values: tuple[Any, ...]
    description: str = ""

    def check(self, value, path, ctx):
        if isinstance(value, bool) or value not in self.values:
            shown = ", ".join(str(v) for v in self.values)
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


@dataclass
class Scalar(Spec):
    """A flag value: true/false, a whole number, or text (checked against the flag's type later)."""

    description: str = ""

    def check(self, value, path, ctx):
        if isinstance(value, float) and not math.isfinite(value) or not isinstance(value, (bool, int, str)):
            ctx.error(path, f"expected true/false, a whole number or text, got {_kind(value)}", "", "E-TYPE")
            return False
        return True

    def schema(self):
        out: dict[str, Any] = {"type": ["boolean", "integer", "string"]}
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    description: str = ""

    def check(self, value, path, ctx):
        if not isinstance(value, list):
            hint = "start each item on its own line with '- '"
            ctx.error(path, f"expected a list, got {_kind(value)}", hint, "E-TYPE")
            return False
        if len(value) < self.min_items:
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


@dataclass
class MapOf(Spec):
    """A mapping from names (meter or flag ids) to values."""

    value: Spec
    description: str = ""

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            ctx.error(path, f"expected a mapping like {{name: value}}, got {_kind(value)}", "", "E-TYPE")
            return False
        ok = True
        for key, item in value.items():
            ok = self.value.check(item, path + (key,), ctx) and ok
        return ok

    def schema(self):
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.schema(),
                               "propertyNames": {"pattern": NAME_PATTERN}}
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class F:
    """A field of a :class:`Record`."""

    spec: Spec
    required: bool = False
    description: str = ""


@dataclass
class Record(Spec):
    name: str
    fields: dict[str, F]
    description: str = ""
    #: Extra checks on the whole record, e.g. "exactly one of next/outcomes".
    rules: list[Callable[[dict, Path, Ctx], None]] = field(default_factory=list)

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            hint = ""
            if isinstance(value, str) and path and isinstance(path[-1], int):
                hint = f"each {self.name} is a mapping of keys, e.g. '- id: ...' with the other keys indented below"
            ctx.error(path, f"expected a {self.name} (a mapping of keys), got {_kind(value)}", hint, "E-TYPE")
            return False
        ok = True
        known = list(self.fields)
        for key in value:
            if key not in self.fields:
                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
                ctx.error(path + (key,), f"unknown key '{key}' in {self.name}", hint, "E-UNKNOWN-KEY", key=True)
                ok = False
        for name, f in self.fields.items():
            if name in value:
                ok = f.spec.check(value[name], path + (name,), ctx) and ok
            elif f.required:
                ctx.error(path, f"{self.name} is missing required key '{name}'",
                          f"add '{name}:' ({f.description or 'see docs/scenario-format.md'})", "E-MISSING")
                ok = False
        for rule in self.rules:
            rule(value, path, ctx)
        return ok

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


@dataclass
class AnyOf(Spec):
    """Accept the first spec whose basic type matches (used for ``next`` vs ``outcomes``)."""

    options: tuple[Spec, ...]
    description: str = ""

    def check(self, value, path, ctx):  # pragma: no cover - not used for checking
        return self.options[0].check(value, path, ctx)

    def schema(self):
        return {"anyOf": [o.schema() for o in self.options]}
