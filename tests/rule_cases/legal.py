"""Rule cases: legal basis (PL1xx)."""

from __future__ import annotations

from tests.helpers import Case
from tests.helpers import Mutation as M
from tests.rule_cases import LICENCE_BASIS, SET, B, S

PENALTY_BASIS = "      - source: penalty-law\n        article: 第五十七条第二款\n"
KINDS = "penalty_kinds: [警告, 罚款]"
# More levels for the library: appended after its last source.
MORE_SOURCES = M(S, "    effective: 2019-04-06\n", """    effective: 2019-04-06
  - id: local-regulation
    title: 某省某某条例
    level: 地方性法规
    issuer: 某省人民代表大会常务委员会
    effective: 2018-01-01
  - id: normative-document
    title: 某县某某管理办法
    level: 规范性文件
    issuer: 某县人民政府
    effective: 2020-01-01
  - id: bureau-rules
    title: 测试局内部管理制度
    level: 内部制度
    issuer: 测试县测试局
    effective: 2020-01-01
""")


def _basis(source: str, article: str = "第五条") -> M:
    """The penalty power cites ``source`` instead of the law."""
    return M(B, PENALTY_BASIS, f"      - source: {source}\n        article: {article}\n")


def _kinds(kinds: str) -> M:
    return M(B, KINDS, f"penalty_kinds: [{kinds}]")


def coercion_power(basis: str, kinds: str) -> M:
    """A 行政强制 power sharing the penalty flow, citing ``basis``."""
    return M(B, "  - code: SY00001000\n", f"""  - code: QZ00001000
    name: 查封、扣押涉案财物
    category: 行政强制
    coercion_kinds: [{kinds}]
    basis:
      - source: {basis}
        article: 第二十条
    office: 执法大队
    flow: penalty
  - code: SY00001000
""")

CASES = [
    # a source whose level nothing told the importer: left out, refused until the office writes it
    Case("PL115", [M(S, "    level: 法律\n    issuer: 全国人民代表大会常务委员会\n    number: 主席令第七号\n",
                     "    issuer: 全国人民代表大会常务委员会\n    number: 主席令第七号\n")],
         S, "id: licensing-law", "level"),
    Case("PL101", [M(B, "    basis:\n" + LICENCE_BASIS, "    basis: []\n")], B, "basis: []", "至少引用"),
    Case("PL101", [M(B, "    basis:\n" + LICENCE_BASIS, "")], B, "  - code: XK00001000", "至少引用", id="absent"),
    Case("PL102", [M(B, "source: penalty-law\n", "source: penalty-lw\n")], B, "penalty-lw", "penalty-law"),
    Case("PL103", [M(B, "        article: 第五十七条第二款\n", "")], B, "- source: penalty-law", "条款"),
    Case("PL104", [M(B, "article: 第十二条", "article: 12条")], B, "12条", "第X条", severity="warning"),
    Case("PL105", [M(B, "source: penalty-law\n", "source: penalty-law-1996\n")], B, "penalty-law-1996", "现行"),
    Case("PL106", [M(B, "source: penalty-law\n", "source: future-law\n")], B, "future-law", "施行"),
    Case("PL107", [M(B, LICENCE_BASIS, "      - source: ministry-rule\n        article: 第五条\n")], B,
         "- source: ministry-rule", "行政许可法"),
    Case("PL107", [M(B, LICENCE_BASIS, "      - source: province-rule\n        article: 第五条\n")], B,
         "- source: province-rule", "行政许可法", severity="warning", id="temporary-licence"),
    Case("PL107", [M(B, LICENCE_BASIS, "      - source: province-rule\n        article: 第五条\n"),
                   M(SET, "check_date: 2026-01-01", "check_date: 2026-07-01")], B,
         "- source: province-rule", "行政许可法", id="temporary-licence-expired"),
    Case("PL108", [M(B, LICENCE_BASIS, "      - source: implementing-regulation\n        article: 第五条第二款\n"
                     "      - source: licensing-law\n        article: 第十二条\n")], B,
         "- source: implementing-regulation", "从高到低", severity="warning"),
    Case("PL110", [_basis("ministry-rule"), _kinds("警告, 吊销许可证件")], B, "吊销许可证件", "行政处罚法"),
    Case("PL110", [_basis("implementing-regulation"), _kinds("罚款, 行政拘留")], B, "行政拘留", "行政处罚法",
         id="detention-by-regulation"),
    Case("PL110", [MORE_SOURCES, _basis("local-regulation"), _kinds("罚款, 其他")], B, "其他]", "行政处罚法",
         id="other-kind-by-local-regulation"),
    Case("PL110", [MORE_SOURCES, _basis("normative-document")], B, KINDS, "行政处罚法", id="normative-document"),
    # the law that set the closure is repealed: the 部门规章 left cannot set it
    Case("PL110", [M(B, PENALTY_BASIS, PENALTY_BASIS.replace("penalty-law", "penalty-law-1996")
                     + "      - source: ministry-rule\n        article: 第五条\n"), _kinds("罚款, 责令停产停业")],
         B, "责令停产停业", "行政处罚法", id="only-law-repealed"),
    Case("PL111", [MORE_SOURCES, coercion_power("local-regulation", "扣押财物, 冻结存款、汇款")], B, "冻结存款",
         "行政强制法"),
    Case("PL111", [coercion_power("implementing-regulation", "限制公民人身自由")], B, "coercion_kinds:", "行政强制法",
         id="personal-freedom-by-regulation"),
    Case("PL111", [coercion_power("ministry-rule", "查封场所、设施或者财物")], B, "coercion_kinds:", "行政强制法",
         id="rule"),
    Case("PL112", [_basis("party-rule", "第九条")], B, "- source: party-rule\n        article: 第九条", "内部制度"),
    Case("PL112", [MORE_SOURCES, M(B, LICENCE_BASIS, "      - source: bureau-rules\n        article: 第三条\n")],
         B, "- source: bureau-rules", "内部制度", id="licence"),
    Case("PL113", [M(B, "    " + KINDS + "\n", "")], B, "  - code: CF00001000", "penalty_kinds", severity="warning"),
    Case("PL113", [M(B, KINDS, "penalty_kinds: []")], B, "penalty_kinds: []", "penalty_kinds", severity="warning",
         id="empty"),
    Case("PL114", [M(B, "第五十七条第二款", "第零条")], B, "第零条", "第一"),
    Case("PL114", [M(B, "第五十七条第二款", "第二款")], B, "article: 第二款", "所属的条", id="paragraph-alone"),
    Case("PL114", [M(B, "第五十七条第二款", "第七十七")], B, "第七十七", "第七十七条", id="number-alone"),
    Case("PL114", [M(B, "第五十七条第二款", "第（三）项、第五十七条")], B, "第（三）项", "所属的条", id="item-first"),
    Case("PL109", [M("catalog/sources.yaml", "    issuer: 某部\n    effective: 2015-01-01\n", "    issuer: 某部\n")],
         "catalog/sources.yaml", "  - id: ministry-rule", "effective", severity="warning"),
]

VALID = [
    ("PL107-law-first", [M(B, LICENCE_BASIS,
                           LICENCE_BASIS + "      - source: ministry-rule\n        article: 第五条\n")],
     "PL107"),
    # 行政处罚法 第十三条: a 部门规章 may itself set 警告, 通报批评 and a fine
    ("PL110-ministry-rule-warning", [_basis("ministry-rule"), _kinds("警告, 通报批评, 罚款")], "PL110"),
    # the rule specifies a revocation that the law sets: the power takes the law's level
    ("PL110-law-and-rule", [M(B, PENALTY_BASIS, PENALTY_BASIS + "      - source: ministry-rule\n"
                              "        article: 第五条\n"), _kinds("罚款, 吊销许可证件")], "PL110"),
    # 第十一条: a 行政法规 may set any penalty but detention
    ("PL110-regulation-closure", [_basis("implementing-regulation"), _kinds("罚款, 责令停产停业, 吊销许可证件")],
     "PL110"),
    ("PL110-law-detention", [_kinds("罚款, 行政拘留")], "PL110"),
    # 行政强制法 第十条第三款: a 地方性法规 may set 查封 and 扣押
    ("PL111-local-seizure",
     [MORE_SOURCES, coercion_power("local-regulation", "查封场所、设施或者财物, 扣押财物")], "PL111"),
    ("PL111-law-freeze", [coercion_power("penalty-law", "冻结存款、汇款")], "PL111"),
    # an internal power may rest on the unit's own rules
    ("PL112-internal-rules", [MORE_SOURCES, M(B, "      - source: party-rule\n        article: 第十五条\n",
                                              "      - source: bureau-rules\n        article: 第十五条\n")], "PL112"),
    # an internal rule beside a law is fine
    ("PL112-law-and-internal", [MORE_SOURCES, M(B, PENALTY_BASIS, PENALTY_BASIS +
                                                "      - source: bureau-rules\n        article: 第三条\n")], "PL112"),
    ("PL114-paragraphs-of-one-article", [M(B, "第五十七条第二款", "第五十七条第一款、第二款")], "PL114"),
    ("PL114-inserted-article", [M(B, "第五十七条第二款", "第五十七条之一第（二）项")], "PL114"),
]
