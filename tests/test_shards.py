"""Issue 21: a build split over CI runners. Each ``--shard K/N`` lays out its units' charts and posters
and its share of the document parts into its own cache; a build over the merged caches assembles the
site without drawing a chart or laying out a poster again, and gives byte for byte what one build gives."""

from __future__ import annotations

import shutil

import pytest

from generator.build import BuildError, Options, build, shards
from generator.layout import CACHE_DIR
from generator.render import site as render_site
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
