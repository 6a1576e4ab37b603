"""Diagnostics: every problem found in a scenario file, with its place and a hint.

Authors fix files faster when they see every mistake at once, each pointing at the exact
line and column, so nothing in the loader raises on the first problem: it records a
:class:`Diagnostic` and keeps going.  Only the loader's own :class:`ScenarioError` ever
leaves this package.
"""

from __future__ import annotations

from typing import Literal
from collections.abc import Iterable

from game.engine.record import field, record
from game.safetext import visible

Severity = Literal["error", "warning"]
Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render ``("scenes", 2, "choices", 0, "next")`` as ``scenes[2].choices[0].next``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top)"


@record(slots=False, order=True)
class Diagnostic:
    """One problem: where it is, what it is, and how to fix it."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity
    message: str
    path: str = ""
    hint: str = ""
    code: str = ""

    def render(self) -> str:
        """``file:line:col: path: message`` and, indented below, the hint.

        File names, paths and messages can all quote a stranger's text, so each is made
        :func:`~game.safetext.visible` here, once, for every caller that prints a diagnostic.
        """
        where = f"{visible(self.file)}:{self.line}:{self.column}"
        what = f"{visible(self.path)}: " if self.path else ""
        label = "" if self.severity == "error" else "warning: "
        text = f"{where}: {what}{label}{visible(self.message)}"
        if self.hint:
            text += f"\n    hint: {visible(self.hint)}"
        return text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
        }


@record(frozen=False, slots=False)
class Diagnostics:
    """A growing list of problems for one file."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        line: int,
        column: int,
        message: str,
        *,
        path: Path | str = "",
        hint: str = "",
        code: str = "",
        severity: Severity = "error",
        file: str | None = None,
    ) -> None:
        """Record a problem; ``file`` names another file when it lies there (an included one)."""
        if not isinstance(path, str):
            path = format_path(path) if path else ""
        self.items.append(
            Diagnostic(file or self.file, max(line, 1), max(column, 1), severity, message, path, hint, code)
        )

    def error(self, line: int, column: int, message: str, **kw) -> None:
        self.add(line, column, message, **kw)

    def warning(self, line: int, column: int, message: str, **kw) -> None:
        self.add(line, column, message, severity="warning", **kw)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """This file's problems by position, then those of the files it includes."""
        return sorted(set(self.items), key=lambda d: (d.file != self.file, d.file, d.line, d.column, d.message))


class ScenarioError(Exception):
    """A scenario could not be loaded.  Carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.message))
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0].render() if errors else "invalid scenario"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def render(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)
