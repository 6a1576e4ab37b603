"""Shared content: ``include: [shared/bibliography.yaml]`` brings in sources, advisers and
glossary entries.

Chapters of one story cite the same archive and hear the same advisers; without includes each
file repeats them and they drift apart.  An included ("shared") file is a YAML mapping with
``sources``, ``advisers``, ``glossary`` and ``include`` only.  Its entries come before the
scenario's own, in the order of the ``include`` list (a shared file's own includes first), and every entry is then
checked exactly as if it were written in the scenario, except that a mistake in it is reported
in the shared file, at its own line, under its own path.

Included files are untrusted like the scenario, so:

- each is read with the same safe loader (no anchors, tags, size or depth beyond the limits);
- a path is relative to the file that names it, written with ``/``, ends in ``.yaml`` or
  ``.yml``, is never absolute, and must stay inside the scenario's own folder (or below it),
  symbolic links resolved;
- only regular files are read (:mod:`game.scenario.files`);
- an include cycle is refused with the files in it named; a file reached twice is read once;
- at most :data:`MAX_INCLUDE_FILES` files, :data:`MAX_INCLUDE_DEPTH` levels deep, and
  :data:`MAX_INCLUDED_BYTES` bytes in all.
"""

from __future__ import annotations

import ntpath
import os
from typing import Any

from game.engine.record import field, record
from game.scenario.context import Ctx
from game.scenario.diagnostics import Diagnostics, Path
from game.scenario.files import FileRefused, read_regular_file
from game.scenario.yamlsafe import MAX_BYTES, Located, load_located

MAX_INCLUDE_FILES = 20
MAX_INCLUDE_DEPTH = 5
MAX_INCLUDED_BYTES = MAX_BYTES
#: What a shared file may hold; the lists are merged into the scenario's lists of the same name.
SHARED_KEYS = ("sources", "advisers", "glossary")
_SUFFIXES = (".yaml", ".yml")


@record(frozen=False, slots=False)
class Part:
    """One included file, read and parsed."""

    name: str  # as shown in messages: the scenario's folder joined with the relative path
    relative: str  # relative to the scenario's folder, with '/': hashed and kept on the model
    raw: bytes
    located: Located


@record(frozen=False, slots=False)
class Includes:
    """What resolving a scenario's ``include:`` list found."""

    parts: list[Part] = field(default_factory=list)
    #: Kinds of entries a shared file failed to provide: references to them are not reported,
    #: since the file's own error already says why they are missing.
    incomplete: bool = False
    #: The real path of every file the includes name (read or not: missing, refused), so a
    #: watcher notices when one appears or changes.
    named: list[str] = field(default_factory=list)

    @property
    def relatives(self) -> tuple[str, ...]:
        return tuple(p.relative for p in self.parts)

    def hash_input(self, raw: bytes) -> bytes:
        """The bytes the content hash covers: the scenario, then each included file with its
        relative path.  Without includes, exactly the scenario's bytes, as before includes."""
        out = [raw]
        for part in self.parts:
            out += [b"\0include\0", part.relative.encode("utf-8"), b"\0", part.raw]
        return b"".join(out)


class _Resolver:
    def __init__(self, root: str, display_root: str, diags: Diagnostics):
        self.root = root  # real path of the scenario's folder
        self.display_root = display_root  # the folder as the user wrote it
        self.diags = diags
        self.found = Includes()
        self.seen: set[str] = set()
        self.total = 0

    def display(self, real: str) -> tuple[str, str]:
        """The path relative to the scenario's folder, and as shown in messages."""
        relative = os.path.relpath(real, self.root).replace(os.sep, "/")
        return relative, os.path.join(self.display_root, relative) if self.display_root else relative

    def resolve(self, data: dict, ctx: Ctx, here: str, chain: list[str]) -> None:
        """Read the files named by ``data['include']`` (the file ``here`` holds it), depth first."""
        entries = data.get("include")
        if not isinstance(entries, list):
            return  # absent, or the wrong shape: the structural pass reports it
        for i, entry in enumerate(entries):
            if isinstance(entry, str):
                self.one(entry, ("include", i), ctx, here, chain)

    def refuse(self, ctx: Ctx, path: Path, message: str, hint: str, code: str = "E-INCLUDE") -> None:
        ctx.error(path, message, hint, code)
        self.found.incomplete = True

    def one(self, entry: str, path: Path, ctx: Ctx, here: str, chain: list[str]) -> None:
        if entry.startswith("/") or ntpath.isabs(entry) or ntpath.splitdrive(entry)[0]:  # POSIX or Windows
            return self.refuse(ctx, path, f"'{entry}' is an absolute path",
                               "write the path relative to this file, e.g. shared/bibliography.yaml")
        if "\\" in entry:
            return self.refuse(ctx, path, f"'{entry}' uses '\\'", "write the path with '/', on every system")
        if not entry.endswith(_SUFFIXES):
            return self.refuse(ctx, path, f"'{entry}' is not a .yaml file", "shared files are .yaml files")
        real = os.path.realpath(os.path.join(os.path.dirname(here), entry))
        if os.path.commonpath([self.root, real]) != self.root:
            return self.refuse(ctx, path, f"'{entry}' lies outside the scenario's folder",
                               "keep shared files in the scenario's folder or below it (links are followed)")
        relative, name = self.display(real)
        if real in chain:
            loop = [self.display(c)[0] for c in chain[chain.index(real):]] + [relative]
            return self.refuse(ctx, path, f"these files include each other in a cycle: {' → '.join(loop)}",
                               "remove one of the includes; a shared file never needs the file that includes it",
                               "E-INCLUDE-CYCLE")
        if real not in self.found.named:
            self.found.named.append(real)
        if real in self.seen:
            return None  # reached twice (a diamond, not a cycle): its entries are already in
        if len(chain) > MAX_INCLUDE_DEPTH:
            return self.refuse(ctx, path, f"includes are nested more than {MAX_INCLUDE_DEPTH} levels deep",
                               "include the shared files from the scenario itself", "E-SIZE")
        if len(self.seen) >= MAX_INCLUDE_FILES:
            return self.refuse(ctx, path, f"more than {MAX_INCLUDE_FILES} files are included",
                               "merge some shared files", "E-SIZE")
        try:
            raw = read_regular_file(real, MAX_INCLUDED_BYTES - self.total)
        except FileRefused as refused:
            why = refused.message
            if refused.code == "E-SIZE":
                why = f"the included files hold more than {MAX_INCLUDED_BYTES:,} bytes in all"
            return self.refuse(ctx, path, f"cannot include '{entry}': {why}", refused.hint, refused.code)
        self.seen.add(real)
        self.total += len(raw)
        sub = Diagnostics(name)
        located = load_located(raw, sub)
        if located is not None and located.data is not None and not isinstance(located.data, dict):
            sub.error(*located.where(()), "a shared file is a mapping with sources:, advisers:, glossary: "
                      "or include:",
                      hint="start the file with 'sources:'", code="E-TYPE")
            located = None
        if located is not None and isinstance(located.data, dict):
            part_ctx = Ctx(located, sub)
            _check_shared_keys(located.data, part_ctx)
            self.resolve(located.data, part_ctx, real, chain + [real])
            self.found.parts.append(Part(name, relative, raw, located))
        self.diags.items.extend(sub.items)
        if sub.errors:
            self.found.incomplete = True
        return None


def _check_shared_keys(data: dict, ctx: Ctx) -> None:
    """A shared file holds only what can be shared; its lists must be lists (their entries are
    checked after the merge, with the scenario's own)."""
    for key in data:
        if key != "include" and key not in SHARED_KEYS:
            ctx.error((key,), f"'{key}' cannot be shared", "a shared file holds only include:, "
                      + ", ".join(f"{k}:" for k in SHARED_KEYS), "E-UNKNOWN-KEY", key=True)
    for key in (*SHARED_KEYS, "include"):
        if key in data and not isinstance(data[key], list):
            ctx.error((key,), f"expected a list under {key}:", "start each item on its own line with '- '", "E-TYPE")


def resolve_includes(data: dict, ctx: Ctx, scenario_path: str | None) -> Includes:
    """Read every file the scenario includes and merge their entries into ``data`` (positions
    into ``ctx.located``).  Problems go to ``ctx.diags``, each in the file where it is."""
    if "include" not in data:
        return Includes()
    if scenario_path is None:
        ctx.error(("include",), "include: needs the scenario to be read from a file",
                  "check the file itself, not its text", "E-INCLUDE")
        _merge(data, ctx.located, [])
        return Includes(incomplete=True)
    here = os.path.realpath(scenario_path)
    resolver = _Resolver(os.path.dirname(here), os.path.dirname(scenario_path), ctx.diags)
    resolver.resolve(data, ctx, here, [here])
    found = resolver.found
    _merge(data, ctx.located, found.parts)
    return found


def _merge(data: dict, located: Located, parts: list[Part]) -> None:
    shifts: dict[str, int] = {}
    grafts = []
    for key in SHARED_KEYS:
        own = data.get(key, [])
        if not isinstance(own, list):
            continue  # the scenario's own list is broken: the structural pass says so
        merged: list[Any] = []
        for part in parts:
            theirs = part.located.data.get(key)
            if isinstance(theirs, list):
                grafts.append((part, key, len(merged), len(theirs)))
                merged.extend(theirs)
        if merged:
            shifts[key] = len(merged)
        data[key] = merged + own  # present even if empty: "missing sources" would blame the wrong file
    if shifts:
        located.shift(shifts)  # the file's own items move down, behind the shared ones
    for part, key, offset, count in grafts:
        located.graft_items(part.located, key, offset, count, part.name)


def included_files(scenario_path: str | os.PathLike[str]) -> list[str]:
    """The real paths of the files a scenario file includes, directly or through another shared
    file, whether they can be read or not ([] when the scenario itself cannot be read).  For
    ``play --watch``: an edit to a shared file is an edit to the scenario."""
    path = str(scenario_path)
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except FileRefused:
        return []
    diags = Diagnostics(path)
    located = load_located(raw, diags)
    if located is None or not isinstance(located.data, dict) or "include" not in located.data:
        return []
    return resolve_includes(located.data, Ctx(located, diags), path).named
