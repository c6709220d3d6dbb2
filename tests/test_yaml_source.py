"""The YAML reader: YAML 1.2 scalars, positions, and refusal of what would exhaust memory."""

from __future__ import annotations

import pytest

from framework.kb.diagnostics import DiagnosticError
from framework.kb.yaml_source import Limits, parse


def codes(text: str, limits: Limits = Limits()) -> list[tuple[str, int]]:
    with pytest.raises(DiagnosticError) as info:
        parse(text, "f.yaml", limits)
    return [(d.code, d.line) for d in info.value.diagnostics]


def test_yaml_1_2_scalars_agree_with_editors() -> None:
    value, _ = parse("a: No\nb: yes\nc: 010\nd: 12:30\ne: true\nf: 1.5\ng: ~\nh: 2026-11-28\ni: 0o17\n", "f.yaml")
    assert value == {"a": "No", "b": "yes", "c": 10, "d": "12:30", "e": True, "f": 1.5, "g": None, "h": "2026-11-28", "i": 15}


def test_quoted_scalars_stay_text() -> None:
    value, _ = parse('a: "true"\nb: \'1\'\n', "f.yaml")
    assert value == {"a": "true", "b": "1"}


def test_positions_of_values_and_keys() -> None:
    _, pos = parse("top:\n  - id: x\n    list: [a, b]\n", "f.yaml")
    assert pos.values[("top", 0, "id")] == (2, 9)
    assert pos.values[("top", 0, "list", 1)] == (3, 15)
    assert pos.keys[("top", 0, "list")] == (3, 5)
    assert pos.at(("top", 0, "missing")) == (2, 5)


def test_every_duplicate_key_is_reported() -> None:
    assert codes("a: 1\nb: 2\na: 3\nb: 4\n") == [("duplicate-key", 3), ("duplicate-key", 4)]


def test_aliases_are_refused_before_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    assert codes(bomb) == [("yaml-alias", 2)]


def test_merge_keys_and_custom_tags_are_refused() -> None:
    assert ("yaml-merge", 2) in codes("a: {x: 1}\nb: {<<: {y: 2}}\n")
    assert codes("a: !!python/object:os.system x\n") == [("yaml-tag", 1)]


def test_syntax_errors_name_the_line() -> None:
    [(code, line)] = codes("a: 1\nb: [1, 2\nc: 3\n")
    assert code == "yaml-syntax" and line >= 2


def test_oversized_and_deep_input_is_refused() -> None:
    assert codes("a: " + "x" * 200 + "\n", Limits(max_bytes=100))[0][0] == "too-large"
    deep = "a: " + "[" * 50 + "]" * 50 + "\n"
    assert codes(deep, Limits(max_depth=10))[0][0] == "too-large"
    many = "a: [" + ", ".join(["1"] * 500) + "]\n"
    assert codes(many, Limits(max_nodes=100))[0][0] == "too-large"


def test_non_utf8_is_refused() -> None:
    with pytest.raises(DiagnosticError) as info:
        parse(b"a: \xff\xfe\n", "f.yaml")
    assert info.value.diagnostics[0].code == "encoding"


@pytest.mark.parametrize(("data", "line", "column", "words"), [
    (b"a: 1\nb: caf\xe9\n", 2, 7, "byte 0xe9"),  # Latin-1 text: the bad byte's own line and column
    ("a: 1\nbé: \u00e9\xff".encode("utf-8")[:-2] + b"\xff\n", 2, 6, "byte 0xff"),  # columns count characters, not bytes
    (b"a: 1\nb: x\x00y\n", 2, 5, "NUL byte"),
    (b"\xff\xfea\x00:\x00", 1, 1, "byte 0xff"),  # UTF-16 with a byte-order mark
    (b"a: 1\nb: x\x07y\n", 2, 5, "U+0007"),
])
def test_encoding_problems_name_their_line_and_column(data: bytes, line: int, column: int, words: str) -> None:
    with pytest.raises(DiagnosticError) as info:
        parse(data, "f.yaml")
    [d] = info.value.diagnostics
    assert (d.code, d.line, d.column) == ("encoding", line, column) and words in d.message, str(d)


def test_a_knowledge_base_file_that_is_not_utf8_is_reported_with_its_position(tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    root = tmp_path / "kb"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", root)
    (root / "rules" / "extra.yaml").write_bytes(b"facts:\n  - id: f-x\n    label: caf\xe9\n")
    run = cli("validate", str(root))
    assert run.code == 1 and "rules/extra.yaml:3:15: error[encoding]" in run.err, run.err
