"""The context of one check: where to report, and what earlier steps learnt.

The structural pass (:mod:`game.scenario.spec`) walks the file's records with a :class:`Ctx`.
Besides reporting, the context remembers what lets a mistake be named once: which records are
open (so that a key indented one level too deep is recognised as belonging to one of them),
the declared meter and flag ids, and the ids already reported and read as the author meant them
(``repairs``), so that the semantic pass does not report their references as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.engine.record import field, record
from game.scenario.diagnostics import Diagnostics, Path
from game.scenario.yamlsafe import Located

if TYPE_CHECKING:
    from game.scenario.spec import Record


@record(frozen=False, slots=False)
class Ctx:
    """Where to report (the located data and the diagnostics list), and what the structural pass
    learnt that lets later checks name a mistake once: the records being checked (to recognise a
    key indented one level too deep), the meter and flag ids (so a map key is never taken for a
    misplaced key) and the repairs of ids that the pass has already reported."""

    located: Located
    diags: Diagnostics
    declared_names: set[str] = field(default_factory=set)
    #: (record spec, path, mapping) of every record being checked, outermost first.
    records: list[tuple[Record, Path, dict]] = field(default_factory=list)
    #: Values already reported, as the author meant them: applied before the semantic pass.
    repairs: dict[Path, Any] = field(default_factory=dict)
    #: Texts that fill in ``${...}`` parts and hold some: compiled by the semantic pass, which
    #: knows the names.
    templates: list[Path] = field(default_factory=list)

    def error(self, path: Path, message: str, hint: str = "", code: str = "", key: bool = False,
              severity: str = "error") -> None:
        line, col = self.located.where(path, key=key)
        self.add(line, col, path, message, hint, code, severity)

    def add(self, line: int, col: int, path: Path, message: str, hint: str = "", code: str = "",
            severity: str = "error") -> None:
        """Record a problem at ``line:col`` of the file ``path`` came from (an included file's
        contents are reported in that file, under its own path)."""
        file, there, _ = self.located.origin(path)
        self.diags.add(line, col, message, path=there, hint=hint, code=code, severity=severity,  # type: ignore[arg-type]
                       file=file)

    def place(self, path: Path) -> str:
        """``line N``, or ``line N of FILE`` when ``path`` came from an included file."""
        file, _, _ = self.located.origin(path)
        line = self.located.where(path)[0]
        return f"line {line}" + (f" of {file}" if file else "")

    def error_at_char(self, path: Path, value: str, index: int, message: str, hint: str = "",
                      code: str = "", key: bool = False, severity: str = "error") -> None:
        """Report at the character ``value[index]`` of the text value (or key) at ``path``."""
        char = self.located.char_at(path, value, index, key=key)
        if char is None:
            self.error(path, message, hint, code, key=key, severity=severity)
        else:
            self.add(char.line, char.column, path, message, hint, code, severity)

    def rename_key(self, path: Path, old: str, new: str) -> None:
        """Rename key ``old`` of the mapping at ``path`` to ``new``, positions included."""
        mapping = self.records[-1][2] if self.records and self.records[-1][1] == path else None
        if mapping is None:
            return
        mapping[new] = mapping.pop(old)
        self._rekey(path + (old,), path + (new,))

    def move_key(self, source: dict, path: Path, key: str, target: dict, target_path: Path) -> None:
        """Move ``key`` from the mapping at ``path`` up into the one at ``target_path``."""
        target[key] = source.pop(key)
        self._rekey(path + (key,), target_path + (key,))

    def _rekey(self, old: Path, new: Path) -> None:
        self.located.rekey(old, new)

    def misplaced_owner(self, key: Any, *, skip_innermost: bool) -> tuple[Record, Path, dict] | None:
        """The nearest record being checked that has a field ``key`` it does not hold yet: a key
        found deeper than that record was most likely indented one level too deep."""
        if not isinstance(key, str):
            return None
        records = self.records[:-1] if skip_innermost else self.records
        for owner, path, mapping in reversed(records):
            if key in owner.fields and key not in mapping:
                return owner, path, mapping
        return None

    def report_misplaced(self, path: Path, key: str, owner_path: Path, owner: Record) -> None:
        """One message at the key: where it sits, and that it belongs one level up."""
        container = next((p for p in reversed(path) if isinstance(p, str)), "the item above")
        self.error(path + (key,), f"this key sits under {container}; did you mean to indent it less?",
                   f"'{key}' belongs to the {owner.name}: line it up with the {owner.name}'s other keys",
                   "E-INDENT", key=True)


def quoted_bool_hint(value: str) -> str:
    """For "true" written in quotes where true/false is wanted."""
    return f"write {value.lower()} without quotes: in quotes, \"{value}\" is text"


def misplaced_in_scalar(value: dict, path: Path, ctx: Ctx) -> bool:
    """A plain value that came out as a mapping, because the next key was indented under it:
    report that key (once, at its own line) instead of "got a mapping", and hand the keys back
    to the record they belong to, so that it is not also reported as missing them."""
    reported = False
    for key in list(value):
        owner = ctx.misplaced_owner(key, skip_innermost=False)
        if owner is not None:
            if not reported:
                ctx.report_misplaced(path, key, owner[1], owner[0])
                reported = True
            ctx.move_key(value, path, key, owner[2], owner[1])
    return reported


def apply_repairs(data: Any, repairs: dict[Path, Any]) -> None:
    """Write each repaired value back into ``data`` at its path."""
    for path, value in repairs.items():
        node: Any = data
        try:
            for part in path[:-1]:
                node = node[part]
            last = path[-1]
            if isinstance(node, list):
                if isinstance(last, int):
                    node[last] = value
            elif isinstance(node, dict):
                node[last] = value
        except (KeyError, IndexError, TypeError):
            continue
