"""Classroom sessions: class codes, joining a class, collecting runs, and the class report.

- :mod:`game.classroom.codes` and :mod:`game.classroom.join`: the code a teacher writes on the
  board, and how a student's copy of the game turns it into a scenario, a seed and settings.
- :mod:`game.classroom.runs` reads run files (untrusted: anything a student's machine produced),
  :mod:`game.classroom.report` builds the report as plain data, and ``text``, ``html`` and
  ``export`` render it; the full-screen game can show the same data.
- :mod:`game.classroom.webserve` serves the game to browsers with textual-serve.

Nothing here imports Textual; only ``webserve`` imports textual-serve, and only when serving.
"""
