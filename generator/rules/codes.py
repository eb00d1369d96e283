"""Codes, ids and phone rules (PL6xx)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ..model import CATEGORY_PREFIX, WINDOWS_NAMES, safe_code, safe_id
from ..patterns import compile_pattern
from . import Context, Report, rule

# GB 32100-2015: 18 characters from this alphabet, the last a check character.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


# GB 32100-2015 第 4 章 / 附录 (代码表): 第 1 位 登记管理部门代码, 第 2 位 机构类别代码 (valid per department),
# 第 3-8 位 登记管理机关行政区划码, 第 9-17 位 主体标识码 (组织机构代码), 第 18 位 校验码. The standard itself is not
# freely stored; the table below was read from three independent reprints of its code table that agree
# (osuse.cn/post/10002590.html, ddrv.cn/?p=726373, blog.csdn.net/lh1424573495/article/details/108776492):
# "1机构编制;2外交;3司法行政;4文化;5民政;6旅游;7宗教;8工会;9工商;A中央军委改革和编制办公室;N农业;Y其他"
# and per department
# "1机构编制:1机关,2事业单位,3中央编办直接管理机构编制的群众团体,9其他; … 9工商:1企业,2个体工商户,3农民专业合作社; …
# Y其他:不再具体划分机构类别,统一用1表示".
USCC_DEPARTMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
                   "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}
# Codes assigned after the table above (the code authority keeps extending it), seen in a 2025 code table
# (xiahaimoyu credentialkit OrgCategory) but not in a published version of the standard that could be read:
# accepted, so that a real code is never rejected, but not claimed as the standard's.
USCC_LATER: dict[str, tuple[str, ...]] = {
    "3": ("6",), "5": ("4", "5"), "8": ("2",), "9": ("9",), "A": ("1",), "G": ("1", "9"), "J": ("1", "9"),
    "Q": ("1", "2", "3", "9"),
}


def uscc_structure_problem(code: str) -> str | None:
    """Why the department and category characters of an 18-character code are not in the GB 32100 table."""
    dept, cat = code[0], code[1]
    if dept not in USCC_DEPARTMENTS and dept not in USCC_LATER:
        known = "、".join(f"{k} {v[0]}" for k, v in USCC_DEPARTMENTS.items())
        return f"第 1 位登记管理部门代码 '{dept}' 不在 GB 32100 代码表中（{known}）"
    name, cats = USCC_DEPARTMENTS.get(dept, ("", {}))
    if cat not in cats and cat not in USCC_LATER.get(dept, ()):
        allowed = "、".join(f"{k} {v}" for k, v in cats.items())
        return f"第 2 位机构类别代码 '{cat}' 不是登记管理部门 {dept}（{name}）的机构类别（{allowed}）"
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or None."""
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        lower = any(c.islower() for c in bad)
        return f"含有不允许的字符 {'、'.join(bad)}" + (" (字母须大写)" if lower else " (不使用 I、O、Z、S、V)")
    if structure := uscc_structure_problem(code):
        return structure
    if not USCC_SHAPE.fullmatch(code):
        return "第 3-8 位应为行政区划代码（数字）"
    if uscc_check_char(code[:17]) != code[17]:
        return f"校验码应为 {uscc_check_char(code[:17])}"
    return None


@rule("PL601", "duplicate-code", group="codes", hint="事项编码必须唯一；子项请用不同的 3 位子项号")
def duplicate_code(ctx: Context) -> Iterator[Report]:
    """Two powers share an item code (事项编码).

    **Why**: the code identifies a power across versions, on the site (its page address) and in
    adjustment announcements; a duplicate makes one of them unreachable.

    **Bad**: `XK00001000` on two powers.

    **Good**: `XK00001000` and `XK00001001`.

    **Fix**: give each power its own code.
    """
    first = {}
    for unit, power in ctx.project.powers():
        if power.code in first:
            other = first[power.code]
            yield Report(power.at("code"), f"事项编码 {power.code} 重复（已用于 {other.loc.path}:{other.loc.line} "
                         f"的「{other.name}」）")
        else:
            first[power.code] = power


@rule("PL602", "code-pattern", group="codes",
      hint="按 powerlist.yaml 中 item_code_pattern 的格式编码；本地的编码规则不同时，改 item_code_pattern")
def code_pattern(ctx: Context) -> Iterator[Report]:
    """An item code does not match the project's code pattern.

    **Why**: codes differ by province (Guizhou: `XK00001000`; Hubei: 16 digits); the pattern in
    `item_code_pattern` keeps one office's codes consistent. The default is 2 category letters + 5-digit
    item + 3-digit sub-item.

    **Bad**
    ```yaml
    code: XK-1
    ```

    **Good**
    ```yaml
    code: XK00001000
    ```

    **Fix**: correct the code, or set `item_code_pattern` to your province's format.
    """
    pattern = compile_pattern(ctx.settings.item_code_pattern)
    for unit, power in ctx.project.powers():
        if not pattern.fullmatch(power.code):
            yield Report(power.at("code"), f"事项编码 '{power.code}' 不符合格式 {ctx.settings.item_code_pattern}")


@rule("PL603", "code-category", severity="warning", group="codes", hint="编码的类别字母应与职权类型一致")
def code_category(ctx: Context) -> Iterator[Report]:
    """An item code's category letters do not match the power's category.

    **Why**: in letter-prefixed codes the first two letters name the category (XK 行政许可, CF 行政处罚,
    QZ 行政强制 ...; NB 人财物 and SY 三重一大 are this tool's convention); a mismatch usually means a
    copied code or a wrong category.

    **Bad**
    ```yaml
    code: XK00002000
    category: 行政处罚
    ```

    **Good**
    ```yaml
    code: CF00002000
    category: 行政处罚
    ```

    **Fix**: correct the code or the category.
    """
    known = set(CATEGORY_PREFIX.values())
    for unit, power in ctx.project.powers():
        prefix = power.code[:2]
        want = CATEGORY_PREFIX.get(power.category)
        if want and prefix in known and prefix != want:
            yield Report(power.at("code"),
                         f"编码 {power.code} 以 {prefix} 开头，但职权类型是{power.category}（{want}）")


def _ids(ctx: Context) -> Iterator[Report]:
    """(kind, id, loc) of every id that ends up in a file name or a URL."""
    for unit in ctx.project.units:
        yield "单位文件名", unit.id, unit.loc
        for post in unit.posts:
            yield "岗位 id", post.id, post.at("id")
    for flow in ctx.project.flows:
        yield "流程文件名", flow.id, flow.loc
        for step in flow.steps:
            yield "环节 id", step.id, step.at("id")
    for src in ctx.project.sources:
        yield "法律依据 id", src.id, src.at("id")






@rule("PL604", "unsafe-id", group="codes", hint="id 和文件名只用小写字母、数字和连字符，如 land-approval", always=True)
def unsafe_id(ctx: Context) -> Iterator[Report]:
    """An id, file name or item code is not safe in file names and web addresses.

    **Why**: ids become file names and URLs of the published site; Chinese characters, spaces or
    capitals break links on some servers and in print, and a name such as `con` or `nul` cannot be a
    file on Windows. The ids checked are the names of the unit and flow files and the ids of posts, steps
    and legal sources: each must be lower-case ASCII letters and digits, in words joined by single hyphens
    (no `_`, `.`, space, or hyphen at either end or doubled), at most 64 characters, and not a Windows
    device name (con, prn, aux, nul, com1 to com9, lpt1 to lpt9). Item codes (page addresses) may use
    letters of either case, digits, `.`, `_` and `-`, but must begin with a letter or digit, not end with
    `.`, be at most 64 characters, and not be a device name before their first `.` (`CON`, `com1.2`). The
    build writes files under these names, so this rule cannot be ignored (`ignore: [PL604]` and
    `--ignore PL604` have no effect on it).

    **Bad**: `flows/建设用地审批.yaml`, `id: Review Step`, `id: review_step`, `flows/con.yaml`, `code: ../X`

    **Good**: `flows/land-approval.yaml`, `id: review`, `code: XK00001000`

    **Fix**: rename to lower-case ASCII words joined by hyphens (at most 64 characters); write an item
    code with letters and digits (and `.`, `_`, `-` inside it) only.
    """
    for kind, ident, loc in _ids(ctx):
        if not safe_id(ident):
            shown = ident if len(ident) <= 80 else ident[:80] + "…"
            reserved = " (Windows 保留的设备名)" if ident in WINDOWS_NAMES else ""
            yield Report(loc, f"{kind} '{shown}' 不能安全地用作文件名和网址{reserved}")
    for unit, power in ctx.project.powers():
        if not safe_code(power.code):
            yield Report(power.at("code"), f"事项编码 '{power.code}' 不能安全地用作网址",
                         "事项编码只用字母、数字和 . _ -，不以 . 结尾，也不能是 CON、NUL、AUX、COM1 等 Windows 设备名")


def _phones(ctx: Context) -> Iterator[Report]:
    for unit in ctx.project.units:
        for key in ("phone", "complaint_phone"):
            if getattr(unit, key):
                yield getattr(unit, key), unit.at(key)
        for power in unit.powers:
            for key in ("phone", "complaint_phone"):
                if getattr(power, key):
                    yield getattr(power, key), power.at(key)


@rule("PL605", "phone-format", group="codes",
      hint="电话写成 区号-号码，如 0716-1234567；或 12345、12388 等短号码"
           "（其他短号码如 12328 写进 powerlist.yaml 的 short_numbers，其他格式改 phone_pattern）")
def phone_format(ctx: Context) -> Iterator[Report]:
    """A phone number is not in 区号-号码 form nor an allowed short number.

    **Why**: the public must be able to dial the contact and complaint numbers as printed; the format is
    `phone_pattern` and the short numbers `short_numbers` in powerlist.yaml.

    **Bad**
    ```yaml
    complaint_phone: 1234567
    ```

    **Good**
    ```yaml
    complaint_phone: 0716-1234567
    ```

    **Fix**: add the area code with a hyphen, or use 12345 / 12388.
    """
    pattern = compile_pattern(ctx.settings.phone_pattern)
    short = set(ctx.settings.short_numbers)
    for phone, loc in _phones(ctx):
        for part in re.split(r"[、,，;；/]\s*", phone.strip()):
            if part not in short and not pattern.fullmatch(part):
                wide = sorted({c for c in part if c in _WIDE_PHONE})
                why = f"：有全角字符「{''.join(wide)}」，请改用半角数字和 -" if wide else ""
                yield Report(loc, f"电话 '{part}' 格式不正确{why}")


# typed with a Chinese input method: full-width digits and dashes that look like the right ones
_WIDE_PHONE = set("０１２３４５６７８９－—–﹣（）　")


@rule("PL606", "credit-code", group="codes",
      hint="核对 18 位统一社会信用代码（GB 32100）：登记管理部门码、机构类别码和最后一位校验码")
def credit_code(ctx: Context) -> Iterator[Report]:
    """A unit's unified social credit code (统一社会信用代码) is malformed or fails its check.

    **Why**: GB 32100-2015 builds the code from 18 characters (digits and capitals without I, O, Z, S, V):
    第 1 位 登记管理部门代码 (1 机构编制, 5 民政, 9 工商 …), 第 2 位 机构类别代码, valid per department
    (机构编制: 1 机关, 2 事业单位, 3 群众团体, 9 其他; 工商: 1 企业, 2 个体工商户, 3 农民专业合作社 …),
    第 3-8 位 登记管理机关行政区划码 (6 digits), 第 9-17 位 主体标识码, 第 18 位 校验码. A typo in a
    published code is caught by them. The table is `USCC_DEPARTMENTS` in `generator/rules/codes.py` (with
    the codes assigned later, accepted). A 9-character organisation code (组织机构代码) is accepted as it is.

    **Bad**
    ```yaml
    code: 11999999MB1234567X    # wrong check character
    code: 17999999MB00000011    # 机构编制 has no category 7
    ```

    **Good**: `11999999MB00000011` (机构编制, 机关; correct check character).

    **Fix**: copy the code from the unit's certificate.
    """
    for unit in ctx.project.units:
        code = unit.code
        if code and len(code) != 9 and (problem := uscc_problem(code)):
            yield Report(unit.at("code"), f"统一社会信用代码 '{code}' 无效：{problem}")


@rule("PL607", "duplicate-id", group="codes", hint="每个 id 在其范围内必须唯一；改名其中一处（及引用它的地方）")
def duplicate_id(ctx: Context) -> Iterator[Report]:
    """Two units, flows, sources, posts of one unit, or steps of one flow share an id.

    **Why**: references by id would be ambiguous.

    One finding at *each* entry, naming the other places: either entry may be the one to rename, and
    an editor marks both. A citation of a source id written twice is not checked against either entry
    (no PL102, and no level or validity finding judged by the wrong one) until the id is unique.

    **Bad**
    ```yaml
    posts:
      - {id: reviewer, name: 审查岗, section: 审批股, role: 工作人员}
      - {id: reviewer, name: 复核岗, section: 审批股, role: 科室负责人}
    ```

    **Good**: `reviewer` and `rechecker`.

    **Fix**: rename one of them (and its references).
    """
    groups = defaultdict(list)
    for unit in ctx.project.units:
        groups[("单位", unit.id)].append(unit.loc)
        for post in unit.posts:
            groups[(f"{unit.id} 的岗位", post.id)].append(post.at("id"))
    for flow in ctx.project.flows:
        groups[("流程", flow.id)].append(flow.loc)
        for step in flow.steps:
            groups[(f"流程 {flow.id} 的环节", step.id)].append(step.at("id"))
    for src in ctx.project.sources:
        groups[("法律依据", src.id)].append(src.at("id"))
    for (kind, ident), locs in groups.items():
        if len(locs) < 2:
            continue
        for loc in locs:
            others = "、".join(str(o) for o in sorted(locs) if o != loc)
            yield Report(loc, f"{kind} id '{ident}' 重复（另见 {others}）")


@rule("PL608", "base-url", group="codes", hint="写成完整地址，如 https://www.example.gov.cn/qlqd/")
def base_url(ctx: Context) -> Iterator[Report]:
    """`base_url` in powerlist.yaml is not the full address of a web site: `http://` or `https://`,
    a host name, then the path (no `?query` or `#fragment`).

    **Why**: the canonical links, the sitemap and every poster's QR code are made from it; a QR code
    printed on a wall poster with a wrong address cannot be corrected.

    **Bad**
    ```yaml
    base_url: www.example.gov.cn/qlqd
    ```

    **Good**
    ```yaml
    base_url: https://www.example.gov.cn/qlqd/
    ```

    **Fix**: copy the address of the site's home page from the browser, without `index.html`.
    """
    from urllib.parse import urlsplit

    url = ctx.settings.base_url
    if url is None:
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        yield Report(ctx.settings.at("base_url"), f"网站地址 '{url}' 不是以 http:// 或 https:// 开头的完整地址")
    elif parts.query or parts.fragment or "#" in url:
        yield Report(ctx.settings.at("base_url"), f"网站地址 '{url}' 不应带 “?” 或 “#” 部分")


# The ways lists write "no charge" (a note may follow): 不收费, 免费, 免收, 免征, 零收费, 无, 否 (a 是否收费 column)
FREE_FEES = ("不收费", "免费", "免收", "免征", "依法免收", "零收费", "无", "不收取", "否", "不予收费", "免予收费",
             "零元")
ZERO_FEE = re.compile(r"0+(\.0+)?\s*元?")
AMOUNT = re.compile(r"([0-9０-９]+(?:\.[0-9]+)?)\s*元")  # 工本费 10 元: a sum after all


def charges_fee(fee: str | None) -> bool:
    """Whether a fee text charges something: not empty, not 不收费 / 免费 / 无 (a note may follow them,
    unless it names a sum: 免费提供，工本费 10 元 charges), not 0 元."""
    text = (fee or "").strip()
    if not text or ZERO_FEE.fullmatch(text):
        return False
    # float() reads full-width digits too (１０ is 10)
    return not text.startswith(FREE_FEES) or any(float(m[1]) > 0 for m in AMOUNT.finditer(text))


@rule("PL610", "fee-basis-missing", group="codes",
      hint="在 fee_basis 中写明收费依据（批准收费的文件及文号）；不收费写 不收费")
def fee_basis_missing(ctx: Context) -> Iterator[Report]:
    """A power charges a fee but states no fee basis (收费依据): `fee` is written and `fee_basis` is
    missing or blank.

    A fee counts as charged unless its text (spaces at either end ignored) begins with 不收费, 免费, 免收,
    免征, 依法免收, 零收费, 无, 不收取, 否, 不予收费, 免予收费 or 零元 (a note may follow: 不收费（工本费除外）
    counts as free, but not a note that names a sum: 免费提供，工本费 10 元 charges), or is a zero sum (`0`,
    `0元`, `0.00 元`). Any other text counts as charged. A power
    with no `fee` at all is not checked here (PL615 asks for one where parties apply).

    **Why**: a fee needs a legal basis: 行政许可法 第五十八条 ("不得收取任何费用。但是，法律、行政法规另有规定的，
    依照其规定") lets an office charge for a licence only where a law or administrative regulation provides;
    published lists show 收费依据及标准 side by side (domain guide §2), and charging without a basis is one of
    the accountability cases (§6).

    **Bad**
    ```yaml
    fee: 每件 80 元
    ```

    **Good**
    ```yaml
    fee: 每件 80 元
    fee_basis: 国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知（发改价格规〔2016〕2559号）
    ```

    **Fix**: add `fee_basis`, or write `fee: 不收费` if nothing is charged.
    """
    for unit, power in ctx.project.powers():
        if charges_fee(power.fee) and not (power.fee_basis or "").strip():
            yield Report(power.at("fee"), f"事项「{power.name}」收费（{power.fee}）但没有写明收费依据")


@rule("PL611", "delegating-body", group="codes", hint="受委托单位须在 delegated_by 中写明委托它的行政机关")
def delegating_body(ctx: Context) -> Iterator[Report]:
    """A unit whose nature is 受委托单位 does not name the body that delegated its powers (委托机关).

    **Why**: a delegated body acts in the name of the delegating office, which answers for its acts; the
    delegation is published (行政许可法 第二十四条: "委托机关应当将受委托行政机关和受委托实施行政许可的内容予以
    公告", "以委托行政机关名义实施行政许可"; 行政处罚法 第二十条: "委托行政机关和受委托组织应当将委托书向社会
    公布"). The list must say who delegated (domain guide §2).

    **Bad**
    ```yaml
    nature: 受委托单位
    ```

    **Good**
    ```yaml
    nature: 受委托单位
    delegated_by: 示例县市场监督管理局
    ```

    **Fix**: add `delegated_by`, or correct `nature`.
    """
    for unit in ctx.project.units:
        if unit.nature == "受委托单位" and not (unit.delegated_by or "").strip():
            yield Report(unit.at("nature"), f"单位「{unit.name}」是受委托单位，但没有写明委托机关")
