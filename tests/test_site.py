"""The website, read from the built files: pages, links, order, privacy, safety, determinism.
(tests/test_browser.py drives the same site in Chromium.)"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator import searchindex
from generator.build import BuildError, Options, build
from generator.model import FEE_CATEGORIES
from generator.project import load_project
from generator.render.markup import markdown_html
from generator.rules import check_folder
from tests.helpers import MINIMAL
from tests.sitetools import Page, all_text, broken_links, copy_sample, html_pages, make_project, powerlist, tree_bytes

SERVICE_GUIDE_ORDER = ["基本信息", "实施依据", "申请条件和材料", "办理流程", "办理时限", "收费", "办理地点和时间",
                       "咨询和监督投诉", "救济渠道", "责任事项和追责情形"]


def test_every_page_of_the_site_is_written(sample_site):
    site, project, report = sample_site
    names = set(html_pages(site))
    expected = {"index.html", "risks.html", "data.html", "announcements.html", "guide.html", "search.html"}
    expected |= {f"units/{u.id}.html" for u in project.units}
    expected |= {f"powers/{p.code}.html" for _, p in project.powers()}
    expected |= {f"posts/{u.id}/{p.id}.html" for u in project.units for p in u.posts}
    assert names == expected
    assert report.pages == len(expected)
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "assets" / "style.css").is_file()
    # the search page's lookups: every power by name and code, and Pagefind's page ids -> addresses
    listed = json.loads((site / "assets" / "powers.json").read_text(encoding="utf-8"))["powers"]
    assert [(r[0], r[4]) for r in listed] == [(p.code, f"powers/{p.code}.html") for _, p in project.powers()]
    ids = json.loads((site / "pagefind" / "pages.json").read_text())
    assert sorted(ids.values()) == sorted(f"/powers/{p.code}.html" for _, p in project.powers())
    assert all((site / "pagefind" / "fragment" / f"{i}.pf_fragment").is_file() for i in ids)
    # Pagefind's ready-made interfaces stay out: the search page lists results itself (search.js)
    assert not [p.name for p in (site / "pagefind").glob("pagefind-*") if "ui" in p.name or "highlight" in p.name]


def test_no_broken_internal_link_and_all_links_relative(sample_site):
    site, _, _ = sample_site
    assert broken_links(site) == []


def test_pages_are_chinese_have_a_csp_and_load_nothing_from_outside(sample_site):
    site, project, _ = sample_site
    # links the office wrote: 网上投诉举报, 网上办理入口 (followed by the reader, not loaded by the page)
    written = {u.complaint_url for u in project.units if u.complaint_url}
    written |= {p.online_url for _, p in project.powers() if p.online_url}
    assert written
    for rel, text in html_pages(site).items():
        page = Page(text)
        assert text.startswith('<!DOCTYPE html>\n<html lang="zh-CN">'), rel
        csp = [v for tag, name, v in page.attrs if tag == "meta" and name == "content" and "default-src" in v]
        assert csp and "default-src 'self'" in csp[0] and "object-src 'none'" in csp[0], rel
        for tag, attr, url in page.links:
            if tag == "link" and url.startswith("https://www.example.gov.cn/qlqd/"):
                continue  # the canonical address (link rel=canonical) is a name, not a request
            if tag == "a" and url in written:
                continue  # followed by the reader, not loaded by the page
            assert not url.startswith(("http:", "https:", "//")), (rel, tag, url)
        for img in page.images:
            assert img.get("alt"), (rel, img)


def test_canonical_links_and_sitemap_use_the_base_url(sample_site):
    site, project, _ = sample_site
    base = project.settings.base_url.rstrip("/") + "/"
    code = next(p.code for _, p in project.powers())
    assert f'<link rel="canonical" href="{base}powers/{code}.html">' in (site / "powers" / f"{code}.html").read_text()
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{base}powers/{code}.html" in locs and f"{base}index.html" in locs
    assert len(locs) == len(html_pages(site)) - 1  # all but the search page


def test_power_page_follows_the_service_guide_order(sample_site):
    site, project, _ = sample_site
    flows = {f.id: f for f in project.flows}
    for unit, power in project.powers():
        page = Page((site / "powers" / f"{power.code}.html").read_text())
        h2 = [text for tag, text in page.headings if tag == "h2"]
        expected = [h for h in SERVICE_GUIDE_ORDER
                    if (h != "申请条件和材料" or power.conditions or power.materials)
                    and (h != "办理流程" or power.flow)
                    # a 收费 line only where a party applies or a fee is given (issue 17: no invented 不收费)
                    and (h != "收费" or power.fee is not None or power.fee_basis is not None
                         or power.category in FEE_CATEGORIES)
                    # 救济渠道 wherever a party can challenge the decision (not on internal matters)
                    and (h != "救济渠道" or power.remedies or power.category not in ("人财物", "三重一大"))]
        assert h2 == expected, power.code
        assert page.headings[0] == ("h1", power.name)
        flow = flows.get(power.flow)
        if flow:
            text = (site / "powers" / f"{power.code}.html").read_text()
            risks = sum(len(s.risks) for s in flow.steps)
            assert text.count('class="risk level-') == risks
            assert text.count('<li class="step') == len(flow.steps)
            assert f'src="../charts/{flow.id}.svg"' in text and f'href="../posters/{flow.id}.pdf"' in text


def test_power_page_shows_legal_basis_with_the_cited_article(sample_site):
    site, project, _ = sample_site
    sources = {s.id: s for s in project.sources}
    unit, power = next((u, p) for u, p in project.powers() if any(c.text for c in p.basis))
    text = (site / "powers" / f"{power.code}.html").read_text()
    for c in power.basis:
        assert f"《{sources[c.source].title}》" in text and (c.article or "") in text
        if c.text:
            assert f"<blockquote>{c.text}</blockquote>" in text


def test_unit_page_lists_its_catalogue_by_category(sample_site):
    site, project, _ = sample_site
    for unit in project.units:
        page = Page((site / "units" / f"{unit.id}.html").read_text())
        start = page.headings.index(("h2", "职权目录"))  # the catalogue's categories, before the posts' grades
        end = next(i for i, (tag, _) in enumerate(page.headings) if tag == "h2" and i > start)
        h3 = [text.split(" ")[0] for tag, text in page.headings[start:end] if tag == "h3"]
        assert h3 == list(dict.fromkeys(p.category for p in sorted(unit.powers, key=lambda p: (
            ["行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励", "行政裁决",
             "其他行政权力", "公共服务", "人财物", "三重一大"].index(p.category), p.code))))
        links = {url for tag, attr, url in page.links if url.startswith("../powers/")}
        assert links == {f"../powers/{p.code}.html" for p in unit.powers}


def test_risk_register_page_has_every_risk_point(sample_site):
    site, project, _ = sample_site
    text = (site / "risks.html").read_text()
    total = sum(len(s.risks) for f in project.flows for s in f.steps)
    assert text.count('<td class="level-') == total


def test_data_page_offers_every_download_with_its_size(sample_site):
    site, project, _ = sample_site
    page = Page((site / "data.html").read_text())
    links = {url for tag, attr, url in page.links if url.startswith("data/")}
    assert {"data/catalogue.pdf", "data/powerlist.xlsx", "data/powerlist.json", "data/catalogue.csv",
            "data/risks.csv", "data/responsibilities.csv", "data/posts.csv"} | {
        f"data/units/{u.id}.pdf" for u in project.units} | {
        f"data/units/{u.id}-posts.pdf" for u in project.units} == links
    assert "MB" in (site / "data.html").read_text() or "KB" in (site / "data.html").read_text()


def test_announcements_page_names_the_version_and_its_figures(sample_site):
    site, project, _ = sample_site
    text = (site / "announcements.html").read_text()
    assert '<time datetime="2026-11-22">2026年11月22日</time> 发布' in text
    assert f"{len(list(project.powers()))} 项职权" in text


def test_search_index_covers_every_power_page(sample_site):
    site, project, _ = sample_site
    import json

    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == len(list(project.powers()))


@pytest.mark.build
def test_the_cache_keeps_a_few_search_bundles(tmp_path):
    """serve builds drafts, build the published site: their pages differ, and so do their search
    bundles. The cache keeps the last few, so switching between the two does not index again."""
    root = copy_sample(tmp_path / "proj")
    opts = dict(posters=False, documents=False)
    assert not build(root, Options(out=root / "site", **opts)).search_reused
    assert not build(root, Options(out=root / "draft", draft=True, **opts)).search_reused
    assert build(root, Options(out=root / "site2", **opts)).search_reused
    assert len(list((root / ".powerlist-cache").glob("search-*"))) == 2


@pytest.mark.build
def test_a_large_catalogue_is_searched_in_parts_and_an_edit_reindexes_one(tmp_path, monkeypatch):
    """Pagefind holds every page it indexes in memory (about 0.2 MB each: 1.2 GB for a province): above
    SEARCH_PART_PAGES power pages the index is made in parts of whole units, one Pagefind at a time,
    which the search page merges. An edit re-indexes only the part of the unit it touched."""
    import json

    from generator.render import site as render_site

    monkeypatch.setattr(render_site, "SEARCH_PART_PAGES", 15)
    root = copy_sample(tmp_path / "proj")
    build(root, Options(out=root / "site", posters=False, documents=False))
    site = root / "site"
    folders = ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4"]
    assert sorted(d.name for d in site.glob("pagefind*")) == folders
    counts = [json.loads((site / f / "pagefind-entry.json").read_text())["languages"]["zh"]["page_count"]
              for f in folders]
    project = load_project(root).project
    assert counts == [len(u.powers) for u in project.units]  # 9 + 11 > 15: each unit whole, in catalogue order
    search = Page((site / "search.html").read_text(encoding="utf-8"))
    assert ("form", "data-more", "pagefind-2/ pagefind-3/ pagefind-4/") in search.attrs
    # built without documents: the data page names no file that is not there (it spoke of powerlist.json)
    data_page = (site / "data.html").read_text(encoding="utf-8")
    assert "本次发布未生成数据文件" in data_page and "powerlist.json" not in data_page

    before = {f: tree_bytes(site / f) for f in folders}
    unit = root / "catalog" / "market-regulation.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("name: 食品经营许可", "name: 食品经营许可证核发", 1),
                    encoding="utf-8")
    report = build(root, Options(out=root / "site", posters=False, documents=False))
    changed = [f for f in folders if tree_bytes(site / f) != before[f]]
    assert changed == ["pagefind-2"] and (report.search_parts, report.search_indexed) == (4, 1)
    assert len(list((root / ".powerlist-cache").glob("search-*"))) == 5  # and the part it replaced (a few kept)

    monkeypatch.setattr(render_site, "SEARCH_PART_PAGES", 4)  # a unit larger than a part is cut
    parts = render_site.search_parts(project)
    assert max(map(len, parts)) == 4 and sorted(sum(parts, [])) == sorted(
        f"powers/{p.code}.html" for _, p in project.powers())


# ---------------------------------------------------------------- Markdown fields


@pytest.mark.parametrize("source, forbidden", [
    ("<script>alert(1)</script>正文", "<script"),
    ("[点我](javascript:alert(1))", "javascript:"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("<svg onload=alert(1)><circle/></svg>", "<svg"),
    ('<a href="https://example.com" onclick="alert(1)">x</a>', "onclick"),
    ("<style>body{display:none}</style>", "<style"),
    ("<iframe src=//evil.example></iframe>", "<iframe"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
])
def test_markdown_fields_drop_markup_that_could_run(source, forbidden):
    assert forbidden not in str(markdown_html(source)).lower()


def test_markdown_fields_keep_lists_emphasis_and_safe_links():
    html = str(markdown_html("- 条件一\n- **条件二**\n\n详见 [办事指南](https://www.example.gov.cn/a?b=1&c=2)"))
    assert "<li>条件一</li>" in html and "<strong>条件二</strong>" in html
    assert 'href="https://www.example.gov.cn/a?b=1&amp;c=2"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<h4>" in str(markdown_html("# 标题")), "a field's heading must not outrank the page's"


# ---------------------------------------------------------------- privacy

MARKERS = {"roster": "名册标记甲乙", "unit": "UNITNOTE-7f3a", "power": "POWERNOTE-7f3a", "flow": "FLOWNOTE-7f3a",
           "step": "STEPNOTE-7f3a", "risk": "RISKNOTE-7f3a"}


def _with_private_markers(root: Path) -> Path:
    shutil.copytree(MINIMAL, root)
    path = root / "catalog" / "bureau.yaml"
    unit = yaml.safe_load(path.read_text(encoding="utf-8"))
    unit["roster"].append({"person": MARKERS["roster"], "posts": ["officer"]})
    unit["internal_notes"] = MARKERS["unit"]
    for p in unit["powers"]:
        p["internal_notes"] = MARKERS["power"]
    path.write_text(yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in (root / "flows").glob("*.yaml"):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        flow["internal_notes"] = MARKERS["flow"]
        for step in flow["steps"]:
            step["internal_notes"] = MARKERS["step"]
            for risk in step.get("risks", []):
                risk["internal_notes"] = MARKERS["risk"]
        path.write_text(yaml.safe_dump(flow, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.build
def test_roster_and_internal_fields_never_reach_the_site(tmp_path):
    root = _with_private_markers(tmp_path / "proj")
    assert not [f for f in check_folder(root)[0] if f.severity == "error"]
    project = load_project(root).project  # the markers are really in the model ...
    assert any(r.person == MARKERS["roster"] for r in project.units[0].roster)
    assert project.units[0].powers[0].internal_notes == MARKERS["power"]
    report = build(root, Options(out=root / "site"))
    assert not [f for f in report.findings if f.severity == "error"]
    texts = all_text(root / "site")  # ... and in no file, read as a person would read it
    assert any(p.endswith(".pdf") for p in texts) and any(p.startswith("pagefind/") for p in texts)
    leaks = [(rel, kind) for rel, text in texts.items() for kind, marker in MARKERS.items() if marker in text]
    assert leaks == []
    assert "张某" not in "".join(texts.values())  # the fixture's own roster names too


# ---------------------------------------------------------------- hostile text

ALLOWED_SCRIPTS = {"assets/search.js"}


def test_hostile_text_is_shown_as_text_in_every_page(hostile_site):
    site = hostile_site
    pages = html_pages(site)
    assert "window.__xss=1" in pages["index.html"]  # the corpus really reached the pages ...
    for rel, text in pages.items():
        page = Page(text)
        tags = {tag for tag, _, _ in page.attrs}
        assert not tags & {"iframe", "style", "svg", "object", "embed"}, rel
        for tag, name, value in page.attrs:
            assert not name.startswith("on"), (rel, tag, name)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:text")), (rel, value)
            if tag == "script" and name == "src":
                assert Path(rel).parent.joinpath(value).as_posix().removeprefix("./") in ALLOWED_SCRIPTS, (rel, value)
        scripts = text.count("<script")
        assert scripts == (1 if rel == "search.html" else 0), rel  # ... and never as markup
        assert "49" not in text.replace("2049", ""), rel  # no template evaluation of {{ 7*7 }}


def test_hostile_text_cannot_add_elements_to_the_charts(hostile_site):
    for svg in (hostile_site / "charts").glob("*.svg"):
        root = ET.parse(svg).getroot()  # well-formed XML
        names = {el.tag.split("}")[-1] for el in root.iter()}
        assert not names & {"script", "foreignObject", "iframe", "style", "a"}, svg.name
        for el in root.iter():
            assert not [k for k in el.attrib if k.lower().startswith("on")], svg.name


# ---------------------------------------------------------------- build safety and determinism


@pytest.mark.build
def test_a_failing_search_index_leaves_the_previous_site_as_it_was(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    build(root, Options(out=root / "site", documents=False))
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "powerlist.yaml").write_text((root / "powerlist.yaml").read_text() + "version_date: 2026-01-02\n")

    def broken(pages):  # the indexer dies
        raise searchindex.SearchIndexError("Pagefind 建立搜索索引失败：killed")

    monkeypatch.setattr(searchindex, "build_index", broken)
    with pytest.raises(BuildError, match="Pagefind"):  # without the cache: a new date alone indexes nothing
        build(root, Options(out=root / "site", documents=False, cache=False))
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.glob(".site.*")] == [".site.lock"]  # no half-assembled output left beside it
    assert all(p.read_text() != "{" for p in (root / ".powerlist-cache").glob("search-*/pagefind-entry.json"))


@pytest.mark.build
def test_the_search_index_is_byte_identical_across_builds(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    build(root, Options(out=tmp_path / "one", documents=False, posters=False, cache=False))
    build(root, Options(out=tmp_path / "two", documents=False, posters=False, cache=False))
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two
    assert any(str(p).startswith("pagefind/filter") or str(p).startswith("pagefind/index") for p in one)


@pytest.mark.build
def test_serve_previews_the_site_and_rebuilds_on_change(tmp_path):
    import re
    import subprocess
    import sys
    import time
    import urllib.request

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    log = tmp_path / "serve.log"
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(root), "--port", "0",
                             "--no-documents", "--interval", "0.2"], stderr=log.open("w"), stdout=subprocess.DEVNULL)
    try:
        url, deadline = None, time.monotonic() + 120
        while not url:  # the build's report, then the address
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            if m := re.search(r"预览地址：(http://\S+/)index.html", log.read_text(encoding="utf-8")):
                url = m.group(1)
            time.sleep(0.2)

        def home() -> str:
            return urllib.request.urlopen(url + "index.html", timeout=5).read().decode()

        assert "<h1>测试县权力清单</h1>" in home()
        assert 'class="draft-banner"' in home()  # a preview is a draft (issue 17): never mistaken for the site
        # the server runs in a process of its own: the process that rebuilds (and forks its PDF workers)
        # has no thread besides its main one, so no worker can inherit a lock a server thread held
        assert len(list(Path(f"/proc/{proc.pid}/task").iterdir())) == 1
        settings = root / "powerlist.yaml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("测试县权力清单", "改名后的清单"),
                            encoding="utf-8")
        deadline = time.monotonic() + 60
        while "<h1>改名后的清单</h1>" not in home():
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        # the pages first, then the search index and documents in a full build (issue 21)
        while log.read_text(encoding="utf-8").count("个文件写入") < 2:
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        text = log.read_text(encoding="utf-8")
        assert text.index("网页、流程图和海报已更新") < text.rindex("个文件写入")
        # a catalogue with errors keeps the last good site and says why
        settings.write_text(settings.read_text(encoding="utf-8") + "title: [unclosed\n", encoding="utf-8")
        time.sleep(3)
        assert "<h1>改名后的清单</h1>" in home()
        proc.terminate()  # the server process ends with it
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while True:
            try:
                home()
            except OSError:
                break
            assert time.monotonic() < deadline, "the server outlived serve"
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.build
def test_a_project_just_begun_builds_a_site_that_says_there_is_nothing_to_search(tmp_path):
    """`powerlist new project`, then `powerlist build` at once: no power yet, so no search index
    (Pagefind refuses an empty one); the build succeeds and the search page says why, with no link to
    an index that does not exist."""
    import subprocess
    import sys

    root = tmp_path / "proj"
    r = subprocess.run([sys.executable, "-m", "generator", "new", "project", str(root), "--title", "新建县权力清单"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    report = build(root, Options(out=tmp_path / "site"))
    site = tmp_path / "site"
    assert not report.search_index and not (site / "pagefind").exists()
    search = (site / "search.html").read_text(encoding="utf-8")
    assert "pagefind" not in search and "还没有职权事项" in search
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'role="search"' not in home and "还没有单位公布权力清单" in home  # no search box with nothing to search
    risks = (site / "risks.html").read_text(encoding="utf-8")
    assert "<table" not in risks and "还没有登记风险点" in risks
    assert broken_links(site) == []


@pytest.mark.build
def test_a_chinese_domain_and_path_in_base_url_give_valid_addresses(tmp_path):
    """base_url may name a Chinese domain (例子.中国) and path: the canonical links, the sitemap and
    robots.txt carry it as a URI (IDNA host, percent-encoded path), never raw text or spaces."""
    from generator.render.links import absolute

    assert absolute("https://例子.中国/权力 清单/", "powers/XK00001000.html") == \
        "https://xn--fsqu00a.xn--fiqs8s/%E6%9D%83%E5%8A%9B%20%E6%B8%85%E5%8D%95/powers/XK00001000.html"
    assert absolute("https://www.example.gov.cn/qlqd/", "index.html") == "https://www.example.gov.cn/qlqd/index.html"
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    with (root / "powerlist.yaml").open("a", encoding="utf-8") as f:
        f.write('base_url: "https://例子.中国/权力 清单/"\n')
    build(root, Options(out=tmp_path / "site", documents=False, posters=False, charts=False))
    site = tmp_path / "site"
    locs = [el.text for el in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.isascii() and " " not in loc for loc in locs)
    assert "https://xn--fsqu00a.xn--fiqs8s/%E6%9D%83%E5%8A%9B%20%E6%B8%85%E5%8D%95/index.html" in locs
    assert 'rel="canonical" href="https://xn--fsqu00a.xn--fiqs8s/' in (site / "index.html").read_text(encoding="utf-8")


def test_without_pagefind_the_build_says_what_to_install(tmp_path, monkeypatch):
    def missing():
        raise searchindex.SearchIndexError("找不到 Pagefind 扩展版（中文分词）：请运行 ./dev.sh setup")

    searchindex.version.cache_clear()
    monkeypatch.setattr(searchindex, "pagefind", missing)
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    try:
        with pytest.raises(BuildError, match="Pagefind"):  # the command prints it as an error, exit 1
            build(root, Options(out=tmp_path / "site", documents=False, posters=False, charts=False))
    finally:
        searchindex.version.cache_clear()
    assert not (tmp_path / "site").exists()


# ---------------------------------------------------------------- the footer of a government website


@pytest.mark.build
def test_the_footer_states_what_the_settings_give_and_nothing_else(tmp_path):
    """Issue 20: 主办单位, 承办单位, 网站标识码, ICP 备案, 公安机关备案, 党政机关网站标识, 联系我们 from
    footer in powerlist.yaml, each only when written; the home page lists the units before the figures."""
    root = make_project(tmp_path)
    settings = root / "powerlist.yaml"
    plain = build(root, Options(out=tmp_path / "plain", posters=False, documents=False, charts=False))
    assert not [f for f in plain.findings if f.severity == "error"]
    home = (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert not any(label in home for label in ("主办单位", "承办单位", "网站标识码", "ICP", "公网安备", "联系我们"))
    assert "powerlist" not in home.split('<footer class="site-footer">')[1]  # the footer does not name the tool
    assert home.index('id="units"') < home.index('id="figures"')
    settings.write_text(settings.read_text(encoding="utf-8") + (
        "footer:\n  sponsor: 测试县人民政府办公室\n  organizer: 测试县<大数据>中心\n  site_code: '4299990001'\n"
        "  icp: 鄂ICP备00000000号\n  police_record: 鄂公网安备42999902000001号\n"
        "  party_mark_url: https://bszs.conac.cn/sitename?method=show&id=1\n  contact: 0999-6123000\n"),
        encoding="utf-8")
    build(root, Options(out=tmp_path / "full", posters=False, documents=False, charts=False))
    for rel in ("index.html", "powers/XK00001000.html", "posts/bureau/officer.html"):
        footer = (tmp_path / "full" / rel).read_text(encoding="utf-8").split('<footer class="site-footer">')[1]
        assert "主办单位：测试县人民政府办公室" in footer and "承办单位：测试县&lt;大数据&gt;中心" in footer
        assert "网站标识码：4299990001" in footer and "联系我们：0999-6123000" in footer
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">鄂ICP备00000000号</a>' in footer
        assert '<a href="https://beian.mps.gov.cn/" rel="noopener">鄂公网安备42999902000001号</a>' in footer
        assert "https://bszs.conac.cn/sitename?method=show&amp;id=1" in footer


def test_service_guide_fields_on_the_power_page(sample_site):
    """Issue 20: 行使层级, 办件类型, 办理结果 and 救济渠道 (the period as the law gives it, never
    converted) where the catalogue states them; 救济渠道 未列明 on an external power that gives none;
    no 救济渠道 section on an internal matter (人财物, 三重一大: nothing for a party to challenge)."""
    site, _, _ = sample_site
    page = (site / "powers" / "XK00201000.html").read_text(encoding="utf-8")
    for text in ("<dt>行使层级：</dt><dd>县级</dd>", "<dt>办件类型：</dt><dd>承诺件</dd>",
                 "<dt>办理结果：</dt><dd>建设项目用地预审与选址意见书</dd>",
                 "<li>行政复议：示例县人民政府，60 日内</li>", "<li>行政诉讼：有管辖权的人民法院，6 个月内</li>"):
        assert text in page, text
    other = (site / "powers" / "QT00101000.html").read_text(encoding="utf-8")
    assert 'id="h-remedies">救济渠道</h2>\n<p>未列明。' in other
    assert 'id="remedies"' not in (site / "powers" / "NB00108000.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_visits_and_the_online_entry_as_the_office_wrote_them(tmp_path):
    root = make_project(tmp_path)
    unit = root / "catalog" / "bureau.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("    flow: licence\n", "    visits: 0\n    online_url: https://zwfw.example.gov.cn/"
                                 "item/XK00001000\n    flow: licence\n", 1), encoding="utf-8")
    build(root, Options(out=tmp_path / "site", posters=False, documents=False, charts=False))
    page = (tmp_path / "site" / "powers" / "XK00001000.html").read_text(encoding="utf-8")
    assert "<dt>到现场次数：</dt><dd>0 次（全程网办）</dd>" in page
    assert '<a href="https://zwfw.example.gov.cn/item/XK00001000" rel="noopener">' in page
    assert "到现场次数" not in (tmp_path / "site" / "powers" / "CF00001000.html").read_text(encoding="utf-8")


def test_a_penalty_page_names_its_kinds_of_penalty(sample_site):
    """行政执法公示 prints a penalty's 处罚种类 (and a coercive power's 强制措施种类): what the office wrote."""
    site, project, _ = sample_site
    powers = [p for _, p in project.powers()]
    penalty = next(p for p in powers if p.penalty_kinds)
    text = re.sub(r"<[^>]+>", "", (site / "powers" / f"{penalty.code}.html").read_text(encoding="utf-8"))
    assert f"处罚种类：{'、'.join(penalty.penalty_kinds)}" in text
    coercion = next((p for p in powers if p.coercion_kinds), None)
    if coercion is not None:
        text = re.sub(r"<[^>]+>", "", (site / "powers" / f"{coercion.code}.html").read_text(encoding="utf-8"))
        assert f"强制措施种类：{'、'.join(coercion.coercion_kinds)}" in text
    plain = next(p for p in powers if not p.penalty_kinds and not p.coercion_kinds)
    assert "处罚种类" not in (site / "powers" / f"{plain.code}.html").read_text(encoding="utf-8")


def test_a_chart_is_never_called_a_flow_flow_chart():
    from generator.wording import chart_name

    assert chart_name("行政许可办理流程") == "行政许可办理流程图"
    assert chart_name("财政监督检查") == "财政监督检查流程图"


@pytest.mark.build
def test_a_build_without_an_address_says_its_posters_have_no_qr_codes(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    assert "base_url" not in (root / "powerlist.yaml").read_text(encoding="utf-8")
    r = powerlist("build", str(root))
    assert r.returncode == 0 and "没有写网站地址 base_url" in r.stderr and "二维码" in r.stderr
    settings = root / "powerlist.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "base_url: https://www.example.gov.cn/qlqd/\n",
                        encoding="utf-8")
    r = powerlist("build", str(root))
    assert r.returncode == 0 and "base_url" not in r.stderr


def test_a_units_table_says_unlisted_as_the_power_page_does(sample_site):
    """An absent limit or fee reads 未列明 in the unit's table too (it read —, which a screen reader
    skips and the power page never uses)."""
    site, project, _ = sample_site
    unit, power = next((u, p) for u, p in project.powers() if p.legal_limit is None)
    text = (site / "units" / f"{unit.id}.html").read_text(encoding="utf-8")
    row = text[text.index(f"{power.code}.html"):]
    row = row[:row.index("</tr>")]
    assert "法定 未列明" in row and "—" not in row, row
