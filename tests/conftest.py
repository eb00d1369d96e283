import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample county built into a temporary folder: (site folder, project, build report)."""
    from generator.build import Options, build
    from generator.project import load_project
    from sitetools import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("site") / "proj")
    report = build(root, Options(out=root / "site"))
    return root / "site", load_project(root).project, report


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The minimal project with an XSS corpus in every free-text field, built: the site folder."""
    from generator.build import Options, build
    from sitetools import make_hostile

    root = make_hostile(tmp_path_factory.mktemp("xss") / "proj")
    report = build(root, Options(out=root / "site"))
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [], [f"{f.loc.path}:{f.loc.line} {f.code} {f.message}" for f in errors]
    return root / "site"
