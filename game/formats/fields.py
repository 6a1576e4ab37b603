"""Bounded field types and the one safe way to read a JSON file of ours.

Saves, run records and campaign progress come back from students' machines, shared folders and
USB sticks, so every number, string and list in them has a bound, and a file is opened only if it
is a regular file of a sane size (a FIFO or a link to ``/dev/zero`` would otherwise hang or eat
memory).  Anything wrong ends in :class:`FileProblem` with a message in plain words, never in a
Python error.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec

T = TypeVar("T")

#: Ids in scenarios are at most 64 characters (``game.scenario.spec.ID_PATTERN``).
Id = Annotated[str, msgspec.Meta(max_length=64)]
Name = Annotated[str, msgspec.Meta(max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=4000)]
Stamp = Annotated[str, msgspec.Meta(max_length=40)]
PathText = Annotated[str, msgspec.Meta(max_length=4096)]
RunId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{8,32}$")]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Turn = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
#: Meter values, shifts and integer flags: the loader caps integer flags at 10^9.
Int = Annotated[int, msgspec.Meta(ge=-(10**9), le=10**9)]
Seed = Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)]
Percent = Annotated[int, msgspec.Meta(ge=-100, le=100)]
FlagValue = bool | Int | Text
Meters = Annotated[dict[Id, Int], msgspec.Meta(max_length=200)]
Flags = Annotated[dict[Id, FlagValue], msgspec.Meta(max_length=500)]


class FileProblem(Exception):
    """A file that cannot be used, with the reason in plain words."""


class Header(msgspec.Struct):
    """The first thing read from any of our files: which kind and which version it is."""

    format: str = ""
    version: int = 0
    min_version: int = 0


def read_bytes(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``.

    Checked before opening (a link is judged by what it points to, so a link to a device is
    refused like the device) and opened non-blocking, so a FIFO or device can neither hang nor
    flood the reader."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileProblem("it does not exist") from None
    except OSError as exc:
        raise FileProblem(f"it cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem("it is not a regular file (a folder, device or pipe)")
    if info.st_size > max_bytes:
        raise FileProblem(f"it is too large ({info.st_size:,} bytes; the limit is {max_bytes:,})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileProblem(f"it cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else meanwhile
            raise FileProblem("it is not a regular file (a folder, device or pipe)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileProblem(f"it cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileProblem(f"it is too large (over {max_bytes:,} bytes)")
    return data


def header(data: bytes) -> Header:
    try:
        return msgspec.json.decode(data, type=Header)
    except msgspec.ValidationError:
        return Header()
    except (msgspec.DecodeError, RecursionError, ValueError) as exc:
        raise FileProblem(plain_problem(exc)) from None


def decode(data: bytes, kind: type[T]) -> T:
    """``data`` as ``kind``, or :class:`FileProblem` saying what is wrong in plain words."""
    try:
        return msgspec.json.decode(data, type=kind)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, ValueError) as exc:
        raise FileProblem(plain_problem(exc)) from None


def convert(data: Any, kind: type[T]) -> T:
    try:
        return msgspec.convert(data, type=kind)
    except (msgspec.ValidationError, RecursionError, ValueError, TypeError) as exc:
        raise FileProblem(plain_problem(exc)) from None


def encode(value: Any) -> bytes:
    """Indented UTF-8 JSON with a final newline: files people may open in an editor."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2) + b"\n"


_AT = re.compile(r" - at `\$(.*)`$")
_WORDS = [
    (re.compile(r"Expected `int` <= (\S+)"), r"expected a number no larger than \1"),
    (re.compile(r"Expected `int` >= (\S+)"), r"expected a number no smaller than \1"),
    (re.compile(r"Expected `int` < (\S+)"), r"expected a number smaller than \1"),
    (re.compile(r"Expected `str` of length <= (\S+)"), r"expected text of at most \1 characters"),
    (re.compile(r"Expected `(array|object)` of length <= (\S+)"), r"expected at most \2 entries"),
    (re.compile(r"Expected `str` matching regex .*"), "not an id of the expected form"),
    (re.compile(r"Object missing required field `(\w+)`"), r"the entry '\1' is missing"),
    (re.compile(r"Expected `(\w+)`, got `(\w+)`"), r"expected \1, found \2"),
    (re.compile(r"Expected `(.+)`, got `(\w+)`"), r"expected \1, found \2"),
]


def plain_problem(exc: BaseException) -> str:
    """A msgspec or JSON error in words a teacher can read: what is wrong and where."""
    if isinstance(exc, RecursionError):
        return "it is nested too deeply to be one of our files"
    text = str(exc)
    if not isinstance(exc, msgspec.ValidationError):  # (a ValidationError is a DecodeError too)
        return "it is not valid JSON (damaged or cut short)"
    where = ""
    found = _AT.search(text)
    if found:
        where = found.group(1).lstrip(".").replace("[", " [") or "the top level"
        text = text[: found.start()]
    for pattern, words in _WORDS:
        if pattern.match(text):
            text = pattern.sub(words, text)
            break
    text = text.replace("`", "'")
    return f"{text} (at {where})" if where else text
