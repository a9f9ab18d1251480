""":mod:`pipeline.ingest.segment`: Split a clean circular into sections and tasks (ANNOTATION.md §2).

Labels are read in sequence, as a person reads them: a candidate label is an
item only when it continues the numbering of an open level (``2`` after
``1``) or opens a new level with its first number. Levels come from the order
in which label styles appear, so ``一、`` → ``（一）`` → ``1.`` → ``（1）``
nest however a document chooses to use them.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.document import Segment
from pipeline.ingest import _patterns as P
from pipeline.ingest.labels import ARABIC_FAMILY, Candidate, candidate_at, glued_candidates, line_candidates
from pipeline.ingest.tables import TableRow, other_table_cells, text_to_table_rows
from pipeline.numerals import digit_chars
from pipeline.vocab import body_suffixes, load_toml

#: How far into a heading a glued child label is looked for.
DEFAULT_HEADING_CHARS = 80
#: Longest title kept for a task (its first sentence).
DEFAULT_TITLE_CHARS = 60

RE_DATE_LINE = re.compile(rf"^[\d{digit_chars()}十]{{4}}\s*年[\d{digit_chars(1)}十]{{1,2}}\s*月[\d{digit_chars(1)}十]{{1,3}}\s*日")


@dataclass
class _Level:
    style: str
    last: int | None
    path: str | None = None  # the number its last item gives a decimal label under it ("1.2" for 1.2.1)


@dataclass
class _Item:
    cand: Candidate
    level: int  # 0-based depth
    parent: int | None  # index into the item list
    plan: int = 0  # which plan of a document that prints several (numbering restarts)
    end: int = 0
    closed: bool = False  # ends at a boundary (signature, 第X条, next plan, end of part), not at an item
    children: list[int] = field(default_factory=list)


#: The label styles of a document's headings (一、 and （一）, GB/T 9704's first two levels): never under a dash bullet.
_HEADING_STYLES = frozenset({"cn_dun", "cn_paren"})


def _family(style: str) -> str:
    return "arabic" if style in ARABIC_FAMILY else style


def _place(stack: list[_Level], last_seen: dict[str, int], cand: Candidate) -> int | None:
    """The depth ``cand`` takes in the open levels, or None when it breaks the numbering.

    An open level of the same style continues first; then the deepest open level
    of the same family (``10.`` after ``9`` in a list of bare numbers).
    """

    def continues(level: _Level) -> bool:
        return cand.value is None or level.last is None or cand.value == level.last + 1

    if cand.path is not None:
        return _place_decimal(stack, cand)
    same = [depth for depth, level in enumerate(stack) if level.style == cand.style]
    if same:  # the style twice in the stack only for a cell's own list under its row's item: deepest first
        return next((depth for depth in reversed(same) if continues(stack[depth])), None)
    for depth in range(len(stack) - 1, -1, -1):
        if _family(stack[depth].style) == _family(cand.style) == "arabic" and continues(stack[depth]):
            return depth
    continues_numbering = cand.value == last_seen.get(_family(cand.style), -1) + 1
    if cand.weak and not continues_numbering:
        return None  # "1.5万人…": a decimal, not a list opening at 1
    if cand.value is None or cand.value == 1 or continues_numbering:
        if cand.style in _HEADING_STYLES and stack and stack[-1].style == "dash":
            return len(stack) - 1  # 一、/（一） after a report's ——这五年… bullets: beside them, never under one
        return len(stack)
    return None


def _place_decimal(stack: list[_Level], cand: Candidate) -> int | None:
    """The depth of a decimal label: just under the open item its numbers name (``1.2.1`` under ``1.2``,
    ``1.2`` under ``1`` or ``1.``), first of its level or next after its sibling; in an outline that
    prints no parent items (``1.1 … 1.2 … 2.1``), beside the labels of its own kind."""
    prefix = cand.path.rpartition(".")[0]
    parent = next((depth for depth in range(len(stack) - 1, -1, -1) if stack[depth].path == prefix), None)
    if parent is None:
        same = next((depth for depth in range(len(stack) - 1, -1, -1) if stack[depth].style == cand.style), None)
        if same is None:
            return len(stack) if cand.value == 1 else None
        level_prefix = (stack[same].path or "").rpartition(".")[0]
        restarts = cand.value == 1 and level_prefix != prefix  # 2.1 after 1.3
        continues = level_prefix == prefix and stack[same].last is not None and cand.value == stack[same].last + 1
        return same if restarts or continues else None
    child = parent + 1
    if child < len(stack) and stack[child].style == cand.style:
        return child if stack[child].last is not None and cand.value == stack[child].last + 1 else None
    return child if cand.value == 1 else None


def _level_path(cand: Candidate) -> str | None:
    """The number decimal labels give the item ``cand`` opens: its own dotted numbers, or an Arabic number."""
    if cand.path is not None:
        return cand.path
    return str(cand.value) if cand.value is not None and _family(cand.style) == "arabic" else None


def _parts(text: str) -> list[tuple[int, int]]:
    """Spans of the body and of each attachment, split at 附件/抄送/主题词 lines."""
    cuts = [m.start() for m in P.RE_BODY_END.finditer(text)]  # each match is a line start and stays in its line
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


_RE_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


def _sentence_end(text: str, start: int, limit: int) -> int:
    m = _RE_SENTENCE_END.search(text, start, limit)
    return m.start() if m else limit


def _dash_runs_only(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Dash bullets come in runs; a lone ``——`` (a report's subtitle ``——在…会议上``) is not an item, nor
    is a dash before a date (``——二〇二六年一月二十七日在…会议上``, even beside the report's first bullet)."""
    candidates = [c for c in candidates if not (c.style == "dash" and _RE_DATE_IN_LINE.match(text, c.content_start))]
    kept = []
    for i, cand in enumerate(candidates):
        if cand.style == "dash":
            before = candidates[i - 1].style if i else None
            after = candidates[i + 1].style if i + 1 < len(candidates) else None
            if "dash" not in (before, after):
                continue
        kept.append(cand)
    return kept


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


_RE_TITLE_STOP = re.compile(r"[。；！？，,;!?：:]")


def _is_title_line(line: str) -> bool:
    """A short line with no sentence or clause punctuation: a plan's own title (or its subtitle)."""
    line = line.strip()
    return 4 <= len(line) <= 50 and not _RE_TITLE_STOP.search(line) and not P.RE_LINE_LABEL.match(line)


def _plan_title_start(text: str, lo: int, label_start: int) -> int | None:
    """Where the title of a plan that starts at ``label_start`` begins, or None when no title precedes it.

    Walking back from the label: at most two preamble lines (``为…，特制定以下规定：``), then one or
    more title lines (a title may be broken over lines); the earliest title line is the start.
    """
    pos, preamble, title_start = _line_at(text, label_start)[0], 0, None
    while pos > lo:
        line_start = text.rfind("\n", lo, pos - 1) + 1
        line = text[max(line_start, lo) : pos].strip()
        pos = max(line_start, lo)
        if not line:
            continue
        if _is_title_line(line):
            title_start = pos
            continue
        if title_start is not None or preamble == 2 or P.RE_LINE_LABEL.match(line):
            break
        preamble += 1
    return title_start


def _after_lead_in(text: str, label_start: int) -> bool:
    """The line before the label is an unlabelled lead-in ending in a colon (``注：``)."""
    line_start = _line_at(text, label_start)[0]
    if line_start == 0:
        return False
    before = text[_line_at(text, line_start - 1)[0] : line_start - 1].strip()
    return before.endswith(("：", ":")) and not P.RE_LINE_LABEL.match(before)


def _after_closed_paragraphs(text: str, item: Candidate, label_start: int) -> bool:
    """Whether dash bullets at ``label_start`` follow an item that was a whole paragraph of its own (its line
    goes on after its heading sentence: ``（六）民生福祉改善迈出坚实步伐。就业方面，…``) and then unlabelled
    paragraphs none of which leads in to a list (no colon at its end): a report's ——经济综合实力实现新跃升…
    bullets after its （一）…（六） review are a list of their own, not （六）'s items. A heading line
    (``二、主要目标``) followed by its lead-in keeps its bullets."""
    _, line_end = _line_at(text, item.start)
    own = text[item.content_start : line_end]
    first_sentence = _sentence_end(own, 0, len(own))
    if first_sentence >= len(own) - 1 or not own.rstrip().endswith(("。", "！", "？")):
        return False  # a heading line, or a line that goes on into the next
    if not text[line_end + 1 : label_start].strip():
        return False
    return not _after_lead_in(text, label_start)


def _signature_starts(text: str, start: int, end: int) -> list[int]:
    """Starts of signature blocks in ``text[start:end]``: an issuer line over a line that is only a date."""
    found = []
    lines = [(m.start() + start, m.group().strip()) for m in re.finditer(r"^.*$", text[start:end], re.M)]
    lines = [(pos, line) for pos, line in lines if line]
    for (pos, line), (_, nxt) in zip(lines, lines[1:]):
        if RE_DATE_LINE.fullmatch(nxt) and not RE_DATE_LINE.match(line) and _is_signature(line):
            found.append(pos)
    return found


def _box_heads(text: str, start: int, end: int) -> list[int]:
    """Starts of the head lines of boxes (``专栏1 …``) in ``text[start:end]``."""
    heads, part = load_toml("pipeline", "structure.toml")["box_heads"], text[start:end]
    if heads and not any(head in part for head in heads):  # most circulars have no box: no line-by-line search
        return []
    pattern = re.compile(rf"^[ \t]*(?:{'|'.join(map(re.escape, heads))})[ \t]*[\d{P.CN_NUM}]+", re.M)
    return [m.start() + start for m in pattern.finditer(part)]


def _contents_spans(text: str) -> list[tuple[int, int]]:
    """Spans of tables of contents: from a ``目录`` line to the line where the body prints the first
    entry again (``1总则`` … ``7附则`` then ``1总则``), leaders and page numbers aside (``1 总则……3``).
    A 目录 whose first entry never comes back is left as it is; contents without their 目录 line are
    :func:`_headless_contents`."""
    heads = "|".join(r"[ \t]*".join(map(re.escape, head)) for head in load_toml("pipeline", "structure.toml")["contents_heads"])
    spans = []
    for head in re.finditer(rf"^[ \t]*(?:{heads})[ \t]*$", text, re.M):
        lines = [(m.start(), _entry_key(m.group())) for m in re.finditer(r"^.*$", text[head.end() :], re.M)]
        lines = [(pos + head.end(), key) for pos, key in lines if key]
        first = lines[0][1] if lines else None
        again = next((pos for pos, key in lines[2:DEFAULT_CONTENTS_LINES] if key == first), None)
        if again is not None:
            spans.append((head.start(), again))
    return spans or _headless_contents(text)


#: How many entries in a row, each printed again later in the same order, make contents without a 目录 line.
DEFAULT_HEADLESS_ENTRIES = 3
#: A line that may be an entry of a table of contents: a short heading that opens with a label or a number.
_ENTRY = rf"[ \t]*(?:\d|[{P.CN_NUM}]{{1,3}}[、.．]|[（(]|第)[^。；\n]{{0,30}}"
_CONTENTS_ENTRY = re.compile(rf"^{_ENTRY}$", re.M)
#: ... and enough of them in a row to be looked at (most texts have none: one search, and no line-by-line look).
_CONTENTS_RUN = re.compile(rf"^(?:{_ENTRY}\n){{{DEFAULT_HEADLESS_ENTRIES}}}", re.M)


def _headless_contents(text: str) -> list[tuple[int, int]]:
    """Spans of tables of contents whose 目录 line is missing (a scan whose 目 录, set wide, was read as 目):
    :data:`DEFAULT_HEADLESS_ENTRIES` or more heading lines in a row (:data:`_CONTENTS_ENTRY`) whose first
    ones the body prints again, in order, after them. The span ends where the first comes back.

    >>> contents = "目\\n1总则\\n1.1编制目的\\n2组织机构\\n1总则\\n1.1编制目的\\n为了有效监测，制定本预案。\\n2组织机构\\n"
    >>> [contents[a:b] for a, b in _headless_contents(contents)]
    ['1总则\\n1.1编制目的\\n2组织机构\\n']
    >>> _headless_contents("一、总体要求\\n二、主要任务\\n三、保障措施\\n（一）加强领导。\\n")
    []
    """
    if not _CONTENTS_RUN.search(text):
        return []
    lines = [(m.start(), m.end(), _entry_key(m.group())) for m in re.finditer(r"^.*$", text, re.M)]
    entry = [_CONTENTS_ENTRY.match(text, start, end) is not None and bool(key) for start, end, key in lines]
    spans, k = [], 0
    while k < len(lines):
        if not entry[k]:
            k += 1
            continue
        first, run = lines[k][2], k + 1
        while run < len(lines) and entry[run] and lines[run][2] != first and run - k < DEFAULT_CONTENTS_LINES:
            run += 1  # (the contents end where their first entry comes back, or at the first line no entry)
        if run - k >= DEFAULT_HEADLESS_ENTRIES:
            keys = [key for _, _, key in lines[k : k + DEFAULT_HEADLESS_ENTRIES]]
            later = [key for _, _, key in lines[run : run + DEFAULT_CONTENTS_LINES]]
            if first in later and _in_order(later[later.index(first) :], keys):
                again = run + later.index(first)
                spans.append((lines[k][0], lines[again][0]))
                k = again
                continue
        k += 1
    return spans


def _in_order(keys: list[str], wanted: list[str]) -> bool:
    """Whether ``wanted`` come in ``keys`` in that order (not necessarily next to each other)."""
    found = iter(keys)
    return all(key in found for key in wanted)


def _entry_key(line: str) -> str:
    """A heading as a table of contents and the body both print it: no white space, leaders or page number."""
    return re.sub(r"[.…·．\s]*\d*$", "", re.sub(r"\s+", "", line))


#: How many lines after its 目录 line a table of contents is looked for in.
DEFAULT_CONTENTS_LINES = 300


def _in_spans(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """``pos`` lies in one of ``spans`` (sorted, not overlapping; ``starts`` their starts)."""
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < spans[k][1]


def _continues_attachment_list(text: str, label_start: int) -> bool:
    """The label continues a list of attachments (``附件：1.甲表`` over ``2.乙表``): not a numbering slip."""
    pos = _line_at(text, label_start)[0]
    while pos > 0:
        pos = _line_at(text, pos - 1)[0]
        line = text[pos : _line_at(text, pos)[1]].strip()
        if not P.RE_LINE_LABEL.match(line):
            return line.startswith("附件")
    return False


def _breaks_numbering(cand: Candidate) -> bool:
    """A label at a line start that should have been an item but does not fit the numbering."""
    return cand.where == "line" and not cand.weak and cand.style in _CHECKED_STYLES


#: Styles whose out-of-sequence labels at a line start are worth a W_STRUCTURE issue (bare
#: numbers and ordinals out of sequence are ordinary text: 2007年…, 第三批…).
_CHECKED_STYLES = frozenset({"cn_dun", "cn_paren", "ar_paren", "ar_dot", "ar_dun", "circled", "ar_paren_half"})
#: At most this many W_STRUCTURE issues per document; the last one counts the rest.
DEFAULT_MAX_STRUCTURE_ISSUES = 10


def _items_of_part(
    text: str, start: int, end: int, skip: list[tuple[int, int]], notes: list[tuple[int, int, str]]
) -> list[_Item]:
    """Accept labels in sequence within ``text[start:end]`` and nest them.

    ``第X章``/``第X条`` lines, signature blocks and the title of a second plan are not items
    but end every open item; a restart of the numbering with a plan title before it (or at the
    top level) begins a new plan, whose items are numbered and nested afresh.
    """
    structure = load_toml("pipeline", "structure.toml")
    units, renumbering = tuple(structure["regulation_units"]), tuple(structure["renumbering_units"])
    cells = other_table_cells(text, start, end, skip)
    row_end = {a: row for a, _, row in cells}  # an item in a table cell ends with its row
    row_start: dict[int, int] = {}
    for a, _, row in cells:
        row_start[row] = min(row_start.get(row, a), a)
    rows = sorted((a, row) for row, a in row_start.items())
    row_starts = [a for a, _ in rows]

    def row_of(pos: int) -> tuple[int, int] | None:
        return rows[k] if (k := bisect.bisect_right(row_starts, pos) - 1) >= 0 and pos < rows[k][1] else None

    in_cells = (candidate_at(text, a, "line") for a, _, _ in cells)
    skip_starts = [a for a, _ in skip]
    pending = _dash_runs_only(text, sorted(
        {c.start: c for c in (*line_candidates(text, start, end), *in_cells) if c and not _in_spans(c.start, skip, skip_starts)}.values(),
        key=lambda c: c.start,
    ))
    pending.reverse()  # a stack: the next candidate is last
    boundaries = _signature_starts(text, start, end)
    boxes = _box_heads(text, start, end)
    items: list[_Item] = []
    stack: list[_Level] = []
    owners: list[int] = []  # item index per open level
    last_seen: dict[str, int] = {}
    plan, in_box = 0, False
    row_top: tuple[tuple[int, int], int] | None = None  # the table row of the last item, and its first item's depth
    cell_list: int | None = None  # the depth of a list opened inside a cell of the row of row_top
    while pending:
        cand = pending.pop()
        if cand.style.startswith("ordinal_") and cand.style.endswith(units):
            if cand.where == "line":  # 第X章/第X条: a regulation's chapter or article ends the items before it
                boundaries.append(cand.start)
                del stack[:], owners[:]
                if cand.style.endswith(renumbering):  # (after a chapter, 五、 may go on from 四、)
                    last_seen.clear()
            continue
        previous = items[-1].cand.start if items else start
        k = bisect.bisect_left(boxes, cand.start) - 1
        in_box = in_box or (k >= 0 and boxes[k] > previous)
        row = row_of(cand.start) if rows else None
        if cell_list is not None and (row_top is None or row != row_top[0]):  # a cell's own list ends with its row
            del stack[cell_list:], owners[cell_list:]
            cell_list = None
        depth = _place(stack, last_seen, cand)
        if depth is not None and depth == len(stack) and cand.style == "dash" and owners and cand.where == "line":
            if _after_closed_paragraphs(text, items[owners[-1]].cand, cand.start):
                depth -= 1  # （六）民生…。 + 五年来… paragraphs, then ——经济综合实力…: a new list beside （六）
        if in_box:  # labels inside a 专栏 box are the box's; the box ends where the list goes on
            if depth is None or depth == len(stack):
                continue
            in_box = False
        if row is not None and row_top is not None and row_top[0] == row and (depth is None or depth <= row_top[1]):
            if cand.value != 1 or cand.weak:
                continue  # a label that neither continues the row's numbering nor opens a list: the row's text
            depth = cell_list = len(stack)  # a cell's own list (查看：1.… 2.…) opens a level under the row's item
        if depth is None and row is None and cand.value == 1 and stack and not cand.weak and cand.where == "line":
            level = next((d for d, lv in enumerate(stack) if lv.style == cand.style), None)
            title = _plan_title_start(text, previous, cand.start) if level is not None else None
            lead_in = level is not None and _after_lead_in(text, cand.start)
            if level == 0 or title is not None or lead_in:
                boundaries.append(title if title is not None else cand.start)
                plan += 1
                del stack[:], owners[:]
                last_seen.clear()
                depth = 0
                if title is None:
                    why = "after a lead-in line" if lead_in else "with no plan title before it"
                    notes.append((cand.start, cand.content_start,
                                  f"numbering restarts at '{cand.label}' {why}: read as a new list"))
        if depth is None:
            if _breaks_numbering(cand) and not _continues_attachment_list(text, cand.start):
                open_level = next((lv for lv in stack if lv.style == cand.style), None)
                expected = f"after {open_level.last}" if open_level and open_level.last is not None else "with no item before it"
                notes.append((cand.start, cand.content_start,
                              f"label '{cand.label}' does not continue the numbering ({expected}): read as text"))
            continue
        del stack[depth:], owners[depth:]
        stack.append(_Level(cand.style, cand.value, _level_path(cand)))
        parent = owners[-1] if owners else None
        owners.append(len(items))
        items.append(_Item(cand, depth, parent, plan))
        if row is None or row_top is None or row_top[0] != row:
            row_top = (row, depth) if row is not None else None
        if cand.value is not None:
            last_seen[_family(cand.style)] = cand.value
        heading_end = _sentence_end(text, cand.content_start, min(end, cand.content_start + DEFAULT_HEADING_CHARS))
        for glued in glued_candidates(text, cand.content_start, heading_end):
            if _place(stack, last_seen, glued) == len(stack):
                while pending and pending[-1].start < glued.start:
                    pending.pop()
                pending.append(glued)
                break
    boundaries.sort()
    following: list[_Item | None] = [None] * len(items)  # the next item at the same or a higher level
    waiting: list[int] = []
    for i in range(len(items) - 1, -1, -1):  # a new plan starts at level 0, so this also ends a plan
        while waiting and items[waiting[-1]].level > items[i].level:
            waiting.pop()
        following[i] = items[waiting[-1]] if waiting else None
        waiting.append(i)
    for i, item in enumerate(items):
        nxt = following[i]
        item.end = nxt.cand.start if nxt else end
        b = bisect.bisect_right(boundaries, item.cand.content_start)
        if b < len(boundaries) and boundaries[b] < item.end:
            item.end, item.closed = boundaries[b], True
        else:
            item.closed = nxt is None
        if item.parent is not None:
            items[item.parent].children.append(i)
    cell_starts = sorted(row_end)
    for item in items:
        k = bisect.bisect_right(cell_starts, item.cand.start) - 1
        row = row_end[cell_starts[k]] if k >= 0 else None
        if row is not None and item.cand.start < row < item.end and not item.children:
            item.end = row
    return items


def _is_catalogue(text: str, items: list[_Item]) -> bool:
    """The items are a catalogue, not work: at least :data:`DEFAULT_MIN_CATALOGUE_ITEMS` of them, and (nearly)
    every line of their text is a short name with no sentence or clause punctuation (``1.耕整地机械``,
    ``1.1.1犁``, ``耙（限圆盘耙、驱动耙）``; a catalogue table's row ``犁 / 台 / 5``)."""
    if len(items) < DEFAULT_MIN_CATALOGUE_ITEMS:
        return False
    lines = [
        line.strip()
        for it in items
        for line in text[it.cand.content_start : it.end].split("\n")
        if line.strip()
    ]
    names = sum(len(line) <= DEFAULT_CATALOGUE_NAME_CHARS and not _RE_PROSE_PUNCT.search(line) for line in lines)
    return bool(lines) and names >= DEFAULT_CATALOGUE_SHARE * len(lines)


#: A list is a catalogue from this many items on ...
DEFAULT_MIN_CATALOGUE_ITEMS = 5
#: ... when this share of its lines are names: at most this many characters, without prose punctuation.
DEFAULT_CATALOGUE_SHARE = 0.9
DEFAULT_CATALOGUE_NAME_CHARS = 30
_RE_PROSE_PUNCT = re.compile(r"[。；;，,：:！？!?]")


_RE_PRINTED_ONLY = re.compile(r"[（(]此件[^）)]*[）)]")  # （此件公开发布）
_RE_DATE_IN_LINE = re.compile(RE_DATE_LINE.pattern[1:])


def _is_signature(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > 40 or not P.SENTENCE_PUNCT.isdisjoint(line):
        return False
    if RE_DATE_LINE.match(line) or _RE_PRINTED_ONLY.fullmatch(line):
        return True
    imprint_markers = tuple(load_toml("pipeline", "structure.toml")["imprint_markers"])
    if _RE_DATE_IN_LINE.search(line) and line.endswith(imprint_markers):
        return True  # the imprint line: ××市人民政府办公室 2026年3月5日印发
    return line.endswith(body_suffixes("signature")) and "，" not in line and "," not in line


def _trim(text: str, start: int, end: int, *, signature: bool) -> int:
    """``end`` moved back over trailing white space (and signature lines when ``signature``)."""
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        if not signature:
            return end
        line_start = text.rfind("\n", start, end) + 1
        if line_start <= start or not _is_signature(text[line_start:end]):
            return end
        end = line_start


def _title(text: str, start: int, end: int, limit: int = DEFAULT_TITLE_CHARS) -> str:
    """The first sentence of ``text[start:end]``; one longer than ``limit`` is cut at its last clause
    boundary (``，`` ``、`` ``：``) before the limit, not inside a word (issue #13)."""
    stop = _sentence_end(text, start, min(end, start + limit))
    if stop == start + limit < end:
        clause = max(text.rfind(ch, start, stop) for ch in "，,、：:（(")
        if clause > start + limit // 3:
            stop = clause
    return text[start:stop].strip().rstrip("。：:；;，,、（(")


def _segment(item: _Item, kind: str, seq: int, start: int, end: int, title: str, parent: int | None) -> Segment:
    c = item.cand
    return Segment(kind, seq, item.level + 1, c.label, c.number, c.start, start, end, title, parent)


def text_to_segments(text: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Sections and tasks of a clean circular text, in document order.

    >>> sections, tasks = text_to_segments("一、工作任务\\n1.加强领导。\\n2.完善制度。\\n二、工作要求\\n做好宣传。")
    >>> [s.title for s in sections], [(t.number, t.title) for t in tasks]
    (['工作任务', '工作要求'], [('1', '加强领导'), ('2', '完善制度')])
    """
    sections, tasks, _ = _segment_text(text)
    return sections, tasks


def structure_warnings(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(char_start, char_end, message)`` for each place where the numbering was irregular and
    the reading is a guess (a label out of sequence read as text, a restart with no plan title):
    the issues of the document, under the code :data:`W_STRUCTURE`.

    >>> [m for _, _, m in structure_warnings("1.加强领导。\\n2.完善制度。\\n4.强化督查。")]
    ["label '4.' does not continue the numbering (after 2): read as text"]
    """
    return _segment_text(text)[2]


@functools.lru_cache(maxsize=4)
def _segment_text(text: str):
    rows = text_to_table_rows(text)
    skip = sorted([(r.start, r.end) for r in rows] + _contents_spans(text))  # task rows are read as rows; contents not at all
    sections: list[Segment] = []
    tasks: list[tuple[int, Callable[[int], Segment]]] = []  # (start, the task made with its seq once all are in order)
    notes: list[tuple[int, int, str]] = []
    section_of_item: dict[int, int] = {}
    for part_start, part_end in _parts(text):
        if P.RE_AFTER_BODY.match(text, part_start):
            continue  # a report's glossary (名词解释 1.“两重”：是指…) or related stories: no items
        items = _items_of_part(text, part_start, part_end, skip, notes)
        if re.match(r"[ \t]*附件", text[part_start:part_end]) and _is_catalogue(text, items):
            continue  # an attachment's catalogue of names (1.耕整地机械 / 1.1.1犁 …) gives no items (issue #11)
        plans_with_sections = {it.plan for it in items if it.level == 0 and it.children}
        base = len(section_of_item)
        for i, item in enumerate(items):
            end = _trim(text, item.cand.content_start, item.end, signature=item.closed)
            parent = section_of_item.get(base + item.parent) if item.parent is not None else None
            if item.children or (item.level == 0 and item.plan in plans_with_sections):
                first_child = items[item.children[0]].cand.start if item.children else end
                title_end = _trim(text, item.cand.content_start, min(first_child, end), signature=False)
                title = _title(text, item.cand.content_start, title_end, limit=title_end - item.cand.content_start)
                section_of_item[base + i] = len(sections)
                sections.append(_segment(item, "section", len(sections) + 1, item.cand.content_start, end, title, parent))
            else:
                section_of_item[base + i] = -1
                title = _title(text, item.cand.content_start, end)
                tasks.append((item.cand.start, functools.partial(
                    _segment, item, "task", start=item.cand.content_start, end=end, title=title, parent=parent)))
    for row in rows:
        tasks.append((row.start, functools.partial(_row_segment, text, row, sections)))
    tasks.sort(key=lambda pair: pair[0])
    ordered = tuple(make(seq) for seq, (_, make) in enumerate(tasks, start=1))
    if len(notes) > DEFAULT_MAX_STRUCTURE_ISSUES:
        rest = len(notes) - DEFAULT_MAX_STRUCTURE_ISSUES + 1
        notes[DEFAULT_MAX_STRUCTURE_ISSUES - 1 :] = [(notes[-1][0], notes[-1][1], f"and {rest} more irregular labels")]
    return tuple(sections), ordered, tuple(notes)


def _row_segment(text: str, row: TableRow, sections: list[Segment], seq: int) -> Segment:
    number = next((c for c in row.cells if c.field == "number"), None)
    content = [c for c in row.cells if c.field != "number" and c.char_end > c.char_start]
    start = content[0].char_start if content else row.start
    title_cell = next((c for c in row.cells if c.field == "title"), content[0] if content else None)
    title = re.sub(r"\s+", "", text[title_cell.char_start : title_cell.char_end]) if title_cell else ""
    enclosing = [i for i, s in enumerate(sections) if s.char_start <= start < s.char_end]
    parent = enclosing[-1] if enclosing else None
    level = sections[parent].level + 1 if parent is not None else 1
    label = text[number.char_start : number.char_end] if number else ""
    return Segment(
        "task", seq, level, label, label, number.char_start if number else start, start, row.end,
        title, parent, source="table", cells=row.cells,
    )

