"""Sub-commands of the ``powerlist`` command, one module each."""
