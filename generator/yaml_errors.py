"""YAML errors in words a clerk acts on: libyaml's English messages in Chinese, and the slip that
causes most of them when typing in a Chinese input method, a full-width colon (中文冒号 ：)
between a key and its value, found on the line where it was typed (libyaml reports the line after)."""

from __future__ import annotations

import re

# libyaml's problems, as it words them, and what to say instead
PROBLEMS = {
    "could not find expected ':'": "找不到应有的冒号“:”",
    "mapping values are not allowed": "这里不能再出现“键: 值”（值里有冒号时请给整个值加引号）",
    "did not find expected key": "找不到应有的键（这一行的缩进和上下文不一致？）",
    "did not find expected '-' indicator": "找不到应有的列表符号“-”（缩进不一致？）",
    "found character '\\t' that cannot start any token": "含有制表符（Tab）：YAML 只能用空格缩进",
    "found character that cannot start any token": "这里的字符不能开始一项内容（制表符 Tab？YAML 只能用空格缩进）",
    "found undefined alias": "引用了未定义的锚点（*名称 之前没有 &名称）",
    "found unexpected end of stream": "文件意外结束（引号或括号没有配对？）",
    "found unexpected ':'": "出现了多余的冒号“:”（值里有冒号时请加引号）",
    "found unknown escape character": "双引号里有无法识别的转义字符（反斜杠 \\ 请写成 \\\\）",
    "did not find expected ',' or ']'": "方括号列表中找不到“,”或“]”",
    "did not find expected ',' or '}'": "花括号中找不到“,”或“}”",
    "did not find expected node content": "这里缺少内容",
    "while scanning a quoted scalar": "引号没有配对",
    "while scanning a simple key": "这一行不是“键: 值”的形式",
    "while parsing a block mapping": "在读取“键: 值”时出错",
    "block sequence entries are not allowed here": "这里不能出现列表项“- ”（缩进不一致？）",
    "expected <document start>, but found '<block mapping start>'": "文件结构不对（顶层缩进不一致？）",
}
# a key of ASCII letters followed by a full-width colon where YAML needs ': '
FULL_WIDTH_KEY = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][\w-]*)[ ]*([：﹕︰])")
# an ideographic space (全角空格) in a line's indentation, where YAML takes only ASCII spaces
FULL_WIDTH_INDENT = re.compile(r"^[ ]*(\u3000)")


def problem_text(problem: str) -> str:
    """libyaml's message in Chinese (the original kept in brackets when no translation is known)."""
    for english, chinese in PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return f"无法读取（{problem}）"


def full_width_slip(text: str, line: int) -> tuple[int, int, str, str] | None:
    """A full-width colon after a key, or a full-width space in the indentation, on ``line`` or the
    lines before it (1-based), as (line, column, message, hint); None when there is none."""
    lines = text.splitlines()
    for n in range(min(line, len(lines)), max(line - 3, 0), -1):
        m = FULL_WIDTH_KEY.match(lines[n - 1])
        if m:
            col = m.start(3) + 1
            return (n, col, f"键 {m.group(2)} 后面是中文冒号“{m.group(3)}”：YAML 要求英文冒号加空格“: ”",
                    f"把第 {n} 行第 {col} 列的“{m.group(3)}”改为英文冒号“:”并在其后加一个空格"
                    "（切换到英文输入法输入）")
        m = FULL_WIDTH_INDENT.match(lines[n - 1])
        if m:
            col = m.start(1) + 1
            return (n, col, "缩进中有全角空格（　）：YAML 只能用半角空格缩进",
                    f"把第 {n} 行第 {col} 列起的全角空格改为半角空格（切换到半角或英文输入法输入）")
    return None
