"""The offices' own regular expressions (``item_code_pattern``, ``phone_pattern`` in powerlist.yaml).

They are compiled with RE2 (google-re2), not Python's ``re``: RE2 matches in time linear in the text
whatever the pattern, so no pattern can hang ``check`` or ``build`` (a backtracking engine takes 2^n
steps for ``^(a+)+$`` against ``aaaa...!``). RE2 has no backreferences (``\\1``) or look-around
(``(?=...)``), which a code or phone format does not need; such a pattern is a PL006 finding. RE2's
``\\d`` is the ASCII digits only, so full-width digits never pass as a code. A pattern must be valid
in both grammars.
"""

from __future__ import annotations

import re
from functools import lru_cache

import re2

MAX_PATTERN_LENGTH = 500  # a format is a line; a longer text is a paste gone wrong
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print its own English message on stderr for a bad pattern
_OPTIONS.max_mem = 8 << 20  # a pattern whose program needs more is refused, not built


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message is in Chinese, for the finding."""


@lru_cache(maxsize=64)
def compile_pattern(text: str):
    """The compiled pattern (``fullmatch``, ``search`` ...), or PatternError saying what is wrong."""
    if len(text) > MAX_PATTERN_LENGTH:
        raise PatternError(f"长 {len(text)} 个字符，超过上限 {MAX_PATTERN_LENGTH}")
    try:  # Python's grammar too: RE2 takes some text Python refuses (a{4294967296}) as literal characters
        re.compile(text)
    except (re.error, OverflowError, RecursionError) as e:
        raise PatternError(f"不是有效的正则表达式（{type(e).__name__}）") from None
    try:
        return re2.compile(text, options=_OPTIONS)
    except re2.error as e:
        detail = e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes) else str(e)
        raise PatternError(f"不是可用的正则表达式（RE2: {detail}）；不支持反向引用 \\1 和（?=...）等环视写法") from None
