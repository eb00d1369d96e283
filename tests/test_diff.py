"""`powerlist diff` and the announcements of published versions, on a temporary git repository whose
commits add, cancel, rename and change powers."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from generator.build import Options, build
from generator.cli import main
from tests.helpers import MINIMAL

GIT = ["git", "-c", "user.email=office@example.gov.cn", "-c", "user.name=office", "-c", "commit.gpgsign=false"]


def git(root, *args, date="2026-01-05T10:00:00"):
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin", "HOME": str(root)}
    subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, env=env)


def edit_unit(root, change):
    path = root / "catalog" / "bureau.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_flow(root, name, change):
    path = root / "flows" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def power(data, code):
    return next(p for p in data["powers"] if p["code"] == code)


@pytest.fixture
def repo(tmp_path):
    """v1: the minimal project. v2: one power added, one cancelled, one renamed, one changed."""
    root = tmp_path / "office"
    shutil.copytree(MINIMAL, root)
    with open(root / "powerlist.yaml", "a", encoding="utf-8") as f:
        f.write("release_tags: qlqd-*\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v1", date="2026-01-05T10:00:00")
    git(root, "tag", "qlqd-2026-01", date="2026-01-05T10:00:00")

    def v2(data):
        licence = power(data, "XK00001000")
        data["powers"].append(dict(licence, code="XK00002000", name="新增的测试许可"))  # added
        data["powers"] = [p for p in data["powers"] if p["code"] != "SY00001000"]  # cancelled
        power(data, "CF00001000")["name"] = "对违法行为的行政处罚（调整后）"  # renamed
        licence["promised_limit"] = 12  # changed: limit, basis, office
        licence["basis"] = licence["basis"][:1]
        licence["office"] = "行政审批股"
    edit_unit(root, v2)
    def flow_v2(f):
        f["steps"][2]["risks"][0].update(level="高", owner="director", description="审查不细致（升级）")
        f["steps"][2]["supervision"] = "股长复核"
    edit_flow(root, "licence", flow_v2)
    git(root, "commit", "-qam", "v2", date="2026-03-01T10:00:00")
    git(root, "tag", "qlqd-2026-03", date="2026-03-01T10:00:00")
    return root


def test_diff_names_each_change(repo, capsys):
    assert main(["diff", "qlqd-2026-01", "qlqd-2026-03", "--dir", str(repo), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_code = {c["code"]: c for c in report["changes"]}
    assert report["summary"] == {"added": 1, "cancelled": 1, "renamed": 1, "changed": 1}
    assert by_code["XK00002000"]["kind"] == "added" and by_code["XK00002000"]["name"] == "新增的测试许可"
    assert by_code["SY00001000"]["kind"] == "cancelled" and by_code["SY00001000"]["name"] == "大额资金使用"
    renamed = by_code["CF00001000"]
    assert renamed["kind"] == "renamed" and renamed["old_name"] == "对违法行为的行政处罚"
    assert renamed["name"] == "对违法行为的行政处罚（调整后）"
    details = by_code["XK00001000"]["details"]
    assert by_code["XK00001000"]["kind"] == "changed"
    assert "承诺时限：10 个工作日 → 12 个工作日" in details
    assert "承办机构：审批股 → 行政审批股" in details
    assert any(d.startswith("实施依据 删除：【行政法规】《某某法实施条例》第五条第二款") for d in details)
    assert any(d.startswith("风险点 新增（审查）：★ 高 审查不细致（升级）") for d in details)
    assert any(d.startswith("风险点 删除（审查）：审查不细致") for d in details)


def test_diff_against_the_working_tree_and_as_text(repo, capsys):
    edit_unit(repo, lambda d: power(d, "XK00001000").update(fee="按标准收费", fee_basis="示例县物价局核定"))
    assert main(["diff", "HEAD", "--dir", str(repo)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "[变更] XK00001000 测试许可（测试县测试局）"
    assert "    收费标准：不收费 → 按标准收费" in out


def test_diff_between_two_folders(repo, tmp_path, capsys):
    old = tmp_path / "old"
    shutil.copytree(MINIMAL, old)
    assert main(["diff", str(old), str(repo), "--dir", str(repo)]) == 0
    assert "[新增] XK00002000 新增的测试许可" in capsys.readouterr().out


def test_announcement_pdf(repo, tmp_path):
    out = tmp_path / "公告.pdf"
    assert main(["diff", "qlqd-2026-01", "qlqd-2026-03", "--dir", str(repo), "--format", "pdf", "-o", str(out),
                 "--date", "2026-03-02", "--issuer", "测试县人民政府办公室", "--number", "测政办〔2026〕3号"]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于调整测试县权力清单的公告" in text
    for heading in ("新增的职权（1 项）", "取消的职权（1 项）", "名称调整的职权（1 项）", "变更的职权（1 项）"):
        assert heading in text
    assert "2026年3月2日" in text and "2026-03-02" not in text  # GB/T 9704: 2026年3月2日
    assert "测试县人民政府办公室" in text and "测政办〔2026〕3号" in text  # 落款 and 文号
    assert "qlqd-2026" not in text and "当前文件" not in text  # the office's version names stay out


def test_unknown_revision_is_a_usage_error_not_a_traceback(repo, capsys):
    assert main(["diff", "no-such-tag", "--dir", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "找不到版本 'no-such-tag'" in err and "Traceback" not in err


@pytest.mark.build
def test_site_announcements_list_the_published_versions_by_date(repo):
    # not yet tagged
    edit_unit(repo, lambda d: power(d, "XK00001000").update(fee="按标准收费", fee_basis="示例县物价局核定"))
    report = build(repo, Options(out=repo / "site", documents=False, posters=False))
    assert not [f for f in report.findings if f.severity == "error"]
    html = (repo / "site" / "announcements.html").read_text(encoding="utf-8")
    order = [html.index(x) for x in ("本版本", "2026年3月1日</time>发布<", "2026年1月5日</time>发布<")]
    assert order == sorted(order)  # newest first
    assert "收费标准：不收费 → 按标准收费" in html and "首次公布" in html
    assert 'href="powers/XK00002000.html"' in html and 'href="powers/SY00001000.html"' not in html  # cancelled: no page
    git(repo, "commit", "-qam", "v3", date="2026-04-01T10:00:00")
    git(repo, "tag", "qlqd-2026-04", date="2026-04-01T10:00:00")
    build(repo, Options(out=repo / "site", documents=False, posters=False))  # a new tag is a new input
    html = (repo / "site" / "announcements.html").read_text(encoding="utf-8")
    assert "2026年4月1日</time>发布<" in html and "</time>发布（本版本）" not in html  # no longer pending
    assert "qlqd-" not in html  # the office's tag names are not the citizen's


def test_diff_reports_every_other_public_field(repo, capsys):
    edit_unit(repo, lambda d: power(d, "CF00001000").update(sub_items=["一般情形"], conditions="- 条件"))

    def flow(f):
        f["steps"][0]["duty"] = "新的职责要求"
    edit_flow(repo, "licence", flow)
    edit_flow(repo, "licence", lambda f: f["steps"][2]["risks"][0].update(type="岗位职责"))
    assert main(["diff", "HEAD", "--dir", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "[变更] CF00001000" in out and "子项（无） → 一般情形" in out and "申请条件（无） → - 条件" in out
    assert "流程环节 受理：职责要求" in out and "新的职责要求" in out
    assert "风险类型 业务流程 → 岗位职责" in out or "风险类型" in out


@pytest.mark.build
def test_a_revision_without_the_project_is_an_error_and_no_release(tmp_path, capsys):
    top = tmp_path / "repo"
    top.mkdir()
    (top / "README.md").write_text("x")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "readme only", date="2026-01-01T10:00:00")
    git(top, "tag", "qlqd-0", date="2026-01-01T10:00:00")
    shutil.copytree(MINIMAL, top / "proj")
    with open(top / "proj" / "powerlist.yaml", "a", encoding="utf-8") as f:
        f.write("release_tags: qlqd-*\n")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "project", date="2026-02-01T10:00:00")
    assert main(["diff", "qlqd-0", "--dir", str(top / "proj")]) == 2
    assert "没有权力清单文件" in capsys.readouterr().err
    report = build(top / "proj", Options(out=top / "proj" / "site", documents=False, posters=False))
    assert "qlqd-0" not in (top / "proj" / "site" / "announcements.html").read_text(encoding="utf-8")
    assert report.skipped_releases == ["qlqd-0"]  # and `powerlist build` says so


@pytest.mark.build
def test_release_changes_are_cached_so_a_build_loads_only_the_last_release(repo, monkeypatch):
    """What changed between two tagged commits never changes: the second build reuses it and loads
    only the newest tagged version (for the pending changes), and the page is the same."""
    from generator import history

    build(repo, Options(out=repo / "site", documents=False, posters=False, charts=False))
    first = (repo / "site" / "announcements.html").read_bytes()
    loaded = []
    real = history.public_version
    monkeypatch.setattr(history, "public_version", lambda root, spec: loaded.append(spec) or real(root, spec))
    # a new input: not skipped
    edit_unit(repo, lambda d: power(d, "XK00001000").update(fee="按标准收费", fee_basis="示例县物价局核定"))
    build(repo, Options(out=repo / "site", documents=False, posters=False, charts=False))
    tags = subprocess.run(["git", "-C", str(repo), "rev-parse", "qlqd-2026-03^{commit}"], capture_output=True,
                          text=True, check=True).stdout.strip()
    assert loaded == [tags]  # the last release only, not every release again
    html = (repo / "site" / "announcements.html").read_text(encoding="utf-8")
    assert "收费标准：不收费 → 按标准收费" in html  # the pending change, against the last release
    import re

    def released(page: str) -> str:  # the tagged versions' sections as text (their ids shift by one)
        return re.sub(r"<[^>]+>", "", page[page.index("2026年3月1日</time>发布<"):])
    assert released(html) == released(first.decode())  # from the cache, unchanged
