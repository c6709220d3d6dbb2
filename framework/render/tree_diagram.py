"""Decision-tree diagrams, drawn at build time: a standalone SVG for the page and Mermaid source for download.

The tree is drawn top-down as an indented outline, the way a reader follows it: the root question at the
top left, each answer as a labelled branch one step to the right, and at each leaf the methods grouped by
verdict ("✓ supports: ..."). Its width hardly grows with the tree (one indent per question asked), so it fits
a page column, scales to a phone's width legibly and prints at full size; only its height grows. For the page
and for print the drawing is cut into sheets between rows (`tree_svg_sheets`), so a printed page never
splits a box and never leaves a page blank before a drawing too tall to fit.

The layout is computed here, with integer coordinates and a character-count estimate of text width, so the
same knowledge base always gives byte-identical files and the site needs no JavaScript or font metrics.
Verdicts are written out in words with a symbol, never conveyed by colour alone; colours are presentation
attributes (no <style>, no inline style) so that the host page's CSS can restyle them, e.g. for dark mode.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from html import escape

from ..kb.knowledge_base import KnowledgeBase
from ..logic.trees import DerivedTree as Tree
from ..logic.trees import Node

FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
CHAR = 0.55  # average character width as a fraction of the font size: generous (common sans-serif fonts
# measure about 0.5), so text never overflows
BOLD = 1.1  # bold text is wider
VERDICTS = {
    "supports": ("✓", "supports", "#166534"),
    "partial": ("◐", "partial", "#854d0e"),
    "does-not-support": ("✗", "does not support", "#991b1b"),
}
# Sizes in px. Every text is at least 12 px, so that the drawing scaled to a 356 px phone column still
# shows 9 px text, and printed at full size it is 9 pt.
MARGIN, PAD, INDENT, SPINE = 8, 8, 20, 10
WIDE = 680  # fits a 686 px page column, and an A4 or Letter column printed at full size
NARROW = 460  # for phones: scaled to a 356 px column its 12 px text is still 9 px
VGAP, LABEL_H, LABEL_GAP = 8, 20, 3
Q_FONT, Q_LINE = 13, 17
ROW_FONT, ROW_LINE = 12, 16
HANG = 12  # wrapped verdict lines start this far in
INK, MUTED, EDGE = "#111827", "#374151", "#6b7280"
SHEET_FIRST, SHEET_REST = 420, 920  # the first sheet shares its printed page with the page's heading;
# the others fill a US Letter page (965 px high within 12 mm margins) with their caption


def _w(chars: int, font: int, bold: bool = False) -> int:
    return int(chars * font * CHAR * (BOLD if bold else 1) + 0.999)


def _wrap(text: str, width_px: int, font: int, bold: bool = False) -> list[str]:
    per_char = font * CHAR * (BOLD if bold else 1)
    return textwrap.wrap(" ".join(text.split()), max(8, int(width_px / per_char))) or [""]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


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


def _groups(kb: KnowledgeBase, tree: Tree, node: Node) -> list[tuple[str, list[str]]]:
    """A leaf's methods grouped by verdict, strongest first, each group in the tree's method order."""
    rows = _rows(kb, tree, node)
    order = [v for v in VERDICTS if any(r[1] == v for r in rows)] + list(dict.fromkeys(r[1] for r in rows if r[1] not in VERDICTS))
    return [(v, [m for m, rv in rows if rv == v]) for v in order]


@dataclass
class _Item:
    """One text of a leaf, placed relative to the box's content origin."""

    dx: int
    line: int
    text: str
    cls: str
    fill: str
    extra: str = ""


HEAD_W = _w(max(len(f"{v[0]} {v[1]}:") for v in VERDICTS.values()), ROW_FONT, bold=True) + 8


def _name_lines(names: list[str], width: int) -> list[str]:
    """Method names joined by commas into lines no wider than `width`, never splitting a name."""
    lines: list[str] = []
    for i, name in enumerate(names):
        text = name + ("," if i < len(names) - 1 else "")
        if lines and _w(len(lines[-1]) + 1 + len(text), ROW_FONT) <= width:
            lines[-1] += " " + text
        else:
            lines.append(text)
    return lines


def _leaf_items(kb: KnowledgeBase, tree: Tree, node: Node, width: int) -> tuple[list[tuple[str, list[_Item]]], int]:
    """Each verdict group: the verdict in words, then its methods, comma-separated, wrapping whole names.

    The names sit in a column right of the verdict when the box is wide enough for the longest name there,
    else on the lines under it, indented."""
    groups = _groups(kb, tree, node)
    longest = max((_w(len(m) + 1, ROW_FONT) for _, ms in groups for m in ms), default=0)
    column = HEAD_W if width - HEAD_W >= longest else HANG
    out: list[tuple[str, list[_Item]]] = []
    line = 0
    for verdict, methods in groups:
        symbol, words, colour = _verdict(verdict)
        items = [_Item(0, line, f"{symbol} {words}:", f"us-tree-verdict us-verdict-{verdict}", colour, ' font-weight="600"')]
        line += column == HANG
        for text in _name_lines(methods, width - column):
            items.append(_Item(column, line, text, "us-tree-text us-tree-methods", INK))
            line += 1
        out.append((verdict, items))
    if node.note:
        notes = []
        for text in _wrap(node.note, width, ROW_FONT):
            notes.append(_Item(0, line, text, "us-tree-note", MUTED, ' font-style="italic"'))
            line += 1
        out.append(("", notes))
    return out, line


@dataclass
class _Box:
    node: Node
    depth: int
    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0
    lines: list[str] = field(default_factory=list)  # a question's label lines
    items: list[tuple[str, list[_Item]]] = field(default_factory=list)  # a leaf's texts, by verdict


@dataclass
class _Edge:
    parent: _Box
    child: _Box
    answer: str  # the branch's answers joined by "-", unique per node
    label: str
    tree_edge: bool  # False: a second branch into a node already drawn (frozen trees may share subtrees)
    lx: int = 0
    ly: int = 0
    lw: int = 0


def _layout(kb: KnowledgeBase, tree: Tree, min_width: int = WIDE) -> tuple[list[_Box], list[_Edge], int, int]:
    """Place every node in depth-first order, one row each, indented by its depth.

    A branch is a line down the parent's left side and across to a label naming the answer, with the
    child's box right under its label. A node reached a second time keeps its first place; the branch
    into it is a label whose line runs along the right margin up to it. Returns boxes, edges, width, height.
    """
    index = {n.id: n for n in tree.nodes}
    order: list[tuple[Node, int, Node | None, str, str]] = []  # node, depth, parent, answer, label
    extra: list[tuple[Node, Node, str, str]] = []  # branches into nodes already placed
    seen: set[str] = set()

    def visit(node: Node, depth: int, parent: Node | None, answer: str, label: str) -> None:
        seen.add(node.id)
        order.append((node, depth, parent, answer, label))
        for br in node.branches or []:
            child = index.get(br.next)
            if child is None:
                continue
            a, lab = "-".join(br.answers), _option_label(kb, node, br.answers)
            if child.id in seen:
                extra.append((node, child, a, lab))
            else:
                visit(child, depth + 1, node, a, lab)

    for start in [tree.root] + [n.id for n in tree.nodes]:  # unreachable nodes, if any, become extra roots
        if start in index and start not in seen:
            visit(index[start], 0, None, "", "")

    width = min_width
    for node, depth, *_ in order:  # widen only if a method name could not fit a leaf at this depth
        if node.is_leaf:
            longest = max((_w(len(m), ROW_FONT) for m, _ in _rows(kb, tree, node)), default=0)
            width = max(width, MARGIN + depth * INDENT + 2 * PAD + HANG + longest + _w(1, ROW_FONT) + MARGIN)

    boxes: dict[str, _Box] = {}
    edges: list[_Edge] = []
    y = MARGIN
    for node, depth, parent, answer, label in order:
        b = _Box(node, depth, x=MARGIN + depth * INDENT)
        b.width = width - MARGIN - b.x
        inner = b.width - 2 * PAD
        if node.is_leaf:
            b.items, n_lines = _leaf_items(kb, tree, node, inner)
            b.height = 2 * PAD + ROW_LINE * n_lines
        else:
            q = kb.questions.get(node.ask or "")
            b.lines = _wrap(q.label if q else str(node.ask), inner, Q_FONT, bold=True)
            b.height = 2 * PAD + Q_LINE * len(b.lines)
        if parent is not None:
            e = _Edge(boxes[parent.id], b, answer, label, True, lx=b.x, ly=y, lw=_w(len(label), ROW_FONT) + 2 * PAD)
            edges.append(e)
            y += LABEL_H + LABEL_GAP
        elif boxes:
            y += VGAP  # another root
        b.y = y
        boxes[node.id] = b
        y += b.height + VGAP
    for p, c, a, lab in extra:
        pb = boxes[p.id]
        e = _Edge(pb, boxes[c.id], a, lab, False, lx=pb.x + INDENT, ly=y, lw=_w(len(lab), ROW_FONT) + 2 * PAD)
        edges.append(e)
        y += LABEL_H + VGAP
    ordered = [boxes[n.id] for n in tree.nodes if n.id in boxes]
    return ordered, edges, width, y - VGAP + MARGIN


def _text(x: int, y: int, content: str, *, size: int, fill: str, cls: str, anchor: str = "start", extra: str = "") -> str:
    a = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text class="{cls}" x="{x}" y="{y}" font-size="{size}" fill="{fill}"{a}{extra}>{escape(content)}</text>'


def _baseline(top: int, line: int, size: int) -> int:
    return top + line // 2 + size * 7 // 20  # the middle of capitals sits about 0.35 em above the baseline


@dataclass
class _Shape:
    """Something drawn, with the rows it spans; `draw(primary)` gives its markup (ids on the primary copy only)."""

    top: int
    bottom: int
    anchor: int  # the row that decides which sheet holds the primary copy
    kind: str  # "edge" (drawn first, under the boxes) or "node"
    markup: str
    copy: str = ""  # what another sheet the shape crosses draws of it (an edge's line)


def _shapes(kb: KnowledgeBase, tree: Tree, width: int, prefix: str) -> tuple[list[_Shape], int, int]:
    boxes, edges, width, height = _layout(kb, tree, width)
    shapes: list[_Shape] = []
    for e in edges:
        p, c = e.parent, e.child
        ref = f'{escape(e.parent.node.id)}--{escape(e.answer)}'
        eid = f"{prefix}-edge-{_slug(p.node.id)}--{_slug(e.answer)}"  # answers are unique per node; ids never hold "--"
        mid = e.ly + LABEL_H // 2
        if e.tree_edge:
            sx = p.x + SPINE
            d, top = f"M{sx},{p.y + p.height} V{mid} H{e.lx}", p.y + p.height
        else:
            rx = width - MARGIN // 2
            d, top = f"M{e.lx + e.lw},{mid} H{rx} V{c.y + c.height // 2} H{c.x + c.width}", c.y
        path = f'<path class="us-tree-link" d="{d}" fill="none" stroke="{EDGE}" stroke-width="1.5" stroke-linejoin="round"/>'
        label = (
            f'<g class="us-tree-edge-label"><rect class="us-tree-label-box" x="{e.lx}" y="{e.ly}" width="{e.lw}" height="{LABEL_H}" '
            f'rx="4" fill="#ffffff" stroke="#9ca3af"/>'
            + _text(e.lx + PAD, _baseline(e.ly, LABEL_H, ROW_FONT), e.label, size=ROW_FONT, fill=MUTED, cls="us-tree-edge-text")
            + "</g>"
        )
        shapes.append(_Shape(
            min(top, e.ly), max(mid, e.ly + LABEL_H), e.ly, "edge",
            f'<g class="us-tree-edge" id="{eid}" data-us-edge="{ref}">\n{path}\n{label}</g>',
            f'<g class="us-tree-edge-cont" data-us-edge="{ref}">{path}</g>',
        ))
    for b in boxes:
        gid = f"{prefix}-node-{_slug(b.node.id)}"
        ref = escape(b.node.id)
        out: list[str] = []
        if not b.node.is_leaf:
            out.append(f'<g class="us-tree-question" id="{gid}" data-us-node="{ref}">')
            out.append(f'<rect class="us-tree-box" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" rx="6" fill="#e8eef6" stroke="#3b4a5c" stroke-width="1.5"/>')
            for i, line in enumerate(b.lines):
                y = _baseline(b.y + PAD + i * Q_LINE, Q_LINE, Q_FONT)
                out.append(_text(b.x + PAD, y, line, size=Q_FONT, fill=INK, cls="us-tree-text", extra=' font-weight="600"'))
        else:
            out.append(f'<g class="us-tree-leaf" id="{gid}" data-us-node="{ref}">')
            out.append(f'<rect class="us-tree-box" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" rx="6" fill="#ffffff" stroke="#4b5563" stroke-width="1.5"/>')
            for verdict, items in b.items:
                out.append(f'<g class="us-tree-verdicts" data-verdict="{escape(verdict)}">' if verdict else '<g class="us-tree-notes">')
                for it in items:
                    y = _baseline(b.y + PAD + it.line * ROW_LINE, ROW_LINE, ROW_FONT)
                    out.append(_text(b.x + PAD + it.dx, y, it.text, size=ROW_FONT, fill=it.fill, cls=it.cls, extra=it.extra))
                out.append("</g>")
        out.append("</g>")
        shapes.append(_Shape(b.y, b.y + b.height, b.y, "node", "\n".join(out)))
    return shapes, width, height


def _desc(kb: KnowledgeBase, tree: Tree) -> str:
    n_leaves = sum(1 for n in tree.nodes if n.is_leaf)
    n_questions = len(tree.nodes) - n_leaves
    return (
        f"Decision tree read from top to bottom: {n_questions} question node{'s' * (n_questions != 1)} "
        f"and {n_leaves} lea{'ves' if n_leaves != 1 else 'f'}, each leaf naming, for each verdict in words, which of "
        f"{len(tree.methods)} method{'s' * (len(tree.methods) != 1)} get it; the full table of paths is on the page."
    )


def _svg(tree: Tree, shapes: list[_Shape], width: int, top: int, bottom: int, *, head: str, copies: bool) -> str:
    """One sheet: the shapes whose primary row lies in [top, bottom), and the lines that cross into it."""
    body = [
        s.markup if top <= s.anchor < bottom else s.copy
        for kind in ("edge", "node")
        for s in shapes
        if s.kind == kind and (top <= s.anchor < bottom or (copies and s.copy and s.top < bottom and s.bottom > top))
    ]
    h = bottom - top
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="us-tree" {head} viewBox="0 {top} {width} {h}" width="{width}" height="{h}" '
        f'font-family="{escape(FONT)}">',
        *body,
        "</svg>",
    ]) + "\n"


def _head(tree: Tree, desc: str, prefix: str) -> tuple[str, str]:
    attrs = f'id="{prefix}-diagram" role="img" aria-labelledby="{prefix}-title {prefix}-desc"'
    titles = f'<title id="{prefix}-title">{escape(f"{tree.id}: {tree.label}")}</title>\n<desc id="{prefix}-desc">{escape(desc)}</desc>'
    return attrs, titles


def _prefix(tree: Tree, width: int) -> str:
    return _slug(tree.id) + ("" if width == WIDE else f"-w{width}")


def tree_svg(kb: KnowledgeBase, tree: Tree, width: int = WIDE) -> str:
    """The tree as a standalone SVG document that can also be inlined in a page (ids are prefixed by tree,
    and by the width when it is not the usual one, so both drawings can share a page)."""
    prefix = _prefix(tree, width)
    shapes, width, height = _shapes(kb, tree, width, prefix)
    attrs, titles = _head(tree, _desc(kb, tree), prefix)
    svg = _svg(tree, shapes, width, 0, height, head=attrs, copies=False)
    first, rest = svg.split("\n", 1)
    return f"{first}\n{titles}\n{rest}"


def sheet_cuts(kb: KnowledgeBase, tree: Tree, width: int = WIDE, first: int = SHEET_FIRST, rest: int = SHEET_REST) -> list[int]:
    """Where the drawing is cut into sheets: in the gaps between rows, each sheet at most `first` (then
    `rest`) px tall unless one row is taller, preferring to start a sheet at a branch near the root."""
    boxes, edges, _, height = _layout(kb, tree, width)
    label_top = {e.child.node.id: e.ly for e in edges if e.tree_edge}
    rows = sorted(boxes, key=lambda b: b.y)
    cand = [(label_top.get(b.node.id, b.y) - VGAP // 2, b.depth) for b in rows[1:]]
    cuts, start, limit = [0], 0, first
    while height - start > limit:
        fits = [(c, d) for c, d in cand if start < c <= start + limit]
        if not fits:
            later = [(c, d) for c, d in cand if c > start]
            if not later:
                break
            fits = later[:1]
        good = [(c, d) for c, d in fits if c - start >= limit * 8 // 10] or fits[-1:]
        cut = min(good, key=lambda cd: (cd[1], -cd[0]))[0]
        cuts.append(cut)
        start, limit = cut, rest
    return [*cuts, height]


def tree_svg_sheets(kb: KnowledgeBase, tree: Tree, width: int = WIDE, first: int = SHEET_FIRST, rest: int = SHEET_REST) -> list[str]:
    """The drawing cut into sheets that stack into the whole tree on screen and each fit a printed page.

    The first sheet carries the title and description for assistive technology; the others are hidden
    from it (they continue the same image). Every box and label is drawn once; a branch line that
    crosses a cut is drawn on both sheets.
    """
    prefix = _prefix(tree, width)
    shapes, full_width, _ = _shapes(kb, tree, width, prefix)
    cuts = sheet_cuts(kb, tree, width, first, rest)
    n = len(cuts) - 1
    desc = _desc(kb, tree) + (f" Drawn in {n} parts, one under the other." if n > 1 else "")
    attrs, titles = _head(tree, desc, prefix)
    out = []
    for i in range(n):
        if i == 0:
            svg = _svg(tree, shapes, full_width, cuts[0], cuts[1], head=attrs, copies=True)
            head, body = svg.split("\n", 1)
            out.append(f"{head}\n{titles}\n{body}")
        else:
            out.append(_svg(tree, shapes, full_width, cuts[i], cuts[i + 1], head='aria-hidden="true" focusable="false"', copies=True))
    return out


def _mermaid_text(text: str) -> str:
    """Mermaid's entity form for anything that could end a label or be read as HTML."""
    table = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;"}
    return "".join(table.get(ch, ch) for ch in " ".join(text.split()))


def tree_mermaid(kb: KnowledgeBase, tree: Tree) -> str:
    """The same tree as Mermaid `flowchart TD` source, for readers who want to edit or re-render it."""
    def mid(node_id: str) -> str:
        return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", node_id)

    out = [f"%% {_mermaid_text(f'{tree.id} {tree.label} - knowledge base version {tree.kb_version}')}", "flowchart TD"]
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
