"""``python -m game`` does exactly what the ``politburo`` command does."""

from game.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
