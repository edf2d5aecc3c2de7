"""The ``casebook`` command: check, build, serve."""
