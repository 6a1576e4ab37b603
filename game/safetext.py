"""Make untrusted text safe to print on a terminal: control characters become visible.

Scenario files, player names and file names come from strangers.  A terminal obeys the
control characters inside them: ``ESC [ 2 J`` clears the screen, ``ESC ] 0 ;`` retitles the
window, ``ESC ] 52 ;`` writes the clipboard, a carriage return overwrites the line, and the
bidirectional overrides (U+202A..U+202E, U+2066..U+2069) reorder what the reader sees, so a
message can say something other than what it holds.  Every path that prints untrusted text
passes it through :func:`visible` first.

The rendering is the escape an author would type, in ASCII: ``\\x1b`` for ESC, ``\\x00`` for
NUL, ``\\x9b`` for the C1 CSI, ``\\u202e`` for RIGHT-TO-LEFT OVERRIDE.  It was chosen over the
Unicode control pictures (U+241B ``␛``) because it survives every font and every log file,
it can be typed back into a YAML double-quoted string to reproduce the problem, and it names
C1 and bidi characters, which have no pictures.  A byte that was not valid UTF-8 in a file name
(Python keeps it as a lone surrogate) is shown as ``\\x`` plus the byte, so printing never raises
``UnicodeEncodeError`` either.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional embeddings, overrides and isolates ("Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# C0 (U+0000..U+001F), DEL (U+007F), C1 (U+0080..U+009F), the bidi controls, lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_KEEPING_LAYOUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

#: Names of the control characters, which ``unicodedata.name`` does not know.
_CONTROL_NAMES = {
    0x00: "NULL", 0x01: "START OF HEADING", 0x02: "START OF TEXT", 0x03: "END OF TEXT",
    0x04: "END OF TRANSMISSION", 0x05: "ENQUIRY", 0x06: "ACKNOWLEDGE", 0x07: "BELL", 0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN", 0x0E: "SHIFT OUT", 0x0F: "SHIFT IN", 0x10: "DATA LINK ESCAPE",
    0x11: "DEVICE CONTROL ONE", 0x12: "DEVICE CONTROL TWO", 0x13: "DEVICE CONTROL THREE",
    0x14: "DEVICE CONTROL FOUR", 0x15: "NEGATIVE ACKNOWLEDGE", 0x16: "SYNCHRONOUS IDLE",
    0x17: "END OF TRANSMISSION BLOCK", 0x18: "CANCEL", 0x19: "END OF MEDIUM", 0x1A: "SUBSTITUTE",
    0x1B: "ESCAPE", 0x1C: "FILE SEPARATOR", 0x1D: "GROUP SEPARATOR", 0x1E: "RECORD SEPARATOR",
    0x1F: "UNIT SEPARATOR", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, *, keep_layout: bool = False) -> str:
    """``text`` with every control character, bidi control and stray surrogate written as an
    escape (``\\x1b``, ``\\u202e``), so that printing it cannot drive the terminal.

    ``keep_layout=True`` lets newline and tab through, for multi-line text whose line breaks
    are wanted (a scenario's briefing); file names and one-line messages keep the default.
    """
    pattern = _UNSAFE_KEEPING_LAYOUT if keep_layout else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def is_control(char: str) -> bool:
    """Whether ``char`` is a C0 or C1 control character or DEL (tab and newline included)."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def describe_char(char: str) -> str:
    """One character for a message: ``'а' U+0430 CYRILLIC SMALL LETTER A``.  Control and
    invisible characters are shown escaped, so the description is itself safe to print."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        name = "CONTROL CHARACTER" if is_control(char) else "UNNAMED CHARACTER"
    category = unicodedata.category(char)
    shown = visible(char) if is_control(char) or char in BIDI_CONTROLS else char
    if category in ("Cf", "Zs", "Zl", "Zp", "Mn", "Me") and char != " " and shown == char:
        shown = f"\\u{code:04x}"  # invisible or combining: the glyph alone would show nothing
    return f"'{shown}' U+{code:04X} {name}"
