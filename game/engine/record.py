"""Value classes that cost almost nothing to define: what ``dataclasses`` gives, made cheaply.

Why not ``dataclasses``: on Python 3.11 each ``@dataclass(frozen=True, slots=True)`` class costs
about 1 ms to define (five generated methods, each compiled by its own ``exec``, then the class
built a second time for its slots), and ``dataclasses`` imports ``inspect`` (with ``ast``,
``dis``, ``tokenize``, ``enum``...).  The scenario checker defines 47 such classes, so every
``politburo validate`` paid ~45 ms before reading a byte (issue 15: validate within 2x of a bare
YAML compose).  Here a class costs one ``type()`` call and a closure, with no generated source
(the project runs no ``exec``); equality, hashing, ordering, ``repr`` and freezing are shared
functions that read the class's field names.

The decorator is declared with :func:`typing.dataclass_transform`, so type checkers treat a
``@record`` class exactly as a dataclass (constructor signature, frozen attributes).  Use
:func:`fields` and :func:`replace` from this module, not their ``dataclasses`` namesakes.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """Raised on assigning to a field of a frozen record (as ``dataclasses`` does)."""


class Field:
    """One field: its name, default, and whether it is set by ``__init__``, shown, compared."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, init: bool = True,
                 repr: bool = True, compare: bool = True) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] = _MISSING, init: bool = True,
          repr: bool = True, compare: bool = True) -> Any:
    """A field with a factory default, or one left out of ``__init__``, ``repr`` or equality."""
    return Field(default, default_factory, init, repr, compare)


def fields(value: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order."""
    found: tuple[Field, ...] = value.__record_fields__
    return found


def is_record(value: Any) -> bool:
    return hasattr(type(value), "__record_fields__") and not isinstance(value, type)


def replace(value: T, /, **changes: Any) -> T:
    """A copy of ``value`` with ``changes`` (fields left out of ``__init__`` are rebuilt)."""
    for f in fields(value):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(value, f.name)
    new: T = type(value)(**changes)
    return new


# -- the shared methods ----------------------------------------------------------------------


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _repr(self: Any) -> str:
    parts = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__ if f.repr)
    return f"{type(self).__qualname__}({parts})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return self is other or key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _ordering(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self.__record_key__
        return compare(key(self), key(other))
    return method


def _getstate(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, f.name) for f in self.__record_fields__)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for f, value in zip(self.__record_fields__, state):
        object.__setattr__(self, f.name, value)


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the compared fields as a tuple (``attrgetter`` of one name gives the
    bare value, so it is wrapped)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    if not names:
        return lambda value: ()
    many: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
    return many


# -- building a class ------------------------------------------------------------------------


def _own_fields(cls: type) -> list[Field]:
    made = []
    # The class's own annotations, read directly: ``inspect.get_annotations`` would import
    # ``inspect``, the very cost this module exists to avoid.
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        f.name = name
        made.append(f)
    return made


def _init(cls: type, all_fields: list[Field], slots: bool) -> Callable[..., None]:
    """The ``__init__`` of ``cls``: one closure over the fields, with no generated source (the
    project runs no ``exec``).  Positional arguments fill the ``init`` fields in order, keywords
    by name, then defaults and factories; fields outside ``__init__`` take their default."""
    taken = [f for f in all_fields if f.init]
    names = [f.name for f in taken]
    index = {name: i for i, name in enumerate(names)}
    if slots:  # a slot's own setter: skips the class's frozen __setattr__, as dataclasses does
        setters = [getattr(cls, name).__set__ for name in names]
    else:
        setters = [lambda obj, value, _name=name: object.__setattr__(obj, _name, value) for name in names]
    fill = [(i, f.default, f.default_factory) for i, f in enumerate(taken)
            if f.default is not _MISSING or f.default_factory is not _MISSING]
    later = [(f.name, f.default, f.default_factory) for f in all_fields
             if not f.init and (f.default is not _MISSING or f.default_factory is not _MISSING)]
    post_init = "__post_init__" in dir(cls)
    count = len(names)
    name = cls.__qualname__

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        given = len(args)
        if given > count:
            raise TypeError(f"{name}() takes {count} positional arguments but {given} were given")
        get = kwargs.get
        values = [*args, *[get(n, _MISSING) for n in names[given:]]]
        if len(kwargs) != count - given - values.count(_MISSING):  # an unknown or repeated name
            for key in kwargs:
                if key not in index:
                    raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
                if index[key] < given:
                    raise TypeError(f"{name}() got multiple values for argument {key!r}")
        for i, default, factory in fill:
            if values[i] is _MISSING:
                values[i] = default if factory is _MISSING else factory()
        if _MISSING in values:
            missing = [repr(n) for n, v in zip(names, values) if v is _MISSING]
            raise TypeError(f"{name}() missing required arguments: {', '.join(missing)}")
        return values

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        values = args if len(args) == count and not kwargs else bind(args, kwargs)
        for setter, value in zip(setters, values):
            setter(self, value)
        for field_name, default, factory in later:
            object.__setattr__(self, field_name, default if factory is _MISSING else factory())
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{name}.__init__"
    return __init__


def _make(cls: type, *, frozen: bool, slots: bool, eq: bool, order: bool, show: bool) -> type:
    inherited: list[Field] = []
    for base in reversed(cls.__mro__[1:]):
        inherited.extend(getattr(base, "__record_fields__", ()))
    own = _own_fields(cls)
    by_name = {f.name: f for f in inherited}
    by_name.update({f.name: f for f in own})
    all_fields = list(by_name.values())

    namespace = dict(cls.__dict__)
    own_init = "__init__" in namespace
    for f in own:  # defaults live in __init__, not as class attributes (which slots forbid)
        if f.name in namespace and (slots or isinstance(namespace[f.name], Field)):
            if isinstance(namespace[f.name], Field) and f.default is not _MISSING and not slots:
                namespace[f.name] = f.default
            else:
                del namespace[f.name]
    namespace["__record_fields__"] = tuple(all_fields)
    compared = [f.name for f in all_fields if f.compare]
    namespace["__record_key__"] = staticmethod(_key(compared))
    namespace["__match_args__"] = tuple(f.name for f in all_fields if f.init)
    if show and "__repr__" not in cls.__dict__:
        namespace["__repr__"] = _repr
    if eq and "__eq__" not in cls.__dict__:
        namespace["__eq__"] = _eq
        namespace["__hash__"] = _hash if frozen else None
    if order:
        for name, compare in (("__lt__", tuple.__lt__), ("__le__", tuple.__le__), ("__gt__", tuple.__gt__),
                              ("__ge__", tuple.__ge__)):
            namespace[name] = _ordering(compare)
    if frozen:
        namespace["__setattr__"] = _frozen_setattr
        namespace["__delattr__"] = _frozen_delattr
    if slots:
        namespace["__slots__"] = tuple(f.name for f in own)
        namespace["__getstate__"] = _getstate
        namespace["__setstate__"] = _setstate
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        cls = type(cls)(cls.__name__, cls.__bases__, namespace)
    else:
        for key, value in namespace.items():
            if cls.__dict__.get(key, _MISSING) is not value:
                type.__setattr__(cls, key, value)
        for f in own:
            if f.name not in namespace and f.name in cls.__dict__:
                type.__delattr__(cls, f.name)
    if not own_init:
        type.__setattr__(cls, "__init__", _init(cls, all_fields, slots))
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = True, slots: bool = True, eq: bool = True, order: bool = False,
           repr: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[T] | None = None, /, *, frozen: bool = True, slots: bool = True, eq: bool = True,
           order: bool = False, repr: bool = True) -> Any:
    """Make ``cls`` a value class: an ``__init__`` of its annotated fields (inherited ones first),
    ``repr``, equality (and hashing when frozen), optional ordering by the fields in order.
    Frozen and slotted unless told otherwise."""
    def wrap(c: type[T]) -> type[T]:
        made: type[T] = _make(c, frozen=frozen, slots=slots, eq=eq, order=order, show=repr)
        return made
    return wrap if cls is None else wrap(cls)
