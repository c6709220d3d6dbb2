"""Decision-tree diagrams, drawn at build time: a standalone SVG for the page and Mermaid source for download.

The layout is computed here, with integer coordinates and a character-count estimate of text width, so the
same knowledge base always gives byte-identical files and the site needs no JavaScript or font metrics.
Verdicts are written out in words with a symbol, never conveyed by colour alone; colours are presentation
attributes (no <style>, no inline style) so that the host page's CSS can restyle them, e.g. for dark mode.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from html import escape

from ..knowledge_base import KnowledgeBase
from ..trees import DerivedTree as Tree
from ..trees import Node

FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
CHAR = 0.6  # average character width as a fraction of the font size: generous, so text never overflows
VERDICTS = {
    "supports": ("✓", "supports", "#166534"),
    "partial": ("◐", "partial", "#854d0e"),
    "does-not-support": ("✗", "does not support", "#991b1b"),
}
# Sizes in px. Question boxes have a fixed width; leaf boxes fit their longest method label.
MARGIN, PAD, VGAP, ELBOW = 16, 10, 14, 18
Q_WIDTH, Q_FONT, Q_LINE = 220, 13, 17
ROW_FONT, ROW_LINE = 12, 18
SMALL_FONT, SMALL_LINE = 11, 14
LABEL_H = 18
INK, MUTED, EDGE = "#111827", "#374151", "#6b7280"


def _w(chars: int, font: int) -> int:
    return int(chars * font * CHAR + 0.999)


VERDICT_W = _w(3 + max(len(v[1]) for v in VERDICTS.values()), ROW_FONT)  # symbol, space, words; bold: one spare


def _wrap(text: str, width_px: int, font: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), max(8, width_px * 10 // int(font * CHAR * 10))) or [""]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass
class _Box:
    node: Node
    col: int  # column: the depth for a question, the last column for every leaf
    width: int
    height: int
    lines: list[str]  # question label lines, or the leaf's note lines
    x: int = 0
    y: int = 0
    gap: int = 0  # free width left of the box's column, where edge labels into it go


def _verdict(verdict: str) -> tuple[str, str, str]:
    """Symbol, words and colour; an unknown verdict is shown as itself rather than dropped."""
    return VERDICTS.get(verdict, ("?", verdict, INK))


def _option_label(kb: KnowledgeBase, node: Node, answers: tuple[str, ...]) -> str:
    """A branch's answers in words; a merged branch reads 'A or B'."""
    q = kb.questions.get(node.ask or "")
    labels = [next((o.label for o in q.options if o.id == a), a) if q else a for a in answers]
    return " or ".join(labels)


def _rows(kb: KnowledgeBase, tree: Tree, node: Node) -> list[tuple[str, str]]:
    verdicts = node.verdicts or {}
    order = tree.methods or list(verdicts)
    return [(kb.methods[m].label if m in kb.methods else m, verdicts[m]) for m in order if m in verdicts]


def _layout(kb: KnowledgeBase, tree: Tree) -> tuple[list[_Box], list[tuple[_Box, _Box, str, str, bool]], int, int]:
    """Place every node: a tidy left-to-right tree whose subtrees occupy disjoint horizontal bands.

    Returns the boxes (in the tree's node order), the edges (parent, child, answer, its label, is-tree-edge) and
    the overall size. A node reached a second time (the schema allows shared subtrees) keeps its first place.
    """
    index = {n.id: n for n in tree.nodes}
    label_w = max((_w(len(r[0]), ROW_FONT) for n in tree.nodes if n.is_leaf for r in _rows(kb, tree, n)), default=120)
    leaf_w = PAD + label_w + 14 + VERDICT_W + PAD
    boxes: dict[str, _Box] = {}
    children: dict[str, list[str]] = {}
    edges: list[tuple[str, str, str, str, bool]] = []

    def visit(node: Node, depth: int) -> None:
        if node.is_leaf:
            lines = _wrap(node.note, leaf_w - 2 * PAD, SMALL_FONT) if node.note else []
            height = 2 * PAD + ROW_LINE * len(_rows(kb, tree, node)) + (4 + SMALL_LINE * len(lines) if lines else 0)
            boxes[node.id] = _Box(node, depth, leaf_w, height, lines)
            return
        q = kb.questions.get(node.ask or "")
        lines = _wrap(q.label if q else str(node.ask), Q_WIDTH - 2 * PAD, Q_FONT)
        boxes[node.id] = _Box(node, depth, Q_WIDTH, 2 * PAD + Q_LINE * len(lines), lines)
        children[node.id] = []
        for br in node.branches or []:
            child = index.get(br.next)
            if child is None:
                continue
            first = child.id not in boxes
            edges.append((node.id, child.id, "-".join(br.answers), _option_label(kb, node, br.answers), first))
            if first:
                children[node.id].append(child.id)
                visit(child, depth + 1)

    for start in [tree.root] + [n.id for n in tree.nodes]:  # unreachable nodes, if any, become extra roots
        if start in index and start not in boxes:
            visit(index[start], 0)
            children.setdefault("", []).append(start)

    extent: dict[str, int] = {}

    def measure(nid: str) -> int:
        kids = children.get(nid, [])
        block = sum(measure(k) for k in kids) + VGAP * max(0, len(kids) - 1)
        extent[nid] = max(boxes[nid].height, block)
        return extent[nid]

    def place(nid: str, top: int) -> None:
        box, kids = boxes[nid], children.get(nid, [])
        block = sum(extent[k] for k in kids) + VGAP * max(0, len(kids) - 1)
        y = top + (extent[nid] - block) // 2
        for k in kids:
            place(k, y)
            y += extent[k] + VGAP
        if kids:
            first, last = boxes[kids[0]], boxes[kids[-1]]
            centre = (first.y + first.height // 2 + last.y + last.height // 2) // 2
            box.y = min(max(centre - box.height // 2, top), top + extent[nid] - box.height)
        else:
            box.y = top + (extent[nid] - box.height) // 2

    top = MARGIN
    for root in children[""]:
        measure(root)
        place(root, top)
        top += extent[root] + VGAP * 2

    # Columns: one per question depth, then all leaves in a last column, so verdicts line up at the right.
    # The gap before a column fits the widest label of an edge into it.
    depths = 1 + max((b.col for b in boxes.values() if not b.node.is_leaf), default=-1)
    for b in boxes.values():
        b.col = depths if b.node.is_leaf else b.col
    depths += any(b.node.is_leaf for b in boxes.values())
    col_w = [max(b.width for b in boxes.values() if b.col == d) for d in range(depths)]
    gap = [0] * depths
    for _, c, _, label, is_tree_edge in edges:
        if is_tree_edge:
            gap[boxes[c].col] = max(gap[boxes[c].col], _w(len(label), SMALL_FONT) + 2 * PAD)
    x, col_x = MARGIN, []
    for d in range(depths):
        x += (ELBOW + gap[d] + 16) if d else 0
        col_x.append(x)
        x += col_w[d]
    for b in boxes.values():
        b.x = col_x[b.col]
        b.gap = gap[b.col] + 16
    height = max(b.y + b.height for b in boxes.values()) + MARGIN
    ordered = [boxes[n.id] for n in tree.nodes if n.id in boxes]
    return ordered, [(boxes[p], boxes[c], a, label, t) for p, c, a, label, t in edges], x + MARGIN, height


def _text(x: int, y: int, content: str, *, size: int, fill: str, cls: str, anchor: str = "start", extra: str = "") -> str:
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text class="{cls}" x="{x}" y="{y}" font-size="{size}" fill="{fill}"{a}{extra}>{escape(content)}</text>'


def _baseline(top: int, line: int, size: int) -> int:
    return top + line // 2 + size * 7 // 20  # the middle of capitals sits about 0.35 em above the baseline


def tree_svg(kb: KnowledgeBase, tree: Tree) -> str:
    """The tree as a standalone SVG document that can also be inlined in a page (ids are prefixed by tree)."""
    boxes, edges, width, height = _layout(kb, tree)
    prefix = _slug(tree.id)
    n_leaves = sum(1 for b in boxes if b.node.is_leaf)
    n_questions = len(boxes) - n_leaves
    desc = (
        f"Decision tree read from left to right: {n_questions} question node{'s' * (n_questions != 1)} "
        f"and {n_leaves} lea{'ves' if n_leaves != 1 else 'f'}, each leaf giving a verdict in words for "
        f"{len(tree.methods)} method{'s' * (len(tree.methods) != 1)}; the full table of paths is on the page."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="us-tree" id="{prefix}-diagram" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{escape(FONT)}">',
        f'<title id="{prefix}-title">{escape(f"{tree.id}: {tree.label}")}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
    ]
    for p, c, answer, label, is_tree_edge in edges:  # edges first, so boxes are drawn over them
        px, py, cx, cy = p.x + p.width, p.y + p.height // 2, c.x, c.y + c.height // 2
        eid = f"{prefix}-edge-{_slug(p.node.id)}--{_slug(answer)}"  # answers are unique per node; ids never hold "--"
        if is_tree_edge:
            d, lx, ly = f"M{px},{py} H{px + ELBOW} V{cy} H{cx}", cx - c.gap // 2, cy
        else:
            d, lx, ly = f"M{px},{py} L{cx},{cy}", (px + cx) // 2, (py + cy) // 2
        lw = _w(len(label), SMALL_FONT) + PAD
        out += [
            f'<g class="us-tree-edge" id="{eid}">',
            f'<path class="us-tree-link" d="{d}" fill="none" stroke="{EDGE}" stroke-width="1.5" stroke-linejoin="round"/>',
            f'<g class="us-tree-edge-label"><rect class="us-tree-label-box" x="{lx - lw // 2}" y="{ly - LABEL_H // 2}" width="{lw}" height="{LABEL_H}" '
            f'rx="4" fill="#ffffff" stroke="#9ca3af"/>',
            _text(lx, _baseline(ly - LABEL_H // 2, LABEL_H, SMALL_FONT), label, size=SMALL_FONT, fill=MUTED, cls="us-tree-edge-text", anchor="middle"),
            "</g></g>",
        ]
    for b in boxes:
        gid = f"{prefix}-node-{_slug(b.node.id)}"
        if not b.node.is_leaf:
            out.append(f'<g class="us-tree-question" id="{gid}">')
            out.append(f'<rect class="us-tree-box" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" rx="6" fill="#e8eef6" stroke="#3b4a5c" stroke-width="1.5"/>')
            for i, line in enumerate(b.lines):
                y = _baseline(b.y + PAD + i * Q_LINE, Q_LINE, Q_FONT)
                out.append(_text(b.x + PAD, y, line, size=Q_FONT, fill=INK, cls="us-tree-text", extra=' font-weight="600"'))
            out.append("</g>")
            continue
        out.append(f'<g class="us-tree-leaf" id="{gid}">')
        out.append(f'<rect class="us-tree-box" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" rx="6" fill="#ffffff" stroke="#4b5563" stroke-width="1.5"/>')
        rows = _rows(kb, tree, b.node)
        verdict_x = b.x + b.width - PAD - VERDICT_W
        for i, (method, verdict) in enumerate(rows):
            y = _baseline(b.y + PAD + i * ROW_LINE, ROW_LINE, ROW_FONT)
            symbol, words, colour = _verdict(verdict)
            out.append(_text(b.x + PAD, y, method, size=ROW_FONT, fill=INK, cls="us-tree-text us-tree-method"))
            out.append(_text(verdict_x, y, f"{symbol} {words}", size=ROW_FONT, fill=colour, cls=f"us-tree-verdict us-verdict-{verdict}", extra=' font-weight="600"'))
        top = b.y + PAD + ROW_LINE * len(rows) + 4
        for i, line in enumerate(b.lines):
            y = _baseline(top + i * SMALL_LINE, SMALL_LINE, SMALL_FONT)
            out.append(_text(b.x + PAD, y, line, size=SMALL_FONT, fill=MUTED, cls="us-tree-note", extra=' font-style="italic"'))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    """Mermaid's entity form for anything that could end a label or be read as HTML."""
    table = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;"}
    return "".join(table.get(ch, ch) for ch in " ".join(text.split()))


def tree_mermaid(kb: KnowledgeBase, tree: Tree) -> str:
    """The same tree as Mermaid `flowchart LR` source, for readers who want to edit or re-render it."""
    def mid(node_id: str) -> str:
        return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", node_id)

    out = [f"%% {_mermaid_text(f'{tree.id} {tree.label} - knowledge base version {tree.kb_version}')}", "flowchart LR"]
    index = {n.id for n in tree.nodes}
    for node in tree.nodes:
        if node.is_leaf:
            lines = [f"{_verdict(v)[0]} {_mermaid_text(m)}: {_mermaid_text(_verdict(v)[1])}" for m, v in _rows(kb, tree, node)]
            lines += [f"Note: {_mermaid_text(node.note)}"] if node.note else []
            out.append(f'    {mid(node.id)}("{"<br/>".join(lines)}")')
        else:
            q = kb.questions.get(node.ask or "")
            out.append(f'    {mid(node.id)}["{_mermaid_text(q.label if q else str(node.ask))}"]')
    for node in tree.nodes:
        for br in node.branches or []:
            if br.next in index:
                out.append(f'    {mid(node.id)} -->|"{_mermaid_text(_option_label(kb, node, br.answers))}"| {mid(br.next)}')
    return "\n".join(out) + "\n"
