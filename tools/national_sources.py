"""Generate generator/importing/national_sources.tsv: the titles, levels and status of the national laws
and State Council regulations, read from a mirror of the national law database (国家法律法规数据库,
flk.npc.gov.cn) as the lawtext/laws repository publishes it, plus the 部门规章 and provincial
地方性法规 that the LawRefBook/Laws repository files under those names.

    python tools/national_sources.py [--laws REPO] [--lawrefbook REPO] [-o FILE]

Both repositories are read as git repositories (bare or not) at HEAD; the output names their commits
and dates, is sorted and byte-identical for the same commits (no clock is read).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.importing.levels import normalize, order_number  # noqa: E402

LAWS = Path("/work/.mirror/lawtext+laws/repo")
LAWREFBOOK = Path("/work/.mirror/LawRefBook+Laws/repo")
OUTPUT = ROOT / "generator" / "importing" / "national_sources.tsv"
# content/<folder> → level; amendment decisions (修改、废止的决定) are not cited as a basis and are left out
FOLDERS = {"宪法": "宪法", "法律": "法律", "行政法规": "行政法规"}
SKIPPED_GROUPS = {"修改、废止的决定"}
# Filed among the regulations by the database, but a State Council decision (国务院决定) in the sense of
# 行政许可法 第十四条第二款 ("必要时，国务院可以采用发布决定的方式设定行政许可"): it sets licences by decision.
LEVEL_EXCEPTIONS = {"国务院对确需保留的行政审批项目设定行政许可的决定": "国务院决定"}
STATUS_ORDER = ("有效", "尚未生效", "已修改", "已失效", "已废止", "未知")
# LawRefBook's 部门规章 folder also holds notices and work standards: only rules by their name are taken
RULE_NAME = re.compile(r"(?:办法|规定|细则)(?:（试行）)?$")


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=off", *args], input=data,
                          capture_output=True, check=True).stdout


def blobs(repo: Path, folder: str) -> dict[str, str]:
    """Path → text of every .md file under folder at HEAD."""
    listing = git(repo, "ls-tree", "-r", "-z", "HEAD", "--", folder).decode().split("\0")
    entries = [(line.split()[2], line.split("\t", 1)[1]) for line in listing if line and " blob " in line]
    entries = [(sha, path) for sha, path in entries if path.endswith(".md") and not path.endswith("_index.md")]
    out = git(repo, "cat-file", "--batch", data="".join(f"{sha}\n" for sha, _ in entries).encode())
    texts, at = {}, 0
    for _, path in entries:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        texts[path] = out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
        at = header_end + 1 + size + 1
    return texts


def front(text: str, key: str) -> str:
    match = re.search(rf"^{key}: *(.*)$", text.split("\n---", 1)[0], re.M)
    return match.group(1).strip().strip("'\"") if match else ""


def commit(repo: Path) -> str:
    return git(repo, "log", "-1", "--format=%H %cs").decode().strip()


def national(repo: Path) -> list[tuple[str, str, str, str, str, str]]:
    versions: dict[str, list[tuple[str, str, str, str]]] = {}
    for folder, level in FOLDERS.items():
        for text in blobs(repo, f"content/{folder}").values():
            title, group, status = front(text, "title"), front(text, "group"), front(text, "status") or "未知"
            if not title or group in SKIPPED_GROUPS:
                continue
            if re.search(r"[（(]失效[）)]$", title):
                status = "已失效"
            title = normalize(title)
            if folder == "宪法":
                if not title.startswith("中华人民共和国宪法") or "修正案" in title:
                    continue
                title = "中华人民共和国宪法"
            note = re.search(r"^> *（(.*?)）\s*$", text, re.M)  # (1998年2月12日中华人民共和国国务院令第241号发布 …)
            number = order_number(note.group(1)) if note else None
            versions.setdefault(title, []).append((front(text, "date"), status, number or "",
                                                   LEVEL_EXCEPTIONS.get(title, level)))
    rows = []
    for title, found in versions.items():
        found.sort()
        statuses = {status for _, status, _, _ in found}
        # a title is in force if any version is; otherwise the latest version's status
        status = next((s for s in ("有效", "尚未生效") if s in statuses), found[-1][1])
        number = next((n for _, _, n, _ in found if n), "")  # the issuing order, from the earliest version
        rows.append((title, found[-1][3], status, found[-1][0], number, "flk"))
    return rows


def lawrefbook(repo: Path, known: set[str]) -> list[tuple[str, str, str, str, str, str]]:
    best: dict[str, tuple[str, str]] = {}
    paths = list(blobs(repo, "部门规章")) + [p for p in blobs(repo, "DLC") if "/地方性法规/" in p]
    for path in paths:
        match = re.match(r"^(.*?)(?:\((\d{4}-\d{2}-\d{2})\))?\.md$", path.rsplit("/", 1)[1])
        title, date = normalize(match.group(1)), match.group(2) or ""
        level = "部门规章" if path.startswith("部门规章/") else "地方性法规"
        if title in known or (level == "部门规章" and not RULE_NAME.search(title)):
            continue
        if title not in best or date > best[title][1]:
            best[title] = (level, date)
    return [(title, level, "", date, "", "LawRefBook") for title, (level, date) in best.items()]


def generate(laws: Path, refbook: Path | None) -> str:
    rows = national(laws)
    sources = [f"# flk = lawtext/laws (mirror of 国家法律法规数据库 flk.npc.gov.cn), commit {commit(laws)}"]
    if refbook is not None:
        rows += lawrefbook(refbook, {row[0] for row in rows})
        sources.append(f"# LawRefBook = LawRefBook/Laws (部门规章, DLC 地方性法规 folders), commit {commit(refbook)}")
    rows.sort(key=lambda row: (row[0], row[5]))
    head = [
        "# National legal sources by title, for the importer's levels (generator/importing/levels.py).",
        "# Generated by tools/national_sources.py; do not edit by hand.",
        *sources,
        "# status: the database's 有效 / 已废止 / 尚未生效 / 未知 (有效 if any version is), 已失效 for titles",
        "# marked （失效）; empty when the source gives none. date: publication date of the latest version.",
        "# number: the issuing order as the text's note gives it (the first version's), empty when not given.",
        "title\tlevel\tstatus\tdate\tnumber\tsource",
    ]
    return "\n".join(head + ["\t".join(row) for row in rows]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laws", type=Path, default=LAWS)
    parser.add_argument("--lawrefbook", type=Path, default=LAWREFBOOK)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    refbook = args.lawrefbook if args.lawrefbook.exists() else None
    text = generate(args.laws, refbook)
    if str(args.output) == "-":
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
