"""JSON Schemas of the four YAML file kinds, for editors: a YAML language server (VS Code's YAML
extension, JetBrains IDEs) completes keys, shows each key's Chinese title and description on hover,
and underlines misspelt keys and wrong values while the file is typed.

The schemas are derived from the model (``generator.model``): the same dataclasses, types and
``spec()`` metadata that the loader checks against, so editor and ``powerlist check`` never disagree
on which keys exist. JSON Schema draft-07, the draft that YAML language servers support best.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing

from .. import model, spec
from ..schema import MAX_NUMBER, fields_of

DRAFT = "http://json-schema.org/draft-07/schema#"
BASE_ID = "https://powerlist.example/schema/"  # a name, never fetched: editors use the local files

# file kind -> (class, Chinese title, description)
KINDS: dict[str, tuple[type, str, str]] = {
    "settings": (model.Settings, "项目设置（powerlist.yaml）", "权力清单项目的设置；各项均可省略。"),
    "sources": (model.SourceLibrary, "法律依据库（catalog/sources.yaml）",
                "各项职权引用的法律、法规、规章和规范性文件；每个版本一项。"),
    "unit": (model.Unit, "单位权力清单（catalog/<单位>.yaml）", "一个单位的基本信息、岗位、人员名册（不公开）和职权。"),
    "flow": (model.Flow, "权力运行流程（flows/<流程>.yaml）", "一项或多项职权的办理环节、岗位、时限、监督和风险点。"),
}
# Chinese names of the nested objects (the classes' docstrings are English, for developers)
OBJECT_TITLES = {
    "LegalSource": "法律依据", "Post": "岗位", "RosterEntry": "人员名册条目", "Citation": "实施依据",
    "Responsibility": "责任事项", "Power": "职权（权力事项）", "Transition": "下一环节",
    "RiskPoint": "风险点（★）", "Step": "环节",
}
FILES = {kind: f"{kind}.schema.json" for kind in KINDS}


def schema(kind: str) -> dict:
    """The JSON Schema of one file kind (settings, sources, unit, flow)."""
    cls, title, description = KINDS[kind]
    definitions: dict[str, dict] = {}
    root = {"$schema": DRAFT, "$id": BASE_ID + FILES[kind], "title": title, "description": description,
            **_object(cls, definitions)}
    if definitions:
        root["definitions"] = dict(sorted(definitions.items()))
    return root


def schema_files() -> dict[str, bytes]:
    """File name -> content, for every kind; stable bytes (sorted keys are not used: key order is the
    order of the fields, which editors show in completion lists)."""
    return {FILES[kind]: (json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n").encode() for kind in KINDS}


def _object(cls, definitions: dict) -> dict:
    properties, required = {}, []
    for name, tp, f in fields_of(cls):
        optional = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        prop = _type(tp, definitions)
        if f.metadata.get("aliases") and "enum" in prop:  # other accepted spellings (一级 for 高)
            prop = {"enum": [*prop["enum"], *f.metadata["aliases"]]}
        if optional and "anyOf" not in prop or optional and {"type": "null"} not in prop.get("anyOf", []):
            prop = {"anyOf": [prop, {"type": "null"}]}  # `key:` left empty means "not given"
        if optional:  # `key: ""` on an optional key means "not given" too
            for option in prop["anyOf"]:
                if option.get("type") == "string" and "format" not in option:
                    option.pop("pattern", None)
        meta = f.metadata
        doc = meta.get("doc") or ""
        notes = [doc]
        if meta.get("markdown") and "Markdown" not in doc:
            notes.append("可用 Markdown")
        if meta.get("private"):
            notes.append("不公开发布：不会出现在网站、文档和开放数据中")
            notes.remove(doc)
        prop = {"title": meta.get("title", name), **({"description": "；".join(n for n in notes if n)}
                                                     if any(notes) else {}), **prop}
        if f.default is not dataclasses.MISSING and f.default is not None and not meta.get("private"):
            prop["default"] = _json_value(f.default)
        if meta.get("minimum") is not None:
            _add_minimum(prop, meta["minimum"])
        if meta.get("min_items"):
            _find_array(prop)["minItems"] = meta["min_items"]
        _add_bounds(prop, meta.get("max_length", spec.SHORT_TEXT), meta.get("max_items", spec.MAX_ITEMS))
        properties[name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(name)
    out = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def _type(tp, definitions: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _type(args[0], definitions) if len(args) == 1 else {"anyOf": [_type(a, definitions) for a in args]}
        return {"anyOf": [inner, {"type": "null"}]}  # `key:` left empty means "not given"
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0], definitions)}
        return {"type": "array", "items": [_type(a, definitions) for a in args], "additionalItems": False,
                "minItems": len(args), "maxItems": len(args)}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder first: a class may refer to itself
            definitions[name] = {"title": OBJECT_TITLES.get(name, name), **_object(tp, definitions)}
        ref = {"$ref": f"#/definitions/{name}"}
        if getattr(tp, "from_scalar", None):  # a step id alone stands for {to: id}
            return {"anyOf": [{"type": "string", "pattern": r"\S"}, ref]}
        return ref
    if tp is model.Phone:
        return {"type": ["string", "integer"]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer", "maximum": MAX_NUMBER}
    if tp is float:
        return {"type": "number", "maximum": MAX_NUMBER}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tp is str:
        return {"type": "string", "pattern": r"\S"}  # not empty, not only spaces
    raise TypeError(f"no JSON Schema for {tp!r}")


def _add_minimum(prop: dict, minimum: float) -> None:
    for option in prop.get("anyOf", [prop]):
        if option.get("type") in ("integer", "number"):
            option["minimum"] = minimum


def _add_bounds(prop: dict, max_length: int, max_items: int) -> None:
    """PL012's limits, so that the editor underlines a pasted-in novel as the checker would."""
    for option in prop.get("anyOf", [prop]):
        if option.get("type") == "string" and "format" not in option:
            option["maxLength"] = max_length
        elif option.get("type") == "array" and "additionalItems" not in option:
            option["maxItems"] = max_items
            items = option["items"]
            for item in items.get("anyOf", [items]):
                if item.get("type") == "string":
                    item["maxLength"] = max_length


def _find_array(prop: dict) -> dict:
    for option in prop.get("anyOf", [prop]):
        if option.get("type") == "array":
            return option
    return prop


def _json_value(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _json_value(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("skip") and getattr(value, f.name) != f.default}
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
