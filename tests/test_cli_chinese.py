"""Issue 20: the command line speaks Chinese to the clerk: every command's --help and argparse's own
errors (a wrong option, a missing argument, a bad choice), with English on request."""

from __future__ import annotations

import os
import re

import pytest

from tests.sitetools import powerlist

COMMANDS = ["check", "build", "serve", "new", "diff", "assess", "import", "export", "rules", "schema"]
ENGLISH = re.compile(r"\b(usage|options|positional arguments|optional arguments|show this help|error|"
                     r"the following arguments|invalid choice|unrecognized arguments|expected one)\b")
ENV = {**os.environ, "LANG": "C.UTF-8", "POWERLIST_LANG": ""}


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_chinese(command):
    r = powerlist(*([command] if command else []), "--help", env=ENV)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"用法：powerlist{' ' + command if command else ''}"), r.stdout[:80]
    assert "选项：" in r.stdout and not ENGLISH.search(r.stdout.replace("COMMAND", "")), r.stdout


@pytest.mark.parametrize("args,said", [
    (["check", "--nope"], "无法识别的参数：--nope"),
    (["build", "--paper", "A5"], "参数 --paper: 无效的取值：'A5'"),
    (["build", "--jobs", "x"], "参数 --jobs/-j: 无效的 int 值：'x'"),
    (["diff"], "缺少必需的参数：OLD"),
    (["build", "--portrait", "--landscape"], "不能与参数 --portrait 同时使用"),
    (["frobnicate"], "无效的取值：'frobnicate'"),
])
def test_argparse_errors_are_chinese(args, said):
    r = powerlist(*args, env=ENV)
    assert r.returncode == 2
    assert said in r.stderr and "错误" in r.stderr and not ENGLISH.search(r.stderr), r.stderr


def test_english_on_request():
    r = powerlist("check", "--nope", env={**ENV, "POWERLIST_LANG": "en"})
    assert r.returncode == 2 and "error: unrecognized arguments: --nope" in r.stderr
