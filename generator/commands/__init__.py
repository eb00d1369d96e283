"""Sub-commands of the ``powerlist`` command, one module each: argument parsing and messages only; the
operations they run live in the stages below (``rules.check``, ``build.build`` ...)."""

from __future__ import annotations

import sys


def usage_error(message: str) -> int:
    """Say what is wrong with how the command was called; exit status 2."""
    print(f"powerlist: 错误：{message}", file=sys.stderr)
    return 2
