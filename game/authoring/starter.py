"""The starter scenario behind ``politburo new NAME``.

It is the first file most authors will read, so it is written as a lesson: every key is used
once, with a comment saying what it does, and the tutorial in ``docs/authoring.md`` walks
through it.  A test keeps the promise that it validates with no warnings, plays, passes its own
``tests:`` and play-tests clean (random and exhaustive), so the author starts from green.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.paths import slug
from game.storage import atomic_create_bytes


class StarterError(Exception):
    def __init__(self, message: str, hint: str = "", exit_code: int = 1):
        super().__init__(message)
        self.hint = hint
        self.exit_code = exit_code


def names_for(name: str) -> tuple[str, str]:
    """A safe scenario id (which is also the file name) and a title from what the author typed."""
    stem = re.sub(r"\.ya?ml$", "", name.strip(), flags=re.I)
    ident = slug(stem, fallback="", limit=60)
    if not ident:
        raise StarterError(f"cannot make a file name from '{name}': it has no letters or digits",
                           "try a name such as: politburo new yalta-1945", exit_code=2)
    if not ident[0].isalpha():
        ident = f"scenario-{ident}"[:60].rstrip("-")
    title = " ".join(stem.split()) if stem != ident else stem.replace("-", " ").capitalize()
    return ident, title[:200]


def starter_text(ident: str, title: str) -> str:
    return TEMPLATE.replace("__ID__", ident).replace('"__TITLE__"', json.dumps(title, ensure_ascii=False))


def write_starter(name: str, folder: Path) -> tuple[Path, str]:
    """Write ``folder/<id>.yaml``; never overwrites.  Returns the path and the scenario id."""
    ident, title = names_for(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterError(f"cannot create the folder {folder}: {exc.strerror or exc}", "", 1) from None
    if not folder.is_dir():
        raise StarterError(f"{folder} is not a folder", "pass --dir with a folder", 2)
    path = folder / f"{ident}.yaml"
    if path.exists():
        raise StarterError(f"{path} already exists; it was left as it is",
                           "choose another name, or move the old file away first")
    try:
        created = atomic_create_bytes(path, starter_text(ident, title).encode("utf-8"))
    except OSError as exc:
        raise StarterError(f"cannot write {path}: {exc.strerror or exc}") from None
    if not created:
        raise StarterError(f"{path} already exists; it was left as it is",
                           "choose another name, or move the old file away first")
    return path, ident


TEMPLATE = '''\
# yaml-language-server: $schema=scenario.schema.json
# ^ Editors with the YAML language server check this file as you type once the schema is
#   beside it:  politburo schema -o scenario.schema.json
#
# A starter scenario written by `politburo new`. It validates, plays and passes its own tests,
# so you start from green: change one thing at a time and re-run
#   politburo validate __ID__.yaml      every mistake, as file:line:col
#   politburo play __ID__.yaml --plain  play it
#   politburo playtest __ID__.yaml      its tests, random play, history and balance
# The story below (Moscow and Kim Il Sung's Ongjin plan, September 1949) is only an example:
# replace it with yours. docs/authoring.md is the tutorial; docs/scenario-format.md the reference.

format: 1                          # the file format version; always 1 for now
id: __ID__                         # stable id: lower-case letters, digits, - and _; never change it
version: "0.1.0"                   # your version: bump it whenever you change choices
title: "__TITLE__"
period: {start: "1949-09", end: "1949-09"}
role: A member of the Politburo in Moscow
summary: >-
  Kim Il Sung asks Moscow's leave to seize the Ongjin peninsula. Decide, then see what the
  Politburo actually answered.
length_minutes: 5
content_notes: [Discusses war and its risks in general terms.]   # what a teacher should know first
authors: [Your Name]
licence: CC-BY-4.0
start: kim_asks                    # the id of the first scene
# settings: {undo: false}          # optional: players may not take back decisions (default: they may)
# seesaw: {left: national_interest, right: bloc_rivalry}   # optional: the seesaw gauge's two meters
# include: [shared/bibliography.yaml]   # optional: sources, advisers and glossary shared with other chapters
# glossary: [{term: Politburo, definition: Stalin and the leaders around him}]   # optional: words explained
# leans: [{id: local, label: Local frame, description: neither side}]   # optional: reading frames
# openings: [{when: korea_unified, scene: bridge}]   # optional: campaign chapters, other first scenes

sources:                           # the bibliography; everything historical cites one by id
  - id: wc-gromyko-1949-09-11
    kind: primary                  # primary: a document of the time; secondary: a historian
    citation: >-
      "Telegram from Gromyko to Tunkin at the Soviet Embassy in Pyongyang," 11 September 1949,
      History and Public Policy Program Digital Archive, Wilson Center.
  - id: wc-112133
    kind: primary
    citation: >-
      "Politburo Decision to Confirm the Following Directive to the Soviet Ambassador in Korea,"
      24 September 1949, History and Public Policy Program Digital Archive, Wilson Center.
    archive: AVP RF, Fond 059a, Opis 5a, Delo 3, Papka 11, listy 75-77
    url: https://digitalarchive.wilsoncenter.org/document/112133
  - id: weathersby-1995
    kind: secondary
    citation: >-
      Kathryn Weathersby, "To Attack, or Not to Attack? Stalin, Kim Il Sung, and the Prelude to
      War," Cold War International History Project Bulletin 5 (1995).

advisers:                          # the people who give counsel in scenes
  - id: gromyko
    name: A. A. Gromyko
    title: Deputy Foreign Minister

meters:                            # what your model measures; players see each description
  - id: national_interest          # a name used in conditions: letters, digits and _ only
    label: National interest
    start: 50                      # min and max default to 0 and 100
    description: >-
      Soviet gains against costs and risks, reckoned cautiously. Caution raises it; gambles
      that could bring the Americans back to Korea lower it.
  - id: bloc_rivalry
    label: Bloc rivalry
    start: 40
    description: >-
      Ground won in the contest with the United States. Backing Kim's plans raises it;
      holding him back lowers it.
    ends_game:                     # checked after every decision: crossing it ends the game
      - {at_least: 90, ending: general_war}

flags:                             # facts the story remembers
  - id: asked_embassy
    type: bool                     # bool, int or text
    default: false
    description: Moscow asked its embassy for an assessment before deciding.

historiography:                    # where historians disagree, their readings side by side
  - id: why_not_now
    question: Why did Moscow refuse Kim in September 1949?
    readings:
      - author: Kathryn Weathersby
        work: CWIHP Bulletin 5 (1995)
        reading: Stalin feared a war with the United States that the North was not ready to win.
        lean: national_interest    # national_interest, bloc_rivalry or local
        sources: [weathersby-1995]
      - author: (an example of a contrasting reading; replace it with a real one)
        work: your teacher's guide
        reading: The refusal was about timing, not aims; Moscow waited for better odds.
        lean: bloc_rivalry

scenes:
  - id: kim_asks
    title: Kim asks for Ongjin
    date: "1949-09-11"
    place: Moscow, the Foreign Ministry
    text: |
      In August Kim Il Sung asked Moscow's leave to take the **Ongjin peninsula**, south of
      the 38th parallel. What do you answer first?
    documents:
      - id: gromyko_questions
        kind: telegram
        title: Gromyko's questions to the embassy
        date: "1949-09-11"
        from: A. A. Gromyko
        to: G. I. Tunkin, Pyongyang
        summary: >-
          Meet Kim and report: how strong are the two armies, and what would the Americans do?
        source: wc-gromyko-1949-09-11
    counsel:
      - adviser: gromyko
        text: Ask the embassy first. We cannot judge Kim's plan from his own telegrams.
        position: ask first
        note: Speculative counsel, for play; Gromyko did send the questions.
    historiography: [why_not_now]
    choices:
      - id: ask_embassy
        label: Ask the embassy for an assessment first
        effects: {national_interest: 5}
        set: {asked_embassy: true}
        result: The embassy is told to meet Kim and report.
        next: decision
        historical:                # the option the Soviet leadership actually took
          date: "1949-09-11"
          record: Gromyko told the embassy to question Kim and assess both armies.
          sources: [wc-gromyko-1949-09-11]
      - id: approve_now
        label: Approve the Ongjin operation at once
        effects: {bloc_rivalry: 20, national_interest: -10}
        outcomes:                  # chance: drawn from the game's seed (see politburo play --seed)
          - weight: 3              # three times as likely as the next outcome
            result: (Counterfactual) The peninsula falls in days.
            effects: {bloc_rivalry: 10}
            next: decision
          - weight: 1
            result: (Counterfactual) The fighting spreads along the whole parallel.
            effects: {bloc_rivalry: 35}
            next: decision         # bloc rivalry reaches 95 here: the threshold ends the game
      - id: refuse_outright
        label: Refuse outright, without asking anyone
        effects: {bloc_rivalry: -5}
        result: Pyongyang is told no, and not why.
        next: decision

  - id: decision
    title: The Politburo decides
    date: "1949-09-24"
    place: Moscow, the Kremlin
    text: The embassy's report is in, or the moment has passed. The Politburo must answer Kim.
    debate: true                   # classes with --justify ask for a reason here
    debrief_questions:
      - Why might a "limited" operation have been riskier than it looked?
    choices:
      - id: refuse_partisans
        label: Refuse any attack; back the partisan movement instead
        effects: {national_interest: 10, bloc_rivalry: -5}
        result: The directive tells Kim the army is not ready.
        next: end                  # end: the first ending whose condition holds
        historical:
          date: "1949-09-24"
          record: The Politburo refused an attack and told Kim to build up the partisan movement.
          sources: [wc-112133]
      - id: limited_operation
        label: Allow a limited operation on the parallel
        condition: bloc_rivalry >= 50   # shown only when this holds...
        disabled_reason: Only a Moscow already committed to Kim's plans would consider this.
        effects: {bloc_rivalry: 5, national_interest: -5}   # ...greyed with this reason otherwise
        result: (Counterfactual) Northern units probe across the parallel.
        next: border_war           # next can name an ending directly
      - id: full_offensive
        label: Approve a full offensive
        effects: {bloc_rivalry: 30, national_interest: -20}
        result: (Counterfactual) Kim is told to prepare for war.
        next: end

endings:                           # next: end tries these in order; the last has no condition
  - id: general_war
    title: A general war in 1949 (counterfactual)
    kind: counterfactual           # historical or counterfactual, said plainly to players
    condition: bloc_rivalry >= 70
    text: A war Moscow did not choose in 1949, and the Americans come back to Korea.
  - id: not_now
    title: Not now
    kind: historical
    condition: national_interest >= 60
    text: As in 1949, Moscow holds Kim back, for now.
    sources: [wc-112133]           # historical endings must cite their sources
  - id: border_war
    title: A simmering border (counterfactual)
    kind: counterfactual
    text: The parallel stays violent, and the question returns in the spring.

tests:                             # politburo playtest plays these and reports like a test runner
  - name: history ends in 'not now'
    choices: [ask_embassy, refuse_partisans]   # choice ids, in order, from the start
    ending: not_now
    meters: {national_interest: [60, 70], bloc_rivalry: 35}   # a range [low, high] or one value
    flags: {asked_embassy: true}
  - name: a full offensive means war
    choices: [ask_embassy, full_offensive]
    ending: general_war
  - name: the first answer leads to the decision
    choices: [refuse_outright]
    scene: decision                # the game goes on: it must be at this scene
  - name: a quick Ongjin success opens the limited option
    choices: [approve_now, limited_operation]
    seed: 1                        # fixes chance outcomes, as politburo play --seed does
    ending: border_war
'''
