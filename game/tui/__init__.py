"""The full-screen game (Textual).

Nothing outside this package imports Textual: ``game.cli`` reaches it only through
:func:`game.tui.app.run_app`, after the command line has been parsed, so ``politburo validate``
and plain play never pay Textual's import cost.  The engine (``game.engine``) stays UI-free;
:mod:`game.tui.session` is the thin, Textual-free controller between the two.
"""
