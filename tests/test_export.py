"""`powerlist export` and the canonical layout: export → import is the identity on the sample (the
model loaded from the read-back powers equals the model exported), on awkward hand-made powers and on
generated ones; the workbook is byte-identical for the same catalogue; a clerk's usual edits are read,
and what cannot be read is reported by sheet and cell."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.importing.canonical import (
    FORMAT,
    CanonicalError,
    ExportError,
    is_canonical,
    read_canonical,
    write_workbook,
)
from generator.importing.canonical_cells import columns, to_data
from generator.model import (
    Citation,
    LegalSource,
    Post,
    Power,
    Project,
    Remedy,
    Responsibility,
    Settings,
    Unit,
    public,
)
from generator.project import load_files, load_project, read_folder
from tests.helpers import MINIMAL, REPO

DAY = dt.datetime(2026, 1, 1)


@pytest.fixture(scope="module")
def sample():
    result = load_project(REPO)
    assert result.readable
    return result.project


def export(project, tmp_path, name="out.xlsx", **kw):
    path = tmp_path / name
    path.write_bytes(write_workbook(project, created=DAY, **kw))
    return path


def reloaded_units(root, book) -> dict[str, Unit]:
    """The project loaded again with each unit file's powers replaced by the powers read back."""
    files, problems = read_folder(root)
    assert not problems
    for rows in book.units:
        path = f"catalog/{rows.unit}.yaml"
        data = yaml.safe_load(files[path])
        data["powers"] = rows.powers
        files[path] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    result = load_files(str(root), files)
    assert result.readable, [f for f in result.findings if f.code < "PL100"]
    return {u.id: u for u in result.project.units}


def test_the_round_trip_is_the_identity_on_the_sample(sample, tmp_path):
    book = read_canonical(export(sample, tmp_path, internal=True))
    assert [r.unit for r in book.units] == [u.id for u in sample.units]
    assert not book.new_sources and not book.notes
    again = reloaded_units(REPO, book)
    for unit in sample.units:
        assert again[unit.id].powers == unit.powers  # the model objects (loc is not compared)
    for unit, rows in zip(sample.units, book.units):
        assert rows.powers == [to_data(p) for p in unit.powers]  # and the YAML-ready data itself
        assert rows.columns == {c.key for c in columns(internal=True)}
    library = {s.id: s for s in sample.sources}
    cited = dict.fromkeys(c.source for _, p in sample.powers() for c in p.basis)  # in the order first cited
    assert book.sources == [to_data(library[i]) for i in cited]


def test_the_export_is_public_unless_internal(tmp_path):
    project = awkward_project()
    book = openpyxl.load_workbook(export(project, tmp_path))
    headers = [c.value for c in book[book.sheetnames[1]][1]]
    assert "内部备注" not in headers and "事项编码" == headers[0] and "备注" == headers[-1]
    texts = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "审计发现" not in texts and "公开版本" in texts
    back = read_canonical(tmp_path / "out.xlsx")
    assert back.units[0].powers == [to_data(p) for p in public(project.units[0].powers)]
    assert "internal_notes" not in back.units[0].columns and not back.internal
    internal = read_canonical(export(project, tmp_path, "internal.xlsx", internal=True))
    assert internal.internal and internal.units[0].powers == [to_data(p) for p in project.units[0].powers]


def test_headers_come_from_the_model():
    titles = [c.title for c in columns()]
    expected = [f.metadata["title"] for f in dataclasses.fields(Power)
                if not f.metadata.get("skip") and not f.metadata.get("private")]
    assert titles == expected and titles[:5] == ["事项编码", "事项名称", "职权类型", "子项", "实施依据"]


def test_the_same_catalogue_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".git", "site", ".venv", ".powerlist-cache",
                                                                  "__pycache__", "node_modules"))
    assert main(["export", "--dir", str(project), "-o", str(first)]) == 0
    assert main(["export", "--dir", str(project), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    assert is_canonical(book) and book["powerlist"].sheet_state == "hidden"
    assert book["powerlist"]["B1"].value == FORMAT and book.sheetnames[0] == "说明"
    assert book.properties.created.year >= 2026  # the version date, not today's clock


# ---------------------------------------------------------------- awkward texts


def awkward_project(powers=None, sources=None) -> Project:
    sources = sources or (
        LegalSource(id="law", title="中华人民共和国某某法", level="法律", issuer="全国人民代表大会常务委员会"),
        LegalSource(id="twin-a", title="某省某办法", level="地方政府规章", issuer="某省人民政府"),
        LegalSource(id="twin-b", title="某省某办法", level="地方政府规章", issuer="某省人民政府",
                    effective=dt.date(2024, 1, 1)),
        LegalSource(id="decision", title="关于修改《中华人民共和国某某法》的决定", level="法律",
                    issuer="全国人大常委会"))
    powers = powers or (
        Power(code="XK00001000", name="某许可: 含冒号", category="行政许可", office="审批股",
              sub_items=("1. 已编号的子项", "多行\n2. 第二行像编号\n\\反斜杠开头", ""),
              basis=(Citation(source="law", article="第十二条", text="摘录中有《某某证》和“引号”\n3. 换行后像编号"),
                     Citation(source="twin-b", article="第三条"), Citation(source="twin-a"),
                     Citation(source="decision", article="第一条", text="决定：修改为……")),
              responsibilities=(Responsibility(stage="受理：初审", duty="1. 受理; 2. 不予受理：说明理由"),
                                Responsibility(stage="审查", duty="多行\n1. 仍是同一项")),
              accountability=("对符合条件的申请不予受理的", "一项：含冒号\n第二行"),
              materials=(), audience=("个人", "法人"), legal_limit=20, promised_limit=0, limit_unit="日",
              major=True, remedies=(Remedy(kind="行政复议", body="某县人民政府，或某市某局", days=60),
                                    Remedy(kind="行政诉讼", body="有管辖权的人民法院", months=6),
                                    Remedy(kind="行政诉讼", body="无期限的法院")),
              conditions="- 条件一\n- 条件二\n", remarks="  前后有空格  ", internal_notes="2026 年审计发现两件超时"),
        Power(code="CF00002000", name="某处罚", category="行政处罚", office="执法队",
              penalty_kinds=("警告", "罚款"), coercion_kinds=("查封场所、设施或者财物", "冻结存款、汇款"),
              basis=(Citation(source="missing-from-library", article="第九条"),), fee="0012", phone="12345"))
    unit = Unit(id="bureau", name="某县某局" * 10, posts=(Post(id="a", name="甲", section="股", role="工作人员"),),
                powers=powers)
    return Project(root="", settings=Settings(title="某县权力清单"), sources=sources, units=(unit,), flows=())


def test_awkward_texts_survive_the_round_trip(tmp_path):
    project = awkward_project()
    book = read_canonical(export(project, tmp_path, internal=True))
    assert book.units[0].powers == [to_data(p) for p in project.units[0].powers]
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")[book.units[0].sheet]
    header = [c.value for c in sheet[1]]
    basis = sheet.cell(2, header.index("实施依据") + 1).value
    assert basis.startswith("1. 《中华人民共和国某某法》第十二条\n摘录中有《某某证》")
    assert "\n\\3. 换行后像编号" in basis  # a continuation line that looks numbered is escaped
    assert "2. 《某省某办法》[twin-b] 第三条" in basis and "3. 《某省某办法》[twin-a]" in basis  # same titles
    assert "4. 《关于修改《中华人民共和国某某法》的决定》第一条" in basis
    assert sheet.cell(3, header.index("实施依据") + 1).value == "1. [missing-from-library] 第九条"
    assert sheet.cell(2, header.index("责任事项") + 1).value.startswith("1. 【受理：初审】：1. 受理;")
    assert sheet.cell(2, header.index("救济渠道") + 1).value.split("\n") == [
        "1. 行政复议：某县人民政府，或某市某局，60日", "2. 行政诉讼：有管辖权的人民法院，6个月",
        "3. 行政诉讼：无期限的法院"]
    assert sheet.cell(2, header.index("重大事项") + 1).value == "是"
    assert sheet.cell(3, header.index("强制措施种类") + 1).value == "查封场所、设施或者财物\n冻结存款、汇款"
    assert len(book.units[0].sheet) <= 31


TEXT = st.text(st.sampled_from(list("甲乙1.2、：:《》【】[]\\ \n，日个月第条")), max_size=12)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(items=st.lists(TEXT, max_size=3), stage=TEXT, duty=TEXT, article=TEXT, excerpt=TEXT, body=TEXT)
def test_generated_texts_read_back_the_same_or_are_refused(tmp_path_factory, items, stage, duty, article, excerpt,
                                                          body):
    """Whatever the texts, the export reads back exactly, or refuses with the power and field named:
    it never writes a cell that reads back as something else."""
    power = Power(code="XK00001000", name="甲", category="行政许可", office="乙", sub_items=tuple(items),
                  accountability=tuple(items), responsibilities=(Responsibility(stage=stage or "受理", duty=duty),),
                  basis=(Citation(source="law", article=article or None, text=excerpt or None),),
                  remedies=(Remedy(kind="行政复议", body=body),), remarks=excerpt or None)
    project = awkward_project(powers=(power,))
    try:
        path = export(project, tmp_path_factory.mktemp("x"))
    except ExportError as e:
        assert all("XK00001000" in p for p in e.problems)
        return
    assert read_canonical(path).units[0].powers == [to_data(power)]


def test_a_value_the_layout_cannot_carry_stops_the_export(tmp_path):
    power = Power(code="XK00001000", name="甲", category="行政许可", office="乙",
                  basis=(Citation(source="law", article="第一条：半句"),))
    with pytest.raises(ExportError) as e:
        write_workbook(awkward_project(powers=(power,)), created=DAY)
    assert e.value.problems == ["某县某局" * 10 + " 事项 XK00001000 的实施依据"
                                "无法按表格格式写出后原样读回，请检查其中的换行、冒号和书名号"]


# ---------------------------------------------------------------- a clerk's edits


def rewrite(path, sheet_name, edit):
    book = openpyxl.load_workbook(path)
    rows = [[c.value for c in row] for row in book[sheet_name].iter_rows()]
    rows = edit(rows)
    sheet = book[sheet_name]
    sheet.delete_rows(1, sheet.max_row)
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_reordered_columns_blank_rows_and_limits_with_units_are_read(sample, tmp_path):
    path = export(sample, tmp_path, unit="finance")
    expected = read_canonical(path).units[0].powers
    sheet = read_canonical(path).units[0].sheet

    def edit(rows):
        header = rows[0]
        legal, unit = header.index("法定时限"), header.index("时限单位")
        for row in rows[1:]:
            if row[legal] is not None:
                row[legal] = f"{row[legal]}{'个工作日' if row[unit] == '工作日' else '日'}"
        rows = [list(reversed(r)) for r in rows]
        return [rows[0], [None] * len(rows[0])] + [x for r in rows[1:] for x in (r, [None] * len(r))]

    rewrite(path, sheet, edit)
    assert read_canonical(path).units[0].powers == expected


def test_a_limit_in_calendar_days_fills_an_empty_unit_and_must_agree_with_it(sample, tmp_path):
    path = export(sample, tmp_path, unit="finance")
    sheet = read_canonical(path).units[0].sheet

    def edit(rows, unit):
        h = rows[0]
        rows[1][h.index("法定时限")], rows[1][h.index("时限单位")] = "90日", unit
        return rows

    rewrite(path, sheet, lambda rows: edit(rows, None))
    first = read_canonical(path).units[0].powers[0]
    assert (first["legal_limit"], first["limit_unit"]) == (90, "日")
    rewrite(path, sheet, lambda rows: edit(rows, "工作日"))
    with pytest.raises(CanonicalError) as e:
        read_canonical(path)
    assert e.value.problems[0].startswith(f"{sheet}!L2: 时限的单位（日）与时限单位（工作日）不一致")


def test_what_cannot_be_read_is_reported_by_sheet_and_cell(sample, tmp_path):
    path = export(sample, tmp_path, unit="market-regulation")
    sheet = read_canonical(path).units[0].sheet

    def edit(rows):
        h = rows[0]
        rows[1][h.index("处罚种类")] = "警告\n罚没"
        rows[2][h.index("事项名称")] = None
        rows[3][h.index("重大事项")] = "也许"
        rows[4][h.index("承诺时限")] = "二十天"
        return rows

    rewrite(path, sheet, edit)
    with pytest.raises(CanonicalError) as e:
        read_canonical(path)
    assert e.value.problems == [
        f"{sheet}!F2: 「罚没」不是处罚种类的可选值；可选：警告、通报批评、罚款、没收违法所得、没收非法财物、"
        "暂扣许可证件、降低资质等级、吊销许可证件、限制开展生产经营活动、责令停产停业、责令关闭、限制从业、"
        "行政拘留、其他，每行一个",
        f"{sheet}!B3: 事项名称不能为空；请填写，或删除这一行",
        f"{sheet}!U4: 「也许」应为 是 或 否",
        f"{sheet}!M5: 「二十天」不是非负整数；只写数字，如 20；单位写在 时限单位 列"]


def test_other_workbooks_and_renamed_sheets_are_refused_with_a_message(sample, tmp_path):
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["事项名称", "职权类型"])
    book.save(other)
    assert not is_canonical(openpyxl.load_workbook(other))
    with pytest.raises(CanonicalError, match="不是 powerlist export 导出的规范表格"):
        read_canonical(other)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CanonicalError, match="无法读取"):
        read_canonical(garbage)
    path = export(sample, tmp_path, unit="finance")
    book = openpyxl.load_workbook(path)
    book[book.sheetnames[1]].title = "改过的名字"
    book.save(path)
    with pytest.raises(CanonicalError, match="工作表「示例县财政局」（单位 finance）不见了"):
        read_canonical(path)


# ---------------------------------------------------------------- the command


def test_the_command_refuses_a_project_that_does_not_load(tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(MINIMAL, project)
    (project / "catalog" / "bureau.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    assert main(["export", "--dir", str(project), "-o", str(tmp_path / "x.xlsx")]) == 1
    out = capsys.readouterr()
    assert "bureau.yaml" in out.out and "未导出" in out.err and not (tmp_path / "x.xlsx").exists()
    assert main(["export", "--dir", str(MINIMAL), "--unit", "nope", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "没有单位 nope" in capsys.readouterr().err


def test_the_command_exports_one_unit(tmp_path, capsys):
    out = tmp_path / "清单.xlsx"
    assert main(["export", "--dir", str(MINIMAL), "--unit", "bureau", "-o", str(out)]) == 0
    assert "公开版本" in capsys.readouterr().err
    book = read_canonical(out)
    minimal = load_project(MINIMAL).project
    assert [r.unit for r in book.units] == ["bureau"]
    assert book.units[0].powers == [to_data(p) for p in public(minimal.units[0].powers)]


def test_a_citation_of_a_source_the_sheet_does_not_list_becomes_a_new_source(sample, tmp_path):
    path = export(sample, tmp_path, unit="finance")
    sheet = read_canonical(path).units[0].sheet

    def edit(rows):
        h = rows[0]
        rows[1][h.index("实施依据")] += "\n3. 《中华人民共和国行政许可法》第十二条"
        return rows

    rewrite(path, sheet, edit)
    book = read_canonical(path)
    ident = book.units[0].powers[0]["basis"][-1]["source"]
    assert book.units[0].powers[0]["basis"][-1] == {"source": ident, "article": "第十二条"}
    assert ident.startswith("src-") and ident not in {s.id for s in sample.sources}
    assert book.new_sources == [{"id": ident, "title": "中华人民共和国行政许可法", "level": "法律"}]  # levels.py
    assert book.new_sources[0] in book.sources and ident in book.notes[-1]
