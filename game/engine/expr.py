"""The condition language: a tiny, typed subset of Python syntax with our own interpreter.

Scenario files are untrusted, so conditions are never handed to ``eval``.  Python's parser
builds a syntax tree, a strict whitelist accepts only what ``docs/scenario-format.md`` promises
(names, numbers, text, ``true``/``false``, ``+ - *``, comparisons, ``and``/``or``/``not``), every
name is checked against the scenario's meters and flags, and types are checked, all once at load
time.  What comes out is a chain of small closures: cheap to run millions of times in the
play-testers, and unable to do anything but compute a value.
"""

from __future__ import annotations

import ast
import functools
import math
import operator
import re
import warnings
from typing import Any
from collections.abc import Callable, Mapping, Sequence

from game.safetext import describe_char

MAX_LENGTH = 300
MAX_NODES = 120

#: Types in the language.  Meters and int flags are ``number``.
NUMBER, BOOL, TEXT = "number", "true/false", "text"

Env = Mapping[str, Any]
#: A compiled part of an expression: the function that computes it, and its type.
_Compiled = tuple[Callable[[Env], Any], str]


class ExprError(Exception):
    """A condition that cannot be compiled.  ``column`` is 0-based within the expression."""

    def __init__(self, message: str, column: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


class Expr(functools.partial):  # type: ignore[type-arg]
    """A compiled condition: its source, the names it reads, and the function that computes it.

    A :class:`functools.partial` of that function, so calling a condition is one C call into it
    rather than a Python ``__call__`` that calls it: conditions are asked on every decision of
    every play-tested run.  Immutable, like the dataclass it replaces, and equal by the same four
    fields."""

    __slots__ = ("names", "source", "type")
    source: str
    names: frozenset[str]
    type: str

    def __new__(cls, source: str, names: frozenset[str], fn: Callable[[Env], Any], type: str) -> Expr:
        self = super().__new__(cls, fn)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "type", type)
        return self

    @property
    def fn(self) -> Callable[[Env], Any]:
        return self.func

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a compiled condition is immutable (cannot set '{name}')")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a compiled condition is immutable (cannot delete '{name}')")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expr):
            return NotImplemented
        return (self.source, self.names, self.func, self.type) == (other.source, other.names, other.func, other.type)

    def __hash__(self) -> int:
        return hash((self.source, self.names, self.func, self.type))

    def __repr__(self) -> str:
        return f"Expr({self.source!r}, type={self.type!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Expr, (self.source, self.names, self.func, self.type))


_COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}
_LONE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")


def _char_column(source: str, byte_offset: int) -> int:
    """AST offsets count UTF-8 bytes; authors count characters."""
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _syntax_error(source: str, exc: SyntaxError) -> ExprError:
    # Look for operator mistakes outside quoted text only ('a=b' in quotes is just text).
    bare = _QUOTED.sub(lambda m: " " * len(m.group()), source)
    lone = _LONE_EQUALS.search(bare)
    if lone:
        return ExprError("'=' assigns a value; conditions compare", lone.start(),
                         "write '==' to test equality")
    for bad, good in (("&&", "and"), ("||", "or")):
        if bad in bare:
            return ExprError(f"'{bad}' is not part of the language", bare.index(bad), f"write '{good}'")
    bang = re.search(r"!(?!=)", bare)
    if bang:
        return ExprError("'!' is not part of the language", bang.start(), "write 'not'")
    col = max((exc.offset or 1) - 1, 0)
    return ExprError("this condition is not a valid expression", min(col, len(source)),
                     "conditions look like: national_interest >= 60 and not partisan_war")


def compile_expr(source: Any, names: Mapping[str, str]) -> Expr:
    """Compile ``source`` against ``names`` (name -> type).  Raises :class:`ExprError`."""
    if isinstance(source, bool) or not isinstance(source, str):
        raise ExprError("a condition must be written as text", 0,
                        "for example: condition: national_interest >= 60")
    if not source.strip():
        raise ExprError("the condition is empty", 0, "write a test, or remove the key")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"the condition is longer than {MAX_LENGTH} characters", MAX_LENGTH,
                        "split the logic with a flag set by an earlier choice")
    if "\n" in source.strip():
        source = " ".join(source.split())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(source, exc) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("this condition cannot be read", 0, "remove unusual characters") from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise ExprError(f"the condition is too complex ({nodes} parts; the limit is {MAX_NODES})", 0,
                        "split the logic with a flag set by an earlier choice")
    used: set[str] = set()
    compiler = _Compiler(source.strip(), names, used)
    fn, typ = compiler.visit(tree.body)
    return Expr(source.strip(), frozenset(used), fn, typ)


def never() -> Expr:
    """A condition that is always false, for an ending marked ``only_by_next``: the rule
    "the first ending whose condition holds" then skips it in any engine that applies the
    rule, whether or not it knows the mark."""
    return Expr("false", frozenset(), _always_false, BOOL)


def _always_false(env: Env) -> bool:
    return False


def compile_condition(source: Any, names: Mapping[str, str]) -> Expr:
    """Like :func:`compile_expr`, but the result must be true/false."""
    expr = compile_expr(source, names)
    if expr.type != BOOL:
        raise ExprError(f"a condition must be true or false, but this is a {expr.type}", 0,
                        f"compare it, e.g. '{expr.source} > 0'")
    return expr


class _Compiler:
    def __init__(self, source: str, names: Mapping[str, str], used: set[str]):
        self.source = source
        self.names = names
        self.used = used

    def fail(self, node: ast.AST, message: str, hint: str = "") -> ExprError:
        col = _char_column(self.source, getattr(node, "col_offset", 0))
        return ExprError(message, col, hint)

    def visit(self, node: ast.AST) -> _Compiled:
        method: Callable[[ast.AST], _Compiled] | None = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, _describe_forbidden(node),
                            "only names, numbers, text, + - *, comparisons, and/or/not are allowed")
        return method(node)

    def visit_Constant(self, node: ast.Constant) -> _Compiled:
        value = node.value
        if isinstance(value, bool):
            typ = BOOL
        elif isinstance(value, (int, float)):
            if isinstance(value, int) and abs(value) > 10**12:
                raise self.fail(node, "this number is too large", "")
            typ = NUMBER
        elif isinstance(value, str):
            typ = TEXT
        else:
            raise self.fail(node, f"{type(value).__name__} values are not allowed")
        return (lambda env: value), typ

    def visit_Name(self, node: ast.Name) -> _Compiled:
        name = node.id
        if name in _CONSTANT_NAMES:
            value = _CONSTANT_NAMES[name]
            return (lambda env: value), BOOL
        typ = self.names.get(name)
        if typ is None:
            import difflib  # only when a message suggests a name: not on every start

            close = difflib.get_close_matches(name, list(self.names), n=1)
            hint = f"did you mean '{close[0]}'?" if close else (
                "declare it under meters: or flags:, or check the spelling")
            foreign = next((c for c in name if not c.isascii()), None)
            if foreign is not None:  # a look-alike letter: name it, the author cannot see it
                raise self.fail(node, f"unknown name '{name}': it has {describe_char(foreign)}, which no "
                                "meter or flag id may hold", hint + " (retype it with Latin letters)")
            raise self.fail(node, f"unknown name '{name}'", hint)
        self.used.add(name)
        return (lambda env: env[name]), typ

    def visit_UnaryOp(self, node: ast.UnaryOp) -> _Compiled:
        fn, typ = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            if typ != BOOL:
                raise self.fail(node, f"'not' needs true/false, but this is a {typ}", "compare it first")
            return (lambda env: not fn(env)), BOOL
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if typ != NUMBER:
                raise self.fail(node, f"'-' needs a number, but this is a {typ}")
            if isinstance(node.op, ast.UAdd):
                return fn, NUMBER
            return (lambda env: -fn(env)), NUMBER
        raise self.fail(node, "'~' is not allowed")

    def visit_BoolOp(self, node: ast.BoolOp) -> _Compiled:
        parts = []
        for value in node.values:
            fn, typ = self.visit(value)
            if typ != BOOL:
                word = "and" if isinstance(node.op, ast.And) else "or"
                raise self.fail(value, f"'{word}' needs true/false on each side, but this is a {typ}",
                                "compare it, e.g. 'clashes > 0'")
            parts.append(fn)
        # Folded into nested two-way tests, so 'a and b and c' costs no generator per call.
        fold = parts[-1]
        for part in reversed(parts[:-1]):
            fold = _both(part, fold) if isinstance(node.op, ast.And) else _either(part, fold)
        return fold, BOOL

    def visit_BinOp(self, node: ast.BinOp) -> _Compiled:
        op = _ARITH.get(type(node.op))
        if op is None:
            sym = {ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.BitOr: "|",
                   ast.BitAnd: "&", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
                   ast.MatMult: "@"}.get(type(node.op), type(node.op).__name__)
            raise self.fail(node, f"'{sym}' is not allowed", "use only + - * and comparisons")
        left, lt = self.visit(node.left)
        right, rt = self.visit(node.right)
        if lt != NUMBER or rt != NUMBER:
            raise self.fail(node, f"arithmetic needs numbers, not {lt} and {rt}")
        def arith(env: Env) -> Any:
            a, b = left(env), right(env)
            try:
                return op(a, b)
            except OverflowError:  # an int too large for a float: saturate, never crash a game
                return op(_saturate(a), _saturate(b))

        return arith, NUMBER

    def _operand(self, node: ast.AST, others: Sequence[ast.AST]) -> _Compiled:
        """Visit one side of a comparison; a bare word compared with text is text whose quotes
        were forgotten (``stance == dove``), not a meter or flag to declare."""
        try:
            return self.visit(node)
        except ExprError:
            if isinstance(node, ast.Name) and node.id not in self.names and node.id not in _CONSTANT_NAMES:
                for other in others:
                    try:
                        other_type = _Compiler(self.source, self.names, set()).visit(other)[1]
                    except ExprError:
                        continue
                    if other_type == TEXT:
                        raise self.fail(node, f"unknown name '{node.id}'",
                                        f"text is written in quotes: '{node.id}'") from None
            raise

    def visit_Compare(self, node: ast.Compare) -> _Compiled:
        fns, types = [], []
        operands = [node.left, *node.comparators]
        first, ft = self._operand(node.left, operands[1:2])
        fns.append(first)
        types.append(ft)
        ops = []
        for i, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise self.fail(node, "'in', 'is' and their negations are not allowed", "use == or !=")
            cfn, ct = self._operand(comparator, [operands[i]])
            prev = types[-1]
            if prev != ct:
                raise self.fail(comparator, f"cannot compare a {prev} with a {ct}",
                                "text flags compare with quoted text, e.g. stance == 'hawk'")
            if fn not in (operator.eq, operator.ne) and ct == BOOL:
                raise self.fail(comparator, "true/false values can only be compared with == or !=")
            ops.append(fn)
            fns.append(cfn)
            types.append(ct)
        if len(ops) == 1:
            a, b, o = fns[0], fns[1], ops[0]
            left, right = node.left, node.comparators[0]
            # The commonest condition, a meter or flag against a number ('risk >= 65'): one lookup
            # and one comparison, without a call for each side.
            if isinstance(left, ast.Name) and left.id in self.names and isinstance(right, ast.Constant):
                name, value = left.id, b({})
                return (lambda env: o(env[name], value)), BOOL
            return (lambda env: o(a(env), b(env))), BOOL

        def chain(env: Env) -> bool:
            left = fns[0](env)
            for o, f in zip(ops, fns[1:]):
                right = f(env)
                if not o(left, right):
                    return False
                left = right
            return True

        return chain, BOOL


def _both(a: Callable[[Env], Any], b: Callable[[Env], Any]) -> Callable[[Env], Any]:
    return lambda env: a(env) and b(env)


def _either(a: Callable[[Env], Any], b: Callable[[Env], Any]) -> Callable[[Env], Any]:
    return lambda env: a(env) or b(env)


def _saturate(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _describe_forbidden(node: ast.AST) -> str:
    kind = type(node).__name__
    return {
        "Call": "function calls are not allowed",
        "Attribute": "'.' (attribute access) is not allowed; write a meter or flag id on its own",
        "Subscript": "indexing with [...] is not allowed",
        "Lambda": "lambda is not allowed",
        "IfExp": "'x if y else z' is not allowed",
        "NamedExpr": "':=' is not allowed",
        "List": "lists are not allowed",
        "Tuple": "tuples are not allowed",
        "Dict": "dictionaries are not allowed",
        "Set": "sets are not allowed",
        "JoinedStr": "f-strings are not allowed",
    }.get(kind, f"{kind} expressions are not allowed")
