"""Findings of the load stage (PL0xx): the loader emits PL001-PL010, PL012 and PL013 itself
(registered here for the docs); PL011 looks for the placeholders ``powerlist new`` writes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Node
from ..schema import fields_of
from . import Context, Report, load_rule, rule

load_rule("PL001", "yaml-syntax", "检查缩进、冒号后的空格和成对的引号", """
    The file is not valid YAML.

    **Why**: nothing else can be checked until the file parses.

    **Bad**
    ```yaml
    name: 建设用地审批
      category: 行政许可     # indented under a plain value
    ```

    **Good**
    ```yaml
    name: 建设用地审批
    category: 行政许可
    ```

    **Fix**: correct the indentation or quoting at the reported place; quote text containing `: ` or ` #`.
    A key followed by a full-width colon (`office：审批股`, typed with a Chinese input method) is named
    on the line where it was typed, not on the next line where YAML notices it; libyaml's messages are
    said in Chinese (`generator/yaml_errors.py`). A full-width space (全角空格) in the indentation is named
    where it was typed too.
    """)

load_rule("PL002", "duplicate-key", "删除或合并重复的键", """
    The same key appears twice in one mapping.

    **Why**: YAML keeps only the last value, silently dropping the first one; in a power list that can
    drop a legal basis or a time limit without anyone noticing in review.

    **Bad**
    ```yaml
    promised_limit: 10
    promised_limit: 5
    ```

    **Good**
    ```yaml
    promised_limit: 5
    ```

    **Fix**: keep one of the keys.
    """)

load_rule("PL003", "unknown-key", "按提示改正拼写，或删除该键", """
    A key that this kind of file does not have (usually a typo); the message suggests the closest key.

    **Why**: a misspelt key (`promise_limit`) would otherwise be ignored and the value lost.

    **Bad**
    ```yaml
    promise_limit: 10
    ```

    **Good**
    ```yaml
    promised_limit: 10
    ```

    **Fix**: use the suggested key; the keys of each file kind are listed in docs/format.md.
    """)

load_rule("PL004", "wrong-type", "按 docs/format.md 写成正确的类型；文字请加引号", """
    A value has the wrong type: text where a number is expected, a list where a mapping is expected,
    an empty text, a key that is not text, or a value that cannot be parsed (e.g. `2021-02-30`).

    **Why**: YAML guesses types: `0012` is the number 10 and `no` is false. Codes and phone numbers must
    stay text.

    **Bad**
    ```yaml
    code: 0012        # read as the octal number 10
    legal_limit: 二十
    ```

    **Good**
    ```yaml
    code: "0012"
    legal_limit: 20
    ```

    **Fix**: quote text; write numbers as digits; dates as YYYY-MM-DD.
    """)

load_rule("PL005", "missing-field", "添加该必填字段", """
    A required key is missing.

    **Why**: the published list must carry every required field (domain guide §2), e.g. a power's
    code, name, category and handling office.

    **Bad**
    ```yaml
    - name: 建设用地审批
      category: 行政许可
    ```

    **Good**
    ```yaml
    - code: XK00001000
      name: 建设用地审批
      category: 行政许可
      office: 国土空间用途管制股
    ```

    **Fix**: add the key named in the message.
    """)

load_rule("PL006", "invalid-value", "使用提示中列出的可选值", """
    A value is outside what its key allows: a value that is not one of the key's allowed values (category,
    role, step action, risk level, limit unit, procedure ...), several allowed values joined into one by
    Chinese punctuation (`[警告，罚款]`), a number below the key's minimum (a negative time limit or
    `days`, `officers: 0`), or an `item_code_pattern` or `phone_pattern` in powerlist.yaml that is not a
    usable regular expression (invalid, longer than 500 characters, or using what RE2 lacks: backreferences
    such as `\\1`, look-arounds such as `(?=...)`). For a value not in the list, the hint lists the allowed
    values and names the closest one when one is close.

    **Why**: the categories, roles and levels drive the rules and the published catalogue; a value
    outside the list would silently fall out of every check.

    **Bad**
    ```yaml
    category: 行政审批
    ```

    **Good**
    ```yaml
    category: 行政许可
    ```

    **Fix**: use one of the listed values.
    """)

load_rule("PL007", "yaml-too-deep", "减少嵌套和别名引用", """
    The YAML nests too deeply, an alias refers to itself, or aliases expand to too many values (a
    "billion laughs" alias bomb).

    **Why**: such a file would exhaust memory or crash the parser; a CI check on a pull request must not.

    **Bad**
    ```yaml
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    # ... repeated: 9^n values
    ```

    **Good**: write the content out, or reuse an anchor a few times only.

    **Fix**: remove the recursive or exponential aliases.
    """)

load_rule("PL008", "not-utf8", "用 UTF-8 重新保存文件", """
    The file is not UTF-8 (often GBK from an older editor).

    **Why**: Chinese text in another encoding would be garbled on the site and in the documents.

    **Bad**: a file saved as GBK / GB2312.

    **Good**: the same file saved as UTF-8 (a BOM is accepted).

    **Fix**: `iconv -f GBK -t UTF-8 old.yaml > new.yaml`, or "save as UTF-8" in the editor.
    """)

load_rule("PL009", "file-too-large", "拆分文件或调高 max_file_bytes", """
    The file is larger than `max_file_bytes` (default 2 MiB).

    **Why**: a limit keeps a mistaken or hostile file from stalling CI; real unit files are far smaller.

    **Bad**: a 50 MB file pasted from an export.

    **Good**: one file per unit and per flow.

    **Fix**: split the file, or raise `max_file_bytes` in powerlist.yaml.
    """)

load_rule("PL010", "unsupported-yaml", "去掉 YAML 标签，一个文件只写一个文档", """
    The file uses a YAML feature that power lists do not need: an explicit tag such as
    `!!python/object`, or several documents separated by `---`.

    **Why**: only plain, safe YAML is read; tags could construct objects in other loaders.

    **Bad**
    ```yaml
    name: !!python/object:os.system x
    ```

    **Good**
    ```yaml
    name: 建设用地审批
    ```

    **Fix**: remove the tag; put each document in its own file.
    """)

load_rule("PL012", "value-too-long", "精简文字，或把过长的列表拆开", """
    A value is longer than any real power list needs: a text over its limit (300 characters for names,
    offices, articles and the like; 5,000 for descriptions, duties, measures, excerpts and Markdown
    fields; 200 for `base_url`, which goes into every QR code), a list with too many items (200 steps
    in a flow, 20 risk points on a step, 200 materials ...), or a Markdown field with over 100 `[`.

    **Why**: the limits sit far above real lists and far below what would make `check` or `build`
    crawl: a 30,000-character name took a build over a minute, and Python-Markdown's time grows with
    the square of the number of `[`. A pasted export or a hostile file fails fast, with its place.

    **Bad**
    ```yaml
    name: 建设用地审批建设用地审批建设用地审批...   # 30,000 characters pasted by mistake
    ```

    **Good**
    ```yaml
    name: 建设用地审批
    ```

    **Fix**: shorten the text (cite the article instead of copying the whole law), split a very long
    list, or use 【】 instead of [ ] for brackets in Markdown text.
    """)

load_rule("PL013", "link-outside-project", "把文件复制到项目中，不要链接到项目外", """
    A file or folder of the project is a symbolic link to a place outside the project folder; it is not
    read.

    **Why**: `check` prints what it reads, and `build` publishes it: a link to a system file or to
    another office's folder would put text that is not the office's own into a pull request's log or
    onto the public site. Links that stay inside the project are read as usual.

    **Bad**: `catalog/finance.yaml -> /etc/passwd`, `flows/shared -> /home/other/flows`

    **Good**: the file itself, copied into `catalog/` or `flows/` and kept in git.

    **Fix**: replace the link by a copy of the file (`cp --remove-destination "$(readlink -f f)" f`).
    """)


PLACEHOLDER = "TODO"
PLACEHOLDER_PHONE = re.compile(r"^[0\s-]+$")  # 0000-0000000, the number `powerlist new unit` writes


@rule("PL011", "placeholder-left", severity="warning", group="load",
      hint="填写实际内容，删去 TODO（网站和文档会原样公开这些文字）")
def placeholder_left(ctx: Context) -> Iterator[Report]:
    """A field of a unit, flow or legal source still holds a placeholder that `powerlist new` wrote: text
    containing `TODO`, or a phone number made only of zeros, hyphens and spaces (0000-0000000).

    **Why**: the site, the posters and the documents publish every field as written; a draft that
    builds would put "TODO 单位地址" in front of the public. A warning, so that a draft can still be
    previewed (`powerlist serve`); CI runs `powerlist check --strict`, which fails on it.

    **Bad**
    ```yaml
    address: TODO 单位地址
    phone: 0000-0000000
    ```

    **Good**
    ```yaml
    address: 测试县人民路 1 号
    phone: 0999-6123456
    ```

    **Fix**: fill in the real text or number.
    """
    nodes = [*ctx.project.units, *ctx.project.flows, *ctx.project.sources]
    for node in nodes:
        for loc, name, text in _texts(node):
            if PLACEHOLDER in text:
                yield Report(loc, f"{name} 仍是占位内容：{text}")
            elif "phone" in name and PLACEHOLDER_PHONE.fullmatch(text):
                yield Report(loc, f"{name} 仍是占位号码 {text}")


def _texts(node: Node):
    """(location, field name, text) of every text written in YAML for ``node`` and the model objects
    inside it."""
    for name, _, _ in fields_of(type(node)):
        value = getattr(node, name)
        if isinstance(value, str):
            yield node.at(name), name, value
        elif isinstance(value, Node):
            yield from _texts(value)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield node.at(name, i), name, item
                elif isinstance(item, Node):
                    yield from _texts(item)
