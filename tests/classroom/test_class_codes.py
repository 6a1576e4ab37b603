"""Class codes: short, unambiguous on a board, and every typo a student is likely to make is caught."""

from __future__ import annotations

import random

import pytest

from game.classroom.codes import (
    ALPHABET, BASE, REGISTRY, SEED_LIMIT, ClassCode, CodeError, KIND_BUNDLED, make_code, parse_code,
    short_hash,
)
from game.classroom.join import clean_name, join_class


def _codes():
    rng = random.Random(5)
    for _ in range(60):
        bundled = rng.random() < 0.5
        yield make_code(rng.choice(REGISTRY) if bundled else f"s{rng.randrange(10**6)}", str(rng.random()),
                        rng.randrange(SEED_LIMIT), bundled=bundled, reveal=rng.choice(["each", "end"]),
                        undo=rng.random() < 0.5, justify=rng.random() < 0.5)


def test_the_alphabet_has_no_characters_people_misread():
    assert BASE == 31 and len(set(ALPHABET)) == 31
    assert not set("0O1IL") & set(ALPHABET)


def test_codes_round_trip_and_are_short():
    for code in _codes():
        assert parse_code(code.text) == code
        assert parse_code(code.text.lower().replace("-", " ")) == code
        assert len(code.compact) == (9 if code.kind == KIND_BUNDLED else 10)


def test_every_single_typo_and_neighbour_swap_is_caught():
    for code in list(_codes())[:20]:
        raw = code.compact
        for i, original in enumerate(raw):
            for ch in ALPHABET:
                if ch != original:
                    with pytest.raises(CodeError):
                        parse_code(raw[:i] + ch + raw[i + 1:])
        for i in range(len(raw) - 1):
            if raw[i] != raw[i + 1]:
                with pytest.raises(CodeError, match="typo"):
                    parse_code(raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:])


@pytest.mark.parametrize("typed, message", [
    ("", "empty"),
    ("32N-F2E-VO7", "never contain O"),
    ("32N-F2E-V07", "never contain 0"),
    ("32N-F2E-V1I", "never contain 1"),
    ("32N-F2E", "has 9 characters"),
    ("32N-F2E-V97-XY", "has 9 characters"),
    ("32N F2E V9?", "'?' is not a character"),
])
def test_misread_codes_get_a_clear_message(typed, message):
    with pytest.raises(CodeError, match=message) as info:
        parse_code(typed)
    assert info.value.hint


def test_a_code_from_a_newer_format_says_so():
    # Build a well-formed code whose head is in the reserved range.
    digits = [20, 0, 1, 2, 3, 4, 5, 6]
    total = sum((i + 1) * d for i, d in enumerate(digits))
    check = (-total * pow(len(digits) + 1, -1, BASE)) % BASE
    text = "".join(ALPHABET[d] for d in digits + [check])
    with pytest.raises(CodeError, match="newer version of Politburo"):
        parse_code(text)


def test_registry_is_append_only():
    # Old codes name scenarios by position: these four must keep their numbers forever.
    assert REGISTRY[:4] == ("kim-1949", "treaty-1950", "acheson-1950", "war-1950")


def test_seed_out_of_range_is_refused():
    with pytest.raises(CodeError, match="between 0 and"):
        make_code("kim-1949", "1", SEED_LIMIT, bundled=True)


def test_join_a_bundled_class():
    from game.scenario import load_scenario
    from game.catalog import bundled_files

    kim = load_scenario(next(p for p in bundled_files() if p.stem == "kim-1949"))
    code = make_code("kim-1949", kim.version, 77, bundled=True, justify=True)
    joined = join_class(code.text)
    assert joined.scenario.id == "kim-1949" and joined.seed == 77 and joined.justify
    assert joined.debate_scenes and all(kim.scene(s).debate for s in joined.debate_scenes)
    from game.formats import RunSettings

    assert joined.settings() == RunSettings(reveal="each", undo=True, justify=True, class_code=code.text)


def test_join_refuses_another_version_clearly():
    code = make_code("kim-1949", "0.0.1-not-installed", 77, bundled=True)
    with pytest.raises(CodeError, match="different version of 'kim-1949'"):
        join_class(code.text)


def test_join_refuses_a_scenario_number_this_copy_does_not_know():
    code = ClassCode(KIND_BUNDLED, 30, None, short_hash("1"), 1)
    with pytest.raises(CodeError, match="does not have") as info:
        join_class(code.text)
    assert "update" in info.value.hint


def test_file_codes_need_the_right_file(seminar, seminar_path, mini_path):
    code = make_code(seminar.id, seminar.version, 1, bundled=False)
    with pytest.raises(CodeError, match="scenario file that you have not given"):
        join_class(code.text)
    with pytest.raises(CodeError, match="not for the scenario 'mini'"):
        join_class(code.text, str(mini_path))
    assert join_class(code.text, str(seminar_path)).scenario.id == "seminar"


def test_bundled_code_with_a_different_scenario_argument():
    code = make_code("kim-1949", "1.0.0", 1, bundled=True)
    with pytest.raises(CodeError, match="already names the scenario"):
        join_class(code.text, "war-1950")


@pytest.mark.parametrize("typed, clean", [
    ("  Ana  ", "Ana"), ("A\x1b[31mna", "A [31mna"), ("Zoë\u202eevil", "Zoë evil"),
    ("x" * 100, "x" * 40), ("\t\n", ""),
])
def test_names_are_cleaned(typed, clean):
    assert clean_name(typed) == clean
