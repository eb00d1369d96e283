"""Issue 20: every rule is explained in Chinese (generator/rules/zh/*.md) with the same parts and the same
examples as its English docstring, in Chinese typography; the terminal shows it without Markdown."""

from __future__ import annotations

import re

import pytest

from generator.rules import all_rules
from generator.rules.explain import PARTS, Explanation, chinese, explain, terminal_text
from tests.typography import halfwidth_in_chinese

RULES = all_rules()
FENCE = re.compile(r"```\w*\n(.*?)```", re.S)


def code_blocks(markdown: str) -> list[str]:
    """The examples without comments and indentation (translators may translate YAML comments)."""
    import textwrap
    blocks = []
    for block in FENCE.findall(markdown):
        lines = [re.sub(r"\s+#.*$", "", line) for line in textwrap.dedent(block).splitlines()]
        blocks.append("\n".join(line for line in lines if line.strip() and not line.lstrip().startswith("#")))
    return blocks


def test_every_rule_has_a_chinese_explanation_and_no_stray_one():
    codes = {r.code for r in RULES}
    assert codes - chinese().keys() == set(), "rules without a Chinese explanation"
    assert chinese().keys() - codes == set(), "Chinese explanations of codes that are not rules"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_chinese_explanation_matches_the_english(rule):
    zh = chinese()[rule.code]
    for part in PARTS["zh"]:
        assert part in zh.doc, f"{rule.code} lacks {part}"
    assert code_blocks(zh.doc) == code_blocks(rule.doc), f"{rule.code}: the examples differ from the English"
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", zh.doc, flags=re.S)
    assert halfwidth_in_chinese(zh.title + "\n" + prose) == [], rule.code
    assert 4 <= len(zh.title) <= 20 and "|" not in zh.summary


def test_titles_are_distinct():
    titles = [chinese()[r.code].title for r in RULES]
    assert len(set(titles)) == len(titles)


def test_english_on_request_and_as_fallback():
    r = RULES[0]
    assert explain(r, "en") == Explanation(r.name, r.doc)
    assert explain(r, "zh").title != r.name


def test_terminal_text_drops_markdown_marks():
    md = "**原因**：见 `powerlist.yaml` 和 *每一个* [文档](docs/rules.md)。\n\n**错误示例**\n```yaml\na: 1\n```"
    assert terminal_text(md) == "原因：见 powerlist.yaml 和 每一个 文档 (docs/rules.md)。\n\n错误示例\n    a: 1"


def test_summary_joins_chinese_lines_without_a_space():
    assert Explanation("t", "第一行，\n第二行。\n\n原因").summary == "第一行，第二行。"
    assert Explanation("t", "first line\nsecond line\n\nWhy").summary == "first line second line"
