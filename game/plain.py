"""Plain-text play: the whole game on stdin/stdout.

For pipes, scripts, screen readers and terminals where the full-screen game cannot run.  No
colour, no cursor movement, one question at a time.  The same engine drives it as the TUI, and
the same seed and choices always give the same transcript.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

from game.engine import (
    ChoiceMade, Event, FlagSet, Game, GameEnded, MeterChanged, OutcomeDrawn, Scenario, Scene,
)
from game.paths import Places
from game.records import RunInfo, build_record, now_iso, write_record
from game.saves import delete_save, write_save

WIDTH = 78
#: Markdown bold markers, dropped in plain text (screen readers read them out).
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1", re.S)


def wrap(text: str, indent: str = "", hang: str | None = None) -> str:
    """Wrap each paragraph (keeping list items and blank lines) to the plain-text width;
    ``hang`` indents continuation lines (default: as the first)."""
    text = _EMPHASIS.sub(r"\2", text)
    out = []
    for para in text.strip().split("\n\n"):
        lines = para.split("\n")
        if any(line.lstrip().startswith("|") for line in lines):  # a table: keep as written
            out.append("\n".join(indent + line for line in lines))
            continue
        items: list[str] = []  # list items each start a new wrapped block
        for line in lines:
            stripped = line.strip()
            if stripped.startswith(("- ", "* ", "> ")) or re.match(r"\d+\. ", stripped) or not items:
                items.append(stripped)
            else:
                items[-1] += " " + stripped
        blocks = []
        for item in items:
            bullet = re.match(r"(- |\* |> |\d+\. )", item)
            extra = " " * len(bullet.group(1)) if bullet else ""
            first_hang = indent + extra if hang is None or bullet else hang
            blocks.append(textwrap.fill(item, WIDTH, initial_indent=indent, subsequent_indent=first_hang))
        out.append("\n".join(blocks))
    return "\n\n".join(out)


def describe_date(date: str, label: str = "") -> str:
    if label:
        return label
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{months[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return date


class Quit(Exception):
    """The player asked to stop (q, end of input or Ctrl-C)."""


@dataclass
class PlainSession:
    scenario: Scenario
    game: Game
    info: RunInfo
    places: Places
    read_line: Callable[[], str | None]
    out: IO[str]
    script: list[str] = field(default_factory=list)
    reveal_each: bool = True
    echo_script: bool = True
    #: Extra fields for the autosave (the campaign notes which chapter it belongs to).
    save_extra: dict | None = None
    #: Scenes where a class with ``--justify`` asks for a reason (see game.classroom).
    justify_scenes: tuple[str, ...] = ()
    #: The reasons given so far, by turn; they go into the run record.
    justifications: dict[int, str] = field(default_factory=dict)
    #: How to carry on after quitting, when it is not ``play SCENARIO --resume`` (a class).
    resume_command: str = ""

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    # -- presenting ---------------------------------------------------------------------------

    def intro(self) -> None:
        s = self.scenario
        self.say(f"=== {s.title} ===")
        self.say(f"{describe_date(s.period_start)} - {describe_date(s.period_end)}")
        self.say(wrap(f"Your role: {s.role}"))
        self.say()
        self.say(wrap(s.summary))
        if s.content_notes:
            self.say()
            self.say("Content notes:")
            for note in s.content_notes:
                self.say(wrap(f"- {note}", "  "))
        self.say()
        self.say("Type the number of a choice and press Enter. Type ? for help, q to save and quit.")

    def show_scene(self, scene: Scene) -> None:
        g = self.game
        self.say()
        self.say(f"--- Decision {g.turn + 1}: {scene.title} ---")
        self.say(f"{describe_date(scene.date, scene.date_label)}, {scene.place}")
        self.say()
        self.say(wrap(scene.text))
        for doc in scene.documents:
            self.say()
            head = f"[{doc.kind.upper()}] {doc.title}"
            self.say(wrap(head))
            meta = [describe_date(doc.date)]
            if doc.sender:
                meta.append(f"from {doc.sender}")
            if doc.recipient:
                meta.append(f"to {doc.recipient}")
            if doc.classification:
                meta.append(doc.classification)
            self.say(wrap(", ".join(meta), "  "))
            self.say(wrap(doc.summary, "  "))
            self.say(wrap(f"Source: {self._cite(doc.source)}", "  "))
        if scene.counsel:
            self.say()
            self.say("Counsel:")
            for c in scene.counsel:
                adviser = self.scenario.adviser(c.adviser)
                self.say(wrap(f"{adviser.name} ({adviser.title}): {c.text}", "  "))
        self.say()
        self.say(wrap(self.meter_line(), "", "        "))

    def meter_line(self) -> str:
        parts = [f"{m.label} {self.game.meters[m.id]}/{m.max}" for m in self.scenario.meters]
        return "Meters: " + "; ".join(parts)

    def _cite(self, source_id: str) -> str:
        source = self.scenario.source(source_id)
        text = source.citation
        if source.archive:
            text += f" [{source.archive}]"
        return text

    def show_options(self) -> list[str]:
        self.say("Your options:")
        ids = []
        for number, option in enumerate(self.game.options(), start=1):
            if option.available:
                self.say(wrap(f"{number}. {option.choice.label}", "  ", "     "))
            else:
                self.say(wrap(f"{number}. (unavailable) {option.choice.label} - {option.reason}", "  ", "     "))
            ids.append(option.choice.id)
        return ids

    def show_events(self, events: list[Event]) -> None:
        self.say()
        for event in events:
            if isinstance(event, ChoiceMade) and event.result:
                self.say(wrap(event.result))
            elif isinstance(event, OutcomeDrawn) and event.result:
                self.say(wrap(event.result))
            elif isinstance(event, MeterChanged):
                meter = self.scenario.meter(event.meter)
                change = event.new - event.old
                self.say(f"  {meter.label}: {event.old} -> {event.new} ({change:+d})")
            elif isinstance(event, FlagSet):
                pass

    def reveal(self, scene: Scene, chosen: str) -> None:
        hist = scene.historical_choice
        if hist is None or hist.historical is None:
            return
        self.say()
        self.say("What actually happened:")
        same = "You chose as the Politburo did." if hist.id == chosen else \
            f"The Politburo chose: {hist.label}"
        self.say(wrap(same, "  "))
        self.say(wrap(f"{describe_date(hist.historical.date)}: {hist.historical.record}", "  "))
        for sid in hist.historical.sources:
            self.say(wrap(f"Source: {self._cite(sid)}", "  "))
        c = self.game.comparison()
        self.say(wrap(f"Divergence from history now: {c.divergence}/100.", "  "))

    # -- the loop -----------------------------------------------------------------------------

    def ask(self, ids: list[str]) -> str:
        while True:
            if self.script:
                answer = self.script.pop(0)
                if self.echo_script:
                    self.say(f"> {answer}")
            else:
                self.out.write(f"Your decision [1-{len(ids)}]: ")
                self.out.flush()
                line = self.read_line()
                if line is None:
                    self.say()
                    raise Quit
                answer = line.strip()
            if answer.lower() in ("q", "quit", "exit"):
                raise Quit
            if answer in ("?", "h", "help"):
                self.say("Type a number from the list, or a choice id. q saves and quits; "
                         "m shows the meters; h shows this help.")
                continue
            if answer.lower() == "m":
                self.say(wrap(self.meter_line(), "", "        "))
                continue
            picked = None
            if answer.isdigit() and 1 <= int(answer) <= len(ids):
                picked = ids[int(answer) - 1]
            elif answer in ids:
                picked = answer
            if picked is None:
                self.say(f"'{answer}' is not one of the options; type a number from 1 to {len(ids)}.")
                continue
            available = {c.id for c in self.game.available_choices()}
            if picked not in available:
                self.say("That option is not available now.")
                continue
            return picked

    def ask_reason(self, scene: Scene, choice_id: str) -> None:
        """At a debate point of a ``--justify`` class: a sentence or two on why, asked before the
        consequences are shown so that the reason is not hindsight.  Blank twice or end of input
        skips it; q saves and quits before the decision counts."""
        from game.classroom.join import REASON_LIMIT, clean_text

        label = scene.choice(choice_id).label
        self.say()
        self.say(wrap(f"Debate point. In one or two sentences: why \"{label}\"?"))
        for prompt in ("Your reason: ", "A sentence or two helps the class discussion (Enter to skip): "):
            self.out.write(prompt)
            self.out.flush()
            line = self.read_line()
            if line is None:
                self.say()
                return
            if line.strip().lower() in ("q", "quit", "exit"):
                raise Quit
            reason = clean_text(line, REASON_LIMIT)
            if reason:
                self.justifications[self.game.turn + 1] = reason
                return

    def _save_extra(self) -> dict | None:
        if not self.justifications:
            return self.save_extra
        reasons = {str(turn): text for turn, text in self.justifications.items() if turn <= self.game.turn}
        return {**(self.save_extra or {}), "justifications": reasons}

    def play(self) -> Path | None:
        """Play to the end.  Returns the run record's path, or None if the player stopped."""
        try:
            while not self.game.is_over:
                scene = self.game.scene
                assert scene is not None
                self.show_scene(scene)
                ids = self.show_options()
                choice = self.ask(ids)
                if scene.id in self.justify_scenes:
                    self.ask_reason(scene, choice)
                events = self.game.choose(choice)
                self.show_events(events)
                if self.reveal_each:
                    self.reveal(scene, choice)
                if not self.game.is_over:
                    write_save(self.places.saves, self.game, self.info, self._save_extra())
                    if any(isinstance(e, GameEnded) for e in events):
                        break
        except (Quit, KeyboardInterrupt):
            write_save(self.places.saves, self.game, self.info, self._save_extra())
            self.say()
            self.say(f"Game saved after {self.game.turn} decision(s).")
            if self.resume_command:
                self.say(f"To carry on: {self.resume_command}")
            elif not self.save_extra:
                self.say(f"To carry on: politburo play {self.scenario.id} --plain --resume"
                         + (f" --player {self.info.player!r}" if self.info.player != "player" else ""))
            return None
        return self.finish()

    def finish(self) -> Path:
        g = self.game
        ending = g.ending
        assert ending is not None
        self.say()
        self.say(f"=== {ending.title} ===")
        self.say("(This is what happened.)" if ending.is_historical
                 else "(Counterfactual: this is not what happened.)")
        self.say()
        self.say(wrap(ending.text))
        if not self.reveal_each:
            self.say()
            self.say("What actually happened, decision by decision:")
            for d in g.decisions:
                scene = self.scenario.scene(d.scene)
                hist = scene.historical_choice
                if hist is not None and hist.historical is not None:
                    mark = "same as" if d.historical else "differs from"
                    self.say(wrap(f"- {scene.title}: your choice {mark} the Politburo's "
                                  f"({hist.label}). {hist.historical.record}", "  "))
        self.say()
        self.say("Compared with history:")
        c = g.comparison()
        track = g.track
        for meter in self.scenario.meters:
            hist_end = track.meters_at(len(track.steps))[meter.id]
            self.say(f"  {meter.label}: you {g.meters[meter.id]}, history {hist_end}")
        record = build_record(g, self.info, finished_at=now_iso(), justifications=self.justifications or None)
        self.say(f"  Decisions that matched the Politburo's: {c.matched} of {c.decided}")
        self.say(f"  Divergence over the run: {record['divergence']}/100 (0 = as history went)")
        seesaw = record["seesaw"]
        if seesaw is not None:
            side = "national interest" if seesaw < 0 else "bloc rivalry" if seesaw > 0 else "balanced"
            self.say(f"  Seesaw: {seesaw:+d} ({side})")
        path = write_record(self.places.runs, record)
        delete_save(self.places.saves, self.scenario.id, self.info.player)
        self.say()
        self.say(f"Run record saved to {path}")
        return path
