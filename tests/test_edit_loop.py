"""Issue 21: the edit loop. A long-running process (`serve`) keeps what it loaded and rendered, keyed by
the very objects and values it was made from, so that after an edit only what depends on it is made
again; `serve`'s first step after an edit (Options.defer) writes the pages, charts and posters and keeps
the last search index and documents until the full build that follows. Whatever is kept, the output
must be byte for byte what a fresh process builds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator import project as loading
from generator.build import Options, build, pipeline
from generator.layout import CACHE_DIR
from generator.project import load_project
from generator.render import markup
from tests.sitetools import copy_sample, tree_bytes


def _forget() -> None:
    """What a fresh process starts with: nothing loaded, nothing rendered."""
    loading._LOADED.clear()
    pipeline._PUBLIC.clear()
    pipeline._PAGES.pages = {}
    markup._html.cache_clear()


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _power_name(root: Path) -> None:
    path = root / "catalog" / "finance.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("\npowers:")
    path.write_text(text[:at] + re.sub(r"(\n\s*name: )", r"\1（改）", text[at:], count=1), encoding="utf-8")


EDITS = {
    "a power's name": _power_name,
    "a step's duty": lambda root: _edit(root / "flows" / "mr-inspection.yaml", "duty: ", "duty: 修改后的职责："),
    "a post's name": lambda root: _edit(root / "catalog" / "market-regulation.yaml", "name: 局长",
                                        "name: 局长（主持工作）"),
    "a law's title": lambda root: _edit(root / "catalog" / "sources.yaml", "title: 中华人民共和国行政许可法",
                                         "title: 中华人民共和国行政许可法（2019年修正）"),
    "the site's title": lambda root: _edit(root / "powerlist.yaml", "title: 示例县权力清单",
                                           "title: 示例县权力清单（修订）"),
    # two powers run one flow: each one's page names the other
    "a power sharing its flow": lambda root: _edit(root / "catalog" / "finance.yaml", "name: 政府采购活动监督检查",
                                                   "name: 政府采购活动的监督检查"),
}


@pytest.mark.build
def test_what_a_process_keeps_between_builds_gives_what_a_fresh_process_builds(tmp_path):
    root = copy_sample(tmp_path / "proj")
    # as serve builds (keep); the documents do not use what is kept (the defer test below covers data/)
    opts = dict(documents=False, keep=True)
    _forget()
    build(root, Options(out=root / "kept", **opts))
    for name, edit in EDITS.items():
        edit(root)
        report = build(root, Options(out=root / "kept", **opts))  # with what the last build kept
        assert not report.unchanged and not [f for f in report.findings if f.severity == "error"], name
        if name == "a step's duty":  # only the pages of that flow's powers and posts are made again
            assert 0 < report.pages - report.pages_reused < report.pages / 4
        if name == "the site's title":  # on every page
            assert report.pages_reused == 0
        _forget()
        build(root, Options(out=root / "fresh", **opts))
        kept, fresh = tree_bytes(root / "kept"), tree_bytes(root / "fresh")
        assert kept.keys() == fresh.keys(), name
        assert [rel for rel in kept if kept[rel] != fresh[rel]] == [], name


@pytest.mark.build
def test_a_deferred_build_shows_the_edit_and_keeps_the_last_search_index_and_documents(tmp_path):
    root = copy_sample(tmp_path / "proj")
    out = root / "site"
    build(root, Options(out=out))
    before = tree_bytes(out)
    _power_name(root)

    report = build(root, Options(out=out, defer=True))
    assert report.deferred and report.search_index and report.documents_rendered == 0
    after = tree_bytes(out)
    assert after.keys() == before.keys()
    changed = {rel for rel in after if after[rel] != before[rel]}
    assert not any(rel.startswith(("data/", "pagefind/")) for rel in changed)  # kept as they were
    edited = [rel for rel in changed if rel.startswith("powers/") and "（改）" in after[rel].decode()]
    assert len(edited) == 1
    assert any(rel.startswith("posters/") for rel in changed)  # the poster lists the power by name
    assert build(root, Options(out=out, defer=True)).unchanged

    full = build(root, Options(out=out))  # the full build that follows: not taken for "unchanged"
    assert not full.unchanged and not full.deferred and full.documents_rendered > 0
    assert "（改）" in (out / "data" / "powerlist.json").read_text(encoding="utf-8")
    fresh = copy_sample(tmp_path / "fresh")
    _power_name(fresh)
    _forget()
    build(fresh, Options(out=fresh / "site"))
    mine, theirs = tree_bytes(out), tree_bytes(fresh / "site")
    assert [rel for rel in mine if mine.get(rel) != theirs.get(rel)] == []


@pytest.mark.build
def test_a_booklet_whose_inputs_did_not_change_is_not_joined_again(tmp_path):
    """A booklet's joining is cached by the bytes of what it joins (its parts, front matter and stamps):
    an edit the booklets do not show (a step's duty) joins none of them again, and they stay the same."""
    root = copy_sample(tmp_path / "proj")
    out = root / "site"
    cold = build(root, Options(out=out, posters=False))
    assert cold.booklets_joined == 1 + len(load_project(root).project.units)
    before = {p.name: p.read_bytes() for p in (out / "data").glob("*.pdf")}
    EDITS["a step's duty"](root)
    report = build(root, Options(out=out, posters=False))
    assert not report.unchanged and report.booklets_joined == 0
    assert {p.name: p.read_bytes() for p in (out / "data").glob("*.pdf")} == before


@pytest.mark.build
def test_the_output_shares_the_caches_bytes_and_outlives_it(tmp_path):
    """Cached files go into the output as hard links (an edit's build writes thousands of unchanged
    files in a moment); the cache may be removed, and an entry rewritten, without touching the site."""
    root = copy_sample(tmp_path / "proj")
    out = root / "site"
    build(root, Options(out=out, posters=False, documents=False))
    chart = next((out / "charts").glob("*.svg"))
    cached = [p for p in (root / CACHE_DIR).rglob("*.svg") if p.read_bytes() == chart.read_bytes()]
    assert cached and os.path.samefile(cached[0], chart)
    content = chart.read_bytes()
    from generator.files import write_atomically

    write_atomically(cached[0], b"<svg/>")  # the cache replaces its entries, never writes into them
    assert chart.read_bytes() == content
    for p in sorted((root / CACHE_DIR).rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()
    assert chart.read_bytes() == content


def _words(pdf: Path) -> list[tuple[int, str, float, float, float, float]]:
    """Every word on every page of ``pdf`` with its box in points (pdftotext -bbox: poppler, not our code)."""
    import subprocess
    from html import unescape

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], -1
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', line)
        if found:
            x0, y0, x1, y1, text = found.groups()
            words.append((page, unescape(text), float(x0), float(y0), float(x1), float(y1)))
    return words


@pytest.mark.build
def test_a_new_version_date_lays_out_nothing_again_and_gives_what_a_cold_build_gives(tmp_path):
    """The version date (by default the last commit's: a new one nearly every working day) is drawn into
    the posters and post statements after they are laid out (render/dated.py), and the search index is
    keyed by its pages without the footer that carries it: a new date lays out no PDF and indexes no page
    again, and the site is byte for byte what a build without a cache makes for that date."""
    root = copy_sample(tmp_path / "proj", version_date="2026-11-22")
    out = root / "site"
    first = build(root, Options(out=out))
    assert first.layouts > 0 and first.dates_drawn == first.posters_rendered + len(list((out / "data" / "units")
                                                                                      .glob("*-posts.pdf")))
    _edit(root / "powerlist.yaml", "version_date: 2026-11-22", "version_date: 2027-01-09")
    report = build(root, Options(out=out))
    assert report.layouts == 0 and report.search_indexed == 0 and report.dates_drawn == first.dates_drawn
    assert report.dates_on_kept_layouts == report.dates_drawn and first.dates_on_kept_layouts == 0

    fresh = copy_sample(tmp_path / "fresh", version_date="2027-01-09")
    build(fresh, Options(out=fresh / "site", cache=False))
    mine, theirs = tree_bytes(out), tree_bytes(fresh / "site")
    assert mine.keys() == theirs.keys()
    assert [rel for rel in mine if mine[rel] != theirs[rel]] == []

    # The date reads as text where the layout left room for it: on the poster, inside its box, right-
    # aligned as the phones above it; in the statements' footer, on every page, right of the page number.
    poster = out / "posters" / "mr-penalty-general.pdf"
    words = _words(poster)
    date = [w for w in words if w[1] == "版本日期：2027年1月9日"]
    assert len(date) == 1
    phone = max((w for w in words if "电话：" in w[1]), key=lambda w: w[5])  # the last line of phones
    assert abs(date[0][4] - phone[4]) < 3 and date[0][3] > phone[5]  # right edges aligned, below the phones
    statements = out / "data" / "units" / "market-regulation-posts.pdf"
    words = _words(statements)
    pages = {w[0] for w in words}
    footer = [w for w in words if w[1] == "版本日期：2027年1月9日"]
    assert {w[0] for w in footer} == pages and len(footer) == len(pages)
    numbers = [w for w in words if re.fullmatch(r"第\d+页|页", w[1])]
    assert all(d[2] > max(n[4] for n in numbers if n[0] == d[0]) for d in footer)
    assert all(d[5] < 842 and d[3] > 842 - 16 * 72 / 25.4 for d in footer)  # in the bottom margin of A4
    assert "2026年11月22日" not in poster.read_bytes().decode("latin-1")
