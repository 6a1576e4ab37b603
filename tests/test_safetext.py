"""game.safetext: untrusted text printed on a terminal can never drive it."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from game.safetext import BIDI_CONTROLS, describe_char, is_control, visible


def test_plain_text_is_unchanged():
    for text in ("", "Kim asks to attack.", "Иван, Мария, 王芳, José", "tab\there", "emoji ☭ 🚀"):
        assert visible(text, keep_layout=True) == text
    assert visible("Иван") == "Иван"


def test_escape_sequences_become_visible():
    assert visible("\x1b[2J\x1b]0;pwned\x07") == "\\x1b[2J\\x1b]0;pwned\\x07"
    assert visible("\x1b]52;c;ZWNobyBwd25lZA==\x07") == "\\x1b]52;c;ZWNobyBwd25lZA==\\x07"
    assert visible("a\x00b") == "a\\x00b"
    assert visible("over\rwrite") == "over\\x0dwrite"
    assert visible("del\x7f") == "del\\x7f"
    assert visible("c1 \x9b31m \x85") == "c1 \\x9b31m \\x85"


def test_bidi_controls_become_visible():
    assert visible("abc\u202edcba") == "abc\\u202edcba"
    assert visible("\u2066x\u2069") == "\\u2066x\\u2069"
    for char in BIDI_CONTROLS:
        assert char not in visible(char)


def test_layout_is_kept_only_when_asked():
    assert visible("one\ntwo\tthree") == "one\\x0atwo\\x09three"
    assert visible("one\ntwo\tthree", keep_layout=True) == "one\ntwo\tthree"
    assert visible("one\r\ntwo", keep_layout=True) == "one\\x0d\ntwo"


def test_undecodable_file_name_bytes_show_as_bytes():
    name = b"caf\xe9.yaml".decode("utf-8", "surrogateescape")
    assert visible(name) == "caf\\xe9.yaml"
    visible(name).encode("utf-8")  # printable without UnicodeEncodeError


def test_describe_char():
    assert describe_char("а") == "'а' U+0430 CYRILLIC SMALL LETTER A"
    assert describe_char("\x1b") == "'\\x1b' U+001B ESCAPE"
    assert describe_char("\x00") == "'\\x00' U+0000 NULL"
    assert describe_char("\u202e") == "'\\u202e' U+202E RIGHT-TO-LEFT OVERRIDE"
    assert describe_char("\u00a0") == "'\\u00a0' U+00A0 NO-BREAK SPACE"
    assert describe_char("\u200b") == "'\\u200b' U+200B ZERO WIDTH SPACE"
    assert describe_char(" ") == "' ' U+0020 SPACE"
    assert describe_char("\x9b") == "'\\x9b' U+009B CONTROL SEQUENCE INTRODUCER"


def test_is_control():
    assert all(is_control(chr(c)) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
    assert not any(is_control(c) for c in " a\u00a0\u202eé")


_DANGEROUS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} | BIDI_CONTROLS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(sorted(_DANGEROUS))))
def test_no_dangerous_character_survives(text):
    shown = visible(text)
    assert not (set(shown) & _DANGEROUS)
    # keeping the layout lets only newline and tab through
    assert set(visible(text, keep_layout=True)) & _DANGEROUS <= {"\n", "\t"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))).filter(
    lambda t: not set(t) & BIDI_CONTROLS))
def test_harmless_text_is_never_changed(text):
    assert visible(text) == text
