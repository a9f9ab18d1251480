""":mod:`extractors._dept_names`: The role vocabulary and the splitting of a run of text into body names."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.vocab import body_suffixes, load_csv, load_toml

Span = tuple[int, int]

OPEN, CLOSE = "（(【[", "）)】]"
# Characters that end a run of body names (、 and newlines are handled separately).
HARD_STOPS = frozenset("，,。；;：:！？!?“”\"《》〔〕「」\t")
ROLES = ("lead", "support", "responsible")
_RE_OPEN = re.compile(f"[{re.escape(OPEN)}]")
_RE_BRACKETS = re.compile(f"[{re.escape(OPEN + CLOSE)}]")
_RE_SPACES = re.compile(r"\s+")
_RE_DIGIT = re.compile(r"\d")
_RE_NEWLINE = re.compile(r"\n")


def _longest_first(words) -> tuple[str, ...]:
    """``words`` once each, longest first: the order every prefix match needs."""
    return tuple(sorted(set(words), key=len, reverse=True))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class RoleVocab:
    """The words of ``role_words.toml`` plus the regexes built from them once."""

    labels: dict[str, str]  # label word → role (or "people")
    verbs: dict[str, str]  # verb → role
    labels_longest_first: tuple[str, ...]
    verbs_longest_first: tuple[str, ...]
    strong: frozenset[str]
    light_verbs: tuple[str, ...]
    modifiers: tuple[str, ...]
    by: tuple[str, ...]
    joiners: tuple[str, ...]
    blockers: tuple[str, ...]
    stop_ends: frozenset[str]  # the last characters of by, joiners and blockers: no stop word ends elsewhere
    stop_exceptions: tuple[str, ...]
    suffixes: tuple[str, ...]
    object_nouns: tuple[str, ...]
    admin_heads: frozenset[str]
    generic_bodies: frozenset[str]
    re_not_in_name: re.Pattern  # a word no body's name holds (任务, 进一步…)
    not_name_start: tuple[str, ...]
    opening_verbs: tuple[str, ...]
    re_region: re.Pattern
    empty_cells: frozenset[str]
    re_label: re.Pattern
    re_verb: re.Pattern
    re_clause_end: re.Pattern
    re_trailing: re.Pattern
    re_inner_bracket_end: re.Pattern
    re_attached: re.Pattern
    re_sep: re.Pattern
    re_conj: re.Pattern
    re_modifier_end: re.Pattern
    re_precedence: re.Pattern
    re_etc_generic: re.Pattern
    re_etc_list: re.Pattern
    re_adverbial: re.Pattern
    re_role_clause: re.Pattern
    re_copula_label: re.Pattern

    @classmethod
    def from_dict(cls, data: dict) -> RoleVocab:
        """Build the vocabulary from the parsed TOML."""
        lab, vrb, stp, nam, rgx = (data[k] for k in ("labels", "verbs", "stops", "names", "regex"))
        parts = data["label_parts"]
        composed = {p + b: role for role in ROLES for p in parts[role] for b in parts["bodies"]}
        labels = composed | {w: role for role in (*ROLES, "people") for w in lab[role]}
        verbs = {w: role for role in ROLES for w in vrb[role]}
        verb_alt = _alt(verbs)
        return cls(
            labels=labels,
            verbs=verbs,
            labels_longest_first=_longest_first(labels),
            verbs_longest_first=_longest_first(verbs),
            strong=frozenset(vrb["strong"]),
            light_verbs=tuple(vrb["light_verbs"]),
            modifiers=tuple(vrb["modifiers"]),
            by=_longest_first(stp["by"]),
            joiners=_longest_first(stp["joiners"]),
            blockers=_longest_first(stp["blockers"]),
            stop_ends=frozenset(w[-1] for kind in ("by", "joiners", "blockers") for w in stp[kind]),
            stop_exceptions=tuple(stp["stop_exceptions"]),
            suffixes=tuple(sorted(body_suffixes("name"), key=len, reverse=True)),
            object_nouns=tuple(nam["object_nouns"]),
            admin_heads=frozenset(nam["admin_heads"]),
            generic_bodies=frozenset(nam["generic_bodies"]),
            re_not_in_name=re.compile(_alt(nam["not_in_name"]) or "(?!)"),
            not_name_start=tuple(nam["not_name_start"]),
            opening_verbs=tuple(nam["opening_verbs"]),
            re_region=re.compile(nam["region"]),
            empty_cells=frozenset(nam["empty_cells"]),
            re_label=re.compile(rf"({_alt(labels)})\s*(?:[（(][^（）()\n]{{1,6}}[）)])?\s*[：:]"),
            re_verb=re.compile(  # looks ahead for a verb's first character, so a search skips the others at once
                rf"(?=[{re.escape(''.join({v[0] for v in verbs}))}])(?:{verb_alt})+(?!{_alt(vrb['noun_after'])})"
                rf"(?P<obj>(?:{_alt(vrb['trailing_objects'])})*)"
            ),
            re_clause_end=re.compile(rgx["clause_end"]),
            re_trailing=re.compile(rgx["trailing_strip"]),
            re_inner_bracket_end=re.compile(rf"(?:{rgx['inner_bracket']})$"),
            re_attached=re.compile(rf"[（(](?P<v>{verb_alt})(?:单位|部门)?[）)]\s*$"),
            re_sep=re.compile(f"[{re.escape(''.join(nam['separators']))}]"),
            re_conj=re.compile(_alt(nam["conjunctions"])),
            re_modifier_end=re.compile(rf"(?:{_alt(vrb['modifiers'])})+\s*$"),
            re_precedence=re.compile(rgx["precedence"]),
            re_etc_generic=re.compile(rgx["etc_generic"]),
            re_etc_list=re.compile(rgx["etc_list"]),
            re_adverbial=re.compile(rgx["adverbial"]),
            # a copula and a role label ending its clause: 教育部为牵头单位，
            re_copula_label=re.compile(
                rf"(?:{_alt(vrb['copulas'])})(?P<label>{_alt(w for w, role in labels.items() if role != 'people')})"
                r"(?=\s*(?:[，,。；;）)\n]|$))"
            ),
            # a clause that ends in its role verb: 工业和信息化部、科技部等负责 / 试点城市政府负责落实
            re_role_clause=re.compile(
                rf"(?P<verb>(?:{verb_alt})+)(?!{_alt(vrb['noun_after'])})"
                rf"(?:{_alt(vrb['trailing_objects'])})*\s*$"
            ),
        )


@functools.cache
def default_vocab() -> RoleVocab:
    """The vocabulary from ``pipeline/data/role_words.toml``, which the task-table test reads too (loaded once)."""
    return RoleVocab.from_dict(load_toml("pipeline", "role_words.toml"))


@functools.cache
def alias_map() -> dict[str, str]:
    """alias (and canonical name) → canonical name, from ``department_aliases.csv``."""
    out: dict[str, str] = {}
    for row in load_csv("extractors", "department_aliases.csv"):
        out.setdefault(row["canonical"], row["canonical"])
        out[row["alias"]] = row["canonical"]
    return out


def squash(s: str) -> str:
    """``s`` without whitespace."""
    return _RE_SPACES.sub("", s)


def is_complete(name: str, vocab: RoleVocab) -> bool:
    """True when ``name`` reads as a whole body name (ends in a body suffix or is known)."""
    name = squash(name)
    if name in alias_map() or name in vocab.generic_bodies:
        return True
    core = vocab.re_inner_bracket_end.sub("", name) or name
    return len(core) >= 2 and core not in vocab.suffixes and core.endswith(vocab.suffixes)


def is_name(name: str, vocab: RoleVocab, *, strict: bool) -> bool:
    """True when ``name`` can be a body; ``strict`` also demands a complete name."""
    name = squash(name)
    if not name or name in vocab.empty_cells or len(name) > 40 or _RE_DIGIT.search(name):
        return False
    if name in alias_map():
        return True
    if vocab.re_not_in_name.search(name) or name.startswith(vocab.not_name_start) or vocab.re_region.match(name):
        return False
    return is_complete(name, vocab) if strict else len(name) >= 2


def _depth_split(text: str, s: int, e: int, pattern: re.Pattern) -> list[tuple[Span, str]]:
    """Split ``text[s:e]`` at matches of ``pattern`` outside brackets; each part with the separator before it.

    >>> t = "市发改委（牵头，含物价局），市财政局"
    >>> [(t[a:b], sep) for (a, b), sep in _depth_split(t, 0, len(t), re.compile("，"))]
    [('市发改委（牵头，含物价局）', ''), ('市财政局', '，')]
    """
    parts, start, sep, i = [], s, "", s
    while i < e:
        opening = _RE_OPEN.search(text, i, e)
        bracket = opening.start() if opening else e
        m = pattern.search(text, i, e)
        while m and m.end() == m.start() < bracket:  # an empty match splits nothing
            m = pattern.search(text, m.start() + 1, e)
        if m and m.start() < bracket:
            parts.append(((start, m.start()), sep))
            start, sep, i = m.end(), m.group(), m.end()
            continue
        if opening is None:
            break
        depth, i = 1, bracket + 1  # inside brackets: on to the one that closes them all
        while depth and (b := _RE_BRACKETS.search(text, i, e)):
            depth += 1 if b.group() in OPEN else -1
            i = b.start() + 1
        if depth:
            break
        i -= 1  # a match may start at the closing bracket
    parts.append(((start, e), sep))
    return parts


def trim(text: str, span: Span, vocab: RoleVocab) -> tuple[Span, str | None]:
    """``span`` without padding, unbalanced brackets, modifiers, 等 and an attached （牵头）; plus that verb's role."""
    s, e = span
    role = None
    for _ in range(4):
        s0, e0 = s, e
        while s < e and (text[s].isspace() or text[s] in HARD_STOPS or text[s] in CLOSE or text[s] in "、"):
            s += 1
        while s < e and (text[e - 1].isspace() or text[e - 1] in HARD_STOPS or text[e - 1] in "、"):
            e -= 1
        if s < e and text[s] in OPEN and not any(c in CLOSE for c in text[s:e]):
            s += 1
        if s < e and text[e - 1] in CLOSE and text[s:e].count(text[e - 1]) > sum(text[s:e].count(c) for c in OPEN):
            e -= 1
        if s < e and text[e - 1] in OPEN:
            e -= 1
        for pattern in (vocab.re_attached, vocab.re_trailing, vocab.re_modifier_end):
            m = pattern.search(text, s, e)
            if m and m.start() > s:
                if pattern is vocab.re_attached:
                    role = vocab.verbs[m.group("v")]
                e = m.start()
        if (s, e) == (s0, e0):
            break
    return (s, e), role


def split_names(text: str, span: Span, vocab: RoleVocab) -> list[Span]:
    """The body names in ``text[span]``, a run such as ``市、县质量技术监督部门和各部室``."""
    pieces: list[Span] = []
    for (s, e), sep in _depth_split(text, *span, vocab.re_sep):
        # 市、县质量技术监督部门: an admin-level head shares the head noun of the next item
        if pieces and sep == "、" and set(squash(text[pieces[-1][0]:pieces[-1][1]]).split("、")) <= vocab.admin_heads:
            s = pieces.pop()[0]
        pieces.append((s, e))
    out: list[Span] = []
    for s, e in pieces:
        lines: list[Span] = []
        for (ls, le), _ in _depth_split(text, s, e, _RE_NEWLINE):
            # 市发展\n改革委: a wrapped name is joined unless both parts are names
            if lines and not (is_complete(text[lines[-1][0]:lines[-1][1]], vocab) and is_complete(text[ls:le], vocab)):
                ls = lines.pop()[0]
            if text[ls:le].strip():
                lines.append((ls, le))
        for ls, le in lines:
            parts = _depth_split(text, ls, le, vocab.re_conj)
            start = ls
            for ((_, ce), _), ((ns, _), _) in zip(parts, parts[1:]):
                # split at 和/及/与 only after a complete name: 国家发展和改革委员会 stays whole;
                # a list closed by 等 is complete too: …、全国总工会等和各省级人民政府
                if is_complete(text[start:ce].rstrip().removesuffix("等"), vocab):
                    out.append((start, ce))
                    start = ns
            out += _split_etc_generic(text, (start, le), vocab)
    return out


def _split_etc_generic(text: str, span: Span, vocab: RoleVocab) -> list[Span]:
    """``人民银行等有关部门`` → 人民银行, 有关部门: the generic body after 等 is a body (v2)."""
    s, e = span
    m = vocab.re_etc_generic.search(text[s:e].rstrip())
    if not m or m.start() == 0:
        return [span]
    return [(s, s + m.start()), (s + m.start(1), s + m.end(1))]
