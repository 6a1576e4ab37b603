"""Text that follows the story: values and conditional passages in a scenario's texts.

A scene's briefing, an adviser's counsel, a result and an ending may show where the player's
story stands::

    The Politburo's standing abroad is ${national_interest} out of 100.
    ${if partisan_line}
    The partisans in the South report new recruits.
    ${else}
    The southern partisans have been left to themselves.
    ${end}

- ``${NAME}`` (or any number or text expression of the condition language, e.g.
  ``${100 - bloc_rivalry}``) shows a value; ``${if COND}``, ``${elif COND}``, ``${else}`` and
  ``${end}`` choose a passage, and nest.
- A block tag alone on its line takes its line with it, so a ``|`` text keeps its paragraphs.
- ``$${`` shows ``${`` itself; any other ``$`` is just a dollar sign ("$150 million").

Why ``${...}``: the text is YAML and then Markdown, and the markers must mean nothing to
either.  ``$`` is not a YAML indicator anywhere in a value (``{`` and ``[`` open a mapping or a
list at the start of an unquoted value, ``%``, ``@``, ``!``, ``&``, ``*`` and ``|`` are reserved
there too), it is not Markdown, and ``${`` does not occur in prose: a price is ``$150``.  A
backslash escape would fight YAML's own escapes in double-quoted text, hence ``$${``.

Nothing here runs code: every ``${...}`` is compiled once, at load, by the condition language's
own compiler (:mod:`game.engine.expr`), which checks every name against the scenario's meters,
flags and ``turn``; what comes out is a small tree of literal strings and compiled expressions.
A mistake raises :class:`TemplateError` with the position in the text, so the loader can report
it at its line and column.
"""

from __future__ import annotations

from typing import Any
from collections.abc import Mapping, Sequence

from game.engine.record import field, record
from game.engine.expr import BOOL, Expr, ExprError, compile_condition, compile_expr

OPEN = "${"
#: Bounds on one text: parts and nesting, so rendering stays cheap whatever the file holds.
MAX_PARTS = 200
MAX_DEPTH = 8

_SYNTAX_HINT = "write ${name} for a value, or ${if condition}...${else}...${end} for a passage"


class TemplateError(Exception):
    """A text whose ``${...}`` parts cannot be compiled.  ``index`` is 0-based in the text."""

    def __init__(self, message: str, index: int, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.index = index
        self.hint = hint


@record
class _Value:
    expr: Expr


@record
class _Choose:
    """``${if}``...``${end}``: the first branch whose condition holds (None: ``${else}``)."""

    branches: tuple[tuple[Expr | None, tuple[_Node, ...]], ...]


_Node = str | _Value | _Choose


@record
class Template:
    """A compiled text: its source, the names it reads, and its parts."""

    source: str
    names: frozenset[str]
    parts: tuple[_Node, ...]

    def render(self, env: Mapping[str, Any]) -> str:
        out: list[str] = []
        _render(self.parts, env, out)
        return "".join(out)


def _render(parts: Sequence[_Node], env: Mapping[str, Any], out: list[str]) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, _Value):
            out.append(_show(part.expr(env)))
        else:
            for condition, body in part.branches:
                if condition is None or condition(env):
                    _render(body, env, out)
                    break


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{int(value)}" if value.is_integer() else f"{value:g}"
    return str(value)


def has_template(text: str) -> bool:
    """Whether ``text`` holds ``${`` (and so needs compiling to be shown as meant)."""
    return OPEN in text


def fill(text: str, templates: Mapping[str, Template], env: Mapping[str, Any]) -> str:
    """``text`` as the player reads it: compiled parts filled in with ``env`` (a text that has
    none is returned as it is)."""
    template = templates.get(text) if templates else None
    return text if template is None else template.render(env)


# -- compiling -----------------------------------------------------------------------------------

@record(slots=False)
class _Tag:
    start: int  # index of '$'
    end: int  # index just past '}'
    body: str
    body_start: int  # index of the body's first character


def _find_close(text: str, start: int) -> int:
    """Index of the '}' that closes the tag whose body starts at ``start`` (quoted text
    skipped), or -1 when the line ends first."""
    i, quote = start, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "}":
            return i
        if char == "\n":
            break  # a tag is written on one line
        i += 1
    return -1


def _scan(text: str) -> list[str | _Tag]:
    """Literal runs and tags, in order; ``$${`` becomes a literal ``${``."""
    pieces: list[str | _Tag] = []
    literal: list[str] = []
    i = 0
    while True:
        at = text.find(OPEN, i)
        if at < 0:
            literal.append(text[i:])
            break
        if at > 0 and text[at - 1] == "$" and (at - 1 >= i):
            literal.append(text[i:at - 1] + OPEN)  # '$${' shows '${'
            i = at + 2
            continue
        literal.append(text[i:at])
        close = _find_close(text, at + 2)
        if close < 0:
            raise TemplateError("'${' is not closed with '}'", at,
                                _SYNTAX_HINT + "; to show '${' itself, write '$${'")
        pieces.append("".join(literal))
        literal = []
        pieces.append(_Tag(at, close + 1, text[at + 2:close], at + 2))
        i = close + 1
        if len(pieces) > 2 * MAX_PARTS:
            raise TemplateError(f"this text has more than {MAX_PARTS} ${{...}} parts", at,
                                "split it, or move some of the story into scenes")
    pieces.append("".join(literal))
    return pieces


def _keyword(tag: _Tag) -> tuple[str, str, int]:
    """(keyword or '', the rest, where the rest starts): 'if' / 'elif' take a condition."""
    body = tag.body
    stripped = body.lstrip()
    lead = len(body) - len(stripped)
    word = stripped.split(None, 1)[0] if stripped.split() else ""
    if word in ("if", "elif", "else", "end"):
        rest = stripped[len(word):]
        rest_start = tag.body_start + lead + len(word) + (len(rest) - len(rest.lstrip()))
        return word, rest.strip(), rest_start
    return "", body.strip(), tag.body_start + lead


def _standalone(pieces: list[str | _Tag]) -> list[str | _Tag]:
    """A block tag alone on its line takes the line (its indentation and newline) with it.

    ``pieces`` alternate literal, tag, literal, ...; which tags stand alone is decided on the
    pieces as scanned, then each literal loses the head and the tail its neighbours claim."""
    last = len(pieces) - 1
    head_cut = [0] * len(pieces)
    tail_cut = [len(p) if isinstance(p, str) else 0 for p in pieces]
    for k in range(1, last, 2):
        tag, before, after = pieces[k], pieces[k - 1], pieces[k + 1]
        assert isinstance(tag, _Tag) and isinstance(before, str) and isinstance(after, str)
        if not _keyword(tag)[0]:
            continue  # a value stays where it is written
        line_start = before.rfind("\n") + 1
        starts_line = before[line_start:].strip(" \t") == "" and (line_start > 0 or k == 1)
        newline = after.find("\n")
        line_end = len(after) if newline < 0 else newline + 1
        ends_line = after[:line_end].strip(" \t\n") == "" and (newline >= 0 or k + 1 == last)
        if starts_line and ends_line:
            tail_cut[k - 1] = min(tail_cut[k - 1], line_start)
            head_cut[k + 1] = max(head_cut[k + 1], line_end)
    out = list(pieces)
    for k in range(0, last + 1, 2):
        text = pieces[k]
        assert isinstance(text, str)
        out[k] = text[head_cut[k]:tail_cut[k]] if head_cut[k] < tail_cut[k] else ""
    return out


@record(frozen=False, slots=False)
class _Open:
    """An ``${if}`` being read: where it sits, its branches so far, and the current branch's
    condition (None after ``${else}``)."""

    tag: _Tag
    outer: list[_Node]
    condition: Expr | None
    branches: list[tuple[Expr | None, tuple[_Node, ...]]] = field(default_factory=list)
    seen_else: bool = False


def compile_template(text: str, names: Mapping[str, str]) -> Template:
    """Compile ``text`` against ``names`` (name -> type, as for conditions).  Raises
    :class:`TemplateError` at the first mistake."""
    used: set[str] = set()
    root: list[_Node] = []
    stack: list[_Open] = []
    current = root
    for piece in _standalone(_scan(text)):
        if isinstance(piece, str):
            if piece:
                current.append(piece)
            continue
        word, rest, rest_start = _keyword(piece)
        if not word:
            current.append(_Value(_value(rest, rest_start, piece, names, used)))
        elif word == "if":
            if len(stack) >= MAX_DEPTH:
                raise TemplateError(f"${{if}} passages are nested more than {MAX_DEPTH} deep", piece.start,
                                    "set a flag in an earlier choice and test that instead")
            stack.append(_Open(piece, current, _condition(rest, rest_start, piece, names, used, word)))
            current = []
        elif not stack:
            raise TemplateError(f"'${{{word}}}' belongs to no ${{if ...}}", piece.start,
                                "remove it, or open the passage with ${if condition}")
        else:
            block = stack[-1]
            if word != "end" and block.seen_else:
                raise TemplateError(f"'${{{word}}}' comes after this passage's ${{else}}", piece.start,
                                    "${else} is the last branch; put ${elif ...} before it")
            if word in ("else", "end") and rest:
                raise TemplateError(f"'${{{word}}}' takes nothing after '{word}'", rest_start,
                                    "write ${elif condition} for a branch with a condition" if word == "else"
                                    else "write ${end}")
            block.branches.append((block.condition, tuple(current)))
            current = []
            if word == "elif":
                block.condition = _condition(rest, rest_start, piece, names, used, word)
            elif word == "else":
                block.condition, block.seen_else = None, True
            else:
                stack.pop()
                block.outer.append(_Choose(tuple(block.branches)))
                current = block.outer
    if stack:
        opened = stack[-1].tag
        raise TemplateError(f"'${{{opened.body.strip()}}}' is never closed", opened.start,
                            "add ${end} where the passage ends")
    return Template(text, frozenset(used), tuple(root))


def _condition(source: str, start: int, tag: _Tag, names: Mapping[str, str], used: set[str],
               word: str) -> Expr:
    if not source:
        raise TemplateError(f"'${{{word}}}' needs a condition", tag.start,
                            f"for example ${{{word} partisan_line}} or ${{{word} national_interest >= 60}}")
    try:
        expr = compile_condition(source, names)
    except ExprError as exc:
        raise TemplateError(exc.message, start + exc.column, exc.hint) from None
    used |= expr.names
    return expr


def _value(source: str, start: int, tag: _Tag, names: Mapping[str, str], used: set[str]) -> Expr:
    if not source:
        raise TemplateError("'${}' names nothing", tag.start,
                            "write a meter or flag id inside, e.g. ${national_interest}")
    try:
        expr = compile_expr(source, names)
    except ExprError as exc:
        raise TemplateError(exc.message, start + exc.column, exc.hint) from None
    if expr.type == BOOL:
        raise TemplateError(f"'{source}' is true or false, which a text does not show as a value", start,
                            f"choose a passage instead: ${{if {source}}}...${{else}}...${{end}}")
    used |= expr.names
    return expr
