"""Findings: what a play-testing tool found, with where to look and how to see it happen.

Every tool reports the same shape so the command can print them together, count them for the
exit status and write them as JSON for an author's CI.  ``error`` fails a playtest;
``warning`` fails it only with ``--strict``; ``info`` never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    #: Which tool found it: random, exhaustive, history, tests or balance.
    tool: str
    message: str
    #: 1-based line in the scenario file, 0 when the finding is about the whole file.
    line: int = 0
    hint: str = ""
    #: A command that shows it happening, when there is one.
    replay: str = ""
    code: str = ""

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}: " if self.line else f"{file}: "
        label = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{where}{label}{self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        if self.replay:
            text += f"\n    replay: {self.replay}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "tool": self.tool, "message": self.message, "line": self.line,
                "hint": self.hint, "replay": self.replay, "code": self.code}
