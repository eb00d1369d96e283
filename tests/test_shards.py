"""Issue 21: a build split over CI runners. Each ``--shard K/N`` lays out its units' charts and posters
and its share of the document parts into its own cache; a build over the merged caches assembles the
site without drawing a chart or laying out a poster again, and gives byte for byte what one build gives."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.build import BuildError, Options, build, shards
from generator.build import site as build_site
from generator.layout import CACHE_DIR
from generator.render import site as render_site
from generator.render.links import DATA_FILES
from tests.sitetools import copy_sample, powerlist, tree_bytes


@pytest.mark.build
def test_shards_and_an_assembly_give_what_one_build_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(render_site, "SEARCH_PART_PAGES", 15)  # a search index in parts, as a province's
    one = copy_sample(tmp_path / "one")
    single = build(one, Options(out=one / "site"))
    assert single.layouts > 0 and single.search_parts > 2

    drawn, laid_out, indexed = [], [], []
    final = copy_sample(tmp_path / "final")
    for k in (1, 2):  # each runner: its own checkout and its own cache
        runner = copy_sample(tmp_path / f"runner{k}")
        report = build(runner, Options(out=runner / "site", shard=(k, 2)))
        assert report.shard == (k, 2) and not (runner / "site").exists()  # the cache only
        drawn.append(report.charts_rendered)
        laid_out.append(report.posters_rendered)
        indexed.append(report.search_indexed)
        shutil.copytree(runner / CACHE_DIR, final / CACHE_DIR, dirs_exist_ok=True)  # the CI's cache merge
    assert all(drawn) and sum(drawn) == single.charts_rendered  # each shard its own part, together all
    assert all(laid_out) and sum(laid_out) == single.posters_rendered
    assert all(indexed) and sum(indexed) == single.search_parts  # the search index's parts dealt round

    assembled = build(final, Options(out=final / "site"))
    assert (assembled.charts_rendered, assembled.posters_rendered, assembled.layouts) == (0, 0, 0)
    assert assembled.search_parts == single.search_parts and assembled.search_indexed == 0
    booklets = 1 + sum(1 for p in (final / "site" / "data" / "units").glob("*.pdf") if not p.stem.endswith("-posts"))
    assert assembled.documents_rendered == booklets  # joined here; the open data and statements: by the shards
    assert assembled.charts_reused == single.charts_rendered
    mine, theirs = tree_bytes(final / "site"), tree_bytes(one / "site")
    assert mine.keys() == theirs.keys()
    assert [rel for rel in mine if mine[rel] != theirs[rel]] == []


def test_a_shard_holds_whole_units_dealt_round():
    part = [shards.Shard((k, 3), ["b", "a", "d", "c", "e"]) for k in (1, 2, 3)]
    assert [sorted(p.units) for p in part] == [["a", "d"], ["b", "e"], ["c"]]
    keys = [f"{i:02x}" for i in range(7)]
    dealt = [p.keys(keys) for p in part]
    assert set().union(*dealt) == set(keys) and sum(map(len, dealt)) == len(keys)
    assert [[n for n in range(7) if p.has_part(n)] for p in part] == [[0, 3, 6], [1, 4], [2, 5]]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_wrong_shard_is_refused_in_chinese(text):
    with pytest.raises(BuildError, match="K/N"):
        shards.parse(text)
    r = powerlist("build", "--shard", text)
    assert r.returncode == 2 and "--shard 应写成 K/N" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.build
def test_a_shards_share_does_not_depend_on_what_its_cache_holds(tmp_path):
    """A runner whose cache already holds another shard's work (a CI cache kept from an earlier run)
    lays out the same share as a runner with an empty cache, and a shard run again lays out nothing:
    the jobs are dealt out over all that is planned, not over what is missing here."""
    fresh = copy_sample(tmp_path / "fresh")
    alone = build(fresh, Options(out=fresh / "site", shard=(2, 2)))
    assert alone.documents_rendered > 0

    runner = copy_sample(tmp_path / "runner")
    build(runner, Options(out=runner / "site", shard=(1, 2)))  # the other shard's work, already here
    again = build(runner, Options(out=runner / "site", shard=(1, 2)))
    assert (again.charts_rendered, again.posters_rendered, again.documents_rendered, again.search_indexed) == \
        (0, 0, 0, 0)
    mine = build(runner, Options(out=runner / "site", shard=(2, 2)))
    assert (mine.charts_rendered, mine.posters_rendered, mine.documents_rendered) == \
        (alone.charts_rendered, alone.posters_rendered, alone.documents_rendered)


@pytest.mark.build
def test_old_search_bundles_go_after_a_build_that_indexed_nothing(tmp_path):
    """After a sharded build the assembly indexes nothing (the shards made the bundles), yet a kept
    cache must not gather a bundle per edit for ever: the assembly keeps its own and the newest few."""
    final = copy_sample(tmp_path / "final")
    build(final, Options(out=final / "site", shard=(1, 1)))
    cache = final / CACHE_DIR
    for i in range(build_site.KEPT_BUNDLES + 3):  # bundles of earlier versions, oldest first
        old = cache / f"search-old{i}"
        old.mkdir()
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    assembled = build(final, Options(out=final / "site"))
    assert assembled.search_indexed == 0
    left = sorted(p.name for p in cache.glob("search-old*"))
    assert left == [f"search-old{i}" for i in range(3, build_site.KEPT_BUNDLES + 3)]


@pytest.mark.build
def test_the_shards_summary_names_the_open_data_apart_and_the_next_step(tmp_path):
    project = copy_sample(tmp_path / "p")
    r = powerlist("build", "--shard", "2/2", project)
    assert r.returncode == 0, r.stderr
    said = r.stderr.strip().splitlines()[-1]
    files = len([f for f in DATA_FILES if not f.path.endswith(".pdf")])
    assert f"开放数据文件 {files} 个" in said and "（缓存已有 0）" in said  # the last shard makes the open data
    assert "用与各片相同的选项" in said
    r = powerlist("build", "--shard", "1/2", project)  # the first shard makes none
    assert r.returncode == 0 and "开放数据" not in r.stderr.strip().splitlines()[-1]

    flow = next((project / "flows").glob("*.yaml"))
    flow.write_text(flow.read_text(encoding="utf-8").replace("steps:", "stepz:", 1), encoding="utf-8")
    r = powerlist("build", "--shard", "1/2", project)  # errors: no --draft to suggest, shards refuse it
    assert r.returncode == 1 and "分片未绘制任何内容" in r.stderr and "--draft" not in r.stderr


@pytest.mark.build
def test_a_runners_cache_copied_in_whole_is_named(tmp_path):
    """download-artifact without merge-multiple, or cp -r of the folder itself, puts each runner's cache
    inside the cache, where no entry is found: the build says so instead of drawing everything silently."""
    runner = copy_sample(tmp_path / "runner")
    build(runner, Options(out=runner / "site", shard=(1, 1)))
    final = copy_sample(tmp_path / "final")
    shutil.copytree(runner / CACHE_DIR, final / CACHE_DIR / "powerlist-cache-1")
    r = powerlist("build", final)
    assert r.returncode == 0 and "整个复制进来的缓存文件夹（powerlist-cache-1）" in r.stderr
    r = powerlist("build", runner)  # a cache of its own entries: nothing to say
    assert r.returncode == 0 and "复制进来" not in r.stderr


@pytest.mark.build
def test_prune_cache_keeps_exactly_what_the_build_uses(tmp_path):
    """`build --prune-cache` (a CI cache kept between runs): what earlier versions made goes, and the next
    build of the same catalogue still finds everything it needs (draws, lays out and indexes nothing)."""
    project = copy_sample(tmp_path / "p")
    build(project, Options(out=project / "site"))
    cache = project / CACHE_DIR
    stale = cache / "ab" / ("ab" + "0" * 62 + ".pdf")  # an entry of an earlier version
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"%PDF old")
    (cache / "search-old").mkdir()
    shutil.rmtree(project / "site")  # so that the next build is not "unchanged"
    r = powerlist("build", "--prune-cache", project)
    assert r.returncode == 0 and "（--prune-cache）" in r.stderr, r.stderr
    assert not stale.exists() and not (cache / "search-old").exists()
    shutil.rmtree(project / "site")
    again = build(project, Options(out=project / "site"))
    assert (again.charts_rendered, again.posters_rendered, again.layouts, again.search_indexed) == (0, 0, 0, 0)
    assert again.documents_rendered == 0 and again.booklets_joined == 0
