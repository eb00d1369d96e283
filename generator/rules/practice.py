"""Rules on the practice fields of a power (办件类型, 网上办理入口) and on the facts every published page or
poster states (监督投诉电话, 承办机构, 收费): what published service guides carry. An absent fact is
published as 未列明, never filled with a plausible default; these warnings ask for the real one."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ..model import FEE_CATEGORIES
from . import Context, Report, rule


def http_url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable http(s) address (scheme, host, a numeric port, no spaces), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "端口或主机名无效"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "不是以 http:// 或 https:// 开头的完整地址"
    if any(c.isspace() for c in url):
        return "含有空白字符"
    return None


@rule("PL612", "online-url", group="codes", hint="写成完整地址，如 https://zwfw.example.gov.cn/item/XK00001000")
def online_url(ctx: Context) -> Iterator[Report]:
    """A power's `online_url` (网上办理入口), a unit's `complaint_url` (网上投诉举报) or the footer's
    `party_mark_url` (党政机关网站标识) is not a full http(s) address.

    **Why**: the address is published in the catalogue, the open data and the service guide, where a
    reader follows it to apply online; `www.example.gov.cn/...` without a scheme, a `javascript:` link
    or an address with spaces leads nowhere (the same check as `base_url`, PL608, except that a portal's
    item address may carry `?query` or `#fragment`).

    **Bad**
    ```yaml
    online_url: zwfw.example.gov.cn/item/XK00001000
    ```

    **Good**
    ```yaml
    online_url: https://zwfw.example.gov.cn/item/XK00001000
    ```

    **Fix**: copy the item's address from the browser on the government service portal, or leave the
    field out when the power cannot be applied for online.
    """
    mark = ctx.settings.footer.party_mark_url
    if mark is not None and (why := http_url_problem(mark)):
        yield Report(ctx.settings.footer.at("party_mark_url"), f"党政机关网站标识地址 '{mark}' {why}")
    for unit in ctx.project.units:
        if unit.complaint_url is not None and (why := http_url_problem(unit.complaint_url)):
            yield Report(unit.at("complaint_url"),
                         f"单位「{unit.name}」的网上投诉举报地址 '{unit.complaint_url}' {why}")
    for _, power in ctx.project.powers():
        if power.online_url is not None and (why := http_url_problem(power.online_url)):
            yield Report(power.at("online_url"), f"事项「{power.name}」的网上办理入口 '{power.online_url}' {why}")


@rule("PL407", "case-type-limit", severity="warning", group="time",
      hint="即办件的承诺时限写 0；承诺件写明承诺的工作日数")
def case_type_limit(ctx: Context) -> Iterator[Report]:
    """A power's 办件类型 contradicts its promised limit: a 即办件 (decided on the spot) with a promised
    limit above 0, or a 承诺件 whose promised limit is 0.

    **Why**: a service guide prints both; `promised_limit: 0` is how the format writes 即办 (docs/format.md),
    so the two fields must tell the applicant the same thing.

    **Bad**
    ```yaml
    promised_limit: 5
    case_type: 即办件
    ```

    **Good**
    ```yaml
    promised_limit: 5
    case_type: 承诺件
    ```

    **Fix**: correct whichever of the two is wrong.
    """
    for _, power in ctx.project.powers():
        limit = power.promised_limit
        if power.case_type is None or limit is None:
            continue
        if power.case_type == "即办件" and limit > 0:
            yield Report(power.at("case_type"), f"事项「{power.name}」为即办件，但承诺时限为 {limit} 个工作日")
        elif power.case_type == "承诺件" and limit == 0:
            yield Report(power.at("case_type"), f"事项「{power.name}」为承诺件，但承诺时限为 0（即办）")


@rule("PL613", "complaint-phone-missing", severity="warning", group="codes",
      hint="在单位文件中写明 complaint_phone（监督投诉电话），如 0999-6123400 或 12345；各事项可另写自己的")
def complaint_phone_missing(ctx: Context) -> Iterator[Report]:
    """A unit states no complaint phone (监督投诉电话), and some of its power pages or wall posters would
    therefore carry none: powers without a complaint phone of their own, flows none of whose powers has one.

    **Why**: the complaint channel is what a power list publishes for the public to hold the office to it
    (domain guide §2, §5: every chart and wall poster shows 投诉举报途径 and the complaint phone). A page
    without one cannot be published as complete, and the tool does not invent one. One finding per unit,
    naming the pages and posters affected.

    **Bad**
    ```yaml
    name: 某县某局
    phone: 0999-6123456        # no complaint_phone, and the powers give none
    ```

    **Good**
    ```yaml
    name: 某县某局
    phone: 0999-6123456
    complaint_phone: 0999-6123400
    ```

    **Fix**: add `complaint_phone` to the unit (it applies to every power that gives none), or to each power.
    """
    for unit in ctx.project.units:
        if unit.complaint_phone:
            continue
        pages = [p.name for p in unit.powers if not p.complaint_phone]
        posters = [f.name for f in ctx.project.flows if f.unit == unit.id and
                   not any(p.complaint_phone for _, p in ctx.flow_users.get(f.id, ()))]
        if not pages and not posters:
            continue
        parts = []
        if pages:
            parts.append(f"{len(pages)} 个事项的网页（如「{pages[0]}」）")
        if posters:
            parts.append(f"{len(posters)} 张上墙海报（如「{posters[0]}」）")
        yield Report(unit.loc, f"单位「{unit.name}」没有写明监督投诉电话：{'和'.join(parts)}将没有投诉电话")


@rule("PL614", "office-missing", severity="warning", group="codes", hint="写明 office（承办机构），如 行政审批股")
def office_missing(ctx: Context) -> Iterator[Report]:
    """A power states no handling office (承办机构).

    **Why**: the catalogue and every service guide name the section that handles the power (domain guide
    §2); an imported spreadsheet may lack the column. The page and the catalogue then say 未列明 rather than
    a made-up office.

    **Bad**
    ```yaml
    - code: XK00001000
      name: 某某许可
      category: 行政许可      # no office
    ```

    **Good**
    ```yaml
    - code: XK00001000
      name: 某某许可
      category: 行政许可
      office: 行政审批股
    ```

    **Fix**: add `office`.
    """
    for _, power in ctx.project.powers():
        if not (power.office or "").strip():
            yield Report(power.at("office"), f"事项「{power.name}」没有写明承办机构：网页和目录将写 未列明")


@rule("PL615", "fee-missing", severity="warning", group="codes",
      hint="写明 fee（收费标准）；不收费写 不收费，收费时写 fee_basis（收费依据）")
def fee_missing(ctx: Context) -> Iterator[Report]:
    """A power that a party applies for (许可, 确认, 给付, 裁决, 公共服务, 其他行政权力) states no fee.

    **Why**: a service guide states 收费标准 (domain guide §2), and 不收费 is a fact to be stated, not a
    default: most licences charge nothing (行政许可法 第五十八条), but some law or regulation provides a fee.
    The page says 未列明 until the list says which. Penalties, coercive measures, inspections, levies,
    rewards and internal powers are not applied for: their pages have no 收费 line unless one is written.

    **Bad**
    ```yaml
    category: 行政许可          # no fee: the page says 收费标准 未列明
    ```

    **Good**
    ```yaml
    category: 行政许可
    fee: 不收费
    ```

    **Fix**: add `fee` (with `fee_basis` when something is charged, PL610).
    """
    for _, power in ctx.project.powers():
        if power.category in FEE_CATEGORIES and power.fee is None:
            yield Report(power.loc, f"{power.category}「{power.name}」没有写明收费标准：网页和目录将写 未列明",
                         LICENCE_FEE_HINT if power.category == "行政许可" else None)


# a licence's fee: the law that says when it may be charged (other categories have none as general)
LICENCE_FEE_HINT = "写明 fee（收费标准）；不收费写 不收费（行政许可法第五十八条：法律、行政法规未规定收费的，不得收费）"


@rule("PL616", "category-missing", group="codes",
      hint="写明 category（职权类型），如 行政许可、行政处罚、公共服务；可选值见 docs/format.md")
def category_missing(ctx: Context) -> Iterator[Report]:
    """A power does not say its category (职权类型).

    **Why**: the category decides which law governs the power (a licence needs a law that can create it,
    PL107; a penalty's kinds, PL110), its standard responsibilities, its procedure chain and where the
    catalogue lists it. `powerlist import` leaves it out when the sheet gives none (no type column, no
    section row, a sheet name that is no category) or one that is not in the list, keeping the sheet's
    words in the power's internal notes; a draft (`build --draft`) shows 未列明.

    **Bad**
    ```yaml
    - code: "000101001000"
      name: 采矿权新立登记
    ```

    **Good**
    ```yaml
    - code: "000101001000"
      name: 采矿权新立登记
      category: 行政许可
    ```

    **Fix**: add `category`, one of the categories the catalogue uses.
    """
    for _, power in ctx.project.powers():
        if power.category is None:
            yield Report(power.loc, f"事项「{power.name}」没有写明职权类型")
