""":mod:`pipeline.readers._docx_body`: The text of a DOCX body as Word shows it with tracked changes accepted.

python-docx's ``paragraph.text`` reads only the ``w:r`` and ``w:hyperlink``
children of a paragraph, so text inside a content control (``w:sdt``), a
tracked insertion (``w:ins``), a smart tag or a simple field is lost, and its
paragraph iteration skips block-level content controls and text boxes. This
module walks the XML itself:

* paragraphs, tables and block-level content controls in document order;
  an empty content control showing its placeholder (``单击此处输入文字。``) is
  not text;
* inside a paragraph: runs, also inside ``w:hyperlink``, ``w:ins``,
  ``w:moveTo``, run-level ``w:sdt``, ``w:smartTag``, ``w:fldSimple``;
  ``w:del`` / ``w:moveFrom`` (and ``w:delText``, field codes, hidden runs)
  are not read;
* text boxes (``w:txbxContent``) are read once, as lines of their own next to
  the paragraph that anchors them: before its text when the box comes first,
  after it otherwise. Of an ``mc:AlternateContent`` only one branch is read
  (the DrawingML ``mc:Choice``; its VML ``mc:Fallback`` repeats the text);
* tables as rows of cells on the table grid: a horizontally merged cell
  (``w:gridSpan``) is read once and followed by an empty cell for each extra
  column it covers, so the cells of every row stay under their headings; a
  vertically merged cell (``w:vMerge``) is read in every row it covers, once
  per row, so a merged 牵头单位 names the lead of each task row (Word 97's
  ``w:hMerge`` is read like a span); deleted rows and cells are left out.

Headers, footers, footnotes, endnotes and comments are other parts of the
package and are never read. Every function here is pure: paragraph labels
come from the ``label_of`` callback (Word's list numbering, which counts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: ``label_of(p)``: the ``(label, suffix)`` Word's numbering gives the ``w:p`` element, or None.
LabelOf = Callable[[object], "tuple[str, str] | None"]
#: ``join(label, suffix, text)``: the paragraph text with its label.
Join = Callable[[str, str, str], str]

#: Elements inside a paragraph whose runs are shown (Word's view with changes accepted).
_INLINE_CONTAINERS = frozenset({"hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo"})
#: Run children that are text, and the text they stand for.
_RUN_TEXT = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}
#: Run children that may hold a text box (DrawingML, VML, markup-compatibility wrappers).
_BOX_HOLDERS = frozenset({"drawing", "pict", "AlternateContent", "object"})


def local(element) -> str:
    """The tag without its namespace: ``{…/main}tbl`` → ``tbl``; comments and PIs give ``''``."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _on(element, path: str) -> bool:
    """Whether the on/off property at ``path`` under ``element`` is set: ``<w:vanish/>``, not ``w:val="0"``."""
    found = element.find(path)
    return found is not None and found.get(_w("val"), "true").lower() not in ("0", "false", "off")


def _int_val(element, path: str, default: int) -> int:
    """The integer ``w:val`` at ``path`` (``<w:gridSpan w:val="2"/>`` → 2), ``default`` when missing or not a number."""
    found = element.find(path)
    try:
        return int(found.get(_w("val"))) if found is not None else default
    except (TypeError, ValueError):
        return default


def chosen_branch(alternate):
    """The one branch of an ``mc:AlternateContent`` to read: the first holding a text box, else the first.

    Word writes a text box twice: ``<mc:Choice Requires="wps">`` (DrawingML)
    and ``<mc:Fallback>`` (VML) with the same ``××市人民政府办公室文件``; reading
    both would double it.
    """
    branches = [b for b in alternate if local(b) in ("Choice", "Fallback")]
    for branch in branches:
        if next(branch.iter(_w("txbxContent")), None) is not None:
            return branch
    return branches[0] if branches else None


def text_boxes(element) -> list:
    """The ``w:txbxContent`` under ``element`` in document order, one branch of each ``mc:AlternateContent``.

    A box inside a box is not listed: it is found again when the outer box's
    paragraphs are read.
    """
    found = []
    stack = [element]
    while stack:
        node = stack.pop()
        name = local(node)
        if name == "txbxContent":
            found.append(node)
            continue
        children = [chosen_branch(node)] if name == "AlternateContent" else list(node)
        stack.extend(reversed([c for c in children if c is not None]))
    return found


def _sdt_content(sdt):
    """The ``w:sdtContent`` of a content control, or None when it only shows its placeholder text."""
    props = sdt.find(_w("sdtPr"))
    if props is not None and _on(props, _w("showingPlcHdr")):
        return None
    return sdt.find(_w("sdtContent"))


def run_text(run) -> tuple[str, list[tuple[int, object]]]:
    """The text of one ``w:r``, and the text boxes it holds with the length of the run's text before each.

    ``<w:t>一、</w:t><w:tab/>`` gives ``("一、\\t", [])``; a line break is
    ``\\n``, a page or column break nothing. Deleted text (``w:delText``), field
    codes (``w:instrText``) and hidden runs (``w:vanish``) are not text.
    """
    props = run.find(_w("rPr"))
    if props is not None and _on(props, _w("vanish")):
        return "", []
    text: list[str] = []
    boxes: list[tuple[int, object]] = []
    for child in run:
        name = local(child)
        if name == "t":
            text.append(child.text or "")
        elif name == "br":
            text.append("\n" if child.get(_w("type"), "textWrapping") == "textWrapping" else "")
        elif name in _RUN_TEXT:
            text.append(_RUN_TEXT[name])
        elif name in _BOX_HOLDERS:
            at = len("".join(text))
            boxes += [(at, box) for box in text_boxes(child)]
    return "".join(text), boxes


def inline_content(p) -> tuple[str, list, list]:
    """A paragraph's own text, and the text boxes anchored before and after it.

    ``<w:p><w:r><w:t>一、</w:t></w:r><w:ins><w:r><w:t>总体要求</w:t></w:r></w:ins>
    <w:del><w:r><w:delText>目标</w:delText></w:r></w:del></w:p>`` gives
    ``("一、总体要求", [], [])``. A box in a run before any text comes before
    the paragraph (a letterhead box anchored in the first line), any other box
    after it.
    """
    text: list[str] = []
    before: list = []
    after: list = []
    stack = list(reversed(list(p)))
    while stack:
        node = stack.pop()
        name = local(node)
        children = None
        if name == "r":
            piece, boxes = run_text(node)
            so_far = sum(map(len, text))
            for at, box in boxes:
                (after if so_far + at else before).append(box)
            text.append(piece)
        elif name in _INLINE_CONTAINERS:
            children = list(node)
        elif name == "sdt":
            content = _sdt_content(node)
            children = list(content) if content is not None else []
        elif name == "AlternateContent":
            branch = chosen_branch(node)
            children = list(branch) if branch is not None else []
        if children:
            stack.extend(reversed(children))
    return "".join(text), before, after


def mark_deleted(p) -> bool:
    """Whether the paragraph mark is a tracked deletion (or move away): the paragraph is gone once accepted."""
    return p.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}") is not None or (
        p.find(f"{_w('pPr')}/{_w('rPr')}/{_w('moveFrom')}") is not None
    )


def paragraph_lines(p, label_of: LabelOf, join: Join) -> list[str]:
    """The lines one ``w:p`` gives: its text boxes' lines and its own text with its list label.

    A paragraph whose runs and mark are all deleted gives nothing (and is not
    counted by the numbering).
    """
    text, before, after = inline_content(p)
    own: list[str] = []
    if text or not mark_deleted(p):
        found = label_of(p)
        own = [join(found[0], found[1], text) if found else text]
    return [line for box in before for line in block_lines(box, label_of, join)] + own + [
        line for box in after for line in block_lines(box, label_of, join)
    ]


def block_children(container) -> Iterator:
    """The paragraphs and tables of a block container, content controls and ``w:customXml`` opened.

    ``w:body``, ``w:tc``, ``w:txbxContent`` and ``w:sdtContent`` are block
    containers; a block-level ``<w:sdt>`` around ``<w:p>标题</w:p>`` yields that
    paragraph.
    """
    for child in container:
        name = local(child)
        if name in ("p", "tbl"):
            yield child
        elif name == "sdt":
            content = _sdt_content(child)
            if content is not None:
                yield from block_children(content)
        elif name == "customXml":
            yield from block_children(child)
        elif name == "AlternateContent":
            branch = chosen_branch(child)
            if branch is not None:
                yield from block_children(branch)


def block_lines(container, label_of: LabelOf, join: Join) -> list[str]:
    """Every line of a block container, a table's cells one line each (a table nested in a cell, a box)."""
    lines: list[str] = []
    for child in block_children(container):
        if local(child) == "p":
            lines += paragraph_lines(child, label_of, join)
        else:
            for row in table_rows(child):
                lines += [cell_text(tc, label_of, join) for tc in row if tc is not None]
    return lines


def cell_text(tc, label_of: LabelOf, join: Join) -> str:
    """A cell's lines joined by ``\\n``, blank lines left out (a blank line would end the table row)."""
    lines = "\n".join(block_lines(tc, label_of, join)).split("\n")
    return "\n".join(line for line in lines if line.strip()).strip()


def _row_children(container, name: str) -> Iterator:
    """The ``w:tr`` of a table or the ``w:tc`` of a row, also inside content controls and ``w:customXml``."""
    for child in container:
        tag = local(child)
        if tag == name:
            yield child
        elif tag == "sdt":
            content = _sdt_content(child)
            if content is not None:
                yield from _row_children(content, name)
        elif tag == "customXml":
            yield from _row_children(child, name)


def table_rows(tbl) -> list[list]:
    """The rows of a ``w:tbl`` as the ``w:tc`` to read for each cell, None for an empty filler cell.

    On the grid of 序号 | 重点工作 | 牵头单位, a 牵头单位 cell merged down
    over three rows is the same ``w:tc`` in all three; a cell spanning two
    columns is followed by None, except in a row of one cell (a heading across
    the table). Columns a row skips (``w:gridBefore``) are None too; deleted
    rows and cells are left out.
    """
    rows: list[list] = []
    above: dict[int, object] = {}  # grid column -> the tc covering it in the row above
    for tr in _row_children(tbl, "tr"):
        if tr.find(f"{_w('trPr')}/{_w('del')}") is not None:
            continue
        column = _int_val(tr, f"{_w('trPr')}/{_w('gridBefore')}", 0)
        cells: list = [None] * max(column, 0)
        here: dict[int, object] = {}
        count = 0
        for tc in _row_children(tr, "tc"):
            props = tc.find(_w("tcPr"))
            if props is not None and props.find(_w("cellDel")) is not None:
                continue
            span = max(1, _int_val(tc, f"{_w('tcPr')}/{_w('gridSpan')}", 1))
            top = tc
            if _continues(props, "vMerge"):
                top = above.get(column, tc)  # the cell continues the one above
            elif _continues(props, "hMerge") and column - 1 in here:
                top = here[column - 1]  # Word 97's horizontal merge: continues the cell to the left
            for k in range(span):
                here[column + k] = top
            cells += [None if any(c is top for c in cells) else top] + [None] * (span - 1)
            column += span
            count += 1
        above = here
        if count:
            rows.append(cells if count > 1 else [c for c in cells if c is not None])
    return rows


def _continues(props, merge: str) -> bool:
    """Whether a cell's ``w:vMerge`` / ``w:hMerge`` says it continues a merged cell (no value means continue)."""
    found = props.find(_w(merge)) if props is not None else None
    return found is not None and found.get(_w("val"), "continue") != "restart"


def body_blocks(body, label_of: LabelOf, join: Join) -> Iterator[str]:
    """The text of ``w:body`` as provenance blocks: one per paragraph line, one per table cell.

    A paragraph ``一、总体要求`` is the block ``一、总体要求\\n``; a table is a
    ``\\n`` block, then per row one ``\\t``-led block per cell and a ``\\n`` block
    (``\\t序号\\n`` ``\\t重点工作\\n`` … ``\\n``), as :mod:`pipeline.tables` reads them.
    """
    for child in block_children(body):
        if local(child) == "p":
            for line in paragraph_lines(child, label_of, join):
                yield line + "\n"
            continue
        yield "\n"
        for row in table_rows(child):
            for tc in row:
                yield "\t" + (cell_text(tc, label_of, join) if tc is not None else "") + "\n"
            yield "\n"
