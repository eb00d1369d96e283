"""The code's habits, checked by the suite: ruff (pyflakes, pycodestyle at 120 columns with a CJK
character counting two, import order) is clean over the package, the benchmarks and the tests."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO


def test_ruff_is_clean():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                        "generator", "bench", "tests"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
