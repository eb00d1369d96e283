"""Rules on the practice fields of a power (办件类型, 网上办理入口): what published service guides carry."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

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


@rule("PL612", "online-url", group="codes", hint="写成完整地址, 如 https://zwfw.example.gov.cn/item/XK00001000")
def online_url(ctx: Context) -> Iterator[Report]:
    """A power's `online_url` (网上办理入口) is not a full http(s) address.

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
    for _, power in ctx.project.powers():
        if power.online_url is not None and (why := http_url_problem(power.online_url)):
            yield Report(power.at("online_url"), f"事项「{power.name}」的网上办理入口 '{power.online_url}' {why}")


@rule("PL407", "case-type-limit", severity="warning", group="time",
      hint="即办件的承诺时限写 0; 承诺件写明承诺的工作日数")
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
            yield Report(power.at("case_type"), f"事项「{power.name}」为即办件, 但承诺时限为 {limit} 个工作日")
        elif power.case_type == "承诺件" and limit == 0:
            yield Report(power.at("case_type"), f"事项「{power.name}」为承诺件, 但承诺时限为 0 (即办)")
