"""game.engine.record: the model's value classes behave as the dataclasses they replace."""

from __future__ import annotations

import copy
import pickle

import pytest

from game.engine.record import FrozenInstanceError, field, fields, is_record, record, replace


@record
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@record(frozen=False, slots=False)
class Bag:
    name: str
    items: list[str] = field(default_factory=list)
    seen: int = field(default=0, compare=False, repr=False)


@record(frozen=False, slots=False)
class Labelled(Bag):
    label: str = "?"


@record(slots=False, order=True)
class Ranked:
    rank: int
    name: str


@record(slots=False, eq=False)
class Indexed:
    values: tuple[int, ...]
    total: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(self.values))


def test_init_by_position_keyword_and_default():
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    assert Point(1).y == 0 and Point(1).tags == ()
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Point(), "missing required arguments: 'x'"),
    (lambda: Point(1, 2, (), 4), "takes 3 positional arguments but 4 were given"),
    (lambda: Point(1, x=2), "multiple values for argument 'x'"),
    (lambda: Point(1, z=2), "unexpected keyword argument 'z'"),
])
def test_wrong_arguments_are_a_type_error_in_words(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_frozen_records_refuse_assignment_and_hash_by_value():
    p = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.y  # type: ignore[misc]
    assert hash(p) == hash(Point(1, 2)) and {p, Point(1, 2)} == {p}
    assert not hasattr(p, "__dict__")  # slotted


def test_equality_is_by_class_and_compared_fields():
    assert Point(1) != (1, 0, ())
    assert Bag("a", seen=1) == Bag("a", seen=2)  # seen is not compared
    assert Bag("a") != Labelled("a")
    assert Bag.__hash__ is None  # mutable and equal by value: unhashable, as dataclasses


def test_factories_give_each_instance_its_own_value():
    a, b = Bag("a"), Bag("b")
    a.items.append("x")
    assert b.items == [] and repr(a) == "Bag(name='a', items=['x'])"


def test_inherited_fields_come_first():
    assert [f.name for f in fields(Labelled)] == ["name", "items", "seen", "label"]
    assert Labelled("n", ["i"], 0, "l").label == "l"


def test_order_compares_fields_in_order():
    assert sorted([Ranked(2, "a"), Ranked(1, "z"), Ranked(1, "b")]) == [Ranked(1, "b"), Ranked(1, "z"), Ranked(2, "a")]


def test_post_init_and_fields_outside_init():
    made = Indexed((1, 2, 3))
    assert made.total == 6 and repr(made) == "Indexed(values=(1, 2, 3))"
    assert replace(made, values=(4,)).total == 4
    assert made != Indexed((1, 2, 3))  # eq=False: identity


def test_replace_fields_and_is_record():
    p = Point(1, 2, ("a",))
    assert replace(p, y=5) == Point(1, 5, ("a",))
    assert is_record(p) and not is_record(Point) and not is_record((1, 2))
    assert Point.__match_args__ == ("x", "y", "tags")


def test_copies_and_pickles():
    p = Point(1, 2, ("a",))
    assert copy.deepcopy(p) == p and copy.copy(p) == p
    assert pickle.loads(pickle.dumps(p)) == p
