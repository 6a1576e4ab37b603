"""Text helpers every renderer shares: dates, cleaned one-line input, Markdown to plain text.

Why one neutral module (no Textual, no Rich): plain mode, the full-screen game, the reports and
the play layer must write a date, clean a student's name or fold a paragraph the same way, and
none of them may depend on another renderer to do it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

NAME_LIMIT = 40
REASON_LIMIT = 600
#: Control characters and the invisible bidi/format characters that could disguise text.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def describe_date(date: str, label: str = "") -> str:
    """``1949-09-24`` as "24 September 1949", ``1949-09`` as "September 1949"; ``label`` wins."""
    if label:
        return label
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return date


def clean_text(text: object, limit: int) -> str:
    """One line of printable text: what a student typed, safe to store, print and quote."""
    cleaned = unicodedata.normalize("NFC", _INVISIBLE.sub(" ", str(text)))
    return " ".join(cleaned.split())[:limit].strip()


def clean_name(text: str | None) -> str:
    return clean_text(text or "", NAME_LIMIT)


def clean_reason(text: object) -> str:
    return clean_text(text or "", REASON_LIMIT)


def reflow(text: str) -> str:
    """Folded YAML text keeps single newlines; join them so the terminal wraps to its width."""
    paras = [" ".join(line.strip() for line in p.splitlines()) for p in text.strip().split("\n\n")]
    return "\n\n".join(paras)


def signed(n: int) -> str:
    """``+6``, ``−2`` (a real minus sign), ``0``."""
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def change_words(delta: int | None) -> str:
    """A change in numbers *and* words, so nothing depends on a colour or an arrow glyph."""
    if delta is None:
        return "start"
    if delta > 0:
        return f"{signed(delta)} (rose)"
    if delta < 0:
        return f"{signed(delta)} (fell)"
    return "0 (no change)"


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_to_plain(text: str) -> str:
    """Markdown as clean plain text for plain mode and screen readers.

    Emphasis markers, link syntax and code fences are dropped (a screen reader would read out
    every asterisk); paragraphs stay separated by a blank line, list items start with "- " or
    their number, block quotes with "> ", and table rows keep their cells separated by " | "."""
    tokens = _markdown().parse(text)
    blocks: list[str] = []
    prefix: list[str] = []  # list and quote markers for the block being built
    ordered: list[int] = []
    line: list[str] = []
    row: list[str] = []
    tight = False  # the last block was an item of a tight list or a table row: no blank line
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            ordered.append(0)
            tight = False
        elif kind == "ordered_list_open":
            ordered.append(int(token.attrGet("start") or 1))
            tight = False
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif kind == "list_item_open":
            if ordered and ordered[-1]:
                prefix.append(f"{ordered[-1]}. ")
                ordered[-1] += 1
            else:
                prefix.append("- ")
        elif kind == "list_item_close":
            prefix.pop()
        elif kind == "blockquote_open":
            prefix.append("> ")
        elif kind == "blockquote_close":
            prefix.pop()
        elif kind == "inline":
            line.append(_inline_plain(token))
        elif kind in ("paragraph_close", "heading_close"):
            lead = "".join(p for p in prefix if p == "> ") + (next((p for p in reversed(prefix) if p != "> "), ""))
            text = lead + " ".join(line).strip()
            if token.hidden and tight and blocks:
                blocks[-1] += "\n" + text
            else:
                blocks.append(text)
            tight = bool(token.hidden)
            line = []
            if prefix and prefix[-1] != "> ":
                prefix[-1] = " " * len(prefix[-1])  # later paragraphs of the item: indented
        elif kind in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
            tight = False
        elif kind in ("th_close", "td_close"):
            row.append(" ".join(line).strip())
            line = []
        elif kind == "tr_close":
            if tight and blocks:
                blocks[-1] += "\n" + " | ".join(row)
            else:
                blocks.append(" | ".join(row))
            tight = True
            row = []
        elif kind == "table_close":
            tight = False
        elif kind == "hr":
            blocks.append("---")
            tight = False
    return "\n\n".join(b for b in blocks if b.strip())


def _inline_plain(token: Any) -> str:
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content or "")
    return "".join(out)
