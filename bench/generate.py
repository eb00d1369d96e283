"""Generate a large catalogue from a project's own patterns (by default the sample county).

Each unit and flow of the source project is cloned (ids get a -c<N> suffix, item codes are
renumbered within their category prefix) until there are exactly ``--flows`` flows; powers are then
repeated across the clones (sharing their flows, as several powers do in practice) until there are
exactly ``--powers``. The result is a complete project that passes `powerlist check` when the
source does.

    python bench/generate.py OUT [--source DIR] [--powers 1500] [--flows 300]
"""

from __future__ import annotations

import argparse
import copy
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def generate(source: Path, out: Path, n_powers: int, n_flows: int) -> tuple[int, int]:
    units = {p.stem: _load(p) for p in sorted((source / "catalog").glob("*.yaml")) if p.stem != "sources"}
    flows = {p.stem: _load(p) for p in sorted((source / "flows").glob("*.yaml"))}
    if not flows:
        raise SystemExit("the source project has no flows")
    if out.exists():
        shutil.rmtree(out)
    (out / "catalog").mkdir(parents=True)
    for extra in ("powerlist.yaml", "catalog/sources.yaml"):
        if (source / extra).exists():
            shutil.copy(source / extra, out / extra)
    if (source / "catalog" / "sources").is_dir():
        shutil.copytree(source / "catalog" / "sources", out / "catalog" / "sources")

    # Choose which flow clones exist: whole copies of the flow set, the last one cut short.
    flow_ids = list(flows)
    clones: list[tuple[int, str]] = [(k, fid) for k in range(n_flows // len(flow_ids) + 1)
                                     for fid in flow_ids][:n_flows]
    kept = {(k, fid) for k, fid in clones}
    copies = sorted({k for k, _ in clones})

    for k, fid in clones:
        flow = copy.deepcopy(flows[fid])
        flow["unit"] = f"{flow['unit']}-c{k}"
        flow["name"] = f"{flow['name']} ({k})"
        _dump(out / "flows" / f"{fid}-c{k}.yaml", flow)

    # Powers of each unit clone whose flow exists in that copy; then repeat them to reach n_powers.
    unit_clones = {}
    pool = []
    for k in copies:
        for uid, unit in units.items():
            if not any((k, f) in kept for f, fl in flows.items() if fl["unit"] == uid):
                continue
            clone = copy.deepcopy(unit)
            clone["name"] = f"{unit['name']} ({k})"
            clone["powers"] = [p for p in clone.get("powers", []) if (k, p.get("flow")) in kept]
            for p in clone["powers"]:
                p["flow"] = f"{p['flow']}-c{k}"
            unit_clones[f"{uid}-c{k}"] = clone
            pool.extend((f"{uid}-c{k}", p) for p in clone["powers"])
    if not pool:
        raise SystemExit("the source project has no powers with flows")
    base = [(uid, copy.deepcopy(p)) for uid, p in pool]
    i = 0
    while len(pool) < n_powers:
        uid, p = base[i % len(base)]
        extra = copy.deepcopy(p)
        extra["name"] = f"{p['name']} (其{i // len(base) + 2})"
        unit_clones[uid]["powers"].append(extra)
        pool.append((uid, extra))
        i += 1
    while len(pool) > n_powers:
        uid, p = pool.pop()
        unit_clones[uid]["powers"].remove(p)

    numbers: dict[str, int] = {}
    for uid, p in pool:  # unique codes, keeping each category's prefix
        prefix = str(p["code"])[:2]
        numbers[prefix] = numbers.get(prefix, 0) + 1
        p["code"] = f"{prefix}{numbers[prefix]:05d}000"
    for uid, unit in unit_clones.items():
        _dump(out / "catalog" / f"{uid}.yaml", unit)
    return len(pool), len(clones)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--source", type=Path, default=REPO)
    ap.add_argument("--powers", type=int, default=1500)
    ap.add_argument("--flows", type=int, default=300)
    args = ap.parse_args()
    powers, flows = generate(args.source, args.out, args.powers, args.flows)
    print(f"generated {powers} powers and {flows} flows in {args.out}")


if __name__ == "__main__":
    main()
