"""Shared test helpers: the minimal valid project, mutated in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.project import load_files, read_folder
from generator.rules import check

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
REPO = Path(__file__).resolve().parent.parent


def minimal_files() -> dict[str, bytes]:
    files, problems = read_folder(MINIMAL)
    assert not problems
    return files


@dataclass
class Mutation:
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``path``; add or encode files."""

    path: str
    old: str = ""
    new: str = ""
    add: str | None = None  # text of a new file at ``path``
    encoding: str = "utf-8"

    def apply(self, files: dict[str, bytes]) -> None:
        if self.add is not None:
            files[self.path] = self.add.encode(self.encoding)
            return
        text = files[self.path].decode("utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} occurs {text.count(self.old)} times in {self.path}"
        files[self.path] = text.replace(self.old, self.new).encode(self.encoding)


@dataclass
class Case:
    code: str
    mutations: list[Mutation]
    file: str  # where the finding must be reported
    at: str | None  # unique text in the mutated file: the finding is on the line where it starts
    hint: str  # a part of the fix hint
    severity: str = "error"
    line: int | None = None  # instead of ``at``
    col: int | None = None
    id: str = field(default="")


def mutated(mutations: list[Mutation]) -> dict[str, bytes]:
    files = minimal_files()
    for m in mutations:
        m.apply(files)
    return files


def check_files(files: dict[str, bytes], **kw):
    findings, counts = check(load_files("<mem>", files), **kw)
    return findings


def line_of(files: dict[str, bytes], path: str, text: str) -> int:
    content = files[path].decode("utf-8")
    assert content.count(text) == 1, f"{text!r} occurs {content.count(text)} times in {path}"
    return content[: content.index(text)].count("\n") + 1
