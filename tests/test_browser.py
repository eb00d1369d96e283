"""The built site in a real browser: Debian's Chromium, driven by Playwright, against a local server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitetools import REPO, Server, html_pages
from tests.typography import halfwidth_in_chinese

# Every test drives Chromium over a built site (build implies slow: see conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.build]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# Flags for a closed network: without the background-networking ones Chromium keeps trying to reach Google.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAND_USE_POWER = "XK00201000"  # 建设项目用地预审与选址意见书核发 (sample natural-resources bureau)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run ./dev.sh setup (Debian package chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def served(sample_site):
    site, project, _ = sample_site
    server = Server(site)
    yield server.url, site, project
    server.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.problems = []  # console errors (CSP violations among them) and failed requests
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    # (a navigation aborts the previous page's lazy images: ERR_ABORTED is not a fault of the site)
    pg.on("requestfailed", lambda r: pg.problems.append(f"failed: {r.url} {r.failure}")
          if "ERR_ABORTED" not in (r.failure or "") else None)
    pg.on("response", lambda r: pg.problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    yield pg
    context.close()


def test_home_to_unit_to_power_by_clicking(page, served):
    url, site, project = served
    page.goto(url + "index.html")
    assert page.locator("h1").inner_text() == project.settings.title
    page.get_by_role("link", name="示例县自然资源局").first.click()
    assert page.url.endswith("units/natural-resources.html")
    page.get_by_role("link", name="建设项目用地预审与选址意见书核发").click()
    assert page.url.endswith(f"powers/{LAND_USE_POWER}.html")
    chart = page.locator("figure.chart img")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 300 && img.naturalHeight > 300")
    assert chart.bounding_box()["width"] > 300
    assert page.locator("ol.risks > li").count() == 2 and "★1" in page.locator("ol.risks").inner_text()
    assert page.problems == []


def test_unit_to_post_to_power_and_back_by_clicking(page, served):
    """The posts (issue 19): from a unit's posts by grade to a post's page, from its step to the
    power, and from the power's step back to the post; the breadcrumb leads to the unit again."""
    url, _, project = served
    page.goto(url + "units/natural-resources.html")
    assert "一级风险岗位" in page.locator("section[aria-labelledby=posts]").inner_text()
    page.locator("section[aria-labelledby=posts]").get_by_role("link", name="国土空间用途管制股经办人").click()
    assert page.url.endswith("posts/natural-resources/planning-officer.html")
    assert page.locator("h1").inner_text() == "国土空间用途管制股经办人"
    assert "三级风险岗位" in page.locator("dl.facts").inner_text()
    steps = page.locator("section[aria-labelledby=h-steps]")
    steps.get_by_role("link", name="建设项目用地预审与选址意见书核发").first.click()
    assert page.url.endswith(f"powers/{LAND_USE_POWER}.html")
    page.locator("ol.steps").get_by_role("link", name="国土空间用途管制股经办人").first.click()
    assert page.url.endswith("posts/natural-resources/planning-officer.html")
    page.locator("nav.breadcrumb").get_by_role("link", name="示例县自然资源局").click()
    assert page.url.endswith("units/natural-resources.html")
    assert page.problems == []


def test_chinese_query_finds_the_right_power(page, served):
    url, _, _ = served
    page.goto(url + "index.html")
    page.get_by_label("搜索权力事项").fill("用地")
    page.get_by_role("button", name="搜索").click()
    assert "search.html?q=" in page.url
    _wait_for_results(page)
    results = page.locator(".search-result-link")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert f"/powers/{LAND_USE_POWER}.html" in hrefs
    titles = results.all_inner_texts()
    assert "用地" in titles[0], titles  # a power named for it comes first
    first = page.locator("#search-results > li").first.inner_text()
    assert "实施主体" in first and "职权类型" in first and "Category" not in first and "Unit" not in first, first
    listed = page.locator("#search-results").inner_text()
    assert "事项名称：" in listed  # label and value kept apart
    assert "实施主体：" in first and "职权类型：" in first  # the metadata in Chinese typography too
    assert halfwidth_in_chinese(listed) == [], listed  # no ". " between the excerpt's blocks
    message = page.locator("#search-message").inner_text()
    assert message.startswith("找到 ") and "与“用地”相关的事项" in message, message
    page.locator(f'.search-result-link[href$="{LAND_USE_POWER}.html"]').click()
    assert page.locator("h1").inner_text() == "建设项目用地预审与选址意见书核发"
    for href in hrefs:  # 用地 is in the indexed text of each result (its name, basis or its own flow's steps)
        page.goto(url + href.lstrip("/"))
        indexed = page.evaluate("""() => { const body = document.querySelector('[data-pagefind-body]').cloneNode(true);
            body.querySelectorAll('[data-pagefind-ignore]').forEach(e => e.remove()); return body.textContent; }""")
        assert "用地" in indexed, href
    assert page.problems == []


def _wait_for_results(page) -> None:
    """Until the search page has said how many results there are and listed the first of them."""
    page.wait_for_function("""() => { const m = document.getElementById('search-message').textContent;
        const shown = document.querySelectorAll('#search-results > li').length;
        return m.startsWith('没有找到') || (m.startsWith('找到') && shown > 0); }""", timeout=15000)


def _search(page, url: str, query: str) -> list[str]:
    """The result links the search page lists first for ``query`` (one page of results)."""
    page.goto(url + f"search.html?q={query}", wait_until="networkidle")
    _wait_for_results(page)
    return [a.get_attribute("href") for a in page.locator(".search-result-link").all()]


def test_search_finds_a_powers_own_text_but_not_text_many_powers_share(page, served):
    """Shared text is on the page of every power that has it: a category's standard accountability
    cases (…弄虚作假的, here on 中心经费支出审批), a flow's steps when several powers use the flow
    (调档函, on the four archive services). Indexed, it answered such queries with every power of a
    category. A power's own text stays searchable: the steps of a flow only it uses (预算管理一体化系统)
    and accountability cases of its own (逾期未作处理)."""
    url, _, _ = served
    assert "弄虚作假" in page.goto(url + "powers/NB00306000.html").text()
    assert "调档函" in page.goto(url + "powers/GG00302000.html").text()
    assert not any(h.endswith("NB00306000.html") for h in _search(page, url, "弄虚作假"))
    assert not any("/GG0030" in h for h in _search(page, url, "调档函"))
    assert any(h.endswith("QT00101000.html") for h in _search(page, url, "一体化系统"))
    assert any(h.endswith("CJ00103000.html") for h in _search(page, url, "逾期未作处理"))
    assert page.problems == []


# Queries of one and several words: each word is in some part, not in every part
PART_QUERIES = ["用地", "一体化系统", "预算审核", "用地 预算", "审核 财政局", "XK002", "许可 用地", "罚款 食品",
                "监督检查", "弄虚作假", "用地xyz"]


def test_a_search_index_in_parts_finds_what_one_index_finds(page, served, tmp_path_factory):
    """A large catalogue's index comes in parts (render/links.py SEARCH_PART_PAGES), here the sample in
    parts of at most 15 pages (finance is pagefind/, natural resources pagefind-3/). Pagefind leaves
    out a query word an index lacks, or matches it by a character (用地 found 人事代理 by its 用 in a
    part without 用地), so the page searches only the parts that hold every word: each query lists the
    same powers as the one index of the same catalogue, and results open their pages."""
    from generator.build import Options, build
    from generator.render import site as render_site
    from tests.sitetools import copy_sample

    url, _, _ = served
    root = copy_sample(tmp_path_factory.mktemp("parts") / "proj")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_site, "SEARCH_PART_PAGES", 15)
        build(root, Options(out=root / "site", posters=False, documents=False))
    assert (root / "site" / "pagefind-3").is_dir()
    server = Server(root / "site")
    try:
        for query in PART_QUERIES:
            one = _search_all(page, url, query)
            parts = _search_all(page, server.url, query)
            assert sorted(parts) == sorted(one), query
        assert any(h.endswith(f"{LAND_USE_POWER}.html") for h in _search(page, server.url, "用地"))
        assert _search(page, server.url, "用地 预算") == []  # no power has both
        page.locator("#q").fill("一体化系统")
        page.locator("#q").press("Enter")
        page.wait_for_url("**/search.html?q=*")
        _wait_for_results(page)
        page.locator(".search-result-link").first.click()
        assert page.locator("h1").inner_text() == "部门预算审核与批复"
        assert page.problems == []
    finally:
        server.close()


def test_a_powers_name_or_code_as_written_finds_it_first(page, served):
    """A newcomer's trial: a power's exact name found nothing in 206 of 507 tries (Pagefind cuts the
    query with the browser's segmenter, the pages with another), and ＧＰＳ or a full-width item code
    found nothing. The page lists the powers whose name, code or unit holds the query first, then
    Pagefind's results, each power once."""
    url, _, project = served
    power = next(p for u in project.units for p in u.powers if p.code == LAND_USE_POWER)
    found = _search_all(page, url, power.name)
    assert found[0].endswith(f"{LAND_USE_POWER}.html") and len(found) == len(set(found)), found
    wide = LAND_USE_POWER[:5].translate(str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                                      "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"))
    by_code = _search_all(page, url, wide)  # ＸＫ００２
    assert by_code and all(h.split("/")[-1].startswith(LAND_USE_POWER[:5]) for h in by_code), by_code
    unit = next(u for u in project.units if any(p.code == LAND_USE_POWER for p in u.powers))
    by_unit = _search_all(page, url, unit.name)
    assert {f"/powers/{p.code}.html" for p in unit.powers} <= set(by_unit) and len(by_unit) == len(set(by_unit))
    assert page.problems == []


def _search_all(page, url: str, query: str) -> list[str]:
    """Every result link for ``query`` (showing more until the button goes), checked against the count
    the page states."""
    hrefs = _search(page, url, query)
    more = page.locator("#search-more")
    while more.is_visible():
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#search-results > li').length > n", arg=len(hrefs))
        hrefs = [a.get_attribute("href") for a in page.locator(".search-result-link").all()]
    message = page.locator("#search-message").inner_text()
    assert message.startswith("没有找到") and hrefs == [] or message.startswith(f"找到 {len(hrefs)} 个"), message
    return hrefs


def test_search_works_under_a_sub_path(browser, sample_site, tmp_path):
    site, _, _ = sample_site
    shutil.copytree(site, tmp_path / "qlqd")  # published as https://host/qlqd/
    server = Server(tmp_path)
    try:
        pg = browser.new_page()
        pg.goto(server.url + "qlqd/search.html?q=用地")
        _wait_for_results(pg)
        first = pg.locator(".search-result-link").first
        assert first.get_attribute("href").startswith("/qlqd/powers/")
        first.click()
        assert pg.locator("h1").is_visible() and "/qlqd/powers/" in pg.url
        pg.close()
    finally:
        server.close()


def test_everything_but_search_works_without_javascript(browser, served):
    url, _, _ = served
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(url + "index.html")
    pg.get_by_role("link", name="示例县自然资源局").first.click()
    pg.get_by_role("link", name="建设项目用地预审与选址意见书核发").click()
    pg.wait_for_load_state("load")  # the chart image has arrived (the click only waits for the page)
    assert pg.locator("figure.chart img").evaluate("img => img.complete && img.naturalWidth > 300")
    pg.goto(url + "search.html")
    assert "搜索需要启用 JavaScript" in pg.locator("main").inner_text()
    context.close()


def test_keyboard_skip_link_goes_to_the_content(page, served):
    url, _, _ = served
    page.goto(url + f"powers/{LAND_USE_POWER}.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-15984px"  # visible when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")  # next stop is inside the content


PAGE_KINDS = ["index.html", "units/natural-resources.html", f"powers/{LAND_USE_POWER}.html", "risks.html",
              "posts/natural-resources/planning-officer.html", "data.html", "announcements.html", "guide.html",
              "search.html"]


@pytest.mark.parametrize("width", [320, 390])
def test_phone_width_has_no_horizontal_scroll(browser, served, width):
    """Every page kind at a small and a common phone width: the document is no wider than the screen
    (wide tables scroll inside their own box; a visually hidden cell once widened the unit page to 547 px)."""
    url, _, project = served
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=True, device_scale_factor=2)
    pg = context.new_page()
    for rel in PAGE_KINDS:
        pg.goto(url + rel)
        wide = pg.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert wide <= width, (rel, wide)
    context.close()


@pytest.mark.parametrize("rel", PAGE_KINDS)
def test_axe_finds_no_serious_or_critical_violation(browser, served, rel):
    url, _, _ = served
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run ./dev.sh setup (npm ci in tests/browser)")
    context = browser.new_context(bypass_csp=True)  # the site's CSP rightly refuses the injected axe script
    pg = context.new_page()
    pg.goto(url + rel)
    pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = pg.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, """
                         """nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    context.close()
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_every_page_loads_without_errors_or_csp_violations(page, served):
    url, site, _ = served
    for rel in html_pages(site):
        page.goto(url + rel, wait_until="load")  # CSP violations are reported while the page loads
    page.goto(url + "search.html?q=用地", wait_until="networkidle")  # the one page that fetches more
    _wait_for_results(page)
    assert page.locator(".search-result-link").count() > 0
    assert page.problems == []


def test_hostile_text_runs_nowhere_in_the_browser(browser, hostile_site):
    server = Server(hostile_site)
    dialogs = []
    try:
        context = browser.new_context()
        pg = context.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in html_pages(hostile_site):
            pg.goto(server.url + rel, wait_until="load")
            assert pg.evaluate("window.__xss === undefined"), rel
            for link in pg.locator("a[href]").all():  # no link leads to script
                assert not link.get_attribute("href").lower().startswith("javascript:"), rel
        # search excerpts are built in the page from the index: they must stay text too
        pg.goto(server.url + "search.html?q=" + "测试许可")
        _wait_for_results(pg)
        assert pg.locator(".search-result-link").count() > 0
        assert pg.evaluate("window.__xss === undefined")
        assert pg.locator("#search-results *:not(li, p, a, mark, span)").count() == 0
        for chart in (hostile_site / "charts").glob("*.svg"):  # opened on their own, as the chart links do
            pg.goto(server.url + f"charts/{chart.name}")
            assert pg.evaluate("window.__xss === undefined"), chart.name
        context.close()
    finally:
        server.close()
    assert dialogs == []


def test_the_site_of_a_project_just_begun_loads_without_errors(page, tmp_path):
    """No power yet, so no search index: no page may still ask for one (a 404 or a script error)."""
    from generator.build import Options, build
    from generator.cli import main

    root = tmp_path / "proj"
    assert main(["new", "project", str(root), "--title", "新建县权力清单"]) == 0
    build(root, Options(out=tmp_path / "site"))
    server = Server(tmp_path / "site")
    try:
        for rel in html_pages(tmp_path / "site"):
            page.goto(server.url + rel, wait_until="networkidle")
        assert page.problems == []
        assert "还没有职权事项" in page.goto(server.url + "search.html").text()
    finally:
        server.close()
