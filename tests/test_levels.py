"""The level of a cited source (generator/importing/levels.py), on citations as published power lists
write them, and the national catalogue it reads (generator/importing/national_sources.tsv)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.importing.levels import CATALOGUE, catalogue, level_of, order_number
from generator.vocabulary import SOURCE_RANK
from tests.helpers import REPO


def test_a_code_named_by_its_short_title_is_a_law():
    # issue 17: 民法典 was guessed as 规范性文件
    found = level_of("民法典", "第一千一百六十五条")
    assert (found.level, found.certain, found.title) == ("法律", True, "中华人民共和国民法典")
    assert found.status == "有效" and "国家法律数据库目录" in found.reason


def test_a_state_council_order_is_an_administrative_regulation():
    # issue 17: read as 部门规章, and the order number stored as the excerpt. The published text is headed
    # "中华人民共和国国务院令 (第241号) 现发布《矿产资源开采登记管理办法》" (fsou.com/html/text/chl/197/19701.html)
    found = level_of("矿产资源开采登记管理办法", "(国务院令第241号)第三条")
    assert (found.level, found.certain, found.number) == ("行政法规", True, "国务院令第241号")
    # the catalogue alone knows it, and its issuing order, when the sheet gives no number
    assert level_of("矿产资源开采登记管理办法").number == "国务院令第241号"


@pytest.mark.parametrize("title", ["行政许可法", "中华人民共和国行政许可法", "中华人民共和国行政许可法（2019年修正）",
                                   " 中华人民共和国 行政许可法 "])
def test_a_law_resolves_with_or_without_the_country_name_and_year(title):
    found = level_of(title)
    assert (found.level, found.certain, found.title) == ("法律", True, "中华人民共和国行政许可法")


def test_a_ministry_order_is_a_department_rule():
    # a county land bureau's published list (huarong.gov.cn/33465/content_1017831.html): 实施依据
    # "《矿产资源登记统计管理办法》(国土资源部令第23号)第三条“本办法所称矿产资源登记统计…”"
    found = level_of("矿产资源登记统计管理办法", "(国土资源部令第23号)第三条“本办法所称矿产资源登记统计”")
    assert (found.level, found.certain, found.number) == ("部门规章", True, "国土资源部令第23号")
    found = level_of("食品经营许可管理办法", "（国家市场监督管理总局令第X号）第二条")
    assert (found.level, found.certain, found.number) == ("部门规章", True, "国家市场监督管理总局令第X号")


def test_a_department_document_number_beats_the_rule_like_name():
    # law.foodmate.net/show-223561.html: 《重庆市食品经营许可管理实施办法》 issued as 渝市监发〔2023〕45号,
    # a normative document although its name looks like a local government rule
    found = level_of("重庆市食品经营许可管理实施办法", "(渝市监发〔2023〕45号)")
    assert (found.level, found.certain, found.number) == ("规范性文件", True, "渝市监发〔2023〕45号")
    guessed = level_of("重庆市食品经营许可管理实施办法")
    assert (guessed.level, guessed.certain) == ("地方政府规章", False) and "推定" in guessed.reason


def test_a_provincial_regulation_is_guessed_and_says_so():
    found = level_of("四川省饮用水水源保护管理条例", "第十条")
    assert (found.level, found.certain, found.provincial) == ("地方性法规", False, True)
    assert "推定，请核对" in found.reason
    city = level_of("成都市市容和环境卫生管理条例")
    assert (city.level, city.certain, city.provincial) == ("地方性法规", False, False)


def test_a_provincial_regulation_in_the_catalogue_is_certain():
    found = level_of("河南省实施《水土保持法》办法")  # LawRefBook's 河南 地方性法规 folder
    assert (found.level, found.certain, found.provincial) == ("地方性法规", True, True)


def test_the_state_council_licensing_decision_is_a_state_council_decision():
    # 行政许可法 第十四条第二款: the State Council may set a licence by decision, despite the 令 number
    found = level_of("国务院对确需保留的行政审批项目设定行政许可的决定", "（国务院令第412号）附件第1项")
    assert (found.level, found.certain, found.number) == ("国务院决定", True, "国务院令第412号")
    assert found.warnings == ()


def test_government_orders_and_congress_notices_are_local():
    rule = level_of("四川省政府信息公开规定", "（四川省人民政府令第200号）")
    assert (rule.level, rule.provincial, rule.certain) == ("地方政府规章", True, True)
    city = level_of("成都市城市管理规定", "（成都市人民政府令第10号）")
    assert (city.level, city.provincial) == ("地方政府规章", False)
    notice = level_of("某某规定", "（四川省第十三届人民代表大会常务委员会公告第42号）")
    assert (notice.level, notice.provincial) == ("地方性法规", True)


def test_state_council_documents():
    decision = level_of("国务院关于取消和调整一批行政审批项目等事项的决定", "(国发〔2014〕50号)")
    assert (decision.level, decision.certain) == ("国务院决定", True)
    general_office = level_of("国务院办公厅关于加快推进“多证合一”改革的指导意见", "(国办发〔2017〕41号)")
    assert general_office.level == "规范性文件"


def test_tags_map_and_unknown_tags_leave_the_level_open():
    assert level_of("某某省土地权属争议处理办法", tag="【省规章】").level == "地方政府规章"
    assert level_of("某某省土地权属争议处理办法", tag="省规章").certain
    unknown = level_of("某某市某某管理办法", tag="【自创】")
    assert unknown.level is None and "【自创】无法识别" in unknown.reason
    # the catalogue wins over a wrong tag, and says so
    wrong = level_of("人力资源市场暂行条例", tag="【部门规章】")
    assert wrong.level == "行政法规" and any("不符" in w for w in wrong.warnings)


def test_an_unknown_title_stays_unknown():
    found = level_of("某某事项工作指引")
    assert found.level is None and not found.certain and "请填写" in found.reason


def test_a_repealed_source_is_known_and_flagged():
    found = level_of("化妆品卫生监督条例", "(卫生部令第3号)")
    assert (found.level, found.status) == ("行政法规", "已废止")  # approved by the State Council, issued by 卫生部
    assert any("已废止" in w for w in found.warnings) and not any("不符" in w for w in found.warnings)


def test_a_law_name_not_in_the_catalogue_is_a_guess():
    found = level_of("中华人民共和国某某法")
    assert (found.level, found.certain) == ("法律", False)
    assert level_of("城市生活垃圾管理办法").level != "法律"  # ends in 法, but is a 办法


@pytest.mark.parametrize(("text", "number"), [
    ("(国务院令第241号)", "国务院令第241号"),
    ("（中华人民共和国主席令第七十号）", "主席令第七十号"),
    ("国办发〔2016〕1号", "国办发〔2016〕1号"),
    ("国发[2004]16号", "国发〔2004〕16号"),
    ("财税〔2019〕13号", "财税〔2019〕13号"),
    ("农业部令2017年第8号", "农业部令2017年第8号"),
    ("根据农业农村部令2019年第2号", "农业农村部令2019年第2号"),
    ("国土资源部令第40号", "国土资源部令第40号"),
    ("中国人民银行令〔2019〕第1号", "中国人民银行令〔2019〕第1号"),
    ("1998年2月12日中华人民共和国国务院令第241号发布", "国务院令第241号"),
    ("第三条第一款", None),
])
def test_order_numbers(text, number):
    assert order_number(text) == number


def test_the_catalogue_is_large_and_its_levels_are_levels():
    table = catalogue()
    entries = {entry.title: entry for entry in table.values()}
    assert sum(entry.level in ("法律", "行政法规") for entry in entries.values()) >= 500
    assert {entry.level for entry in entries.values()} <= set(SOURCE_RANK)


LAWS = Path("/work/.mirror/lawtext+laws/repo")
REFBOOK = Path("/work/.mirror/LawRefBook+Laws/repo")


@pytest.mark.skipif(not (LAWS.exists() and REFBOOK.exists()), reason="the law database mirrors are not here")
def test_the_catalogue_is_what_the_script_generates():
    head = CATALOGUE.read_text(encoding="utf-8")[:2000]
    for repo in (LAWS, REFBOOK):
        now = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        if now.strip() not in head:
            pytest.skip(f"{repo} has moved on since the catalogue was made: regenerate it")
    r = subprocess.run([sys.executable, "tools/national_sources.py", "-o", "-"], cwd=REPO, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == CATALOGUE.read_text(encoding="utf-8")
