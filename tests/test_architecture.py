"""The layering promises of docs/architecture.md, read from the code itself: imports go downwards
only, every output path comes from the address book (render/links.py), the project layout is known
in one place, and no module grows into a home for many concerns."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "generator"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
MAX_LINES = 450


def _name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The generator modules ``path`` imports, at any depth of the file (local imports included)."""
    package = _name(path) if path.name == "__init__.py" else _name(path).rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("generator"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}  # "from . import layout" names a module
    return found


def importers_of(prefix: str) -> dict[str, set[str]]:
    return {_name(p): {m for m in imports(p) if m == prefix or m.startswith(prefix + ".")} for p in MODULES}


def test_the_walk_sees_the_imports():
    """The premise of the tests below: relative and local imports are resolved."""
    assert "generator.rules" in imports(PACKAGE / "build" / "pipeline.py")
    assert "generator.layout" in imports(PACKAGE / "build" / "output.py")


def test_only_the_command_line_imports_the_commands():
    offenders = {m: found for m, found in importers_of("generator.commands").items()
                 if found and not m.startswith("generator.commands") and m != "generator.cli"}
    assert not offenders


@pytest.mark.parametrize("lower, upper", [
    ("generator.render", "generator.build"),
    ("generator.changes", "generator.render"),
    ("generator.derived", "generator.render"),
    ("generator.wording", "generator.render"),
    ("generator.index", "generator.render"),
    ("generator.rules", "generator.render"),
    ("generator.rules", "generator.build"),
    ("generator.model", "generator.rules"),
])
def test_imports_go_downwards(lower, upper):
    """A module of a lower stage never imports a higher one."""
    offenders = {m: found for m, found in importers_of(upper).items()
                 if found and (m == lower or m.startswith(lower + "."))}
    assert not offenders


def test_no_module_is_a_home_for_many_concerns():
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert not {m: n for m, n in sizes.items() if n > MAX_LINES}


# An address in a template is made by the address book ({{ root }}{{ unit_href(u.id) }} ...) or comes
# in from the renderer ({{ chart.src }}); only in-page anchors and tel:/data: URIs are written out.
LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')
ALLOWED = re.compile(r"^(?:\{\{.*|#.*|tel:.*|data:.*)$")


def _spelled(text: str) -> list[str]:
    return [v for v in LINK.findall(text) if not ALLOWED.match(v) or re.match(r"^\{\{ root \}\}[^{]", v)]


def test_no_template_spells_an_output_path():
    assert _spelled('<a href="units/x.html"><img src="{{ root }}charts/a.svg"><a href="{{ root }}{{ unit_href(u) }}">'
                    '<a href="#main"><a href="tel:{{ p }}">') == ["units/x.html", "{{ root }}charts/a.svg"]
    spelled = {}
    for template in sorted((REPO / "templates").rglob("*.j2")):
        if found := _spelled(template.read_text(encoding="utf-8")):
            spelled[template.name] = found
    assert not spelled


LAYOUT_NAMES = {"catalog", "flows", "powerlist.yaml", "powerlist.yml", ".powerlist-cache"}


def _layout_paths(tree: ast.AST) -> list[str]:
    """Paths into the project spelled in code: ``root / "catalog"``, ``f"catalog/{unit}.yaml"``."""
    found = []
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            found += [side.value for side in (node.left, node.right)
                      if isinstance(side, ast.Constant) and side.value in LAYOUT_NAMES]
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            found += [node.values[0].value] if re.match(r"(?:catalog|flows)/\S*$", node.values[0].value) else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            found += [node.value] if re.match(r"(?:catalog|flows)/\S+$", node.value) else []
    return found


def test_the_project_layout_is_spelled_in_one_place():
    """Only layout.py joins the project's folders and files into paths (messages and help texts may
    name them to the reader)."""
    assert _layout_paths(ast.parse('root / "catalog" / f"flows/{x}.yaml"')) == ["catalog", "flows/"]  # the premise
    offenders = {_name(path): found for path in MODULES if path.name != "layout.py"
                 and (found := _layout_paths(ast.parse(path.read_text(encoding="utf-8"))))}
    assert not offenders
