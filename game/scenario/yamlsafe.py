"""Read YAML the safe way, keeping the line and column of every key and value.

Why not ``yaml.safe_load``?  Scenario files come from strangers (teachers, hobbyists, students),
so the loader must refuse the features that make YAML dangerous or surprising, and it must know
where every value came from so that later checks can point at ``file:line:col``.

This module walks PyYAML's *event stream* (the C parser when libyaml is present) and builds
plain Python values itself, which gives us in one pass:

- refusal of anchors, aliases (no "billion laughs"), explicit tags and merge keys;
- a nesting-depth bound and an event budget, enforced while parsing, before values pile up;
- YAML 1.2 core typing (only ``true``/``false`` are booleans, decimal integers, no dates or
  sexagesimal numbers), so ``no``, ``off``, ``017`` and ``12:30`` mean what they look like;
- duplicate keys reported with both lines;
- a map from every value's path to its position (:mod:`game.scenario.located`).

PyYAML never constructs an object from a tag here, so no code in a file can ever run.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

import yaml
import yaml.reader

from game.safetext import describe_char, is_control
from game.scenario.diagnostics import Diagnostics, Path
from game.scenario.located import BITS, KEY_SHIFT, MASK, SPAN_SHIFT, STYLE_CODE, Located

try:  # libyaml is much faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Parser

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_EVENTS = 1_000_000
MAX_NUMBER_DIGITS = 100

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf,
    ".Inf": math.inf, "+.Inf": math.inf, "-.Inf": -math.inf,
    ".INF": math.inf, "+.INF": math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}
#: The words that are not text: nulls and booleans, looked up once for every plain scalar.
_WORDS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
}
_TEXT = object()
_NUMBER_STARTS = frozenset("0123456789+-.")


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema resolution of an unquoted scalar."""
    word = _WORDS.get(text, _TEXT)
    if word is not _TEXT:
        return word
    first = text[0]
    if first.isdigit() or first in "+-.":
        if len(text) <= MAX_NUMBER_DIGITS:
            if _INT.match(text):
                return int(text, 10)
            if _FLOAT.match(text) and any(c.isdigit() for c in text):
                return float(text)
        special = _SPECIAL_FLOATS.get(text)
        if special is not None:
            return special
    return text


class _Unhashable:
    """Stands in for a mapping key that was itself a mapping or a list."""


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


_AT = (1 << 2 * BITS) - 1  # a packed value's start: its line and column


def _unpack(at: int) -> tuple[int, int]:
    """A packed start (line, column) for a message."""
    return (at >> BITS & MASK, at & MASK)


def decode(raw: bytes, diags: Diagnostics) -> str | None:
    """Bytes to text: size cap, strict UTF-8 with the failing position, BOM and CRLF handled."""
    if len(raw) > MAX_BYTES:
        diags.error(1, 1, f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})",
                    hint="split the scenario into several files", code="E-SIZE")
        return None
    if b"\x00" in raw[:8192]:
        diags.error(1, 1, "this is a binary file, not a YAML text file",
                    hint="scenario files are plain UTF-8 text ending in .yaml", code="E-BINARY")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        if line_start == 0 and before.startswith(b"\xef\xbb\xbf"):
            line_start = 3  # the byte order mark is not a character of the line
        col = len(before[line_start:].decode("utf-8", "replace")) + 1
        diags.error(line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint="save the file as UTF-8 in your editor", code="E-ENCODING")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def compose_located(text: str, diags: Diagnostics) -> Located | None:
    """Parse ``text`` into :class:`Located` data, or record why it cannot be read."""
    out = Located(None, text=text)
    table = out.pos  # positions packed as ints (game.scenario.located), written as they are parsed
    # Each frame: [container, path, pending_key_or_marker, key_positions, position, pending key's path,
    # pending key's packed position].  A key's position waits in its frame for the value, so each
    # pair writes its path's entry once (a path tuple is hashed again at every use).
    stack: list[list[Any]] = []
    documents = 0
    depth_error = False
    NO_KEY = object()

    def place(value: Any, bits: int, own: Path | None = None) -> None:
        """Put ``value``, whose packed position is ``bits``, in the open container (``own``: its
        path, when it is a container)."""
        if not stack:
            out.data = value
            table[()] = bits
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            table[own if own is not None else path + (len(container),)] = bits
            container.append(value)
            return
        if frame[2] is NO_KEY:  # this scalar/collection is a key
            at = bits & _AT
            if isinstance(value, (dict, list)) or value is _Unhashable:
                diags.error(*_unpack(at), "a mapping key must be plain text, not a list or mapping",
                            path=path, code="E-KEY-TYPE")
                frame[2] = _Unhashable
            elif not isinstance(value, str):
                diags.error(*_unpack(at), f"key {value!r} must be text",
                            path=path, hint=f'quote it: "{value}"', code="E-KEY-TYPE")
                frame[2] = str(value)
                frame[3][str(value)] = at
                frame[6] = 0  # no position for a key that is not text
            else:
                first = frame[3].get(value)
                if first is not None:
                    diags.error(*_unpack(at), f"duplicate key {value!r}; it is first defined at line "
                                f"{first >> BITS}", path=path + (value,),
                                hint="remove or rename one of the two; YAML keeps only the last",
                                code="E-DUP-KEY")
                    frame[2] = _Unhashable  # keep the first definition
                else:
                    value = sys.intern(value)  # keys repeat in every scene: one string each
                    frame[3][value] = at
                    frame[5] = key_path = path + (value,)  # one tuple for the key's and the value's positions
                    frame[6] = bits << KEY_SHIFT
                    frame[2] = value
            return
        key = frame[2]
        frame[2] = NO_KEY
        if key is _Unhashable:
            return
        container[key] = value
        key_path = frame[5] if frame[5] is not None and frame[5][-1] == key else path + (key,)
        frame[5] = None
        table[key_path] = frame[6] | bits

    def child_path() -> Path:
        if not stack:
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            return path + (len(container),)
        key = frame[2]
        if key is NO_KEY or key is _Unhashable:
            return path + ("<key>",)
        return frame[5] if frame[5] is not None else path + (key,)

    scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end, control = yaml.MappingEndEvent, yaml.SequenceEndEvent, _CONTROL.search
    # A value can hold a control character only if the text does, or through a double-quoted
    # escape ("\a"): one search of the whole text spares a search of every other value.
    raw_controls = control(text) is not None
    words = _WORDS.get
    intern = sys.intern
    # The parser's events are pulled directly, not through ``yaml.parse``'s generator, which
    # adds a ``check_event`` call and a generator step to each of them (a third of the time the
    # events take).  ``get_event`` gives None after the stream's end.
    parser = _Parser(text)
    next_event = parser.get_event
    count = -1
    try:
        while (event := next_event()) is not None:
            count += 1
            if count > MAX_EVENTS:
                diags.error(*_pos(event.start_mark),
                            f"the file has more than {MAX_EVENTS:,} YAML items",
                            hint="split the scenario into several files", code="E-SIZE")
                return None
            kind = type(event)
            if kind is scalar or kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                at = (mark.line + 1) << BITS | ((mark.column + 1) & MASK)
                if event.anchor is not None:
                    diags.error(*_unpack(at), f"anchors (&{event.anchor}) are not supported in scenario files",
                                path=child_path(), hint="write the value out in full", code="E-ANCHOR")
                tag = event.tag
                if tag is not None and tag != "!":
                    diags.error(*_unpack(at), f"explicit YAML tag {tag!r} is not allowed",
                                path=child_path(), hint="remove the tag; write plain values",
                                code="E-TAG")
                if kind is scalar:
                    if not event.style and event.implicit[0]:
                        value = event.value  # resolve_plain, inlined for the common cases: text,
                        word = words(value, _TEXT)  # a null or a boolean; numbers go to it
                        if word is not _TEXT:
                            value = word
                        elif value[0] in _NUMBER_STARTS:
                            value = resolve_plain(value)
                        if value == "<<" and stack and isinstance(stack[-1][0], dict) and stack[-1][2] is NO_KEY:
                            diags.error(*_unpack(at), "merge keys (<<) are not supported",
                                        path=child_path(), hint="write the keys out in full",
                                        code="E-MERGE")
                    else:
                        value = event.value
                    bits = at
                    if value.__class__ is str:
                        end = event.end_mark
                        bits |= (((end.line + 1) << BITS | ((end.column + 1) & MASK)) << 3
                                 | STYLE_CODE[event.style]) << SPAN_SHIFT
                        if (raw_controls or event.style == '"') and control(value):
                            is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is NO_KEY
                            where = stack[-1][1] + (_CONTROL.sub("", value),) if is_key else child_path()
                            span = (end.line + 1, end.column + 1, event.style or "")
                            value = _refuse_controls(out.lines, _unpack(at), span, value, where, diags)
                    frame = stack[-1] if stack else None
                    key = frame[2] if frame is not None else NO_KEY
                    if frame is None or frame[0].__class__ is not dict:
                        place(value, bits)
                    elif key.__class__ is str:
                        # the common cases, inlined (see place): a value for the key just read,
                        key_path = frame[5] if frame[5] is not None and frame[5][-1] == key else frame[1] + (key,)
                        frame[0][key] = value
                        frame[2], frame[5] = NO_KEY, None
                        table[key_path] = frame[6] | bits
                    elif key is NO_KEY and value.__class__ is str and value not in frame[3]:
                        # and a new text key (keys repeat in every scene: one string each)
                        value = intern(value)
                        frame[3][value] = at
                        frame[5] = key_path = frame[1] + (value,)
                        frame[6] = bits << KEY_SHIFT
                        frame[2] = value
                    else:
                        place(value, bits)
                else:
                    if len(stack) >= MAX_DEPTH:
                        if not depth_error:
                            diags.error(*_unpack(at), f"nesting is deeper than {MAX_DEPTH} levels",
                                        path=child_path(), hint="scenario files never need this much nesting",
                                        code="E-DEPTH")
                            depth_error = True
                        return None
                    parent = stack[-1] if stack else None
                    if parent is not None and parent[0].__class__ is list:  # child_path, inlined
                        path = parent[1] + (len(parent[0]),)
                    elif parent is not None and parent[2].__class__ is str and parent[5] is not None:
                        path = parent[5]
                    else:
                        path = child_path()
                    if kind is mapping_start:  # a mapping's frame keeps its keys' positions
                        stack.append([{}, path, NO_KEY, {}, at, None, 0])
                    else:
                        stack.append([[], path, NO_KEY, None, at, None, 0])
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                parent = stack[-1] if stack else None
                if parent is not None and parent[0].__class__ is list:  # place, inlined
                    table[frame[1]] = frame[4]
                    parent[0].append(frame[0])
                elif parent is not None and parent[2].__class__ is str and parent[5] is frame[1]:
                    parent[0][parent[2]] = frame[0]
                    parent[2], parent[5] = NO_KEY, None
                    table[frame[1]] = parent[6] | frame[4]
                else:
                    place(frame[0], frame[4], own=frame[1])
            elif kind is yaml.AliasEvent:
                pos = _pos(event.start_mark)
                diags.error(*pos, f"aliases (*{event.anchor}) are not supported in scenario files",
                            path=child_path(), hint="write the value out in full", code="E-ALIAS")
                place(None, pos[0] << BITS | pos[1])
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    diags.error(*_pos(event.start_mark),
                                "a scenario file holds exactly one YAML document",
                                hint="remove the '---' line, or split the file in two",
                                code="E-DOCS")
                    return None
    except yaml.MarkedYAMLError as exc:
        from game.scenario.syntaxhelp import misindented, syntax_hint  # only for a syntax error

        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark is not None else (1, 1)
        problem = exc.problem or "could not be read"
        context = f" ({exc.context})" if exc.context else ""
        lines = text.split("\n")
        at = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
        indent = None if at == "\t" else misindented(lines, line, col, problem)
        if indent is not None:
            diags.error(indent[0], indent[1], indent[2], hint=indent[3], code="E-INDENT")
            return None
        hint = "YAML indentation uses spaces, not tabs" if at == "\t" else syntax_hint(problem)
        diags.error(line, col, f"YAML syntax error: {problem}{context}", hint=hint, code="E-SYNTAX")
        return None
    except yaml.reader.ReaderError as exc:  # control characters: only a position is given
        # libyaml counts UTF-8 bytes; the pure-Python reader counts characters.
        position = exc.position
        if _Parser is not yaml.SafeLoader:
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        before = text[:position]
        line = before.count("\n") + 1
        col = position - (before.rfind("\n") + 1) + 1
        diags.error(line, col, f"control character {exc.character!r} is not allowed in YAML",
                    hint="remove it; save the file as plain UTF-8 text", code="E-SYNTAX")
        return None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None) or getattr(exc, "mark", None), "line", 0) + 1
        diags.error(line, 1, f"YAML could not be read: {exc}".splitlines()[0],
                    hint="save the file as plain UTF-8 text", code="E-SYNTAX")
        return None
    except RecursionError:  # pragma: no cover - the depth bound stops this first
        diags.error(1, 1, "nesting is too deep", code="E-DEPTH")
        return None
    finally:
        parser.dispose()
    return out


#: C0 controls except tab and newline, DEL, and C1 controls: never allowed in a scenario's text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _refuse_controls(lines: list[str], start: tuple[int, int], span: tuple[int, int, str], value: str,
                     path: Path, diags: Diagnostics) -> str:
    """Report the first control character of a text value (or key) at the place it is written,
    naming it and how it was written, and return the value without its control characters, so
    that no later check trips over the same character again."""
    from game.scenario.scalars import scan  # only for a message: not at every start

    found = next((c for c in scan(lines, start, span[:2], span[2])
                  if is_control(c.char) and c.char not in "\t\n"), None)
    char = found.char if found else _CONTROL.search(value).group()  # type: ignore[union-attr]
    line, col = (found.line, found.column) if found else start
    count = len(_CONTROL.findall(value))
    more = f" (and {count - 1} more in this text)" if count > 1 else ""
    if found is not None and found.escape:
        message = (f"control character {describe_char(char)}, written {found.escape}, "
                   f"is not allowed in scenario text{more}")
        hint = f"remove the {found.escape} escape: text in a scenario may not send commands to the terminal"
    else:
        message = f"control character {describe_char(char)} is not allowed in scenario text{more}"
        hint = "remove it; save the file as plain UTF-8 text"
    diags.error(line, col, message, path=path, hint=hint, code="E-CONTROL")
    return _CONTROL.sub("", value)


def load_located(raw: bytes, diags: Diagnostics) -> Located | None:
    """Bytes of a YAML file to :class:`Located`; problems go to ``diags``."""
    text = decode(raw, diags)
    if text is None:
        return None
    return compose_located(text, diags)
