import pytest

# Session fixtures that run a whole `powerlist build`: a test that uses one (directly or through another
# fixture) is marked `build` and `slow` below, and so is any test marked `build` by hand.
WHOLE_BUILD_FIXTURES = {"sample_site", "hostile_site", "built", "sample"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        closure = set(getattr(item, "fixturenames", ()))
        if closure & WHOLE_BUILD_FIXTURES or item.get_closest_marker("build"):
            item.add_marker(pytest.mark.build)
            item.add_marker(pytest.mark.slow)
        if "browser" in closure:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The sample county built into a temporary folder: (site folder, project, build report)."""
    from generator.build import Options, build
    from generator.project import load_project
    from tests.sitetools import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("site") / "proj")
    report = build(root, Options(out=root / "site"))
    return root / "site", load_project(root).project, report


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The minimal project with an XSS corpus in every free-text field, built: the site folder."""
    from generator.build import Options, build
    from tests.sitetools import make_hostile

    root = make_hostile(tmp_path_factory.mktemp("xss") / "proj")
    report = build(root, Options(out=root / "site"))
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [], [f"{f.loc.path}:{f.loc.line} {f.code} {f.message}" for f in errors]
    return root / "site"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The minimal project (with base_url and version_date) built in full: (project folder, build report).
    Its site is read, never changed: the build and poster tests share it."""
    from generator.build import Options, build
    from tests.sitetools import make_project

    root = make_project(tmp_path_factory.mktemp("b"))
    report = build(root, Options(out=root / "site"))
    return root, report


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """The sample county, built into a temporary folder (the repository's own site/ is left alone),
    without charts and posters: (data folder, project, build report). Read, never changed: the
    documents, booklet and open-data tests share it."""
    from generator.build import Options, build
    from generator.project import load_project
    from tests.sitetools import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("docs") / "proj")
    report = build(root, Options(out=root / "site", charts=False, posters=False))
    project = load_project(root).project
    return root / "site" / "data", project, report
