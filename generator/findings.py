"""Findings: what a check reports, and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A place in a source file: path relative to the project root, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``severity`` is "error" or "warning"; ``hint`` says how to fix it."""

    loc: Loc
    severity: str
    code: str
    message: str
    hint: str

    def sort_key(self):
        return (self.loc, self.code, self.message)
