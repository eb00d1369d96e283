"""Any project that `check` accepts builds (issue 14's top-level rule): a property over generated
projects with every optional field absent or present, and odd but valid values.

The generator walks the model itself (``fields_of``), so a field added to the model is generated
here without a change: each optional field of the minimal project's objects is left out, emptied
(``key:``), or given a value of its type (odd Unicode, markup and template syntax, text at the
length limit, zero, fractions, far dates ...). Rule-level changes that a draft makes are generated
too (a power without basis or with a flow that does not exist yet, under ``ignore``). Projects that
`check` rejects are discarded (``assume``); every accepted one is built for real (Graphviz,
WeasyPrint, Pagefind), and the build must end without an exception and write the site.
"""

from __future__ import annotations

import datetime as dt
import os
import typing
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, event, given, seed, settings
from hypothesis import strategies as st

from generator import model, spec
from generator.build import Options, build
from generator.project import load_files
from generator.rules import check
from generator.rules.codes import uscc_check_char
from generator.schema import fields_of
from tests.helpers import minimal_files

# Every example is a real build (build implies slow: see conftest.py).
pytestmark = pytest.mark.build

# >= 300 examples in CI (issue 14), in six tests of their own seeds so that `pytest -n` (xdist)
# spreads them over the cores; POWERLIST_BUILD_EXAMPLES sets the number per test.
PARTS = 6
EXAMPLES = int(os.environ.get("POWERLIST_BUILD_EXAMPLES", "50"))
# No shrinking: each try is a real build (a second or more), and a shrink runs hundreds of them; the
# failing project is printed as generated.
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate], print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])

# Text that is valid YAML content but odd to render: markup and template syntax, quotes, entities,
# right-to-left and zero-width marks, emoji, full-width forms, Markdown, line and paragraph breaks.
ODD = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "&amp;", "\"'`", "\\N", "]; x [", "a\nb",
       "\u202eabc", "a\u200db", "😀👨‍👩‍👧", "ＡＢＣ１２３", "**粗体** [链接](https://example.cn/)", "# 标题",
       "=1+1", " =SUM(A1)", "@x", "%s %(x)s", "一\u3000二", "—", "·", "\t缩进", "x" * 40, "第一条\n\n第二条"]
_letters = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"))
short_text = st.one_of(st.sampled_from(ODD), st.text(_letters, min_size=1, max_size=30))


@st.composite
def text(draw, limit: int):
    """A non-blank text within ``limit`` characters; sometimes right at the limit."""
    value = draw(short_text)
    if draw(st.integers(0, 24)) == 0:  # a long text: repeated up to the field's bound
        value = (value * (limit // max(len(value), 1) + 1))[:limit]
    value = value[:limit]
    assume(value.strip())
    return value


def value_for(draw, tp, meta):
    """A value of model type ``tp`` (plain types only; nested objects are handled by the caller)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType")):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return value_for(draw, args[0], meta)
    if origin is typing.Literal:
        return draw(st.sampled_from(typing.get_args(tp)))
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis and not _is_node(args[0]):
            return [value_for(draw, args[0], meta) for _ in range(draw(st.integers(1, 3)))]
        return None  # fixed-size tuples (duty pairs) and lists of objects: kept as in the fixture
    if tp is model.Phone:
        return draw(st.sampled_from(["0999-6123456", "12345", "0716-12345678", 12388]))
    if tp is bool:
        return draw(st.booleans())
    if tp is int:
        low = int(meta.get("minimum") or 0)
        return draw(st.sampled_from([low, low + 1, 7, 60, 365]))
    if tp is float:
        return draw(st.sampled_from([0, 0.5, 1, 2.25, 30]))
    if tp is dt.date:
        return draw(st.sampled_from([dt.date(1949, 10, 1), dt.date(2000, 2, 29), dt.date(2025, 12, 31)]))
    if tp is str:
        return draw(text(meta.get("max_length", spec.SHORT_TEXT)))
    return None


def _is_node(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, model.Node)


# Fields whose value is a reference or an identity: changing them is a different project, not an
# odd value (an id names a file, a post names a post); they stay as the fixture has them.
KEEP = {"id", "source", "to", "post", "posts", "owner", "unit", "flow", "code", "category", "level", "role",
        "action", "item_code_pattern", "phone_pattern", "check_date", "ignore", "max_file_bytes", "short_numbers",
        "incompatible_duties", "field_actions", "leader_not_in_charge", "release_tags", "effective",
        "repealed", "provincial", "end", "officers", "article", "major"}
# Fields the rules need written (a risk's measures) or whose numbers the timing rules add up: their
# text may change, or they may be left out where the model allows it, but no number is made up.
NOT_EMPTY = {"measures", "supervision"}
NO_NUMBER = {"days", "legal_limit", "promised_limit"}


def vary(draw, cls, data: dict) -> None:
    """Each optional field of ``data`` (a mapping for model class ``cls``): as it is, absent, empty
    or a generated value; nested objects are varied in turn."""
    for name, tp, f in fields_of(cls):
        inner = _inner_class(tp)
        if inner is not None and isinstance(data.get(name), list):
            for item in data[name]:
                if isinstance(item, dict):
                    vary(draw, inner, item)
            continue
        optional = f.default is not spec.REQUIRED or f.default_factory is not spec.REQUIRED
        if name in KEEP:
            continue
        choices = ["keep", "keep", "absent", "empty", "value"] if optional else ["keep", "value"]
        if name in NOT_EMPTY:
            choices = ["keep", "value"]
        elif name in NO_NUMBER:
            choices = ["keep", "absent"]
        choice = draw(st.sampled_from(choices))
        if choice == "absent" and optional:
            data.pop(name, None)
        elif choice == "empty" and optional:
            data[name] = None  # `key:` written with nothing after it
        elif choice == "value":
            value = value_for(draw, tp, f.metadata)
            if value is not None:
                data[name] = value


def _inner_class(tp):
    for arg in typing.get_args(tp) or ():
        if _is_node(arg):
            return arg
        found = _inner_class(arg)
        if found is not None:
            return found
    return tp if _is_node(tp) else None


def _uscc(body: str) -> str:
    return body + uscc_check_char(body)


@st.composite
def projects(draw) -> dict[str, bytes]:
    files = minimal_files()
    docs = {path: yaml.safe_load(data) for path, data in files.items()}
    unit = docs["catalog/bureau.yaml"]
    vary(draw, model.Settings, docs["powerlist.yaml"])
    vary(draw, model.SourceLibrary, docs["catalog/sources.yaml"])
    vary(draw, model.Unit, unit)
    for path in files:
        if path.startswith("flows/"):
            vary(draw, model.Flow, docs[path])
    settings_doc = docs["powerlist.yaml"]
    ignore = []
    if draw(st.booleans()):
        unit["code"] = _uscc(draw(st.sampled_from(["11999999MB0000001", "91110000MA0000000"])))
    if draw(st.booleans()):
        settings_doc["base_url"] = draw(st.sampled_from([
            "https://www.example.gov.cn/qlqd/", "http://127.0.0.1:8000", "https://例子.政务.cn/权力清单/",
            "https://x.cn/" + "a" * 180, "javascript:alert(1)//", "ftp://x.cn/"]))
        if not settings_doc["base_url"].startswith("http"):  # what PL608 refuses, ignored: never on a page
            ignore.append("PL608")
    # What a draft preview does (docs: ignore: [PL506, PL101]): a power without basis, a flow not
    # written yet, a source whose dates are not known yet.
    power = draw(st.sampled_from(unit["powers"]))
    if draw(st.integers(0, 3)) == 0:
        power.pop("basis", None)
        ignore.append("PL101")
    if draw(st.integers(0, 3)) == 0:
        power["flow"] = "not-written-yet"
        ignore.append("PL506")
    if draw(st.integers(0, 3)) == 0:
        for source in docs["catalog/sources.yaml"]["sources"]:
            source.pop("effective", None)
    if draw(st.integers(0, 5)) == 0:
        unit["powers"] = []  # a unit that has not listed its powers yet
    if ignore:
        settings_doc["ignore"] = ignore
    return {path: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode() for path, doc in docs.items()}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("property")


def check_then_build(files: dict[str, bytes], workdir: Path) -> None:
    findings, _ = check(load_files("<mem>", files))
    errors = [f for f in findings if f.severity == "error"]
    event("check clean" if not errors else "rejected: " + errors[0].code)
    assume(not errors)
    root = workdir / "proj"
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # one cache and one output for all examples, as an office's repeated builds have: what an example
    # shares with an earlier one is reused, the rest is drawn (jobs=1: no worker pool per example)
    report = build(root, Options(out=workdir / "site", jobs=1))
    assert not [f for f in report.findings if f.severity == "error"]
    assert (workdir / "site" / "index.html").is_file()
    for flow_path in (p for p in files if p.startswith("flows/")):
        assert (workdir / "site" / "posters" / f"{Path(flow_path).stem}.pdf").is_file()


def _property(part: int):
    @seed(1400 + part)
    @PROPERTY
    @given(files=projects())
    def test(files, workdir):
        check_then_build(files, workdir)

    test.__name__ = test.__qualname__ = f"test_every_project_check_accepts_builds_{part}"
    return test


for _part in range(1, PARTS + 1):
    globals()[f"test_every_project_check_accepts_builds_{_part}"] = _property(_part)
