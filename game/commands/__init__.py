"""The ``politburo`` subcommands, one module each, imported only when used."""
