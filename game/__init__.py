"""Politburo: a terminal decision game set in Stalin's Politburo, 1949–1950.

The package is split so that the rules can be used without any user interface:

- ``game.engine``   – the pure state engine (standard library only);
- ``game.scenario`` – reading, checking and describing scenario files (YAML);
- ``game.formats`` – the typed files: saves, run records, settings, campaign progress;
- ``game.play``    – the application layer: one playthrough for every renderer;
- ``game.cli``, ``game.commands`` – the ``politburo`` command; ``game.plain`` the plain-text mode;
- ``game.tui``      – the Textual game.
"""

__version__ = "0.1.0"
