"""Property-based tests: whatever the YAML, loading and checking end in a model or in located
findings, never in an exception. 500+ examples per property run in CI."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.project import load_files
from tests.helpers import check_files, minimal_files

pytestmark = pytest.mark.slow  # 500 examples per property: 2-17 s each

FILES = minimal_files()
PATHS = sorted(FILES)
FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words the format uses, so that random documents reach deep into the builder and the rules.
KEYS = ["name", "code", "category", "posts", "powers", "steps", "id", "post", "action", "next", "to", "when",
        "risks", "level", "owner", "measures", "basis", "source", "article", "flow", "unit", "days", "end",
        "officers", "legal_limit", "promised_limit", "roster", "person", "role", "section", "office", "sources",
        "title", "issuer", "effective", "repealed", "type", "description", "<<", "phone", "major"]
WORDS = ["行政许可", "行政处罚", "三重一大", "高", "中", "低", "受理", "决定", "审批", "集体讨论", "主要领导",
         "领导班子", "window", "deputy", "licence", "bureau", "penalty-law", "第十二条", "XK00001000", "",
         "0999-6123456", "12345", "*a", "&a x", "\\", "'", '"', "{", "}", "<script>", "\n", "- x"]

# Edge values that once crashed the checker: huge integers, NaN/inf, dates at the ends of the calendar,
# regular expressions that overflow or recurse.
EXTREMES = [10**4000, -(10**4000), 2**64, float("nan"), float("inf"), -0.0, dt.date(1, 1, 1), dt.date(9999, 12, 31),
            "a{4294967296}", "(" * 1200 + ")" * 1200, "0x" + "F" * 4000, "XK00001000\n", "=", "<<"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.sampled_from(EXTREMES),
    st.sampled_from(WORDS), st.text(max_size=20), st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25,
)


def assert_located(files, findings):
    for f in findings:
        assert f.loc.path in files, f
        assert f.loc.line >= 1 and f.loc.col >= 1, f
        assert f.severity in ("error", "warning") and f.code.startswith("PL") and f.message and f.hint


@FUZZ
@given(path=st.sampled_from(PATHS), data=values)
def test_random_documents(path, data):
    files = dict(FILES)
    files[path] = yaml.safe_dump(data, allow_unicode=True).encode()
    assert_located(files, check_files(files))


@FUZZ
@given(path=st.sampled_from(PATHS), raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes(path, raw):
    files = dict(FILES)
    files[path] = raw
    assert_located(files, check_files(files))


@st.composite
def text_mutations(draw):
    path = draw(st.sampled_from(PATHS))
    text = FILES[path].decode()
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "drop-line"]))
        piece = draw(st.sampled_from(WORDS + [":", " ", "  ", "-", "[", "]", "#", "&x", "*x", "!!str", "\t",
                                              "0x" + "F" * 4000, ".nan", "-1e999", "9999-12-31", "<<: ", "&m <<"]))
        lines = text.splitlines(keepends=True)
        if op == "insert":
            text = text[:pos] + piece + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 10)):]
        elif op == "replace":
            text = text[:pos] + piece + text[pos + len(piece):]
        elif lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i:i + 1] = [lines[i], lines[i]] if op == "dup-line" else []
            text = "".join(lines)
    return path, text


@FUZZ
@given(mutation=text_mutations())
def test_mutated_sample_text(mutation):
    path, text = mutation
    files = dict(FILES)
    files[path] = text.encode()
    assert_located(files, check_files(files))


def _scalars_of(node):
    if isinstance(node, dict):
        return [x for v in node.values() for x in _scalars_of(v)]
    if isinstance(node, list):
        return [x for v in node for x in _scalars_of(v)]
    return [node]


# Values that occur in the sample: swapping them around keeps files well-formed but wrong in meaning
# (an id where another was meant, a level on the wrong risk), which drives the rules, not the loader.
POOL = sorted({repr(v): v for p in PATHS for v in _scalars_of(yaml.safe_load(FILES[p]))}.values(), key=repr)
plausible = st.one_of(st.sampled_from(POOL), values)


def _slots(node, out):
    """Every (container, key) that holds a value, depth first."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        out.append((node, k))
        _slots(v, out)
    return out


@st.composite
def structural_mutations(draw):
    """Parse every file, then change 1-6 values anywhere in the project: swap in a value of the same
    type found elsewhere, replace with a random value, delete a key or item, or add one."""
    docs = {p: yaml.safe_load(FILES[p]) for p in PATHS}
    changed = set()
    for _ in range(draw(st.integers(1, 6))):
        slots = [(p, c, k) for p in PATHS for c, k in _slots(docs[p], [])]
        path, container, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["swap", "swap", "swap", "replace", "delete", "add"]))
        if op == "swap":  # same type, other value: passes the format, exercises the rules
            same = [v for v in POOL if type(v) is type(container[key])] or POOL
            container[key] = draw(st.sampled_from(same))
        elif op == "replace":
            container[key] = draw(plausible)
        elif op == "delete":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.sampled_from(KEYS))] = draw(plausible)
        else:
            container.append(draw(st.sampled_from(container)))
        changed.add(path)
    return {p: yaml.safe_dump(docs[p], allow_unicode=True) for p in sorted(changed)}


@FUZZ
@given(mutation=structural_mutations())
def test_structurally_mutated_sample(mutation):
    files = dict(FILES)
    files.update({p: text.encode() for p, text in mutation.items()})
    result = load_files("<mem>", files)
    assert result.project is not None
    assert_located(files, check_files(files))
