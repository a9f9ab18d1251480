""":mod:`extractors.departments`: Find the bodies a task names with an explicit role marker (牵头, 配合, 责任单位…)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from extractors._dept_names import (
    is_complete,
    CLOSE,
    HARD_STOPS,
    OPEN,
    RoleVocab,
    Span,
    _depth_split,
    alias_map,
    default_vocab,
    is_name,
    split_names,
    squash,
    trim,
)
from extractors._spans import ProtectedSpans
from extractors.bodies import body_for
from extractors.ids import task_id
from extractors.registry import extractor
from pipeline.document import Circular, Segment
from pipeline.vocab import load_csv
from schemas.departments import ROLES, DepartmentRow

__all__ = [
    "DeptMatch",
    "RoleVocab",
    "canonical_name",
    "cell_departments",
    "column_role",
    "default_vocab",
    "find_departments",
    "userdict_lines",
]

DEFAULT_USERDICT_FREQ = 2000
DEFAULT_MAX_RUN = 160  # characters scanned left of a verb for its bodies (a run longer than this is no list)
DEFAULT_MAX_SEGMENT = 300  # characters read after a label
# Any other label ends a label's list: 牵头单位：市发改委，完成时限：2017年底.
RE_ANY_LABEL = re.compile(r"(?:^|(?<=[\s（(，,；;。、]))[\u4e00-\u9fff]{2,8}\s*[：:]", re.M)
RE_CLAUSE = re.compile(r"[，,。；;]")
RE_INNER_BRACKET_END = re.compile(r"[（(][^（）()\n]{1,6}[）)]$")


@dataclass(frozen=True, slots=True)
class DeptMatch:
    """One body named with a role; ``text[start:end] == self.text``.

    ``group`` and ``group_end`` span the list the body was named in (a label's list,
    a parenthetical, a verb's subject run): a stated precedence rule ranks each list.
    """

    start: int
    end: int
    text: str
    name: str
    role: str
    canonical: str | None
    group: int = 0
    group_end: int = 0


def canonical_name(name: str) -> str | None:
    """The canonical name of a known alias (whitespace ignored), else None.

    >>> canonical_name("国家发展改革委")
    '国家发展和改革委员会'
    >>> canonical_name("注册部") is None
    True
    """
    return alias_map().get(squash(name))


def userdict_lines() -> list[str]:
    """Lines of ``jieba_userdict.txt``: every canonical name and alias as ``word freq nt``.

    >>> userdict_lines()[0]
    '国家发展和改革委员会 2000 nt'
    """
    seen: dict[str, None] = {}
    for row in load_csv("extractors", "department_aliases.csv"):
        for word in (row["canonical"], row["alias"]):
            seen.setdefault(squash(word))
    return [f"{word} {DEFAULT_USERDICT_FREQ} nt" for word in seen if word]


def _match(text: str, span: Span, role: str, group: Span) -> DeptMatch:
    name = squash(text[span[0]:span[1]])
    return DeptMatch(span[0], span[1], text[span[0]:span[1]], name, role, alias_map().get(name), *group)


def _resolve(base: str, marker: str | None) -> str:
    # a 责任单位 list may mark its lead and helpers: 市发改委（牵头）、市财政局
    return marker if base == "responsible" and marker in ("lead", "support") else base


def _first_verb(vocab: RoleVocab, verbs: str) -> str:
    return next(v for v in vocab.verbs_longest_first if verbs.startswith(v))


def _names_in_run(text: str, span: Span, base: str, vocab: RoleVocab, group: Span) -> list[DeptMatch]:
    """Bodies listed in a label's run or a cell; a verb ends each clause's names (X承办竞赛组织工作 → X)."""
    out = []
    for (cs, ce), _ in _depth_split(text, *span, RE_CLAUSE):
        end, marker = ce, None
        for m in vocab.re_verb.finditer(text, cs, ce):
            before = text[cs:m.start()]
            if sum(before.count(c) for c in OPEN) <= sum(before.count(c) for c in CLOSE):
                end, marker = m.start(), vocab.verbs[_first_verb(vocab, m.group())]
                break
        for part in split_names(text, (cs, end), vocab):
            (s, e), attached = trim(text, part, vocab)
            if s < e and is_name(text[s:e], vocab, strict=False):
                out.append(_match(text, (s, e), _resolve(base, attached or marker), group))
    return out


def _inside_bracket(text: str, i: int) -> bool:
    """True when offset ``i`` lies inside an open bracket of the current sentence."""
    depth = 0
    for j in range(i - 1, max(-1, i - 150), -1):
        ch = text[j]
        if ch == "。":
            return False
        depth += (ch in CLOSE) - (ch in OPEN)
        if depth < 0:
            return True
    return False


def _segment_end(text: str, start: int, stop: int) -> int:
    """Where the list after a label ends: its bracket closes, a sentence or line ends, or ``stop``."""
    inside, depth, i = _inside_bracket(text, start), 0, start
    stop = min(stop, len(text), start + DEFAULT_MAX_SEGMENT)
    while i < stop:
        ch = text[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch == "。":
            break
        elif depth == 0 and ch == "\n" and not inside and not text[start:i].rstrip().endswith(("、", "，", ",")):
            break
        i += 1
    return i


def _stop_at(text: str, i: int, vocab: RoleVocab) -> tuple[str, int] | None:
    """The stop word (its kind and length) ending at offset ``i``, if any."""
    if i == 0 or text[i - 1] not in vocab.stop_ends:
        return None
    for kind, words in (("by", vocab.by), ("joiner", vocab.joiners), ("blocker", vocab.blockers)):
        for w in words:
            at = i - len(w)
            if at < 0 or not text.startswith(w, at):
                continue
            if any(text.startswith(x, at - x.find(w)) for x in vocab.stop_exceptions if w in x and at >= x.find(w)):
                continue
            # 组织部, 联合会: a joiner followed by a body suffix is part of a name
            if kind != "by" and text.startswith(vocab.suffixes, i) and not text.startswith(vocab.object_nouns, i):
                continue
            return kind, len(w)
    return None


def _strip_modifiers(text: str, b: int, vocab: RoleVocab) -> int:
    """``b`` moved back over modifiers and modal words (要积极, 按职责分工)."""
    m = vocab.re_modifier_end.search(text, max(0, b - 16), b)
    return m.start() if m else b


def _left_run(text: str, b: int, vocab: RoleVocab) -> tuple[Span, str] | None:
    """The run of body names ending at ``b`` (before a verb) and how it starts.

    "by" after 由/请/指定…, "plain" at a clause boundary; None when the run is an
    object (配合X负责), or no clause boundary lies within :data:`DEFAULT_MAX_RUN`
    characters (a run cut there would start inside a name: 交通运输部 → 输部).
    """
    b = _strip_modifiers(text, b, vocab)
    adverbial = vocab.re_adverbial.search(text, max(0, b - 42), b)
    if adverbial and adverbial.start() > 0:
        before = _strip_modifiers(text, adverbial.start(), vocab)
        if is_complete(text[max(0, before - 12) : before], vocab):
            b = before  # X应当依照职业标准牵头: the phrase is an adverbial
    i, lo = b, max(0, b - DEFAULT_MAX_RUN)
    while i > lo:
        stop = _stop_at(text, i, vocab)
        if stop and stop[0] == "by":
            return (i, b), "by"
        if stop and stop[0] == "joiner":  # X会同Y负责: Y is joined, X is the body
            joined = _clause_names(text, (i, b), vocab, strict=False)
            return _left_run(text, i - stop[1], vocab) if joined else None
        if stop:  # 配合X负责: X is an object
            return None
        ch = text[i - 1]
        if ch in CLOSE:  # 各省计量院（所）配合
            inner = RE_INNER_BRACKET_END.search(text, max(0, i - 8), i)
            if not inner:
                break
            i = inner.start()
            continue
        if ch in HARD_STOPS or ch in OPEN or (ch == "\n" and not _inside_bracket(text, i)):
            break
        i -= 1
    else:
        if i > 0:
            return None
    return ((i, b), "plain") if i < b else None


_RE_BRACKET = re.compile(r"[（()）]")


def _bracket_spans(text: str) -> list[Span]:
    """Content spans of the outermost brackets of ``text`` (（…） and (…)), in order."""
    spans, depth, start = [], 0, 0
    for m in _RE_BRACKET.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "（(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    return spans


def _clause_names(text: str, span: Span, vocab: RoleVocab, *, strict: bool) -> list[Span] | None:
    """The names of a clause's subject run, or None when any part is not a body name."""
    parts = [trim(text, part, vocab)[0] for part in split_names(text, span, vocab)]
    parts = [(s, e) for s, e in parts if s < e]
    # 民政、公安等有关部门: names before 等 + a body word need no suffix
    etc_list = vocab.re_etc_list.search(text, span[0], span[1]) is not None
    if not parts or not all(is_name(text[s:e], vocab, strict=strict and not etc_list) for s, e in parts):
        return None
    return parts


def _role_parenthetical(text: str, span: Span, vocab: RoleVocab) -> list[DeptMatch]:
    """Bodies of a role parenthetical such as ``（A、B牵头，C、D参与）`` or ``（A、B，各省级人民政府按职责分工负责）``.

    Each clause ends in its role verb; a clause of names alone joins the next
    clause's verb (a second group after a comma); any other clause (``下同``,
    ``列第一位者为牵头单位``) is passed over.

    >>> t = "（工业和信息化部、科技部等负责。列第一位者为牵头单位，下同）"
    >>> [(m.name, m.role) for m in _role_parenthetical(t, (1, len(t) - 1), default_vocab())]
    [('工业和信息化部', 'responsible'), ('科技部', 'responsible')]
    """
    out: list[DeptMatch] = []
    pending: list[Span] = []
    for (cs, ce), _ in _depth_split(text, *span, RE_CLAUSE):
        clause = text[cs:ce]
        m = vocab.re_role_clause.search(clause)
        if m is None:
            names = _clause_names(text, (cs, ce), vocab, strict=True)
            pending = pending + names if names else []
            continue
        run = _left_run(text, cs + m.start(), vocab)
        if run is None or run[0][0] < cs:
            pending = []
            continue
        names = _clause_names(text, run[0], vocab, strict=False)
        if names:
            role = vocab.verbs[_first_verb(vocab, m.group("verb"))]
            out += [_match(text, part, role, span) for part in pending + names]
        pending = []
    return out


def _subject_matches(text: str, vocab: RoleVocab, skip: list[Span]) -> list[DeptMatch]:
    """Bodies that are the subject of a role verb: ``由X负责``, ``X牵头制定…``, ``X要积极配合`` (v2)."""
    found: list[DeptMatch] = []
    protected = ProtectedSpans(text)
    for m in vocab.re_verb.finditer(text):
        if any(s <= m.start() < e for s, e in skip) or protected.covers(m.start(), m.end()):
            continue
        if text[max(0, m.start() - 2) : m.start()] in vocab.light_verbs:
            continue  # 进行指导: a noun
        run = _left_run(text, m.start(), vocab)
        if run is None:
            continue
        span = _relative_clause_subject(text, run[0], m.end(), vocab)
        names = _clause_names(text, span, vocab, strict=True)
        if not names:
            continue  # 支持领军企业、链主企业牵头… / 要加强对…的指导: the run is no list of bodies
        role = vocab.verbs[_first_verb(vocab, m.group())]
        found += [_match(text, part, role, (span[0], m.end())) for part in names]
    return found


def _copula_matches(text: str, vocab: RoleVocab) -> list[DeptMatch]:
    """Bodies a copula names as a role label: ``联席会议由教育部、…组成，教育部为牵头单位`` → 教育部, lead."""
    found: list[DeptMatch] = []
    for m in vocab.re_copula_label.finditer(text):
        run = _left_run(text, m.start(), vocab)
        names = _clause_names(text, run[0], vocab, strict=True) if run else None
        role = vocab.labels[m.group("label")]
        found += [_match(text, part, role, (run[0][0], m.end())) for part in names or ()]
    return found


def _relative_clause_subject(text: str, span: Span, verb_end: int, vocab: RoleVocab) -> Span:
    """The subject of a role verb in a relative clause, ``span`` otherwise.

    建立X牵头、Y参与的工作机制: before 牵头 the run is X without 建立; before 参与
    it is Y, after the coordinated ``X牵头、``; 对社会团体实行X、Y与Z双重负责的管理体制: X, Y and Z.
    """
    if text[verb_end : verb_end + 1] not in ("的", "、"):
        return span
    s, e = span
    for m in vocab.re_verb.finditer(text, s, e):
        if text[m.end() : m.end() + 1] == "、":
            s = m.end() + 1  # Y after a coordinated X牵头、
    opening = next((v for v in vocab.opening_verbs if text.startswith(v, s)), None)
    if opening:
        return s + len(opening), e
    if text.startswith(vocab.not_name_start, s):  # after an adverbial: 对社会团体实行X、Y与Z双重负责的管理体制
        return max((k + len(v) for v in vocab.opening_verbs if (k := text.rfind(v, s, e)) >= 0), default=s), e
    return s, e


def rank_by_precedence(matches: list[DeptMatch], since: int) -> list[DeptMatch]:
    """Apply a stated precedence rule to every list that ends at or after offset ``since``.

    排在第一位的部门为牵头部门 (v2): the first body of each list is ``lead``, the others ``support``.

    >>> ms = find_departments("（工业和信息化部、科技部等负责。列第一位者为牵头单位，下同）")
    >>> [(m.name, m.role) for m in rank_by_precedence(ms, 0)]
    [('工业和信息化部', 'lead'), ('科技部', 'support')]
    """
    ends = {m.group: m.group_end for m in matches}
    first: dict[int, int] = {}
    for m in sorted(matches, key=lambda m: m.start):
        first.setdefault(m.group, m.start)
    return [
        replace(m, role="lead" if first[m.group] == m.start else "support") if ends[m.group] >= since else m
        for m in matches
    ]


def precedence_offset(text: str, *, vocab: RoleVocab | None = None) -> int | None:
    """Where a document states its precedence rule (列第一位者为牵头单位), or None.

    >>> precedence_offset("（一）…（A、B负责。排在第一位的部门为牵头部门，下同）")
    11
    """
    m = (vocab or default_vocab()).re_precedence.search(text)
    return m.start() if m else None


def find_departments(text: str, *, vocab: RoleVocab | None = None, precedence_from: int | None = None) -> list[DeptMatch]:
    """Bodies named with an explicit role marker in running text (a task's normalised text).

    Args:
        text: the task text.
        vocab: the role vocabulary; :func:`default_vocab` when None.
        precedence_from: the offset from which a stated precedence rule governs
            the lists (0 for all of them), or None.

    Returns:
        One match per (name, role), in text order.

    >>> [(m.name, m.role) for m in find_departments("（牵头部门：注册部，协作部门：法律部、认可部）")]
    [('注册部', 'lead'), ('法律部', 'support'), ('认可部', 'support')]
    >>> [(m.name, m.role) for m in find_departments("采取由大区国家计量测试中心牵头，大区之间交叉检查的方式进行")]
    [('大区国家计量测试中心', 'lead')]
    >>> [(m.name, m.role) for m in find_departments("（生态环境部、国家发展改革委指导）")]
    [('生态环境部', 'lead'), ('国家发展改革委', 'lead')]
    """
    vocab = vocab or default_vocab()
    found: list[DeptMatch] = []
    labels = list(vocab.re_label.finditer(text))
    other_labels = RE_ANY_LABEL.finditer(text) if "：" in text or ":" in text else ()  # a label ends in its colon
    starts = sorted({m.start() for m in labels} | {m.start() for m in other_labels})
    covered: list[Span] = []
    for m in labels:
        nxt = next((s for s in starts if s > m.start()), len(text))
        end = _segment_end(text, m.end(), nxt)
        covered.append((m.start(), end))
        role = vocab.labels[m.group(1)]
        if role != "people":
            found += _names_in_run(text, (m.end(), end), role, vocab, (m.start(), end))
    for span in _bracket_spans(text):
        if any(s < span[1] and span[0] < e for s, e in covered):
            continue
        in_brackets = _role_parenthetical(text, span, vocab)
        if in_brackets:
            found += in_brackets
            covered.append(span)
    found += _subject_matches(text, vocab, covered)
    found += _copula_matches(text, vocab)
    if precedence_from is not None:
        found = rank_by_precedence(found, precedence_from)
    return _dedupe(found)


def _dedupe(found: list[DeptMatch]) -> list[DeptMatch]:
    seen: set[tuple[str, str]] = set()
    out = []
    for m in sorted(found, key=lambda m: m.start):
        if (m.name, m.role) not in seen:
            seen.add((m.name, m.role))
            out.append(m)
    return out


def cell_departments(text: str, role: str, *, vocab: RoleVocab | None = None) -> list[DeptMatch]:
    """Every body in a task-table cell whose column heading gives ``role`` (牵头单位 → lead, 参与部门 → support …).

    >>> [(m.name, m.role) for m in cell_departments("中国质检协会承办竞赛组织工作。认监委、有关行业协会协助", "support")]
    [('中国质检协会', 'support'), ('认监委', 'support'), ('有关行业协会', 'support')]
    """
    vocab = vocab or default_vocab()
    if not text.strip() or squash(text) in vocab.empty_cells:
        return []
    return _dedupe(_names_in_run(text, (0, len(text)), role, vocab, (0, len(text))))


def column_role(header: str, *, vocab: RoleVocab | None = None) -> str | None:
    """The role a task-table column heading marks, "people" for 责任领导/分管领导/责任人, else None.

    >>> column_role("牵头\\n单位"), column_role("参与部门（单位）"), column_role("责任人"), column_role("主要内容")
    ('lead', 'support', 'people', None)
    """
    return _column_role(header, vocab) if vocab else _default_column_role(header)


@functools.lru_cache(maxsize=256)
def _default_column_role(header: str) -> str | None:
    """:func:`column_role` with the default vocabulary, once per heading (every row of a table asks)."""
    return _column_role(header, default_vocab())


def _column_role(header: str, vocab: RoleVocab) -> str | None:
    head = squash(header).rstrip("：:")
    core = re.sub(r"[（(][^（）()]*[）)]", "", head) or head
    for word in vocab.labels_longest_first:
        if core == word or (core.startswith(word) and len(word) > 2):
            return vocab.labels[word]
    for word in vocab.labels_longest_first:
        if len(word) > 2 and core.endswith(word) and vocab.labels[word] != "people":
            return vocab.labels[word]  # 市卫健委内牵头处室: a body's own division column
    people = [w for w, r in vocab.labels.items() if r == "people"]
    return "people" if any(w in core for w in people) else None


def _task_matches(
    doc: Circular, task: Segment, vocab: RoleVocab | None, precedence: int | None
) -> Iterator[tuple[int, list[DeptMatch]]]:
    """(offset, matches) pairs of one task: running text by markers, table cells by their column.

    ``precedence`` is where the document states its precedence rule (offset in ``doc.text``).
    """

    def local(start: int) -> int | None:
        return None if precedence is None else max(0, precedence - start)

    if task.source != "table":
        text = doc.text[task.char_start : task.char_end]
        yield task.char_start, find_departments(text, vocab=vocab, precedence_from=local(task.char_start))
        return
    for cell in task.cells:
        text = doc.text[cell.char_start : cell.char_end]
        if cell.field in ("title", "body"):
            yield cell.char_start, find_departments(text, vocab=vocab, precedence_from=local(cell.char_start))
        elif cell.field == "other":
            role = column_role(cell.header, vocab=vocab)
            if role in ROLES:
                yield cell.char_start, cell_departments(text, role, vocab=vocab)


@extractor("departments", schema=DepartmentRow, requires=("tasks", "fields"), version=3, uses=("bodies",))
def extract_departments(doc: Circular, *, vocab: RoleVocab | None = None) -> Iterator[DepartmentRow]:
    """Department rows of every task; the same (name, role) once per task.

    >>> from tests.conftest import make_circular
    >>> rows = extract_departments(make_circular("1.加强监管。（牵头单位：市市场监管局；责任单位：各区县人民政府）"))
    >>> [(r.name, r.role) for r in rows]
    [('市市场监管局', 'lead'), ('各区县人民政府', 'responsible')]
    """
    precedence = precedence_offset(doc.text, vocab=vocab)
    for task in doc.tasks:
        seen: set[tuple[str, str]] = set()
        for offset, matches in _task_matches(doc, task, vocab, precedence):
            for m in matches:
                if (m.name, m.role) in seen:
                    continue
                seen.add((m.name, m.role))
                body = body_for(doc, m.name)  # one resolution: canonical agrees with the bodies table
                yield DepartmentRow(
                    task_id(doc, task), doc.doc_id, m.name, m.role, body.canonical if body.known else m.canonical,
                    m.text, offset + m.start, offset + m.end, body.body_id,
                )
