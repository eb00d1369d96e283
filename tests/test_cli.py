"""The ``powerlist check`` and ``powerlist rules`` commands, run as a user runs them."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, REPO

FINDING_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) "
                          r"(?P<code>PL\d{3}) .+ — 提示：.+$")


def powerlist(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def broken(tmp_path):
    """A copy of the minimal project with one error (PL401) and one warning (PL104)."""
    dest = tmp_path / "proj"
    shutil.copytree(MINIMAL, dest)
    unit = dest / "catalog" / "bureau.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("promised_limit: 10", "promised_limit: 25")
                    .replace("article: 第十二条", "article: 12条"),
                    encoding="utf-8")
    return dest


def test_clean_project_exits_0():
    r = powerlist("check", MINIMAL)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert "检查通过" in r.stderr


def test_findings_one_per_line_and_exit_1(broken):
    r = powerlist("check", broken)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    parsed = [FINDING_LINE.match(line) for line in lines]
    assert all(parsed), lines
    by_code = {m["code"]: m for m in parsed}
    assert by_code["PL401"]["sev"] == "error" and by_code["PL104"]["sev"] == "warning"
    assert by_code["PL401"]["path"].endswith("catalog/bureau.yaml")
    text = (broken / "catalog/bureau.yaml").read_text(encoding="utf-8").splitlines()
    assert "promised_limit: 25" in text[int(by_code["PL401"]["line"]) - 1]
    assert "1 个错误，1 个警告" in r.stderr


def test_paths_are_relative_to_the_working_directory(broken):
    r = powerlist("check", ".", cwd=broken)
    assert r.stdout.splitlines()[0].startswith("catalog/bureau.yaml:")


def test_warnings_alone_exit_0_unless_strict(broken):
    unit = broken / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("promised_limit: 25", "promised_limit: 10"),
                    encoding="utf-8")
    assert powerlist("check", broken).returncode == 0
    assert powerlist("check", broken, "--strict").returncode == 1


def test_json_format(broken):
    r = powerlist("check", broken, "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["summary"]["errors"] == 1 and doc["summary"]["warnings"] == 1
    assert doc["summary"]["powers"] == 3
    f = next(f for f in doc["findings"] if f["code"] == "PL401")
    assert f["rule"] == "promised-over-legal" and f["hint"] and f["line"] > 0 and f["column"] > 0


def test_sarif_format(broken, tmp_path):
    out = tmp_path / "out.sarif"
    r = powerlist("check", broken, "--format", "sarif", "-o", out)
    assert r.returncode == 1 and r.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert {res["ruleId"] for res in results} == {"PL401", "PL104"}
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith("catalog/bureau.yaml")
        assert loc["region"]["startLine"] >= 1
        assert res["level"] in ("error", "warning")


def test_text_output_cannot_be_forged_by_line_breaks(tmp_path):
    dest = tmp_path / "p"
    shutil.copytree(MINIMAL, dest)
    unit = dest / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        "name: 测试许可", 'name: "测试许可\\nfake.yaml:1:1: error PL999 injected"').replace(
        "promised_limit: 10", "promised_limit: 25"), encoding="utf-8")
    r = powerlist("check", dest)
    lines = r.stdout.splitlines()
    assert len(lines) == 1 and all(FINDING_LINE.match(line) for line in lines), lines
    assert "\\n" in lines[0] and not any(line.startswith("fake.yaml") for line in lines)


def test_sarif_uris_are_encoded_and_relative_to_the_working_directory(tmp_path):
    dest = tmp_path / "p"
    shutil.copytree(MINIMAL, dest)
    (dest / "flows" / "licence.yaml").rename(dest / "flows" / "资金 流程.yaml")
    r = powerlist("check", ".", "--format", "sarif", cwd=dest)
    run = json.loads(r.stdout)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run["results"]}
    assert "flows/%E8%B5%84%E9%87%91%20%E6%B5%81%E7%A8%8B.yaml" in uris
    (tmp_path / "elsewhere").mkdir()
    r = powerlist("check", dest, "--format", "sarif", cwd=tmp_path / "elsewhere")
    loc = json.loads(r.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "uriBaseId" not in loc


def test_date_option_changes_what_is_in_force(tmp_path):
    dest = tmp_path / "p"
    shutil.copytree(MINIMAL, dest)
    (dest / "powerlist.yaml").write_text("title: 测试\n", encoding="utf-8")
    # On 2020-01-01 the 2021 penalty law was not yet in force.
    r = powerlist("check", dest, "--date", "2020-01-01")
    assert r.returncode == 1 and "PL106" in r.stdout


def test_select_and_ignore(broken):
    r = powerlist("check", broken, "--select", "PL104")
    assert r.returncode == 0 and "PL104" in r.stdout and "PL401" not in r.stdout
    r = powerlist("check", broken, "--ignore", "PL401")
    assert r.returncode == 0 and "PL401" not in r.stdout


@pytest.mark.parametrize("args", [
    ["check", "/no/such/folder"],
    ["check", "--format", "xml"],
    ["check", "--date", "tomorrow"],
    ["check", "--select", "PL999"],
    ["frobnicate"],
    ["check", MINIMAL, "-o", "/no/such/dir/out.txt"],
    ["serve", MINIMAL, "--port", "99999"],  # was an OverflowError traceback from bind()
    ["serve", MINIMAL, "--port", "http"],
    [],
])
def test_usage_errors_exit_2(args, tmp_path):
    r = powerlist(*args, cwd=tmp_path)
    assert r.returncode == 2, r
    assert "Traceback" not in r.stderr


def test_folder_without_catalog_is_a_usage_error(tmp_path):
    r = powerlist("check", tmp_path)
    assert r.returncode == 2 and "catalog/" in r.stderr


def test_broken_yaml_never_gives_a_traceback(tmp_path):
    dest = tmp_path / "p"
    shutil.copytree(MINIMAL, dest)
    (dest / "flows" / "licence.yaml").write_bytes(b"name: [\xff\xfe")
    r = powerlist("check", dest)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.startswith(str(dest / "flows" / "licence.yaml") + ":1:") or "licence.yaml:1:" in r.stdout


def test_rules_listing_and_single_rule():
    env = {**os.environ, "LANG": "C.UTF-8", "POWERLIST_LANG": ""}
    r = powerlist("rules", env=env)
    assert r.returncode == 0 and "  PL202  错误  不相容职责由同一岗位承担" in r.stdout and "分权制衡" in r.stdout
    r = powerlist("rules", "pl202", env=env)
    # explained in Chinese for a terminal: the parts without Markdown marks, the examples indented
    assert r.returncode == 0 and "\n错误示例\n    - {id: review" in r.stdout and "\n正确示例\n" in r.stdout
    assert "**" not in r.stdout and "```" not in r.stdout and "`" not in r.stdout
    r = powerlist("rules", "PL202", "--lang", "en", env=env)
    assert r.returncode == 0 and r.stdout.startswith("PL202 incompatible-duties (error)") and "\nBad\n" in r.stdout
    r = powerlist("rules", "PL999", env=env)
    assert r.returncode == 2 and "未知的规则代码 PL999" in r.stderr


@pytest.mark.parametrize("lang,path", [("zh", "rules.md"), ("en", "rules.en.md")])
def test_docs_rules_md_is_generated_from_the_registry(lang, path):
    r = powerlist("rules", "--markdown", "--lang", lang)
    assert (REPO / "docs" / path).read_text(encoding="utf-8") == r.stdout, \
        f"docs/{path} is stale: run `powerlist rules --markdown --lang {lang} > docs/{path}`"


def test_every_rule_doc_has_why_bad_good_fix():
    from generator.rules import all_rules
    for r in all_rules():
        for part in ("**Why**", "**Bad**", "**Good**", "**Fix**"):
            assert part in r.doc, f"{r.code} lacks {part}"


def test_console_script_installed():
    exe = Path(sys.executable).parent / "powerlist"
    if not exe.exists():
        pytest.skip("package not installed in this interpreter's environment (run the README's set-up)")
    r = subprocess.run([exe, "check", MINIMAL], capture_output=True, text=True)
    assert r.returncode == 0


@pytest.mark.build
def test_serves_second_step_does_not_repeat_the_findings(tmp_path, capsys):
    """serve builds twice after a save (the pages first, then everything): the same files' warnings
    are printed by the first step only."""
    import shutil

    from generator.build import Options
    from generator.commands.build import build_and_report
    from tests.helpers import MINIMAL

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    unit = root / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace(
        "posts:\n", "posts:\n  - {id: clerk, name: 办事员, section: 审批股, role: 工作人员}\n", 1), encoding="utf-8")
    opts = Options(out=root / "site", posters=False, documents=False)
    assert build_and_report(root, dataclasses.replace(opts, defer=True)) == 0
    first = capsys.readouterr()
    assert "warning PL309" in first.out + first.err
    assert build_and_report(root, opts, findings_said=True) == 0
    second = capsys.readouterr()
    assert "PL309" not in second.out + second.err and "网页" in second.err


@pytest.mark.build
def test_serve_says_a_standing_notice_once_per_session(tmp_path, capsys):
    """A notice about the settings (no base_url) or the same long posters stays true after every save:
    serve prints it after its first build only; a one-off build always prints it."""
    import shutil

    from generator.build import Options
    from generator.commands.build import build_and_report
    from tests.helpers import MINIMAL

    root = tmp_path / "proj"
    shutil.copytree(MINIMAL, root)
    opts = Options(out=root / "site", documents=False)
    said: set = set()
    assert build_and_report(root, opts, said=said) == 0
    assert "没有写网站地址 base_url" in capsys.readouterr().err
    unit = root / "catalog" / "bureau.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("审批股", "行政审批股"), encoding="utf-8")
    assert build_and_report(root, opts, said=said) == 0
    again = capsys.readouterr().err
    assert "网页" in again and "base_url" not in again  # built, and the notice not repeated
    unit.write_text(unit.read_text(encoding="utf-8").replace("行政审批股", "审批股"), encoding="utf-8")
    assert build_and_report(root, opts) == 0
    assert "没有写网站地址 base_url" in capsys.readouterr().err
