"""The loader keeps locations and turns every bad input into one located finding."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.load import MAX_DEPTH, load_text


def only(text: str | bytes):
    raw = load_text("f.yaml", text.encode() if isinstance(text, str) else text)
    assert len(raw.findings) == 1, raw.findings
    assert raw.data is None
    return raw.findings[0]


def test_locations_of_keys_and_values():
    raw = load_text("f.yaml", "a: 1\nlist:\n  - x\n  - {k: v}\n".encode())
    data = raw.data
    assert data.key_loc("list").line == 2
    assert data["list"].item_locs[1].line == 4 and data["list"].item_locs[1].col == 5
    assert data["list"][1].value_loc("k").col == 9


def test_types_follow_yaml_core_schema():
    raw = load_text("f.yaml", "d: 2024-01-31\nn: 3\nf: 0.5\nb: true\nphone: 0999-6123456\n".encode())
    assert raw.data == {"d": dt.date(2024, 1, 31), "n": 3, "f": 0.5, "b": True, "phone": "0999-6123456"}


def test_utf8_bom_accepted():
    raw = load_text("f.yaml", b"\xef\xbb\xbfname: \xe6\xb5\x8b\n")
    assert raw.data == {"name": "测"} and not raw.findings


@pytest.mark.parametrize("text,code,line", [
    ("a: 1\nb: [\n", "PL001", 3),
    ("a: 1\na: 2\n", "PL002", 2),
    ("a: &x [*x]\n", "PL007", 1),
    ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), "PL007", 1),
    ("a:\n" + "- " * 20000 + "x\n", "PL007", 2),  # deep block nesting would crash libyaml's composer
    ("[" * 300000, "PL007", 1),
    ("a: &s '" + "x" * 100_000 + "'\nb: [" + "*s, " * 50 + "*s]\n", "PL007", 2),  # few nodes, many characters
    ("a: !!python/object:os.system x\n", "PL010", 1),
    ("a: 1\n---\nb: 2\n", "PL010", 2),
    ("a: b\nc: \x01\n", "PL001", 2),
    ("d: 2021-02-30\n", "PL004", 1),
    ("yes: 1\n", "PL004", 1),
    ("? [a, b]\n: 1\n", "PL004", 1),
    ("a: *nowhere\n", "PL001", 1),
    ("a:\n  <<: [1, 2]\n", "PL004", 2),
    ("a: !!set {x}\n", "PL010", 1),
])
def test_bad_input_gives_one_located_finding(text, code, line):
    f = only(text)
    assert (f.code, f.loc.line) == (code, line), f
    assert f.hint


def test_alias_bomb_is_refused_quickly():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    f = only("\n".join(levels) + "\n")
    assert f.code == "PL007" and "billion laughs" in f.message


def test_moderate_alias_reuse_is_fine():
    raw = load_text("f.yaml", b"base: &b {x: 1}\nitems: [*b, *b, *b]\nm:\n  <<: *b\n  y: 2\n"
                              b"n:\n  <<: [*b, {z: 3}]\n  x: 9\n")
    assert not raw.findings
    assert raw.data["m"] == {"x": 1, "y": 2}
    assert raw.data["n"] == {"x": 9, "z": 3}
    assert raw.data["m"].key_loc("x").line == 1  # a merged key points where it was written


def test_explicit_standard_tags_are_fine():
    raw = load_text("f.yaml", b"code: !!str 0012\nn: !!int '5'\n")
    assert raw.data == {"code": "0012", "n": 5} and not raw.findings


def test_not_utf8_gives_position():
    f = only("名称：测试\n".encode("gbk"))
    assert f.code == "PL008" and (f.loc.line, f.loc.col) == (1, 1)


def test_size_limit():
    raw = load_text("f.yaml", b"a: " + b"x" * 100, max_bytes=50)
    assert raw.findings[0].code == "PL009"


def test_read_folder_skips_hidden_files_and_survives_symlink_loops(tmp_path):
    from generator.project import read_folder
    (tmp_path / "catalog" / "sub").mkdir(parents=True)
    (tmp_path / "catalog" / "a.yaml").write_text("name: x\n")
    (tmp_path / "catalog" / ".draft.yaml").write_text("name: y\n")
    (tmp_path / "catalog" / "sub" / "loop").symlink_to(tmp_path / "catalog")
    (tmp_path / "catalog" / "notes.txt").write_text("not yaml")
    files, problems = read_folder(tmp_path)
    assert list(files) == ["catalog/a.yaml"] and problems == []


@pytest.mark.parametrize("text,line,col", [
    ("name: 某局\noffice：审批股\nphone: 1\n", 2, 7),  # reported by libyaml on line 3
    ("steps:\n  - id: a\n    name﹕受理\n", 3, 9),
])
def test_a_full_width_colon_is_named_where_it_was_typed(text, line, col):
    """Issue 20: the most common slip when typing in Chinese, 中文冒号 between a key and its value."""
    f = only(text)
    assert (f.code, f.loc.line, f.loc.col) == ("PL001", line, col), f
    assert "中文冒号" in f.message and "英文冒号" in f.hint


def test_a_full_width_space_in_the_indentation_is_named():
    """The other slip of a Chinese input method: a full-width space (全角空格) where YAML indents."""
    f = only("steps:\n  - id: a\n  \u3000\u3000name: 受理\n")
    assert (f.code, f.loc.line, f.loc.col) == ("PL001", 3, 3), f
    assert "全角空格" in f.message and "半角空格" in f.hint
    # at the top level YAML reads it as part of the key: the unknown key says why it looks right
    from tests.helpers import check_files, minimal_files
    files = minimal_files()
    files["catalog/bureau.yaml"] = files["catalog/bureau.yaml"].replace(b"\ncode:", "\n\u3000code:".encode(), 1)
    found = [f for f in check_files(files) if f.code == "PL003"]
    assert found and "全角空格" in found[0].message and "删去全角空格" in found[0].hint, found


def test_a_key_written_as_its_chinese_title_points_to_the_english_key():
    """Newcomers write the Chinese names they see in the documents (地址, 联系电话) as keys: the finding
    quotes the key as written (not as 文字「…」) and names the English key to use."""
    from tests.helpers import check_files, minimal_files
    files = minimal_files()
    text = files["catalog/bureau.yaml"].decode()
    assert "\nphone:" in text
    files["catalog/bureau.yaml"] = text.replace("\nphone:", "\n联系电话:", 1).encode()
    found = [f for f in check_files(files) if f.code == "PL003"]
    assert len(found) == 1 and found[0].message == "未知的键「联系电话」", found
    assert "'phone'" in found[0].hint, found[0].hint


@pytest.mark.parametrize("text,said", [
    ("a: 1\nb: [\n", "缺少内容"),
    ("a:\n\tb: 1\n", "制表符"),
    ("a: b: c\n", "值里有冒号时请给整个值加引号"),
    ('a: "x\n', "文件意外结束"),
])
def test_yaml_errors_are_said_in_chinese(text, said):
    f = only(text)
    assert f.code == "PL001" and said in f.message, f.message
    assert not re.search(r"[a-z]{4,}", f.message.replace("YAML", "")), f.message  # no English words left


def test_list_items_joined_by_a_chinese_comma_are_named():
    """[罚款，警告] is one item to YAML: the message says so, rather than suggesting one of the two."""
    from tests.helpers import check_files, minimal_files
    files = minimal_files()
    bureau = files["catalog/bureau.yaml"].decode("utf-8")
    assert "penalty_kinds: [" in bureau
    bureau = re.sub(r"penalty_kinds: \[[^\]]*\]", "penalty_kinds: [罚款，警告]", bureau, count=1)
    files["catalog/bureau.yaml"] = bureau.encode("utf-8")
    (f,) = [f for f in check_files(files) if f.code == "PL006"]
    assert "中文标点连在一起的 2 项" in f.message and f.hint.endswith("[罚款, 警告]"), f


def test_a_posts_name_written_for_its_id_gets_the_id():
    from tests.helpers import check_files, minimal_files
    files = minimal_files()
    flow_path = next(k for k in files if k.startswith("flows/"))
    flow = files[flow_path].decode("utf-8")
    unit = files["catalog/bureau.yaml"].decode("utf-8")
    post_id = re.search(r"\bpost: ([\w-]+)", flow).group(1)
    name = re.search(r"\{id: " + re.escape(post_id) + r", name: ([^,}]+)", unit).group(1).strip()
    files[flow_path] = flow.replace(f"post: {post_id}", f"post: {name}", 1).encode("utf-8")
    found = [f for f in check_files(files) if f.code == "PL501"]
    assert found and f"这是岗位名称，这里要写它的 id：'{post_id}'" in found[0].hint, found


def test_yes_written_in_chinese_for_a_flag_gets_true():
    from tests.helpers import check_files, minimal_files
    files = minimal_files()
    bureau = files["catalog/bureau.yaml"].decode("utf-8")
    bureau = re.sub(r"(\n    office: [^\n]+)", r"\1\n    major: 是", bureau, count=1)
    files["catalog/bureau.yaml"] = bureau.encode("utf-8")
    (f,) = [f for f in check_files(files) if f.code == "PL004"]
    assert "major" in f.message and f.hint == "写 true（是）", f
