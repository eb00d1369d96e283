"""CI and pre-commit integration: the annotation formats, and the templates' commands."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main, make_parser
from tests.helpers import MINIMAL

REPO = Path(__file__).resolve().parent.parent


def bad_project(tmp_path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    path = root / "catalog" / "bureau.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 测试许可\n", "name: 测试许可\n    catgory: x\n", 1),
                    encoding="utf-8")
    return root


def test_github_format_gives_one_annotation_per_finding(tmp_path, capsys, monkeypatch):
    root = bad_project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["check", "--format", "github", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    m = re.fullmatch(r"::error file=catalog/bureau\.yaml,line=(\d+),col=(\d+),title=powerlist PL003::(.*)", out[0])
    assert m and "catgory" in m.group(3) and "category" in m.group(3)
    line = (root / "catalog" / "bureau.yaml").read_text(encoding="utf-8").splitlines()[int(m.group(1)) - 1]
    assert "catgory" in line


def test_github_format_cannot_be_split_or_forged_by_text(tmp_path):
    from generator.findings import Finding, Loc
    from generator.render.findings import as_github

    f = Finding(Loc("catalog/a,b:c.yaml", 3, 4), "warning", "PL999", "名称\n::error::forged 100%", "提示")
    out = as_github([f], lambda p: p)
    assert out.count("\n") == 1 and "%0A" in out and "100%25" in out  # one line: no command can start
    assert out.startswith("::warning file=catalog/a%2Cb%3Ac.yaml,line=3,col=4,")


def test_codeclimate_format_is_what_gitlab_reads(tmp_path, monkeypatch):
    root = bad_project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["check", "--format", "codeclimate", "-o", "report.json", "."]) == 1
    issues = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert len(issues) == 1
    issue = issues[0]
    assert issue["check_name"] == "PL003" and issue["severity"] == "major" and len(issue["fingerprint"]) == 32
    assert issue["location"]["path"] == "catalog/bureau.yaml" and issue["location"]["lines"]["begin"] > 1
    main(["check", "--format", "codeclimate", "-o", "again.json", "."])
    assert json.loads((root / "again.json").read_text())[0]["fingerprint"] == issue["fingerprint"]  # stable


def _commands(template: dict) -> list[str]:
    """The shell commands of a CI template's steps/scripts that call powerlist."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script", "after_script") and isinstance(value, (str, list)):
                    for text in value if isinstance(value, list) else value.splitlines():
                        found.extend(line.strip() for line in text.splitlines()
                                     if line.strip().startswith("powerlist "))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(template)
    return found


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml", "github-actions-shards.yml",
                                  "gitlab-ci-shards.yml"])
def test_ci_templates_parse_and_call_real_options(name):
    template = yaml.safe_load((REPO / "docs" / "ci" / name).read_text(encoding="utf-8"))
    commands = _commands(template)
    assert (any(c.startswith("powerlist check") for c in commands)
            and any(c.startswith("powerlist build") for c in commands))
    parser = make_parser()
    for command in commands:
        args = shlex.split(command.split("||")[0])[1:]
        parser.parse_args(args)  # exits (SystemExit) on an unknown option
        assert "--draft" not in args  # a draft is never what CI publishes (issue 17)
    assert "test ! -e public/DRAFT.txt" in (REPO / "docs" / "ci" / name).read_text(encoding="utf-8")
    text = (REPO / "docs" / "ci" / name).read_text(encoding="utf-8")
    if name.startswith("github"):
        assert "--format github" in text and "deploy-pages" in text
    else:
        assert "codequality: gl-code-quality-report.json" in text and "paths: [public]" in text
    if "shards" not in name:  # the cache kept between runs: a run after an edit lays out only what changed
        cached = [step["with"]["path"] for step in template["jobs"]["publish"]["steps"]
                  if step.get("uses", "").startswith("actions/cache@")] if name.startswith("github") else \
            template["pages"]["cache"]["paths"]
        assert cached in ([".powerlist-cache"], [".powerlist-cache/"])
    if "shards" in name:  # every shard's cache reaches the job that assembles the site
        assert any(c.startswith("powerlist build --shard") for c in commands)
        if name.startswith("github"):
            jobs = template["jobs"]
            assert jobs["shard"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
            assert "--shard \"${{ matrix.shard }}/${{ strategy.job-total }}\"" in text  # N is the matrix's length
            assert jobs["publish"]["needs"] == "shard" and "merge-multiple: true" in text
        else:
            assert template["powerlist-shard"]["parallel"] == 4 and template["pages"]["needs"] == ["powerlist-shard"]
            assert template["powerlist-shard"]["artifacts"]["paths"] == [".powerlist-cache/"]


def test_pre_commit_hook_runs_check_on_project_yaml(tmp_path):
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "powerlist-check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ["catalog/finance.yaml", "flows/a.yaml", "powerlist.yaml",
                                         "catalog/sources.yml"])
    assert not any(files.search(p) for p in ["docs/ci/gitlab-ci.yml", "README.md", "tests/fixtures/x.py"])
    root = bad_project(tmp_path)  # the hook's entry, as pre-commit runs it in the repository
    entry = shlex.split(hook["entry"])
    r = subprocess.run([sys.executable, "-m", "generator.cli", *entry[1:]], cwd=root, capture_output=True, text=True,
                       env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 1 and "PL003" in r.stdout


def test_codeclimate_fingerprints_are_unique_per_finding():
    from generator.findings import Finding, Loc
    from generator.render.findings import as_codeclimate

    same = [Finding(Loc("catalog/a.yaml", line, 3), "error", "PL102", "法律依据 'TODO' 不在法律依据库中", "x")
            for line in (22, 32)]
    prints = [i["fingerprint"] for i in json.loads(as_codeclimate(same, lambda p: p))]
    assert len(set(prints)) == 2
