"""The adjustment announcement (调整公告): what was added, cancelled, renamed and changed, as HTML
(standalone, or as a section of the site's announcements page) and, through WeasyPrint, as PDF."""

from __future__ import annotations

import datetime as dt

from ..changes import KIND_NAMES, Change
from ..wording import chinese_date
from .findings import one_line
from .templates import environment


def grouped(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    return [(KIND_NAMES[k], [c for c in changes if c.kind == k]) for k in KIND_NAMES
            if any(c.kind == k for c in changes)]


def announcement_html(title: str, changes: list[Change], day: dt.date, issuer: str | None = None,
                      number: str | None = None) -> str:
    """The announcement for the public: its issuing authority (落款) and document number (文号) when
    given, the date in Chinese. The versions compared (git tags, 当前文件) are the office's working
    names and stay out of it: ``powerlist diff`` names them on the terminal."""
    return environment().get_template("announcement.html.j2").render(
        title=title, groups=grouped(changes), day=chinese_date(day), issuer=issuer, number=number,
        total=len(changes))


def changes_text(changes: list[Change], old_label: str, new_label: str) -> str:
    """The changes as plain text, a line per power and an indented line per difference: what
    ``powerlist diff`` prints and what ``powerlist import`` reports for a new edition."""
    if not changes:
        return f"{old_label} → {new_label}：职权没有变化。\n"
    lines = []
    for c in changes:
        name = f"{c.old_name} → {c.name}" if c.kind == "renamed" else c.name
        lines.append(f"[{c.kind_name}] {c.code} {one_line(name)}（{one_line(c.unit)}）")
        lines += [f"    {one_line(d)}" for d in c.details]
    return "\n".join(lines) + "\n"
