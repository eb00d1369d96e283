"""A draft (草稿): a build of a catalogue that still has errors, for the office to preview, never to publish.

``powerlist build --draft`` (and ``powerlist serve``, a preview) build over the check's errors. Every page
then carries a 草稿 banner that links to the findings page, asks search engines not to index it, and the
site root holds ``robots.txt`` that disallows everything (no sitemap) and a marker file, ``DRAFT.txt``,
that a publishing step can refuse (docs/site.md). A flow whose graph is broken cannot be drawn: it is left
out of the charts and posters, and its powers' pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding

# Errors that make a flow impossible to draw as it is (a step on no post of its unit, an arrow to no step,
# a step no path reaches, a path without an end, an unknown unit, ids that clash or are unsafe): such a
# flow is left out of a draft's charts and posters rather than drawn wrong or not at all.
UNDRAWABLE = frozenset({"PL501", "PL502", "PL503", "PL504", "PL505", "PL508", "PL604", "PL607"})

ROBOTS = "User-agent: *\nDisallow: /\n"
MARKER = ("草稿（DRAFT）：本目录由 powerlist build --draft 生成，清单尚有错误，不得发布。\n"
          "This folder is a powerlist draft: the catalogue still has errors. Do not publish it.\n")


@dataclass(frozen=True)
class Draft:
    """What a draft's pages show besides the catalogue: the check's findings, and the flows left out."""

    findings: tuple[Finding, ...]
    left_out: frozenset[str] = frozenset()  # flow ids not drawn (UNDRAWABLE errors in their file)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def rows(self) -> list[dict]:
        """The findings page's table, in the check's order (by file and line)."""
        return [{"where": f"{f.loc.path}:{f.loc.line}:{f.loc.col}", "severity": "错误" if f.severity == "error"
                 else "警告", "level": f.severity, "code": f.code, "message": f.message, "hint": f.hint or ""}
                for f in self.findings]


def left_out(flows, findings: list[Finding]) -> frozenset[str]:
    """The flows a draft does not draw: those with an UNDRAWABLE error in their own file."""
    broken = {f.loc.path for f in findings if f.severity == "error" and f.code in UNDRAWABLE}
    return frozenset(flow.id for flow in flows if flow.path in broken)
