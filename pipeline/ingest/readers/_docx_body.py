""":mod:`pipeline.ingest.readers._docx_body`: The text of a DOCX body as Word shows it with tracked changes accepted.

python-docx's ``paragraph.text`` reads only the ``w:r`` and ``w:hyperlink``
children of a paragraph, so text inside a content control (``w:sdt``), a
tracked insertion (``w:ins``), a smart tag or a simple field is lost, and its
paragraph iteration skips block-level content controls and text boxes. This
module walks the XML itself:

* paragraphs, tables and block-level content controls in document order;
  an empty content control showing its placeholder (``单击此处输入文字。``) is
  not text. Word's own placeholder sentences (:data:`PLACEHOLDER_TEXTS`) are
  not text wherever they stand: LibreOffice loses the control around them
  (its Word 97 export keeps only the text, its DOCX export may move the text
  after an emptied ``<w:sdt>`` marked ``w:showingPlcHdr``);
* inside a paragraph: runs, also inside ``w:hyperlink``, ``w:ins``,
  ``w:moveTo``, run-level ``w:sdt``, ``w:smartTag``, ``w:fldSimple``;
  ``w:del`` / ``w:moveFrom`` (and ``w:delText``, field codes, hidden runs)
  are not read;
* text boxes (``w:txbxContent``) are read once, as lines of their own next to
  the paragraph that anchors them: before its text when the box comes first
  or is placed above the paragraph (:func:`placed_above`: LibreOffice writes
  a frame positioned on the page after the text of its paragraph), after it
  otherwise. Of an ``mc:AlternateContent`` only one branch is read (the
  DrawingML ``mc:Choice``; its VML ``mc:Fallback`` repeats the text);
* a content control LibreOffice split is read once: its DOCX import cuts a
  control into one control per script run (``××`` ``市`` ``2026`` ``年…``),
  each holding the whole text again, and writes them as a row of controls
  (``<w:sdt>`` with the same ``w:alias``) or, in a Word 97 file, as ``FORMTEXT``
  form fields whose result is the whole text with the run between them. A
  control or form field that repeats the one before it, with nothing but
  pieces of that text in between, is not read again
  (:func:`repeated_controls`, :func:`repeated_form_fields`);
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

import re
from collections.abc import Callable, Iterator

from pipeline.ingest.readers import MAX_TABLE_COLUMNS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

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
#: The placeholder text Word shows in an empty content control (its built-in building blocks,
#: Word 2010 and 2016+, Chinese and English): never the circular's text, and taken out of any paragraph.
PLACEHOLDER_TEXTS = (
    "单击或点击此处输入文字。",
    "单击此处输入文字。",
    "单击或点击以输入日期。",
    "单击此处输入日期。",
    "按一下或點選這裡以輸入文字。",
    "按一下這裡以輸入文字。",
    "按一下或點選以輸入日期。",
    "Click or tap here to enter text.",
    "Click here to enter text.",
    "Click or tap to enter a date.",
    "Click here to enter a date.",
)
#: Half the height of an A4 page, in EMU (DrawingML) and points (VML): a box placed on the page
#: (not relative to its paragraph) above this line is read before the paragraph that anchors it.
HALF_PAGE_EMU = 5_346_000
HALF_PAGE_PT = 421.0
#: Where a box may be placed from, vertically, that does not follow the text (DrawingML ``relativeFrom``, VML ``mso-…-relative``).
_PAGE_FRAMES = frozenset({"page", "margin", "topMargin", "top-margin-area", "insideMargin", "outsideMargin"})
#: Lengths in a VML ``style``, in points.
_VML_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12.0}
_RE_VML_LENGTH = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(pt|in|cm|mm|px|pc)?\s*$")
#: Shortest repeated text (white space aside) taken for one of LibreOffice's copies of a content control.
MIN_REPEATED = 2


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


def _vml_style(shape) -> dict[str, str]:
    """A VML shape's ``style="position:absolute;margin-top:104.9pt"`` as ``{"position": "absolute", …}``."""
    pairs = (item.split(":", 1) for item in (shape.get("style") or "").split(";") if ":" in item)
    return {key.strip().lower(): value.strip() for key, value in pairs}


def _vml_points(value: str | None) -> float | None:
    found = _RE_VML_LENGTH.match(value or "")
    return float(found.group(1)) * _VML_UNITS[found.group(2) or "px"] if found else None


def placed_above(box) -> bool:
    """Whether a ``w:txbxContent`` floats above the paragraph that anchors it.

    A DrawingML ``wp:anchor`` (or a VML shape with ``position:absolute``)
    placed a negative distance from its paragraph or line, or placed on the
    page or margin aligned to the top or less than half a page down
    (``<wp:positionV relativeFrom="page"><wp:posOffset>1332230``, a letterhead
    frame as LibreOffice writes it), is above it. An inline box, or one placed
    from its paragraph downwards, is not.
    """
    for node in box.iterancestors():
        name = local(node)
        if name == "inline" or name in ("r", "p", "body"):
            return False
        if name == "anchor" and node.tag == f"{{{WP_NS}}}anchor":
            position = node.find(f"{{{WP_NS}}}positionV")
            if position is None:
                return False
            frame = position.get("relativeFrom", "paragraph")
            align = position.findtext(f"{{{WP_NS}}}align")
            try:
                offset = int(position.findtext(f"{{{WP_NS}}}posOffset") or "")
            except ValueError:
                offset = None
            if frame in ("paragraph", "line"):
                return offset is not None and offset < 0
            if frame in _PAGE_FRAMES:
                return align == "top" if align else offset is not None and offset < HALF_PAGE_EMU
            return False
        if node.get("style") is not None and not node.tag.startswith(f"{{{W_NS}}}"):
            style = _vml_style(node)
            if style.get("position") != "absolute":
                continue
            frame = style.get("mso-position-vertical-relative", "paragraph")
            if style.get("mso-position-vertical") == "top" and frame in _PAGE_FRAMES:
                return True
            top = _vml_points(style.get("margin-top") or style.get("top"))
            if frame in ("paragraph", "line", "text"):
                return top is not None and top < 0
            if frame in _PAGE_FRAMES:
                return top is not None and top < HALF_PAGE_PT
            return False
    return False


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


def inline_content(p, skip: frozenset = frozenset()) -> tuple[str, list, list]:
    """A paragraph's own text, and the text boxes anchored before and after it.

    ``<w:p><w:r><w:t>一、</w:t></w:r><w:ins><w:r><w:t>总体要求</w:t></w:r></w:ins>
    <w:del><w:r><w:delText>目标</w:delText></w:r></w:del></w:p>`` gives
    ``("一、总体要求", [], [])``. A box in a run before any text, or placed
    above the paragraph (:func:`placed_above`), comes before the paragraph (a
    letterhead box anchored in the first line), any other box after it. Runs
    in ``skip`` (:func:`repeated_form_fields`) are not read.
    """
    text: list[str] = []
    before: list = []
    after: list = []
    stack = list(reversed(repeated_controls(list(p))))
    while stack:
        node = stack.pop()
        name = local(node)
        children = None
        if name == "r":
            if node in skip:
                continue
            piece, boxes = run_text(node)
            so_far = sum(map(len, text))
            for at, box in boxes:
                (after if so_far + at and not placed_above(box) else before).append(box)
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
            stack.extend(reversed(repeated_controls(children)))
    return without_placeholders("".join(text)), before, after


def _plain(text: str) -> str:
    return "".join(text.split())


def _control_key(sdt) -> tuple[str | None, str | None]:
    """What names a content control: its ``w:alias`` and ``w:tag`` (LibreOffice keeps the alias, gives each copy a new ``w:id``)."""
    names = []
    for prop in ("alias", "tag"):
        found = sdt.find(f"{_w('sdtPr')}/{_w(prop)}")
        names.append(found.get(_w("val")) if found is not None else None)
    return names[0], names[1]


def _repeats(text: str, whole: str) -> bool:
    """Whether ``text`` is LibreOffice's copy of a control holding ``whole``: a piece of ``whole``, then ``whole``."""
    return len(whole) >= MIN_REPEATED and text.endswith(whole) and text[: len(text) - len(whole)] in whole


def repeated_controls(children: list) -> list:
    """Inline children without LibreOffice's copies of a content control.

    ``<w:sdt>`` elements in a row with the same ``w:alias`` and ``w:tag``, the first
    holding ``××市2026年…方案`` and each later one a piece of that text and
    then the text again (``市××市2026年…方案``), are one control: the later
    ones are left out. Anything else between them ends the row.
    """
    if sum(1 for c in children if local(c) == "sdt") < 2:
        return children
    kept = []
    whole = key = None
    for child in children:
        name = local(child)
        if name == "sdt":
            content = _sdt_content(child)
            text = _plain("".join(t.text or "" for t in content.iter(_w("t")))) if content is not None else ""
            if whole is not None and _control_key(child) == key and _repeats(text, whole):
                continue
            whole, key = (text, _control_key(child)) if text else (None, None)
        elif name not in ("bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd") and not (
            name == "r" and not _plain("".join(t.text or "" for t in child.iter(_w("t"))))
        ):
            whole = key = None
        kept.append(child)
    return kept


def _field_chars(run) -> list[str]:
    """The ``w:fldCharType`` of each ``w:fldChar`` in a run, in order."""
    return [c.get(_w("fldCharType"), "") for c in run if local(c) == "fldChar"]


def _read_runs(body) -> Iterator:
    """The ``w:r`` of ``body`` the reader reads, in document order: not deleted, not in an unread ``mc:AlternateContent`` branch."""
    stack = [body]
    while stack:
        node = stack.pop()
        name = local(node)
        if name == "r":
            yield node
            children = [c for c in node if local(c) in _BOX_HOLDERS]  # then the runs of its text boxes
        elif name in ("del", "moveFrom"):
            continue
        elif name == "AlternateContent":
            branch = chosen_branch(node)
            children = [branch] if branch is not None else []
        else:
            children = list(node)
        stack.extend(reversed(children))


def repeated_form_fields(body) -> frozenset:
    """The runs of LibreOffice's copies of a content control written as ``FORMTEXT`` form fields: not to be read.

    In a Word 97 file LibreOffice saved, a control it split is a row of form
    fields, each showing the whole text (``××市2026年…方案``), with a piece of
    it between them (``市``, ``2026``…) and their results reaching over
    paragraph marks. The first field is read; a later one showing the same
    text (at least :data:`MIN_REPEATED` characters), and what stands between
    it and the one before when that is only a piece of the text, are not. The
    fields must stand in paragraphs of one container (the body, a cell, a box).
    """
    fields = []  # (instruction, result runs, result text, runs since the field before, their text, containers)
    depth = 0
    instruction: list[str] = []
    state = "text"
    result_runs: list = []
    result_text: list[str] = []
    gap_runs: list = []
    gap_text: list[str] = []
    containers: set = set()
    last_p = None
    for run in _read_runs(body):
        p = run.getparent()
        while p is not None and local(p) != "p":
            p = p.getparent()
        if p is not last_p and last_p is not None:
            (result_text if depth else gap_text).append("\n")
        last_p = p
        if p is not None:
            containers.add(p.getparent())
        chars = _field_chars(run)
        text = "".join(c.text or "" for c in run if local(c) == "t")
        if not chars:
            if depth == 0:
                gap_runs.append(run)
                gap_text.append(text)
            elif depth == 1 and state == "result":
                result_runs.append(run)
                result_text.append(text)
            elif depth == 1 and state == "code":
                instruction.append("".join(c.text or "" for c in run if local(c) == "instrText"))
            continue
        for kind in chars:
            if kind == "begin":
                depth += 1
                if depth == 1:
                    state, instruction, result_runs, result_text = "code", [], [], []
            elif kind == "separate" and depth == 1:
                state = "result"
            elif kind == "end" and depth > 0:
                depth -= 1
                if depth == 0:
                    fields.append(("".join(instruction).split()[:1], result_runs, "".join(result_text),
                                   gap_runs, "".join(gap_text), containers))
                    gap_runs, gap_text, containers = [], [], set()
                    if p is not None:
                        containers.add(p.getparent())
        if text and depth == 0:
            gap_text.append(text)  # a run holding text and a field mark: never left out
    skip: list = []
    whole = None
    for words, runs, result, between, between_text, where in fields:
        shown = _plain(result)
        if words == ["FORMTEXT"] and whole is not None and shown == whole and len(where) == 1 and (
            _plain(between_text) in whole
        ):
            skip += runs + between
            continue
        whole = shown if words == ["FORMTEXT"] and len(shown) >= MIN_REPEATED else None
    return frozenset(skip)


def without_placeholders(text: str) -> str:
    """``text`` without Word's placeholder sentences: ``×政办发〔2026〕12号单击或点击此处输入文字。`` → ``×政办发〔2026〕12号``."""
    if "击" in text or "按一下" in text or "Click" in text:
        for placeholder in PLACEHOLDER_TEXTS:
            text = text.replace(placeholder, "")
    return text


def mark_deleted(p) -> bool:
    """Whether the paragraph mark is a tracked deletion (or move away): the paragraph is gone once accepted."""
    return p.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}") is not None or (
        p.find(f"{_w('pPr')}/{_w('rPr')}/{_w('moveFrom')}") is not None
    )


def paragraph_lines(p, label_of: LabelOf, join: Join, skip: frozenset = frozenset()) -> list[str]:
    """The lines one ``w:p`` gives: its text boxes' lines and its own text with its list label.

    A paragraph whose runs and mark are all deleted gives nothing (and is not
    counted by the numbering).
    """
    text, before, after = inline_content(p, skip)
    own: list[str] = []
    if text or not mark_deleted(p):
        found = label_of(p)
        own = [join(found[0], found[1], text) if found else text]
    return [line for box in before for line in block_lines(box, label_of, join, skip)] + own + [
        line for box in after for line in block_lines(box, label_of, join, skip)
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


def block_lines(container, label_of: LabelOf, join: Join, skip: frozenset = frozenset()) -> list[str]:
    """Every line of a block container, a table's cells one line each (a table nested in a cell, a box)."""
    lines: list[str] = []
    for child in block_children(container):
        if local(child) == "p":
            lines += paragraph_lines(child, label_of, join, skip)
        else:
            for row in table_rows(child):
                lines += [cell_text(tc, label_of, join, skip) for tc in row if tc is not None]
    return lines


def cell_text(tc, label_of: LabelOf, join: Join, skip: frozenset = frozenset()) -> str:
    """A cell's lines joined by ``\\n``, blank lines left out (a blank line would end the table row)."""
    lines = "\n".join(block_lines(tc, label_of, join, skip)).split("\n")
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
    rows and cells are left out. Spans and skips end at the table's grid
    (:func:`grid_width`): ``<w:gridSpan w:val="100000000"/>`` took 107 s and 23 GB.
    """
    rows: list[list] = []
    above: dict[int, object] = {}  # grid column -> the tc covering it in the row above
    width = grid_width(tbl)
    for tr in _row_children(tbl, "tr"):
        if tr.find(f"{_w('trPr')}/{_w('del')}") is not None:
            continue
        column = min(max(_int_val(tr, f"{_w('trPr')}/{_w('gridBefore')}", 0), 0), width - 1)
        cells: list = [None] * column
        here: dict[int, object] = {}
        count = 0
        for tc in _row_children(tr, "tc"):
            props = tc.find(_w("tcPr"))
            if props is not None and props.find(_w("cellDel")) is not None:
                continue
            span = min(max(1, _int_val(tc, f"{_w('tcPr')}/{_w('gridSpan')}", 1)), max(1, width - column))
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


def grid_width(tbl) -> int:
    """How many grid columns a table is read with: its ``w:tblGrid`` columns, at least 1, at most :data:`MAX_TABLE_COLUMNS`.

    A table with no grid (some writers leave it out) is read with the most.
    """
    grid = tbl.find(_w("tblGrid"))
    count = sum(1 for col in grid if local(col) == "gridCol") if grid is not None else 0
    return min(count, MAX_TABLE_COLUMNS) if count else MAX_TABLE_COLUMNS


def _continues(props, merge: str) -> bool:
    """Whether a cell's ``w:vMerge`` / ``w:hMerge`` says it continues a merged cell (no value means continue)."""
    found = props.find(_w(merge)) if props is not None else None
    return found is not None and found.get(_w("val"), "continue") != "restart"


def body_blocks(body, label_of: LabelOf, join: Join) -> Iterator[str]:
    """The text of ``w:body`` as provenance blocks: one per paragraph line, one per table cell.

    A paragraph ``一、总体要求`` is the block ``一、总体要求\\n``; a table is a
    ``\\n`` block, then per row one ``\\t``-led block per cell and a ``\\n`` block
    (``\\t序号\\n`` ``\\t重点工作\\n`` … ``\\n``), as :mod:`pipeline.ingest.tables` reads them.
    """
    skip = repeated_form_fields(body)
    for child in block_children(body):
        if local(child) == "p":
            for line in paragraph_lines(child, label_of, join, skip):
                yield line + "\n"
            continue
        yield "\n"
        for row in table_rows(child):
            for tc in row:
                yield "\t" + (cell_text(tc, label_of, join, skip) if tc is not None else "") + "\n"
            yield "\n"
