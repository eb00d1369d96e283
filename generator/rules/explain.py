"""A rule's explanation in the reader's language, as Markdown (docs/rules.md, SARIF) or as plain text
for a terminal (``powerlist rules PL202``).

The English explanation is the rule function's docstring; the Chinese one, which clerks read by
default, lives in ``zh/<module>.md`` next to the rule modules: one ``## PLxxx 标题`` section per rule,
with the same parts (原因, 错误示例, 正确示例, 改法) and the same code examples.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import NamedTuple

from . import Rule

SECTION = re.compile(r"^## (PL\d{3}) (.+)$", re.M)
# the parts every explanation has, by language (tests/test_rule_docs.py checks them)
PARTS = {"en": ("**Why**", "**Bad**", "**Good**", "**Fix**"),
         "zh": ("**原因**", "**错误示例**", "**正确示例**", "**改法**")}


class Explanation(NamedTuple):
    title: str      # 不相容职责由同一岗位承担 / incompatible-duties
    doc: str        # Markdown: a summary paragraph, then the parts

    @property
    def summary(self) -> str:
        """The first paragraph on one line (a Chinese line break joins without a space)."""
        lines = [line.strip() for line in self.doc.strip().split("\n\n", 1)[0].splitlines()]
        out = lines[0] if lines else ""
        for line in lines[1:]:
            out += line if _wide(out[-1:]) or _wide(line[:1]) else " " + line
        return out


def _wide(ch: str) -> bool:
    return bool(ch) and ord(ch) >= 0x2e80    # CJK characters and full-width punctuation


@cache
def chinese() -> dict[str, Explanation]:
    """Every Chinese explanation by rule code, read from the package's zh/*.md files."""
    found: dict[str, Explanation] = {}
    for entry in sorted(resources.files(__package__).joinpath("zh").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".md"):
            continue
        text = entry.read_text(encoding="utf-8")
        heads = list(SECTION.finditer(text))
        for head, nxt in zip(heads, heads[1:] + [None]):
            body = text[head.end():nxt.start() if nxt else len(text)].strip()
            if head.group(1) in found:
                raise ValueError(f"{entry.name}: {head.group(1)} explained twice")
            found[head.group(1)] = Explanation(head.group(2).strip(), body)
    return found


def explain(rule: Rule, lang: str = "zh") -> Explanation:
    """The rule's explanation in ``lang``; English when no Chinese one is written."""
    if lang == "zh" and rule.code in chinese():
        return chinese()[rule.code]
    return Explanation(rule.name, rule.doc)


INLINE_CODE = re.compile(r"`([^`\n]+)`")
BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
EMPHASIS = re.compile(r"(?<![*\w])\*([^*\s][^*\n]*)\*(?![*\w])")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


def terminal_text(markdown: str) -> str:
    """Markdown as a terminal shows it: no ``**``, no backticks, code blocks indented by four spaces,
    links as "text (address)"."""
    out: list[str] = []
    in_code = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line)
            continue
        line = LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
        line = INLINE_CODE.sub(r"\1", EMPHASIS.sub(r"\1", BOLD.sub(r"\1", line)))
        out.append(line)
    return "\n".join(out)
