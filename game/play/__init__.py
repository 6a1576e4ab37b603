"""The application layer: a playthrough, written once, for every renderer.

- :mod:`~game.play.session`: the session (start, resume, choose, undo, autosave, finish, record);
- :mod:`~game.play.policy`: the class rules (reveal policy, undo lock, reasons, whose save is whose);
- :mod:`~game.play.views` and :mod:`~game.play.review`: what renderers are given, policy applied;
- :mod:`~game.play.figures`: every figure shown to players and teachers, computed once;
- :mod:`~game.play.campaign`: chapters in order and the hand-over between them;
- :mod:`~game.play.resume`: the one command that carries a stopped game on;
- :mod:`~game.play.store`, :mod:`~game.play.identity`: file names and file jobs;
- :mod:`~game.play.migrate`: saves carried over to an edited scenario.

UI-free: nothing here imports Textual, Rich or a renderer, prints, or reads input.
"""
