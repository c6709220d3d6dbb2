"""Decision-tree diagrams: well-formed, complete, non-overlapping, deterministic, escaped and readable."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from framework.kb.knowledge_base import KnowledgeBase
from framework.kb.locate import bundled_root
from framework.logic.tables import Tables
from framework.logic.trees import DerivedTree as Tree
from framework.logic.trees import derive
from framework.outputs.versions import frozen_trees, released_versions
from framework.render.tree_diagram import NARROW, SHEET_FIRST, SHEET_REST, WIDE, sheet_cuts, tree_mermaid, tree_svg, tree_svg_sheets

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script> & "q"'
WORDS = {"supports": "✓ supports", "partial": "◐ partial", "does-not-support": "✗ does not support"}

TREE_IDS = ["DT-COPYRIGHT", "DT-FINE-TUNING", "DT-PRIVACY", "DT-REMOVAL", "DT-SAFETY", "DT-SUPPRESSION"]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def _texts(el: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in el.iter(f"{SVG}text")]


def _rect(el: ET.Element) -> tuple[int, int, int, int]:
    r = el.find(f"{SVG}rect")
    assert r is not None
    return int(r.get("x", "")), int(r.get("y", "")), int(r.get("width", "")), int(r.get("height", ""))


def _node_id(tree: Tree, node_id: str) -> str:
    return f"{tree.id.lower()}-node-{node_id}"


RELEASED = [(v, t.id) for v in released_versions(bundled_root()) for t in frozen_trees(bundled_root(), v)]


@pytest.fixture(params=TREE_IDS + [f"{v}/{tid}" for v, tid in RELEASED])
def tree(request: pytest.FixtureRequest, tables: Tables, kb: KnowledgeBase) -> Tree:
    """Today's trees, derived from the tables, and every release's frozen trees (drawn the same way)."""
    if "/" in request.param:
        version, tid = request.param.split("/")
        return next(t for t in frozen_trees(bundled_root(), version) if t.id == tid)
    return derive(tables, kb.trees[request.param])


def _labels(kb: KnowledgeBase, node, branch) -> str:  # type: ignore[no-untyped-def]
    options = {o.id: o.label for o in kb.questions[node.ask or ""].options}
    return " or ".join(options[a] for a in branch.answers)


def test_every_real_tree_is_drawn(kb: KnowledgeBase) -> None:
    # The parametrisation above must follow the knowledge base, or new trees would go untested.
    assert sorted(kb.trees) == TREE_IDS


def test_svg_is_a_well_formed_accessible_document(kb: KnowledgeBase, tree: Tree) -> None:
    svg = tree_svg(kb, tree)
    assert not svg.startswith("<?xml")
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    prefix = tree.id.lower()
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == f"{prefix}-title" and tree.id in (title.text or "")
    assert desc is not None and desc.get("id") == f"{prefix}-desc"
    leaves = sum(1 for n in tree.nodes if n.is_leaf)
    assert f"{len(tree.nodes) - leaves} question nodes and {leaves} leaves" in (desc.text or "")
    _, _, w, h = (int(v) for v in (root.get("viewBox") or "").split())
    assert (root.get("width"), root.get("height")) == (str(w), str(h))


def test_svg_has_no_styles_scripts_or_external_references(kb: KnowledgeBase, tree: Tree) -> None:
    root = _parse(tree_svg(kb, tree))
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "path", "text"}
    for el in root.iter():
        assert not any(a == "style" or "href" in a or a.startswith("on") for a in el.attrib), el.attrib


def test_every_node_branch_and_verdict_is_drawn_once(kb: KnowledgeBase, tree: Tree) -> None:
    root = _parse(tree_svg(kb, tree))
    by_id = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    for node in tree.nodes:
        group = by_id[_node_id(tree, node.id)]
        texts = _texts(group)
        if node.is_leaf:
            assert "us-tree-leaf" in (group.get("class") or "")
            # methods are grouped by verdict: the verdict in words, then the method labels, comma-separated
            drawn: dict[str, list[str]] = {}
            for vg in _groups(group, "us-tree-verdicts"):
                verdict = vg.get("data-verdict") or ""
                heads = [t for t in vg.iter(f"{SVG}text") if f"us-verdict-{verdict}" in (t.get("class") or "")]
                assert ["".join(h.itertext()) for h in heads] == [WORDS[verdict] + ":"], (node.id, verdict)
                names = " ".join("".join(t.itertext()) for t in vg.iter(f"{SVG}text") if "us-tree-methods" in (t.get("class") or ""))
                drawn[verdict] = names.split(", ")
            expected: dict[str, list[str]] = {}
            for m in tree.methods:
                expected.setdefault((node.verdicts or {})[m], []).append(kb.methods[m].label)
            assert drawn == expected, node.id
            assert list(drawn) == [v for v in WORDS if v in drawn]  # strongest verdict first
            classes = [t.get("class") or "" for t in group.iter(f"{SVG}text")]
            assert all(c.split()[0] in {"us-tree-verdict", "us-tree-text", "us-tree-note"} for c in classes)
            assert not any(cid in " ".join(texts) for cid in node.claims or {})  # no claim verdicts in the diagram
        else:
            assert "us-tree-question" in (group.get("class") or "")
            assert " ".join(texts) == " ".join(kb.questions[node.ask or ""].label.split())
    node_groups = _groups(root, "us-tree-question") + _groups(root, "us-tree-leaf")
    assert len(node_groups) == len(tree.nodes)
    labels = [t for g in _groups(root, "us-tree-edge-label") for t in _texts(g)]
    expected = [_labels(kb, n, b) for n in tree.nodes for b in n.branches or []]
    assert sorted(labels) == sorted(expected)
    assert len(_groups(root, "us-tree-edge")) == sum(len(n.branches or []) for n in tree.nodes)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _no_overlaps(svg: str) -> None:
    root = _parse(svg)
    _, _, width, height = (int(v) for v in (root.get("viewBox") or "").split())
    boxes = [(g.get("id") or "label", _rect(g)) for cls in ("us-tree-question", "us-tree-leaf", "us-tree-edge-label") for g in _groups(root, cls)]
    for name, (x, y, w, h) in boxes:
        assert 0 <= x <= width - w and 0 <= y <= height - h, name
    for (n1, r1), (n2, r2) in itertools.combinations(boxes, 2):
        assert not _overlap(r1, r2), (n1, r1, n2, r2)


def test_no_boxes_or_edge_labels_overlap(kb: KnowledgeBase, tree: Tree) -> None:
    _no_overlaps(tree_svg(kb, tree))


def test_rendering_is_deterministic_and_ids_unique(kb: KnowledgeBase, tree: Tree) -> None:
    svg = tree_svg(kb, tree)
    assert svg == tree_svg(kb, copy.deepcopy(tree))
    assert tree_mermaid(kb, tree) == tree_mermaid(kb, copy.deepcopy(tree))
    ids = [el.get("id") for el in _parse(svg).iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(tree.id.lower() + "-") for i in ids)  # two diagrams on one page cannot clash
    assert not re.search(r"\d\.\d{2,}", svg)  # integer coordinates: no float noise between platforms


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_text_contrast_on_white_is_sufficient(kb: KnowledgeBase, tree: Tree) -> None:
    root = _parse(tree_svg(kb, tree))
    for cls in ("us-tree-question", "us-tree-leaf", "us-tree-edge-label"):
        for g in _groups(root, cls):
            rect = g.find(f"{SVG}rect")
            assert rect is not None
            back = _luminance(rect.get("fill", ""))
            for t in g.iter(f"{SVG}text"):
                fore = _luminance(t.get("fill", ""))
                ratio = (max(back, fore) + 0.05) / (min(back, fore) + 0.05)
                assert ratio >= 4.5, (cls, t.get("fill"), rect.get("fill"), ratio)


def _evil_kb(kb: KnowledgeBase, tree: Tree) -> tuple[KnowledgeBase, Tree]:
    """A copy in which every string the diagram shows tries to inject markup."""
    root = next(n for n in tree.nodes if n.id == tree.root)
    q = kb.questions[root.ask or ""]
    evil_q = q.model_copy(update={"label": EVIL, "options": [o.model_copy(update={"label": EVIL}) for o in q.options]})
    method = tree.methods[0]
    evil_m = kb.methods[method].model_copy(update={"label": EVIL})
    evil = copy.copy(kb)
    evil.entries = {
        **kb.entries,
        "question": {**kb.questions, q.id: evil_q},
        "method": {**kb.methods, method: evil_m},
    }
    nodes = [dataclasses.replace(n, note=EVIL + " a long note that wraps onto several lines of the leaf box" * 3) if n.is_leaf else n for n in tree.nodes]
    return evil, dataclasses.replace(tree, label=EVIL, nodes=nodes)


def test_svg_escapes_knowledge_base_text(kb: KnowledgeBase, tables: Tables) -> None:
    evil_kb, tree = _evil_kb(kb, derive(tables, kb.trees["DT-SUPPRESSION"]))
    svg = tree_svg(evil_kb, tree)
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in svg
    root = _parse(svg)
    assert not [el for el in root.iter() if "script" in el.tag]
    title = root.find(f"{SVG}title")
    assert title is not None and EVIL in (title.text or "")
    root_group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == _node_id(tree, tree.root))
    assert " ".join(_texts(root_group)) == EVIL
    labels = [t for g in _groups(root, "us-tree-edge-label") for t in _texts(g)]
    root_node = next(n for n in tree.nodes if n.id == tree.root)
    assert sum(label.count(EVIL) for label in labels) == sum(len(b.answers) for b in root_node.branches or [])
    for leaf in _groups(root, "us-tree-leaf"):
        methods = [" ".join(t.itertext()) for t in leaf.iter(f"{SVG}text") if "us-tree-methods" in (t.get("class") or "")]
        assert any(EVIL in t for t in methods)  # the method label
        notes = [" ".join(t.itertext()) for t in leaf.iter(f"{SVG}text") if "us-tree-note" in (t.get("class") or "")]
        assert len(notes) > 1 and " ".join(notes).startswith(EVIL)  # the note, wrapped
    _no_overlaps(svg)


def test_mermaid_escapes_knowledge_base_text(kb: KnowledgeBase, tables: Tables) -> None:
    evil_kb, tree = _evil_kb(kb, derive(tables, kb.trees["DT-SUPPRESSION"]))
    source = tree_mermaid(evil_kb, tree)
    assert "<script" not in source and "</script" not in source
    assert "#lt;script#gt;alert(1)#lt;/script#gt; #amp; #quot;q#quot;" in source
    assert source.startswith("%% DT-SUPPRESSION ") and EVIL.replace('"', "") not in source
    for line in source.splitlines()[2:]:
        label = re.fullmatch(r'\s+n_\w+(?:\["(.*)"\]|\("(.*)"\))|\s+n_\w+ -->\|"(.*)"\| n_\w+', line)
        assert label, line
        text = next(g for g in label.groups() if g is not None)
        assert '"' not in text and "<" not in text.replace("<br/>", "") and ">" not in text.replace("<br/>", "")


def test_mermaid_has_one_node_per_node_and_one_edge_per_branch(kb: KnowledgeBase, tree: Tree) -> None:
    source = tree_mermaid(kb, tree)
    lines = source.splitlines()
    assert lines[0] == f"%% {tree.id} {tree.label} - knowledge base version {tree.kb_version}"
    assert lines[1] == "flowchart TD"
    defined = re.findall(r"^\s+(n_\w+)[\[(]", source, re.M)
    assert sorted(defined) == sorted("n_" + n.id.replace("-", "_") for n in tree.nodes)
    assert source.count("-->") == sum(len(n.branches or []) for n in tree.nodes)
    for n in tree.nodes:
        for b in n.branches or []:
            label = _labels(kb, n, b)
            assert f'    n_{n.id.replace("-", "_")} -->|"{label}"| n_{b.next.replace("-", "_")}' in lines
        if n.is_leaf:
            line = next(x for x in lines if x.strip().startswith(f'n_{n.id.replace("-", "_")}("'))
            assert line.count("<br/>") == len(tree.methods) - 1


def test_shared_subtrees_and_unreachable_nodes_still_draw_every_node_once(kb: KnowledgeBase) -> None:
    # A frozen tree may have two branches leading to one node, and so hold nodes no longer reached.
    tree = next(t for t in frozen_trees(bundled_root(), RELEASED[0][0]) if t.id == "DT-SUPPRESSION")
    root = next(n for n in tree.nodes if n.id == tree.root)
    branches = list(root.branches or [])
    shared = (branches[0], dataclasses.replace(branches[1], next=branches[0].next), *branches[2:])
    odd = dataclasses.replace(tree, nodes=[dataclasses.replace(root, branches=shared) if n is root else n for n in tree.nodes])
    svg = tree_svg(kb, odd)
    root_el = _parse(svg)
    ids = [g.get("id") for g in _groups(root_el, "us-tree-question") + _groups(root_el, "us-tree-leaf")]
    assert sorted(ids) == sorted(_node_id(odd, n.id) for n in odd.nodes)
    all_ids = [el.get("id") for el in root_el.iter() if el.get("id")]
    assert len(all_ids) == len(set(all_ids))
    _no_overlaps(svg)


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_drawing_fits_its_column_and_text_stays_legible(kb: KnowledgeBase, tree: Tree, width: int) -> None:
    # WIDE fits a 686 px page column and an A4 or Letter column at full size; NARROW scaled to a 356 px
    # phone column keeps 12 px text at 9 px. The drawing grows only downwards, whatever the tree's size.
    root = _parse(tree_svg(kb, tree, width))
    _, _, w, _ = (int(v) for v in (root.get("viewBox") or "").split())
    assert w == width
    sizes = [int(t.get("font-size") or 0) for t in root.iter(f"{SVG}text")]
    assert min(sizes) >= 12
    # the root question is drawn first, at the top left
    first = next(g for g in root.iter(f"{SVG}g") if g.get("id") == _node_id(tree, tree.root).replace(tree.id.lower(), tree.id.lower() + ("" if width == WIDE else f"-w{width}")))
    x, y, _, _ = _rect(first)
    assert (x, y) == (min(_rect(g)[0] for g in _groups(root, "us-tree-question") + _groups(root, "us-tree-leaf")), 8)


def _boxes_by_sheet(sheets: list[str]) -> list[tuple[int, int, list[tuple[str, tuple[int, int, int, int]]]]]:
    out = []
    for svg in sheets:
        root = _parse(svg)
        _, top, _, h = (int(v) for v in (root.get("viewBox") or "").split())
        found = [(g.get("id") or "", _rect(g)) for cls in ("us-tree-question", "us-tree-leaf", "us-tree-edge-label") for g in _groups(root, cls)]
        out.append((top, h, found))
    return out


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_sheets_stack_into_the_whole_drawing_and_each_fits_a_page(kb: KnowledgeBase, tree: Tree, width: int) -> None:
    whole = _parse(tree_svg(kb, tree, width))
    _, _, _, height = (int(v) for v in (whole.get("viewBox") or "").split())
    sheets = tree_svg_sheets(kb, tree, width)
    parts = _boxes_by_sheet(sheets)
    assert parts[0][0] == 0 and sum(h for _, h, _ in parts) == height
    for (top, h, _), (nxt, _, _) in itertools.pairwise(parts):
        assert top + h == nxt  # no gap, no overlap: on screen the sheets read as one drawing
    ids: list[str] = []
    for i, (top, h, found) in enumerate(parts):
        limit = SHEET_FIRST if i == 0 else SHEET_REST
        assert h <= limit or len([f for f in found if "-node-" in f[0]]) == 1, (i, h)
        for name, (_, y, _, bh) in found:
            assert top <= y and y + bh <= top + h, (name, top, h)  # never a box cut between two pages
        ids += [el.get("id") or "" for el in _parse(sheets[i]).iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    drawn = sorted(g.get("id") or "" for svg in sheets for cls in ("us-tree-question", "us-tree-leaf") for g in _groups(_parse(svg), cls))
    assert drawn == sorted(g.get("id") or "" for cls in ("us-tree-question", "us-tree-leaf") for g in _groups(whole, cls))
    # only the first sheet speaks to assistive technology; the others continue the same image
    heads = [_parse(svg) for svg in sheets]
    assert heads[0].get("role") == "img" and heads[0].find(f"{SVG}title") is not None
    assert all(r.get("aria-hidden") == "true" and r.find(f"{SVG}title") is None for r in heads[1:])
    assert sheet_cuts(kb, tree, width) == [0, *itertools.accumulate(h for _, h, _ in parts)]


def test_a_tall_tree_is_cut_into_several_sheets_at_branches(kb: KnowledgeBase, tables: Tables) -> None:
    tree = derive(tables, kb.trees["DT-COPYRIGHT"])
    cuts = sheet_cuts(kb, tree, WIDE, first=300, rest=400)
    assert len(cuts) > 4
    assert all(b - a <= 400 for a, b in itertools.pairwise(cuts[1:]))
