"""Plain-text play: one session on stdin/stdout, one question at a time.

For pipes, scripts, screen readers and terminals where the full-screen game cannot run.  The loop
only renders the session's views and hands it the player's answers; saving, recording, the
reveal policy and the resume command all come from :mod:`game.play`.
"""

from __future__ import annotations

from typing import IO
from collections.abc import Callable

from game.engine import EngineError
from game.engine.record import field, record
from game.safetext import visible
from game.play.session import Session
from game.play.views import SceneView
from game.plain import render
from game.text import clean_reason

#: The short commands, announced once at the start and listed again by "?".
COMMANDS = (
    ("r", "repeat the scene"),
    ("o", "repeat the options"),
    ("d", "list this scene's documents; d 2 reads the second in full"),
    ("m", "the meters: what each stands for, its value and track"),
    ("h", "what historians say, and the sources met so far"),
    ("g", "the glossary's terms; g Politburo explains one"),
    ("u", "take back the last decision"),
    ("?", "this help"),
    ("q", "save and quit"),
)
HELP = ("Type the number of a choice (or its id) and press Enter. Commands: "
        + "; ".join(f"{key} {what}" for key, what in COMMANDS) + ".")


class Quit(Exception):
    """The player asked to stop (q, end of input or Ctrl-C)."""


@record(frozen=False, slots=False)
class PlainIO:
    """Where plain mode reads answers and writes text."""

    read_line: Callable[[], str | None]
    out: IO[str]

    def say(self, *lines: str) -> None:
        """Write lines, with any control character made visible: scenario text is checked at
        load, names and reasons are cleaned, but a path or a message may still carry one."""
        for line in lines:
            self.out.write(visible(line, keep_layout=True) + "\n")

    def ask(self, prompt: str) -> str | None:
        self.out.write(visible(prompt))
        self.out.flush()
        return self.read_line()


@record(frozen=False, slots=False)
class PlainPlayer:
    session: Session
    io: PlainIO
    #: Decisions to take without asking: (choice id, forced chance outcome or None).
    script: list[tuple[str, int | None]] = field(default_factory=list)
    #: Echo scripted answers as "> id" so a transcript shows them.
    echo_script: bool = True

    def say(self, *lines: str) -> None:
        self.io.say(*lines)

    def intro(self) -> None:
        self.say(*render.intro(self.session.intro()))
        self.say("", render.wrap(HELP))

    # -- asking ------------------------------------------------------------------------------

    def _answer(self, count: int) -> tuple[str, int | None]:
        """The next answer: a scripted one, or a line typed at the prompt."""
        if self.script:
            choice_id, outcome = self.script.pop(0)
            if self.echo_script:
                self.say(f"> {choice_id}")
            return choice_id, outcome
        line = self.io.ask(f"Your decision [1-{count}]: ")
        if line is None:
            self.say()
            raise Quit
        return line.strip(), None

    def ask_choice(self) -> tuple[str, int | None] | None:
        """A choice id (and forced outcome) to take, or None after an undo (show the scene again)."""
        view = self.session.scene()
        assert view is not None
        ids = [o.id for o in view.options]
        while True:
            answer, outcome = self._answer(len(ids))
            word, _, rest = answer.partition(" ")  # the argument keeps its capitals: g Kim Il Sung
            word = word.lower()
            if word in ("q", "quit", "exit"):
                raise Quit
            command = self._commands().get(word)
            if command is not None:
                if command(view, rest.strip()):
                    return None
                continue
            picked = None
            if answer.isdigit() and 1 <= int(answer) <= len(ids):
                picked = ids[int(answer) - 1]
            elif answer in ids:
                picked = answer
            if picked is None:
                self.say(f"'{answer}' is not one of the options; type a number from 1 to {len(ids)}, "
                         "or ? for the commands.")
                continue
            if not next(o for o in view.options if o.id == picked).available:
                self.say("That option is not available now.")
                continue
            return picked, outcome

    # -- commands: each returns True when the scene must be shown again ------------------------

    def _commands(self) -> dict[str, Callable[[SceneView, str], bool]]:
        return {"?": self._help, "help": self._help, "r": self._repeat, "o": self._options,
                "d": self._documents, "m": self._meters, "h": self._historians, "g": self._glossary,
                "u": self._undo, "undo": self._undo}

    def _help(self, view: SceneView, arg: str) -> bool:
        self.say(render.wrap(HELP))
        return False

    def _repeat(self, view: SceneView, arg: str) -> bool:
        self.say(*render.scene(view))
        return False

    def _options(self, view: SceneView, arg: str) -> bool:
        self.say(*render.options(view))
        return False

    def _documents(self, view: SceneView, arg: str) -> bool:
        docs = view.documents
        if not docs:
            self.say("This scene has no documents.")
        elif arg.isdigit() and 1 <= int(arg) <= len(docs):
            self.say(*render.document_full(docs[int(arg) - 1]))
        elif arg:
            self.say(f"There is no document {arg}; type d 1 to d {len(docs)}.")
        else:
            self.say(*render.document_list(docs))
        return False

    def _meters(self, view: SceneView, arg: str) -> bool:
        self.say(*render.meter_cards(self.session.meters()))
        return False

    def _historians(self, view: SceneView, arg: str) -> bool:
        self.say(*render.dossier(self.session.dossier()))
        return False

    def _glossary(self, view: SceneView, arg: str) -> bool:
        if not arg:
            self.say(*render.glossary_list(self.session.glossary()))
            return False
        found = self.session.look_up(arg)
        if found:
            self.say(*render.glossary_entries(found))
        elif self.session.glossary():
            self.say(render.wrap(f"The glossary has no term '{arg}'; type g to list its terms."))
        else:
            self.say("This scenario has no glossary.")
        return False

    def _undo(self, view: SceneView, arg: str) -> bool:
        if self.session.undo():
            self.say(f"Took back the last decision. Decision {self.session.turn + 1} again.")
            self._saved(self.session.save())
            return True
        self.say("Nothing to take back." if self.session.policy.undo else "Undo is switched off for this game.")
        return False

    def ask_reason(self, label: str) -> str:
        """At a debate point of a ``--justify`` class: a sentence or two on why, asked before the
        consequences are shown so that the reason is not hindsight.  Blank twice or end of input
        skips it; q saves and quits before the decision counts."""
        self.say("", render.wrap(f"Debate point. In one or two sentences: why \"{label}\"?"))
        for prompt in ("Your reason: ", "A sentence or two helps the class discussion (Enter to skip): "):
            line = self.io.ask(prompt)
            if line is None:
                self.say()
                return ""
            if line.strip().lower() in ("q", "quit", "exit"):
                raise Quit
            reason = clean_reason(line)
            if reason:
                return reason
        return ""

    # -- the loop ----------------------------------------------------------------------------

    def _saved(self, problem: str) -> None:
        if problem:
            self.say(render.wrap(problem))

    def play(self) -> bool:
        """Play to the end and write the record.  Returns False if the player stopped first
        (the game is saved and the way back printed)."""
        session = self.session
        try:
            while not session.is_over:
                view = session.scene()
                assert view is not None
                self.say(*render.scene(view), "", render.meter_line(session.meters()))
                self.say(*render.options(view))
                picked = self.ask_choice()
                if picked is None:
                    continue
                choice_id, outcome = picked
                reason = ""
                if view.asks_reason:
                    label = next(o.label for o in view.options if o.id == choice_id)
                    reason = self.ask_reason(label)
                try:
                    turn = session.choose(choice_id, reason, outcome=outcome)
                except EngineError as exc:  # a scripted outcome that cannot happen here
                    self.say(f"That cannot be played: {exc}.")
                    continue
                self.say(*render.consequence(turn.consequence))
                if turn.reveal is not None:
                    self.say(*render.reveal(turn.reveal, turn.standings, turn.figures))
                self._saved(session.save())
        except (Quit, KeyboardInterrupt):
            self.stop()
            return False
        self.finish()
        return True

    def stop(self) -> None:
        """Save, and say how to carry on."""
        problem = self.session.save()
        self.say()
        if problem:
            self.say(render.wrap(problem), "The game could not be saved, so it cannot be carried on later.")
            return
        # The command is never wrapped: it must paste back as one line.
        self.say(f"Game saved after {self.session.turn} decision(s).",
                 f"To carry on: {self.session.resume_command(plain=True)}")

    def finish(self) -> None:
        session = self.session
        debrief = session.debrief()
        self.say(*render.debrief(debrief, session.policy.reveal_each))
        self.say(*render.historians(debrief), *render.questions(debrief))
        problem = session.finish()
        self.say()
        if session.record_path is not None:
            self.say(f"Run record saved to {session.record_path}")
        if problem:
            self.say(render.wrap(problem))
