"""A scenario written from docs/ alone, as a new author would (issue 13): an episode outside the
bundled four that uses what the docs offer together (a shared bibliography by include, a
published source, a letter, a counter, text that follows the story, a chance outcome named in a
test, an ending reached only by next).  It validates strictly and play-tests clean, so the docs
and the tools keep agreeing."""

from __future__ import annotations

import json

from tests.conftest import ROOT, run_cli_here

FILE = ROOT / "tests" / "fixtures" / "new-author" / "tito-1948.yaml"


def test_it_validates_strictly():
    result = run_cli_here("validate", str(FILE), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_it_play_tests_clean_with_its_tests_and_every_path():
    result = run_cli_here("playtest", str(FILE), "--random", "300", "--exhaustive", "--strict", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)["files"][0]
    assert [t["passed"] for t in data["tests"]] == [True, True]
    assert data["exhaustive"]["divergence"] == {"min": 0, "max": 100, "complete": True}


def test_the_story_shows_the_counter_and_the_publication(tmp_path):
    result = run_cli_here("play", str(FILE), "--plain", "--seed", "3", "--choices", "write,expel@1",
                          "--runs-dir", str(tmp_path))
    text = " ".join(result.stdout.split())  # plain mode wraps lines
    assert "Our letters have gone unanswered." in text
    assert "[For a Lasting Peace, for a People's Democracy!, 1 July 1948]" in text
    assert "Ending: The schism" in text
