"""A new edition of a spreadsheet merged into the unit file a project already has (catalog/<unit>.yaml),
keeping what people wrote by hand, and the report of what changed (as ``powerlist diff`` prints it).

ruamel.yaml's round-trip mode edits the file in place: comments, blank lines, key order, flow style
and quoting of everything the edition does not change stay as they were (PyYAML would drop the
comments and rewrite the file). The rules, for each power of the edition, in sheet order:

- it is matched to a power of the file by its code (事项编码), else by its name (事项名称) when the
  name is unique in the file and the file's power has a code the edition does not use (a renumbered
  power); a matched power keeps its place in the file;
- of a matched power, only the fields the edition has columns for (``columns``) are replaced, and only
  when their value differs (so an unchanged field keeps its formatting and comment); an emptied column
  removes the key; every other key (flow, conditions, internal notes … added by hand) is kept;
- a new power is inserted after the power that precedes it in the sheet (at the top when it is first);
- a power of the file that the edition no longer has is removed (the edition decides which powers
  exist; keeping a cancelled power would publish it), and the change names the hand-written fields
  that went with it (git history keeps them). ``remove_missing=False`` keeps such powers instead.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

from ..changes import compare
from ..model import Project, public
from ..project import LoadResult, load_files, load_project, read_folder
from ..render.announcement import changes_text
from ..render.findings import one_line
from .canonical_cells import columns, to_data

_COLUMNS = {c.key: c for c in columns(internal=True)}
_ORDER = list(_COLUMNS)
_YAML11_BOOLS = {"y": True, "yes": True, "true": True, "on": True, "n": False, "no": False, "false": False,
                 "off": False}


@dataclass(frozen=True)
class Edit:
    """One power touched by a merge: ``kind`` added / updated / removed; ``fields``: the Chinese titles
    of the fields replaced (updated) or of the hand-written fields removed with the power (removed)."""

    kind: str
    code: str
    name: str
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        what = {"added": "新增", "updated": "更新", "removed": "删除"}[self.kind]
        tail = {"updated": "更新了 ", "removed": "手工补充的内容随之删除（可从 git 历史找回）："}.get(self.kind, "")
        fields = f"：{tail}{'、'.join(self.fields)}" if self.fields else ""
        return f"[{what}] {self.code} {one_line(self.name)}{fields}"


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes lists indented as the file does (``powers:\\n  - code:``)."""
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    lines = [x for x in text.splitlines() if x.strip() and not x.lstrip().startswith("#")]
    offset = 2
    for above, line in zip(lines, lines[1:]):
        if re.match(r"^\s*[^\s-][^:]*:\s*$", above) and (m := re.match(r"^(\s*)- ", line)):
            offset = max(0, len(m.group(1)) - (len(above) - len(above.lstrip())))
            break
    y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


def _plain(value, key: str = ""):
    """A value for comparison: ruamel's types as plain ones, numbers as text (an unquoted phone 12345
    is the text "12345" to the loader), YAML 1.1 yes/no for a yes/no field as the loader reads them."""
    if isinstance(value, dict):
        return {k: _plain(v, k) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if key in _COLUMNS and _COLUMNS[key].kind == "bool" and text.lower() in _YAML11_BOOLS:
        return _YAML11_BOOLS[text.lower()]
    return text


def _default(key: str):
    return to_data(_COLUMNS[key].default) if key in _COLUMNS else None


def _node(value, key: str = ""):
    """A new value as ruamel writes it, in the files' style: multi-line texts as literal blocks, texts
    the project's loader (YAML 1.1) would read as something else quoted, fixed words in a flow list."""
    if isinstance(value, dict):
        return _map(value)
    if isinstance(value, list):
        seq = CommentedSeq(_node(v) for v in value)
        if key in _COLUMNS and _COLUMNS[key].kind == "words":
            seq.fa.set_flow_style()
        return seq
    if not isinstance(value, str):
        return value
    if "\n" in value:
        lines = value.split("\n")
        if not any(x != x.rstrip() for x in lines) and not value.startswith(" ") and "\t" not in value:
            return LiteralScalarString(value)
        return value
    if pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return SingleQuotedScalarString(value)
    return value


def _map(data: dict) -> CommentedMap:
    known = [k for k in _ORDER if k in data] + [k for k in data if k not in _COLUMNS]
    return CommentedMap((k, _node(data[k], k)) for k in known)


def _set(power: CommentedMap, key: str, value) -> None:
    """Replace a key's value in place, or add the key after the keys that precede it in the model."""
    if key in power:
        power[key] = _node(value, key)
        return
    rank = _ORDER.index(key) if key in _ORDER else len(_ORDER)
    at = sum(1 for k in power if k in _ORDER and _ORDER.index(k) < rank)
    power.insert(at, key, _node(value, key))


def merge_unit(existing_yaml: str, powers: list[dict], columns: set[str], *,
               remove_missing: bool = True) -> tuple[str, list[Edit]]:
    """The unit file's text with the edition's ``powers`` (YAML-ready maps, sheet order) merged in,
    replacing only the fields in ``columns``; and the edits, in sheet order (removed powers last)."""
    y = _yaml(existing_yaml)
    data = y.load(existing_yaml)
    if not isinstance(data, CommentedMap):
        raise ValueError("单位文件的顶层不是键值映射")
    if not isinstance(data.get("powers"), list):
        data["powers"] = CommentedSeq()
    seq = data["powers"]
    codes = {str(p.get("code")): p for p in seq if isinstance(p, dict)}
    names: dict[str, list] = {}
    for p in seq:
        if isinstance(p, dict):
            names.setdefault(str(p.get("name")), []).append(p)
    sheet_codes = {str(p["code"]) for p in powers if p.get("code")}
    matched, added, edits, cursor = set(), set(), [], 0
    for new in powers:
        old = codes.get(str(new.get("code")))
        if old is None or id(old) in matched:
            same = names.get(str(new.get("name")), [])
            old = same[0] if len(same) == 1 and str(same[0].get("code")) not in sheet_codes else None
        if old is None or id(old) in matched:
            item = _map(new)
            seq.insert(cursor, item)
            added.add(id(item))
            cursor += 1
            edits.append(Edit("added", str(new.get("code")), str(new.get("name"))))
            continue
        matched.add(id(old))
        changed = []
        for key in [k for k in _ORDER if k in columns]:
            if key not in new and key in ("code", "name"):
                continue  # a sheet without codes keeps the file's
            value = new.get(key, _default(key))
            if _plain(value, key) == _plain(old.get(key, _default(key)), key):
                continue
            changed.append(_COLUMNS[key].title)
            if value == _default(key) or value is None:
                old.pop(key, None)
            else:
                _set(old, key, value)
        if changed:
            edits.append(Edit("updated", str(old.get("code")), str(old.get("name")), tuple(changed)))
        cursor = next(i for i, p in enumerate(seq) if p is old) + 1
    for p in [p for p in seq if id(p) not in matched | added]:
        if not isinstance(p, dict):
            continue
        hand = [_COLUMNS[k].title if k in _COLUMNS else str(k) for k in p if k not in columns]
        if remove_missing:
            del seq[next(i for i, x in enumerate(seq) if x is p)]
            edits.append(Edit("removed", str(p.get("code")), str(p.get("name")), tuple(hand)))
    out = io.StringIO()
    y.dump(data, out)
    return _spaced(out.getvalue(), _gaps(existing_yaml)), edits


def _items(lines: list[str]) -> tuple[list[int], int]:
    """The first line of each power in the ``powers:`` list (after its comments), and the list's end."""
    start = next((i for i, x in enumerate(lines) if re.match(r"powers:\s*(#.*)?$", x)), None)
    if start is None:
        return [], len(lines)
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#-]", lines[i])), len(lines))
    dash = next((m.group(1) for x in lines[start + 1:end] if (m := re.match(r"(\s*)- ", x))), None)
    items = [i for i in range(start + 1, end) if dash is not None and re.match(rf"{dash}- ", lines[i])]
    return items, end


def _blank_before(lines: list[str], i: int) -> tuple[int, int]:
    """(where the blank lines before line i end, how many): comment lines just above belong to it."""
    while i > 0 and lines[i - 1].lstrip().startswith("#"):
        i -= 1
    n = 0
    while i - n > 0 and not lines[i - n - 1].strip():
        n += 1
    return i, n


def _gaps(text: str) -> tuple[int, int] | None:
    """The blank lines the file puts between powers and after the last, when it does so uniformly."""
    lines = text.split("\n")
    items, end = _items(lines)
    between = {_blank_before(lines, i)[1] for i in items[1:]}
    return (between.pop() if len(between) == 1 else 1, _blank_before(lines, end)[1]) if len(between) <= 1 else None


def _spaced(text: str, gaps: tuple[int, int] | None) -> str:
    """Powers separated as the file separated them: a new power, a replaced last field or a removed
    power moves the blank line ruamel keeps with the value it follows."""
    if gaps is None:
        return text
    lines = text.split("\n")
    items, end = _items(lines)
    for i in [end, *reversed(items[1:])]:
        at, n = _blank_before(lines, i)
        want = gaps[0] if i != end else gaps[1]
        lines[at - n:at] = [""] * want
    return "\n".join(lines)


# ---------------------------------------------------------------- what changed, as powerlist diff says it


def with_files(root: Path | str, changed: dict[str, str | bytes]) -> LoadResult:
    """The project at ``root`` as it would load with ``changed`` ({project-relative path: text}) written:
    the new version, for ``update_report``, before anything is written."""
    files, problems = read_folder(Path(root))
    files.update({k: v.encode() if isinstance(v, str) else v for k, v in changed.items()})
    result = load_files(str(root), files)
    return LoadResult(result.project, tuple(problems) + result.findings)


def _project(version: Path | str | Project | LoadResult, label: str) -> Project | str:
    """The public model of a version, or what to say when it cannot be read."""
    if isinstance(version, (str, Path)):
        version = load_project(version)
    if isinstance(version, LoadResult):
        if not version.readable:
            errors = [f for f in version.findings if f.severity == "error"]
            return "\n".join([f"{label}无法读取："] + [f"  {f.loc.path}:{f.loc.line}: {f.code} {f.message}"
                                                        for f in errors[:20]]) + "\n"
        version = version.project
    return public(version)


def update_report(old: Path | str | Project | LoadResult, new: Path | str | Project | LoadResult,
                  old_label: str = "导入前", new_label: str = "导入后") -> str:
    """The powers added, cancelled, renamed and changed from ``old`` to ``new`` (a project folder, a
    model or a load result, e.g. ``with_files(root, {path: merged_text})``), in ``powerlist diff``'s
    text format (changes.compare on the public models)."""
    before, after = _project(old, old_label), _project(new, new_label)
    if isinstance(before, str) or isinstance(after, str):
        return "".join(x for x in (before, after) if isinstance(x, str))
    return changes_text(compare(before, after), old_label, new_label)
