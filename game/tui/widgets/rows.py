"""Labelled rows and bullets with a proper hanging indent.

Why widgets rather than text: a wrapped line under "You:" or "•" should start under the text,
not under the label, and terminal text has no hanging indent; two columns do it at any width.
Reusable, so the layout lives in ``DEFAULT_CSS``.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class Row(Horizontal):
    """``label`` in a fixed column, ``text`` wrapping in the rest."""

    DEFAULT_CSS = """
    Row { height: auto; }
    Row > .row-label { width: 13; height: auto; }
    Row > .row-text { width: 1fr; height: auto; }
    """

    def __init__(self, label: str, text: Content | str, *, label_width: int = 13, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._label = label
        self._text = text if isinstance(text, Content) else Content(text)
        self._width = label_width

    def compose(self) -> ComposeResult:
        label = Static(Content.assemble((self._label, "italic")), classes="row-label")
        label.styles.width = self._width
        yield label
        yield Static(self._text, classes="row-text")


class Bullet(Row):
    """``• text`` (or another ``mark``) with wrapped lines indented under the text."""

    def __init__(self, text: Content | str, *, mark: str = "•", **kwargs: Any) -> None:
        super().__init__(mark, text, label_width=2, **kwargs)
