"""Issue 17, items 5 and 6, built for real (Graphviz, WeasyPrint, Pagefind): an absent fact is published
as 未列明, never as a default; a catalogue with errors builds only as a draft, which says so on every page
and can never pass for the published site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import Options, build
from generator.cli import main
from tests.sitetools import all_text, broken_links, html_pages, make_project

pytestmark = pytest.mark.build

INVENTED = ("不收费", "法律法规未规定", "请咨询承办机构", "未作承诺")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_absent_facts_are_published_as_not_stated_and_never_as_a_default(tmp_path):
    """A licence without fee, limits, office or place, in a unit without address, hours or complaint
    phone, and a source without issuer: the site, the documents and the posters say 未列明 (or leave the
    line out), the open data writes null, and no output anywhere claims 不收费 or 法律法规未规定."""
    root = make_project(tmp_path)
    unit, sources = root / "catalog" / "bureau.yaml", root / "catalog" / "sources.yaml"
    for line in ("    office: 审批股\n", "    legal_limit: 20\n", "    promised_limit: 10\n", "    fee: 不收费\n",
                 "    complaint_phone: 0999-6123400\n", "address: 测试县人民路 1 号\n", "complaint_phone: '12345'\n"):
        _edit(unit, line, "")
    text = sources.read_text(encoding="utf-8")
    sources.write_text(re.sub(r"    issuer: .*\n", "", text, count=1), encoding="utf-8")
    site = tmp_path / "site"
    report = build(root, Options(out=site))
    codes = {f.code for f in report.findings}
    assert {"PL408", "PL613", "PL614", "PL615"} <= codes and report.files  # warnings, and built

    page = (site / "powers" / "XK00001000.html").read_text(encoding="utf-8")
    for title in ("承办机构", "法定时限", "承诺时限", "收费标准", "办理地点", "办理时间", "监督投诉电话"):
        assert re.search(f"<dt>{title}：</dt><dd>未列明</dd>", page), title
    penalty = (site / "powers" / "CF00001000.html").read_text(encoding="utf-8")
    assert "收费标准" not in penalty  # a penalty is not applied for: no fee line to fill with anything
    for rel, content in all_text(site).items():
        for word in INVENTED:
            assert word not in content, f"{rel} says {word}"
    data = json.loads((site / "data" / "powerlist.json").read_text(encoding="utf-8"))
    licence = next(p for p in data["powers"] if p["code"] == "XK00001000")
    assert (licence["fee"], licence["office"], licence["legal_limit"]) == (None, None, None)
    assert None in [s["issuer"] for s in data["sources"]]
    catalogue = (site / "data" / "catalogue.csv").read_text(encoding="utf-8-sig")
    assert "XK00001000" in catalogue and "未列明" in catalogue


def _flowless(tmp_path: Path) -> Path:
    """An imported list before its flows exist: powers name no flow (PL506, an error), one flow's graph is
    broken (an arrow to no step, a post the unit lacks: it cannot be drawn)."""
    root = make_project(tmp_path)
    unit = root / "catalog" / "bureau.yaml"
    _edit(unit, "    flow: penalty\n", "")
    _edit(unit, "    flow: spending\n", "")
    _edit(root / "flows" / "licence.yaml", "    post: officer\n", "    post: nobody\n    next: [ghost]\n")
    return root


def test_a_draft_builds_over_errors_and_says_so_on_every_page(tmp_path):
    root = _flowless(tmp_path)
    site = tmp_path / "site"
    assert main(["build", str(root), "--out", str(site), "--draft"]) == 0
    pages = html_pages(site)
    assert pages and "findings.html" in pages
    for rel, html in pages.items():
        assert 'class="draft-banner"' in html and "草稿" in html, rel
        assert '<meta name="robots" content="noindex, nofollow">' in html, rel
        assert "findings.html" in html, rel  # the banner links to the findings
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (site / "sitemap.xml").exists()  # even with a base_url: a draft is not offered to crawlers
    assert "不得发布" in (site / "DRAFT.txt").read_text(encoding="utf-8")
    findings = pages["findings.html"]
    assert "PL506" in findings and "PL502" in findings and "catalog/bureau.yaml:" in findings
    # the broken flow is left out of the charts and posters, and its power's page says why
    assert not (site / "charts" / "licence.svg").exists() and not (site / "posters" / "licence.pdf").exists()
    assert "流程图和上墙海报暂不生成" in pages["powers/XK00001000.html"]
    assert broken_links(site) == []


def test_without_draft_the_same_catalogue_is_refused_and_nothing_is_written(tmp_path, capsys):
    root = _flowless(tmp_path)
    site = tmp_path / "site"
    assert main(["build", str(root), "--out", str(site)]) == 1
    captured = capsys.readouterr()
    assert "PL506" in captured.out and "--draft" in captured.err
    assert not site.exists()


def test_a_build_after_a_draft_replaces_it_whole(tmp_path):
    """Fixing the catalogue and building normally leaves no trace of the draft: no banner, no marker."""
    root = make_project(tmp_path)
    site = tmp_path / "site"
    assert main(["build", str(root), "--out", str(site), "--draft"]) == 0
    assert (site / "DRAFT.txt").exists()  # a clean catalogue built as a draft is still a draft
    assert main(["build", str(root), "--out", str(site)]) == 0
    assert not (site / "DRAFT.txt").exists() and not (site / "findings.html").exists()
    assert all("draft-banner" not in html for html in html_pages(site).values())
    assert "Disallow: /\n" not in (site / "robots.txt").read_text()


def test_files_that_do_not_load_stop_even_a_draft(tmp_path):
    root = make_project(tmp_path)
    (root / "flows" / "licence.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    assert main(["build", str(root), "--out", str(tmp_path / "site"), "--draft"]) == 1
    assert not (tmp_path / "site").exists()
