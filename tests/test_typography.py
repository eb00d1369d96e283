"""Issue 20: what readers see is written in Chinese typography: full-width ，；：（）“” in Chinese text and
dates as 2026年11月22日. The scans read every output of the sample's build the way its reader meets it
(a page's visible text, a PDF through pdftotext, a workbook's cells, a chart's text) and the command
line's help and messages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.rules import all_rules
from tests.sitetools import powerlist
from tests.typography import halfwidth_in_chinese, iso_dates, reader_text, visible_html

COMMANDS = ["", "check", "build", "serve", "new", "diff", "assess", "import", "export", "rules", "schema",
            "new project", "new unit", "new flow", "new power"]
ENV = {**os.environ, "LANG": "C.UTF-8", "POWERLIST_LANG": ""}


def test_the_scan_finds_half_width_marks_in_chinese_and_only_there():
    assert halfwidth_in_chinese("共 3 个风险点, 按等级排列") == ["共 3 个风险点, 按等级排列"]
    for wrong in ("时限: 5 日", "风险点 (高)", "（默认 site/; 只生成）", '实行"四级审批"', "审核;审批", "吗?"):
        assert halfwidth_in_chinese(wrong), wrong
    for right in ("共 3 个风险点，按等级排列", "上午 8:30-12:00", "PDF, PNG", "风险点（高）", "f(x, y)",
                  "https://example.gov.cn/a?b=1", "“四级审批”", "写 penalty_kinds，如 [警告, 罚款]",
                  "如 article: 第四十二条"):
        assert halfwidth_in_chinese(right) == [], right
    assert iso_dates("版本日期 2026-11-22。") == ["2026-11-22"] and iso_dates("2026年11月22日 0999-6123400") == []
    assert visible_html('<p title="a, 中">中文<code>x, 中</code></p>') == "\n中文\n\n"


def _outputs(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and "pagefind" not in path.parts:
            text = reader_text(path)
            if text is not None:
                yield path.relative_to(site).as_posix(), text


def test_every_output_of_the_sample_uses_chinese_punctuation(sample_site):
    site, _, _ = sample_site
    found = {rel: marks for rel, text in _outputs(site) if (marks := halfwidth_in_chinese(text))}
    kinds = {Path(rel).suffix for rel, _ in _outputs(site)}
    assert {".html", ".svg", ".pdf", ".xlsx", ".csv"} <= kinds       # the scan really read every kind
    assert found == {}


def test_dates_that_readers_see_are_chinese(sample_site):
    """Pages, PDFs and charts write 2026年11月22日; the machine-readable files (JSON, CSV, sitemap) and
    the pages' <time datetime> keep ISO dates."""
    site, _, _ = sample_site
    found = {rel: dates for rel, text in _outputs(site)
             if Path(rel).suffix in (".html", ".pdf", ".svg", ".xlsx") and (dates := iso_dates(text))}
    assert found == {}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "年" in visible_html(home) and 'datetime="20' in home


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_uses_chinese_punctuation(command):
    r = powerlist(*command.split(), "--help", env=ENV)
    assert r.returncode == 0 and halfwidth_in_chinese(r.stdout) == []


def test_rule_hints_use_chinese_punctuation():
    assert {r.code: marks for r in all_rules() if (marks := halfwidth_in_chinese(r.hint))} == {}


def test_every_rules_message_uses_chinese_punctuation():
    """Each rule's test case (tests/rule_cases): the finding's message and hint, with the quoted words of
    the catalogue (「…」, '…', 《…》) set aside: they are the office's own text."""
    import importlib
    import re

    from tests.helpers import check_files, mutated
    from tests.rule_cases import FAMILIES

    cases = [c for family in FAMILIES for c in importlib.import_module(f"tests.rule_cases.{family}").CASES]
    found = {}
    for case in cases:
        for f in check_files(mutated(case.mutations)):
            ours = re.sub(r"「[^」]*」|'[^'\n]*'|《[^》]*》", "「」", f.message) + "\n" + f.hint
            if marks := halfwidth_in_chinese(ours):
                found[f.code] = (f.message, f.hint, marks)
    assert len(cases) > 100 and found == {}


def test_bad_dates_are_explained_in_chinese(tmp_path):
    import shutil

    from tests.helpers import MINIMAL

    root = tmp_path / "p"
    shutil.copytree(MINIMAL, root)
    sources = root / "catalog" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("effective: 2004-07-01", "effective: 2021-02-30", 1), encoding="utf-8")
    r = powerlist("check", root, env=ENV)
    assert r.returncode == 1 and "日期 2021-02-30 不存在：2021年2月只有 28 天" in r.stdout, r.stdout
    assert "改为实际存在的日期" in r.stdout, r.stdout  # the hint is about the date, not about quoting text
    for written in ("2021年2月1日", "2021.2.1", "2021/02/01"):  # as offices write dates
        sources.write_text(text.replace("effective: 2004-07-01", f"effective: {written}", 1), encoding="utf-8")
        r = powerlist("check", root, env=ENV)
        assert r.returncode == 1 and "提示：写成 2021-02-01" in r.stdout, (written, r.stdout)


def test_what_the_commands_print_uses_chinese_punctuation(tmp_path):
    """The build's summary, check's findings and diff's count, as a clerk reads them in the terminal."""
    import shutil
    import subprocess

    from tests.helpers import MINIMAL

    root = tmp_path / "p"
    shutil.copytree(MINIMAL, root)
    said = []
    r = powerlist("build", root, "--no-documents", env=ENV)
    assert r.returncode == 0, r.stderr
    said.append(r.stdout + r.stderr)
    bureau = root / "catalog" / "bureau.yaml"
    bureau.write_text(bureau.read_text(encoding="utf-8").replace("promised_limit: 10", "promised_limit: 25"),
                      encoding="utf-8")
    r = powerlist("check", root, env=ENV)
    assert r.returncode == 1 and "PL401" in r.stdout
    said.append(r.stdout + r.stderr)
    git = ["git", "-C", str(root), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    subprocess.run([*git, "tag", "v1"], check=True)
    bureau.write_text(bureau.read_text(encoding="utf-8").replace("promised_limit: 25", "promised_limit: 5"),
                      encoding="utf-8")
    r = powerlist("diff", "v1", "--dir", root, env=ENV)
    assert r.returncode == 0, r.stderr
    said.append(r.stdout + r.stderr)
    text = "\n".join(said).replace(str(root), "/p")
    assert halfwidth_in_chinese(text) == [], text
