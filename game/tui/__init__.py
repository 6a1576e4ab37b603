"""The full-screen game (Textual): a renderer of :mod:`game.play`.

Nothing outside this package imports Textual: ``game.cli`` reaches it only through
:func:`game.tui.app.run_app`, after the command line has been parsed, so ``politburo validate``
and plain play never pay Textual's import cost.  The session, the class rules, the campaign and
every figure are the play layer's (shared with plain mode); the screens draw its views and the
app runs its file jobs in workers.
"""
