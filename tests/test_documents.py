"""The duty catalogue, risk register and responsibility list as a set (render/documents.py): every
file is written, no roster name reaches any of them, and they are byte-identical across builds. The
formats have files of their own: test_booklet.py (PDF), test_stamps.py (its running headers) and
test_opendata.py (CSV, XLSX, JSON)."""

from __future__ import annotations

import subprocess
import zipfile

from generator.build import Options, build
from generator.index import Index
from generator.render.documents import responsibilities
from generator.wording import STANDARD_MARK


def test_data_files_are_written(sample):
    data, project, report = sample
    names = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    assert names == sorted(["catalogue.csv", "catalogue.pdf", "powerlist.json", "powerlist.xlsx", "posts.csv",
                            "responsibilities.csv", "risks.csv"] + [f"units/{u.id}.pdf" for u in project.units]
                           + [f"units/{u.id}-posts.pdf" for u in project.units])
    assert report.documents_rendered == len(names)


def test_roster_names_appear_in_no_document(sample):
    data, project, _ = sample
    persons = {e.person for u in project.units for e in u.roster}
    assert persons
    texts = []
    for path in data.rglob("*"):
        if path.suffix == ".pdf":
            texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts += [z.read(n).decode("utf-8") for n in z.namelist()]
        elif path.is_file():
            texts.append(path.read_bytes().decode("utf-8-sig"))
    joined = "".join(texts)
    assert [p for p in persons if p in joined] == []


def test_standard_responsibilities_are_marked(sample):
    data, project, _ = sample
    rows = responsibilities(Index(project)).rows
    own = {p.code for _, p in project.powers() if p.responsibilities}
    for row in rows:
        if row["stage"] == "追责情形":
            continue
        assert row["source"] == ("本事项" if row["code"] in own else STANDARD_MARK)


def test_documents_are_byte_identical_across_builds(tmp_path, sample):
    data, project, _ = sample
    root = data.parent.parent
    build(root, Options(out=tmp_path / "again", charts=False, posters=False, cache=False))
    for path in data.rglob("*"):
        if path.is_file():
            assert (tmp_path / "again" / "data" / path.relative_to(data)).read_bytes() == path.read_bytes(), path


def test_a_coercive_measure_has_its_own_standard_accountability_cases():
    """行政强制 is held to account under 行政强制法 第六十一条至第六十四条, not under the penalty law."""
    from generator.responsibility import standard_cases

    cases = standard_cases("行政强制")
    assert any("查封、扣押" in c for c in cases) and not any("行政处罚" in c or "罚款" in c for c in cases)
    assert cases != standard_cases("行政处罚")


def test_an_inspection_is_not_held_to_account_for_refusing_applications():
    """A citizen's review: 行政检查 showed 行政许可's cases (对符合法定条件的申请不予受理…), but an inspection
    has no application; its standard cases are about the inspection (two officers, certificates, what
    it found). Categories that do take applications keep the general cases."""
    from generator.responsibility import standard_cases

    inspection = standard_cases("行政检查")
    assert not any("申请" in c for c in inspection)
    assert any("两人" in c for c in inspection) and any("检查发现" in c for c in inspection)
    assert any("申请" in c for c in standard_cases("行政许可")) and any("申请" in c for c in standard_cases("行政给付"))


def test_service_guide_facts_are_in_the_booklet_as_written(sample):
    """Issue 20: a power's 行使层级, 办件类型, 到现场次数, 网上办理入口, 办理结果 and 救济渠道 on a line under its
    row of the duty catalogue; only what the office wrote, 救济渠道 未列明 for an external power that gives
    none (as on its page), nothing for an internal one."""
    from generator.render.documents import service_guide

    data, project, _ = sample
    text = subprocess.run(["pdftotext", str(data / "catalogue.pdf"), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    powers = [p for _, p in project.powers()]
    with_level = next(p for p in powers if p.exercise_level and p.remedies)
    assert f"行使层级：{with_level.exercise_level}" in flat
    assert "救济渠道：行政复议：" in flat
    bare = next(p for p in powers if not p.remedies and p.category not in ("人财物", "三重一大"))
    assert ("救济渠道", "未列明") in service_guide(bare) and "救济渠道：未列明" in flat
    internal = next(p for p in powers if p.category in ("人财物", "三重一大") and not p.remedies)
    assert all(label != "救济渠道" for label, _ in service_guide(internal))
    assert all(value for _, value in service_guide(with_level))  # no empty fact is printed
    if with_level.case_type is None:
        assert "办件类型" not in dict(service_guide(with_level))


def test_limits_carry_their_unit_in_one_cell():
    from generator.wording import limits_text
    assert limits_text(20, 10) == "法定 20 / 承诺 10 个工作日"
    assert limits_text(90, 60, "日") == "法定 90 / 承诺 60 日"
    assert limits_text(None, 0) == "承诺 即办" and limits_text(None, None) == ""
