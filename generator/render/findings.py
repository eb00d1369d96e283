"""Findings as text (one per line), JSON, and SARIF 2.1.0 for code hosts' pull-request annotations."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from ..findings import Finding
from ..rules import Rule
from ..rules.explain import explain, terminal_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


# Names and ids from YAML may hold line breaks; shown escaped, a finding can never span or forge a line.
_VISIBLE = {c: f"\\x{c:02x}" for c in range(32)} | {10: "\\n", 13: "\\r", 9: "\\t", 0x7F: "\\x7f",
                                                   0x85: "\\x85", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def one_line(text: str) -> str:
    return text.translate(_VISIBLE)


def as_text(findings: list[Finding], display) -> str:
    """``path:line:col: severity CODE message — 提示：hint``, one finding per line."""
    lines = []
    for f in findings:
        where = f"{one_line(display(f.loc.path))}:{f.loc.line}:{f.loc.col}"
        lines.append(f"{where}: {f.severity} {f.code} {one_line(f.message)} — 提示：{one_line(f.hint)}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary_text(findings: list[Finding], counts: dict[str, int]) -> str:
    c = Counter(f.severity for f in findings)
    scope = f"{counts['units']} 个单位，{counts['powers']} 项职权，{counts['flows']} 个流程"
    if not findings:
        return f"检查通过：{scope}，没有发现问题。"
    text = f"发现 {c['error']} 个错误，{c['warning']} 个警告（{scope}）。"
    if any(f.code < "PL100" and f.severity == "error" for f in findings):  # the loader's own: they stop the rules
        text += "\n先修正以上格式错误（PL0xx）；修正后才会运行其余检查规则。"
    return text


def as_json(findings: list[Finding], counts: dict[str, int], rules: dict[str, Rule], display) -> str:
    c = Counter(f.severity for f in findings)
    doc = {
        "schema_version": 1,
        "tool": {"name": "powerlist", "version": __version__},
        "summary": {"errors": c["error"], "warnings": c["warning"], **counts},
        "findings": [
            {
                "path": display(f.loc.path),
                "line": f.loc.line,
                "column": f.loc.col,
                "severity": f.severity,
                "code": f.code,
                "rule": rules[f.code].name if f.code in rules else f.code,
                "message": f.message,
                "hint": f.hint,
            }
            for f in findings
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def as_sarif(findings: list[Finding], rules: dict[str, Rule], location) -> str:
    """SARIF 2.1.0, as GitHub code scanning and GitLab's report viewers read it.

    ``location(path)`` gives the artifactLocation: a percent-encoded URI relative to %SRCROOT% (the
    working directory, normally the repository root) or an absolute file: URI."""
    used = sorted({f.code for f in findings} | set(rules))
    index = {code: i for i, code in enumerate(used)}
    driver_rules = []
    for code in used:
        r = rules.get(code)
        # in Chinese: GitHub and GitLab show these to the reviewer of the pull request
        text = explain(r) if r else None
        driver_rules.append({
            "id": code,
            "name": r.name if r else code,
            "shortDescription": {"text": f"{text.title}：{text.summary}" if text else code},
            "fullDescription": {"text": terminal_text(text.doc) if text else code},
            "help": {"text": r.hint if r else "", "markdown": text.doc if text else ""},
            "defaultConfiguration": {"level": (r.severity if r else "error")},
        })
    results = []
    for f in findings:
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity,
            "message": {"text": f"{f.message}。提示：{f.hint}"},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": location(f.loc.path),
                    "region": {"startLine": f.loc.line, "startColumn": f.loc.col},
                }
            }],
        })
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "powerlist", "version": __version__, "rules": driver_rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _workflow_escape(text: str, *, prop: bool = False) -> str:
    """GitHub workflow commands: %, CR and LF are escaped in messages; also : and , in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def as_github(findings: list[Finding], display) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::message``): the runner turns each
    into an annotation on the pull request's changed lines, with no code-scanning set-up."""
    lines = []
    for f in findings:
        kind = "error" if f.severity == "error" else "warning"
        props = ",".join(f"{k}={_workflow_escape(str(v), prop=True)}" for k, v in (
            ("file", display(f.loc.path)), ("line", f.loc.line), ("col", f.loc.col), ("title", f"powerlist {f.code}")))
        lines.append(f"::{kind} {props}::{_workflow_escape(f'{f.message}。提示：{f.hint}')}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_codeclimate(findings: list[Finding], display) -> str:
    """GitLab Code Quality report (the Code Climate issue format): shown on merge requests, in the
    changes tab beside the lines. Fingerprints are stable so that GitLab can tell new findings from old."""
    import hashlib

    issues, seen = [], Counter()
    for f in findings:
        path = display(f.loc.path)
        # stable when lines move (no line number); the n-th equal finding in a file gets its own
        seen[(f.code, path, f.message)] += 1
        n = seen[(f.code, path, f.message)]
        fingerprint = hashlib.sha256(f"{f.code}\0{path}\0{f.message}\0{n}".encode()).hexdigest()[:32]
        issues.append({
            "type": "issue",
            "check_name": f.code,
            "description": f"{f.code} {f.message}。提示：{f.hint}",
            "categories": ["Bug Risk" if f.severity == "error" else "Style"],
            "severity": "major" if f.severity == "error" else "minor",
            "fingerprint": fingerprint,
            "location": {"path": path, "lines": {"begin": f.loc.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
