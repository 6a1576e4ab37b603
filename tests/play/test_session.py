"""The play layer's session: start, choose, undo, save, resume, finish — and the rules a class
depends on (reveal policy, undo lock, whose save is whose, one record per run)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from game.formats import RunSettings, read_record, read_save
from game.paths import Places
from game.play import store
from game.play.identity import player_key, player_stem
from game.play.policy import may_continue
from game.play.session import ResumeProblem, Session, prepare


@pytest.fixture
def places(tmp_path) -> Places:
    p = Places.resolve(tmp_path / "runs")
    assert prepare(p) == ""
    return p


def clock() -> str:
    return "2026-12-01T10:00:00Z"


def _start(mini, places, **settings) -> Session:
    return Session.start(mini, places, player="Ana", settings=RunSettings(**settings), seed=3, clock=clock)


def _history_words(session: Session) -> list[object]:
    """Every historical value any view holds before the end (all must be None/empty)."""
    found: list[object] = [m.history for m in session.meters() if m.history is not None]
    found += [m.past for m in session.meters() if m.past is not None]
    figures = session.figures()
    found += [v for v in (figures.divergence, figures.matched, figures.decided) if v is not None]
    found += [r for r in session.timeline().rows if r.revealed]
    found += [r.politburo_choice for r in session.timeline().rows if r.politburo_choice]
    found += list(session.dossier().historiography)
    return found


def test_reveal_at_the_end_hands_no_historical_value_to_any_view(mini, places):
    session = _start(mini, places, reveal="end")
    turn = session.choose("refuse")
    assert turn.reveal is None and turn.standings == () and turn.figures.divergence is None
    assert _history_words(session) == []
    session.choose("concur")
    assert session.is_over
    debrief = session.debrief()
    assert debrief.figures.divergence == 0 and debrief.figures.matched == 2
    assert [r.matched for r in debrief.reveals] == [True, True]
    assert all(m.history is not None for m in session.meters())


def test_reveal_after_each_decision_shows_history_at_once(mini, places):
    session = _start(mini, places)
    turn = session.choose("limited")
    assert turn.reveal is not None and not turn.reveal.matched
    assert turn.reveal.politburo_choice == "Refuse; back the partisans"
    assert turn.figures.divergence is not None and turn.figures.decided == 1


def test_the_student_sees_the_figure_the_record_and_report_carry(mini, places):
    session = _start(mini, places)
    seen = [session.choose("limited").figures.divergence]
    seen.append(session.choose("probe").figures.divergence)
    assert session.finish() == ""
    record = read_record(session.record_path)
    assert seen[-1] == session.debrief().figures.divergence == record.divergence
    assert (record.agreement.matched, record.agreement.decided) == (0, 2)


def test_undo_follows_the_class_lock(mini, places):
    locked = _start(mini, places, undo=False)
    locked.choose("refuse")
    assert not locked.can_undo and not locked.undo() and locked.turn == 1
    free = _start(mini, places)
    free.choose("refuse")
    assert free.undo() and free.turn == 0


def test_a_reason_is_kept_only_for_decisions_still_made(mini, places):
    session = _start(mini, places)
    session.choose("refuse", "We cannot risk\x1b[2J a war")
    assert session.reasons == {1: "We cannot risk [2J a war"}
    session.undo()
    assert session.reasons == {}


def test_save_and_resume_carry_on_the_same_run(mini, places):
    session = _start(mini, places, reveal="end")
    session.choose("refuse", "Wait for Mao")
    assert session.save() == ""
    path = store.find_save(places, "mini", "ana")  # the same student, whatever the case
    assert path is not None and path.name == f"mini--{player_stem('Ana')}.json"
    assert store.find_save(places, "mini", "Ana", "class-ABC-DEF-GHJ") is None  # another context
    resumed = Session.resume(read_save(path), mini, places, found_at=path, clock=clock)
    assert resumed.run == session.run and resumed.turn == 1 and resumed.reasons == {1: "Wait for Mao"}
    assert resumed.policy.reveal_each is False


def test_finishing_twice_writes_one_record(mini, places):
    """A kill after the record was written but before the save was deleted: resuming the save
    finds the run already recorded and writes nothing new."""
    session = _start(mini, places)
    session.choose("refuse")
    session.choose("concur")
    session.save()
    job = session.finish_job()
    # the record lands, then the process dies before the save is deleted
    from game.storage import atomic_create_bytes

    assert atomic_create_bytes(job.record_path, job.data)
    save_file = store.find_save(places, "mini", "Ana")
    assert save_file is not None
    again = Session.resume(read_save(save_file), mini, places, found_at=save_file, clock=clock)
    assert again.is_over and again.finish() == ""
    assert again.record_path == job.record_path
    assert len(list(places.runs.glob("*.json"))) == 1 and store.find_save(places, "mini", "Ana") is None


def test_a_failed_autosave_is_explained_and_the_game_goes_on(mini, places, tmp_path):
    session = _start(mini, places)
    blocked = Places(places.runs, tmp_path / "not-a-folder")
    blocked.saves.write_text("a file where the saves folder should be")
    session.places = blocked
    session.choose("refuse")
    message = session.save()
    assert "could not be saved" in message and str(blocked.saves) in message
    assert "kept while the game is open" in message
    session.choose("concur")  # the game goes on in memory
    session.places = places  # the folder is back: the next save catches up
    assert session.save() == "" and session.save_problem == ""


def _read_only(monkeypatch, folder: Path) -> None:
    """Make every new file in ``folder`` fail as on a read-only file system (chmod does not stop
    root, and CI runs as root)."""
    import game.storage

    real = game.storage._write_temp

    def refuse(where: Path, name: str, data: bytes) -> Path:
        if Path(where).resolve() == folder.resolve():
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(where))
        return real(where, name, data)

    monkeypatch.setattr(game.storage, "_write_temp", refuse)


def test_a_failed_record_names_the_file_and_the_way_back(mini, places, monkeypatch):
    session = _start(mini, places)
    session.choose("refuse")
    session.choose("concur")
    _read_only(monkeypatch, places.runs)
    message = session.finish()
    assert "could not write the run record" in message and str(places.runs) in message
    assert "Read-only file system" in message
    assert "carry on with `politburo play" in message and "--resume" in message
    assert store.find_save(places, "mini", "Ana") is not None  # nothing lost
    monkeypatch.undo()
    resumed = Session.resume(read_save(store.find_save(places, "mini", "Ana")), mini, places)
    assert resumed.finish() == "" and len(list(places.runs.glob("*.json"))) == 1


def test_a_read_only_folder_is_reported_before_the_first_decision(tmp_path, monkeypatch):
    runs = tmp_path / "runs"
    runs.mkdir()
    _read_only(monkeypatch, runs)
    problem = prepare(Places.resolve(runs))
    assert problem == f"cannot save games in {runs}: Read-only file system"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert prepare(Places.resolve(blocker / "runs")).startswith(f"cannot save games in {blocker / 'runs'}")


def test_a_save_that_no_longer_fits_is_refused_with_the_reason(mini, places):
    from game.scenario import load_scenario_bytes

    session = _start(mini, places)
    session.choose("refuse")
    session.save()
    edited = load_scenario_bytes(Path(mini.path).read_bytes().replace(b"id: refuse", b"id: decline"))
    path = store.find_save(places, "mini", "Ana")
    with pytest.raises(ResumeProblem) as caught:
        Session.resume(read_save(path), edited, places, found_at=path)
    assert any("no longer fits" in note for note in caught.value.notes)


def test_identity_names_five_players_and_one_ana():
    names = ["Иван", "Мария", "王芳", "José", "Jose"]
    assert len({player_stem(n) for n in names}) == 5
    assert player_stem("Ana") == player_stem("ana") == player_stem("  ANA ")
    assert player_key("Ｊｏｓé") == player_key("José")  # NFKC: full-width letters are the same name
    assert all(set(player_stem(n)) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") for n in names)


def test_only_the_student_of_a_class_save_may_continue_it(mini, places):
    session = Session.start(mini, places, player="Bob", settings=RunSettings(class_code="ABC-DEF-GHJ"), seed=1)
    session.save()
    save = read_save(store.find_save(places, "mini", "Bob", "class-ABC-DEF-GHJ"))
    assert may_continue(save, player="Bob", class_code="ABC-DEF-GHJ") == ""
    assert may_continue(save, player="Ana", class_code="ABC-DEF-GHJ") == "it is Bob's game"
    assert may_continue(save, player="Bob", class_code=None) == "it belongs to class ABC-DEF-GHJ"
    assert "belongs to class" in may_continue(save, player=None, class_code=None)
    solo = Session.start(mini, places, player="player", settings=RunSettings(), seed=1)
    solo.save()
    own = read_save(store.find_save(places, "mini", "player"))
    assert may_continue(own, player=None, class_code=None) == ""
    assert may_continue(own, player="Ana", class_code=None) == "it is player's game"
    assert may_continue(own, player="player", class_code="ABC-DEF-GHJ") == "it is not from this class"


def test_a_class_game_keeps_its_live_progress_in_the_runs_folder(mini, places):
    from game.formats.live import read_live

    session = Session.start(mini, places, player="Ana", settings=RunSettings(class_code="ABC-DEF-GHJ"), seed=1,
                            clock=clock)
    assert session.save() == ""
    path = store.live_path(places, "mini", "Ana", session.run.run_id)
    assert read_live(path).turn == 0 and read_live(path).scene == "first"
    session.choose("refuse")
    session.save()
    live = read_live(path)
    assert (live.turn, live.scene, live.class_code) == (1, "second", "ABC-DEF-GHJ")
    assert [(d.scene, d.choice, d.historical) for d in live.decisions] == [("first", "refuse", True)]
    session.choose("concur")
    assert session.finish() == "" and not path.exists()
    # outside a class nothing is written for a teacher
    solo = _start(mini, places)
    solo.save()
    assert not list((places.runs / ".live").glob(f"*{solo.run.run_id}*"))


def test_a_class_game_never_overwrites_the_same_students_own_game(mini, places):
    own = _start(mini, places)
    own.choose("refuse")
    own.save()
    in_class = Session.start(mini, places, player="Ana", settings=RunSettings(class_code="ABC-DEF-GHJ"), seed=1)
    in_class.save()
    assert read_save(store.find_save(places, "mini", "Ana")).run_id == own.run.run_id
    assert read_save(store.find_save(places, "mini", "Ana", "class-ABC-DEF-GHJ")).run_id == in_class.run.run_id


def test_a_meter_moved_by_the_choice_and_its_outcome_is_one_line_that_says_why(mini_path, places):
    from game.scenario import load_scenario_bytes

    raw = mini_path.read_bytes().replace(b"      - id: limited\n        label: Allow a limited attack\n",
                                         b"      - id: limited\n        label: Allow a limited attack\n"
                                         b"        effects: {bloc_rivalry: 5}\n")
    scenario = load_scenario_bytes(raw)
    turn = Session.start(scenario, places, player="Ana", settings=RunSettings(), seed=3).choose("limited")
    (change,) = turn.consequence.changes
    assert change.label == "Bloc rivalry" and change.old == 40 and change.new in (65, 100)
    assert change.why == f"+5 from your decision, {change.new - 45:+d} from how it turned out"
