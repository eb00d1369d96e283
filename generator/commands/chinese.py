"""argparse in Chinese: the usage line, headings, help of -h and the errors it prints itself (a clerk
typing a wrong option reads what went wrong in Chinese). argparse looks its strings up through the
``_`` and ``ngettext`` of its module at call time; powerlist points them at this table. English on
request: ``POWERLIST_LANG=en`` (or a ``LANG`` that starts with ``en``)."""

from __future__ import annotations

import argparse
import os
import re

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值：%(value)r (可选：%(choices)s)",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可以是 %(matches)s",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "ignored explicit argument %r": "忽略了多余的参数值 %r",
    "one of the arguments %s is required": "参数 %s 至少要给一个",
}
# a section heading line that ends in a Chinese word and argparse's colon
HEADING = re.compile(r"^(\s*\S*[\u4e00-\u9fff]):$", re.M)
PLURALS = {"expected %s argument": "需要 %s 个参数值"}


def english() -> bool:
    lang = os.environ.get("POWERLIST_LANG") or ""
    return lang.startswith("en") or (not lang and (os.environ.get("LANG") or "").startswith("en"))


def install() -> None:
    """Make argparse speak Chinese (unless English is asked for)."""
    if english():
        return
    argparse._ = lambda text: MESSAGES.get(text, text)
    argparse.ngettext = lambda singular, plural, n: PLURALS.get(singular, singular if n == 1 else plural)
    # argparse ends a section heading with an ASCII colon of its own ("%s:"): 选项：, as Chinese writes it
    if not getattr(argparse.ArgumentParser.format_help, "chinese", False):
        english_help = argparse.ArgumentParser.format_help

        def format_help(self) -> str:
            return HEADING.sub(r"\1：", english_help(self))

        format_help.chinese = True
        argparse.ArgumentParser.format_help = format_help
