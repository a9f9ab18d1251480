""":mod:`extractors.bodies`: Departments as entities — resolve a printed name to the body it means.

A department row says ``省经信厅``; which body is that? It depends on where
the circular comes from: in an Anhui provincial circular it is
安徽省经济和信息化厅, in a Baotou one ``市卫健委`` is 包头市卫生健康委员会 and
never the national 国家卫生健康委员会. :func:`resolve` is a pure function of
(name, jurisdiction, year): data (``bodies_central.csv``, ``bodies_local.csv``,
``bodies_party.csv``, ``places.csv``, ``department_aliases.csv`` for the
internal units of a ministry) plus a few rules (``body_kinds.toml``).

>>> anhui = Place("安徽省", "provincial")
>>> resolve("省经信厅", anhui, 2024).canonical
'安徽省经济和信息化厅'
>>> resolve("市卫健委", Place("包头市", "prefecture"), 2024).canonical
'包头市卫生健康委员会'
>>> resolve("发改委", CENTRAL, 2019).canonical
'国家发展和改革委员会'
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extractors.registry import extractor, rows_of
from pipeline.document import Circular
from pipeline.numerals import year_number
from pipeline.vocab import load_csv, load_toml
from schemas.bodies import BodyRow

__all__ = [
    "CENTRAL", "Body", "Place", "body_for", "body_id_for", "extract_bodies", "jurisdiction_of",
    "jieba_splits", "place_at_start", "resolve",
]

#: Marks a name as national whatever document it stands in: 国家发展改革委, 中国科协, 国务院国资委.
NATIONAL_MARKS = ("国家", "国务院", "中国", "中华", "全国", "中央", "中共中央", "最高", "共青团中央", "团中央")
#: An issuer or title that starts so is central: 总局在质检系统开展… is a circular of a national 总局.
CENTRAL_HEADS = (*NATIONAL_MARKS, "总局")
#: Year prefixes before a place in a title: 2026年四川省人民政府工作报告.
RE_YEAR_PREFIX = re.compile(rf"^\s*(?:{year_number()})\s*年(?:度)?")
RE_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
_RE_SPACES = re.compile(r"\s+")
ANONYMISED = "×"
LOCAL_LEVELS = ("provincial", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class Place:
    """A jurisdiction: 国务院 / 中央 (central), a province, a prefecture or a county.

    ``province`` is the province it lies in, when the name tells (``安徽省`` itself).
    """

    name: str
    level: str  # central | provincial | prefecture | county
    province: str | None = None

    def __post_init__(self) -> None:
        if self.level == "provincial" and self.province is None:
            object.__setattr__(self, "province", self.name)


CENTRAL = Place("国务院", "central")


@dataclass(frozen=True, slots=True)
class Body:
    """One body, as the ``bodies`` table holds it."""

    body_id: str
    canonical: str
    jurisdiction: str | None
    level: str | None
    kind: str
    known: bool
    since: int | None = None
    until: int | None = None

    def row(self) -> BodyRow:
        return BodyRow(self.body_id, self.canonical, self.jurisdiction, self.level, self.kind, self.known,
                       self.since, self.until)


def _squash(s: str) -> str:
    return _RE_SPACES.sub("", s)


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


def _body_id(canonical: str, jurisdiction: str | None) -> str:
    """A stable id from the full name within its jurisdiction (the same in every run and machine).

    >>> _body_id("安徽省经济和信息化厅", "安徽省") == _body_id("安徽省经济和信息化厅", "安徽省")
    True
    """
    digest = hashlib.blake2b(f"{jurisdiction or ''}|{canonical}".encode(), digest_size=6).hexdigest()
    return f"b{digest}"


# --- the data -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    canonical: str  # a central body's full name, or a local office (经济和信息化厅)
    kind: str
    levels: tuple[str, ...]
    jurisdiction: str | None
    since: int | None
    until: int | None


@dataclass(frozen=True, slots=True)
class _Data:
    central: dict[str, tuple[_Entry, ...]]  # alias → central bodies it may mean
    local: dict[str, tuple[_Entry, ...]]  # alias → local offices (without their place)
    party: dict[str, _Entry]  # alias → party office (宣传部)
    internal: dict[str, str]  # alias → internal unit of a ministry (监督司 → 产品质量监督司)
    provinces: dict[str, str]  # full or short name → full name
    kinds: tuple[tuple[str, str], ...]  # (ending, kind), longest first
    relative: dict[str, str]  # 省 → provincial
    party_prefixes: tuple[str, ...]
    place_levels: tuple[tuple[str, str], ...]
    group_heads: tuple[str, ...]
    group_tails: tuple[str, ...]
    re_place: re.Pattern


_LEVELS = {"all": LOCAL_LEVELS, "local": ("prefecture", "county")}


@functools.cache
def _data() -> _Data:
    central: dict[str, list[_Entry]] = {}
    for row in load_csv("extractors", "bodies_central.csv"):
        entry = _Entry(row["canonical"], row["kind"], ("central",), row["jurisdiction"],
                       _year(row["since"]), _year(row["until"]))
        for alias in {row["canonical"], *filter(None, row["aliases"].split("|"))}:
            central.setdefault(alias, []).append(entry)
    local: dict[str, list[_Entry]] = {}
    for row in load_csv("extractors", "bodies_local.csv"):
        levels = _LEVELS.get(row["levels"], (row["levels"],))
        entry = _Entry(row["office"], row["kind"], levels, None, _year(row["since"]), _year(row["until"]))
        for alias in {row["office"], *filter(None, row["aliases"].split("|"))}:
            local.setdefault(alias, []).append(entry)
    party = {}
    for row in load_csv("extractors", "bodies_party.csv"):
        entry = _Entry(row["office"], row["kind"], LOCAL_LEVELS, None, None, None)
        for alias in {row["office"], *filter(None, row["aliases"].split("|"))}:
            party[alias] = entry
    internal = {row["alias"]: row["canonical"] for row in load_csv("extractors", "department_aliases.csv") if row["level"] == "internal"}
    provinces = {}
    for row in load_csv("extractors", "places.csv"):
        provinces[row["name"]] = provinces[row["short"]] = row["name"]
    vocab = load_toml("extractors", "body_kinds.toml")
    kinds = sorted(((end, kind) for kind, ends in vocab["kinds"].items() for end in ends), key=lambda p: -len(p[0]))
    names = load_toml("pipeline", "body_names.toml")  # the administrative levels, shared with the other stages
    places = names["places"]
    relative = {w: level for level in LOCAL_LEVELS for w in names["levels"][level] if w not in places["not_relative"]}
    party_prefixes = [places["party_committees"].get(w, w + "委") for w in relative]
    place_levels = tuple(sorted({**relative, **places["endings"]}.items(), key=lambda p: -len(p[0])))
    ends = "|".join(re.escape(e) for e, _ in place_levels)
    return _Data(
        central={k: tuple(v) for k, v in central.items()},
        local={k: tuple(v) for k, v in local.items()},
        party=party,
        internal=internal,
        provinces=provinces,
        kinds=tuple(kinds),
        relative=relative,
        party_prefixes=tuple(sorted(party_prefixes, key=len, reverse=True)),
        place_levels=place_levels,
        group_heads=tuple(vocab["groups"]["heads"]),
        group_tails=tuple(vocab["groups"]["tails"]),
        re_place=re.compile(rf"^(?:[\u4e00-\u9fff]|{ANONYMISED}){{1,10}}?(?:{ends})"),
    )


def userdict_words() -> list[str]:
    """Every office, alias and province name: the words of a jieba user dictionary for body names.

    >>> "经信厅" in userdict_words() and "安徽省" in userdict_words()
    True
    """
    d = _data()
    words = {*d.central, *d.local, *d.party, *d.internal, *d.provinces, *d.relative, *d.party_prefixes}
    return sorted(words, key=lambda w: (-len(w), w))


# --- places ---------------------------------------------------------------------------------------


def _kind_of(name: str) -> str:
    """The kind of a body from the end of its name (``body_kinds.toml``)."""
    core = RE_BRACKETS.sub("", name) or name
    return next((kind for end, kind in _data().kinds if core.endswith(end)), "other")


def place_at_start(text: str, *, strict: bool = True) -> Place | None:
    """The place a name starts with: a province (full or short name) or ``…市/县/区``.

    ``strict`` accepts a ``…市/县/区`` only with two or more characters before its ending
    (``大区国家计量测试中心`` does not start with a place).

    >>> place_at_start("安徽省经济和信息化厅"), place_at_start("包头市卫健委").level
    (Place(name='安徽省', level='provincial', province='安徽省'), 'prefecture')
    >>> place_at_start("市卫健委") is None and place_at_start("大区国家计量测试中心") is None
    True
    """
    d = _data()
    text = RE_YEAR_PREFIX.sub("", _squash(text))
    for name, full in d.provinces.items():
        if text.startswith(name) and (name == full or not text.startswith(full)):
            if name != full and text[len(name):].startswith(tuple(e for e, _ in d.place_levels)):
                continue  # 吉林市 is not 吉林省
            return Place(full, "provincial")
    m = d.re_place.match(text)
    if not m or m.group() in d.relative or (strict and len(m.group()) < 3):
        return None
    name = m.group()
    while (more := next((e for e, _ in d.place_levels if text.startswith(e, len(name))), None)) and more in "市县区旗盟":
        name += more  # 江州 + 市: a place named …州 is read whole
    level = next(level for end, level in d.place_levels if name.endswith(end))
    return Place(name, level)


@functools.lru_cache(maxsize=256)
def jurisdiction_of(issuer: str | None, title: str | None, head: str = "") -> Place | None:
    """The jurisdiction of a circular: from its issuer, else its title, else a province named in its head.

    >>> jurisdiction_of("国家认监委", None)
    Place(name='国务院', level='central', province=None)
    >>> jurisdiction_of(None, "2026年四川省人民政府工作报告").name
    '四川省'
    >>> jurisdiction_of("××市人民政府办公室", None).name
    '××市'
    >>> jurisdiction_of(None, "2026年政府工作报告", "——2026年1月26日在广东省第十四届人民代表大会").name
    '广东省'
    """
    for text in (issuer, title):
        if not text:
            continue
        text = RE_YEAR_PREFIX.sub("", _squash(text))
        place = place_at_start(text, strict=False)
        if place:
            return place
        if text.startswith(CENTRAL_HEADS) or _central(text, None):
            return CENTRAL
    d = _data()
    hits = [(head.find(full), full) for full in set(d.provinces.values()) if full in head]
    return Place(min(hits)[1], "provincial") if hits else None


# --- resolution -----------------------------------------------------------------------------------


def _by_year(entries: tuple[_Entry, ...], year: int | None) -> _Entry:
    """The entry that existed in ``year`` (the newest when several did), else the nearest in time."""
    if year is None or len(entries) == 1:
        return entries[-1] if year is None else entries[0]

    def distance(e: _Entry) -> int:
        if e.since is not None and year < e.since:
            return e.since - year
        if e.until is not None and year > e.until:
            return year - e.until
        return 0

    return min(entries, key=lambda e: (distance(e), -(e.since or 0)))


def _central(name: str, year: int | None) -> Body | None:
    entries = _data().central.get(name)
    if not entries:
        return None
    e = _by_year(entries, year)
    return Body(_body_id(e.canonical, e.jurisdiction), e.canonical, e.jurisdiction, "central", e.kind, True,
                e.since, e.until)


def _local_office(office: str, level: str, year: int | None) -> _Entry | None:
    entries = tuple(e for e in _data().local.get(office, ()) if level in e.levels)
    return _by_year(entries, year) if entries else None


def _place_for(prefix: str, doc: Place | None) -> tuple[Place | None, str | None]:
    """The place a relative prefix (省, 市, 区 …) points at from a document's jurisdiction, and its level.

    ``(None, level)`` when the place cannot be known (``市`` in a county circular: its city is not named).
    """
    level = _data().relative[prefix]
    if doc is None or doc.level == "central":
        return None, level
    if level == doc.level:
        return doc, level
    if level == "provincial" and doc.province:
        return Place(doc.province, "provincial"), level
    return None, level


def _splits(name: str) -> Iterator[tuple[str, str]]:
    """Every (head, rest) split of ``name``, the longest rest first: 省经信厅 → ('', 省经信厅), ('省', 经信厅) …"""
    for i in range(len(name)):
        yield name[:i], name[i:]


@functools.cache
def _jieba_tokenizer():
    """A jieba tokenizer that knows every office, alias and place of the data files (built once)."""
    import jieba  # only here: a run that resolves by characters never loads jieba's 5 MB dictionary

    tokenizer = jieba.Tokenizer()
    for word in userdict_words():
        tokenizer.add_word(word, freq=100_000)
    return tokenizer


def jieba_splits(name: str) -> Iterator[tuple[str, str]]:
    """The (head, rest) splits of ``name`` at jieba's word boundaries only (for :func:`resolve`'s ``splits``).

    >>> list(jieba_splits("省经信厅"))
    [('', '省经信厅'), ('省', '经信厅')]
    """
    at = 0
    for word in _jieba_tokenizer().cut(name, HMM=False):
        yield name[:at], name[at:]
        at += len(word)


def _make(canonical: str, place: Place | None, level: str | None, kind: str, known: bool,
          since: int | None = None, until: int | None = None) -> Body:
    jurisdiction = place.name if place else None
    return Body(_body_id(canonical, jurisdiction), canonical, jurisdiction, level, kind, known, since, until)


def _head_place(head: str, doc: Place | None) -> tuple[Place | None, str | None] | None:
    """What a name's head says of its place: '' (the document's), a relative prefix, or a place name."""
    d = _data()
    if head == "":
        if doc is None or doc.level == "central":
            return None, None
        return doc, doc.level
    if head in d.relative:
        return _place_for(head, doc)
    place = place_at_start(head, strict=False)
    if place and place.name == head:
        if doc and place.level == "provincial" and doc.province == place.name:
            return Place(doc.province, "provincial"), "provincial"
        province = place.province or (doc.province if doc and doc.name.startswith(head) else None)
        return Place(place.name, place.level, province), place.level
    return None


def _resolve_local(name: str, doc: Place | None, year: int | None, splits: Callable) -> Body | None:
    """``[place]office``: 省经信厅, 包头市卫健委, 市市场监管局, 住建厅 (the document's own level)."""
    d = _data()
    for head, rest in splits(name):
        if rest not in d.local:
            continue
        found = _head_place(head, doc)
        if found is None:
            continue
        place, level = found
        if level is None:  # a bare office in a central or placeless circular
            continue
        entry = _local_office(rest, level, year)
        if entry is None and head == "" and doc is not None:  # 住建厅 in a city circular: the province's
            entry = _local_office(rest, "provincial", year)
            place, level = (Place(doc.province, "provincial") if doc.province else None), "provincial"
        if entry is None:
            continue
        canonical = f"{place.name if place else head}{entry.canonical}"
        return _make(canonical, place, level, entry.kind, place is not None, entry.since, entry.until)
    return None


def _resolve_party(name: str, doc: Place | None) -> Body | None:
    """``省委宣传部`` → 中共安徽省委宣传部; ``包头市委组织部`` → 中共包头市委组织部."""
    d = _data()
    for prefix in d.party_prefixes:
        at = name.find(prefix)
        if at < 0:
            continue
        head, office = name[:at], name[at + len(prefix):] or "委员会"
        entry = d.party.get(office)
        if entry is None:
            continue
        relative = prefix.removesuffix("委").removesuffix("党")  # 省委 → 省, 自治区党委 → 自治区
        if head:
            place = place_at_start(head + relative, strict=False)
            if place is None or place.name != head + relative:
                continue
            level = place.level
        else:
            place, level = _place_for(relative, doc)
        where = place.name if place else relative
        canonical = f"中共{where}委员会" if entry.canonical == "委员会" else f"中共{where}委{entry.canonical}"
        return _make(canonical, place, level, entry.kind, place is not None)
    return None


def _is_group(name: str) -> bool:
    d = _data()
    return name.startswith(d.group_heads) or name.endswith(d.group_tails) or "、" in name


@functools.lru_cache(maxsize=4096)
def resolve(name: str, jurisdiction: Place | None, year: int | None, *, splits: Callable = _splits) -> Body:
    """The body ``name`` means in a circular of ``jurisdiction`` written in ``year``.

    Known bodies get their canonical name; an unknown one keeps its printed name
    (a relative ``省/市/县`` head replaced by the place) and an id stable within
    its jurisdiction. Renamed bodies are their own entities: ``卫计委`` in 2016
    is 国家卫生和计划生育委员会, ``卫健委`` in 2019 国家卫生健康委员会.

    >>> resolve("人社部", CENTRAL, 2020).canonical, resolve("卫计委", CENTRAL, 2016).until
    ('人力资源和社会保障部', 2018)
    >>> b = resolve("卫健委", Place("浙江省", "provincial"), 2026)
    >>> b.canonical, b.jurisdiction, b.level, b.kind
    ('浙江省卫生健康委员会', '浙江省', 'provincial', 'commission')
    >>> resolve("浙江工业大学", Place("浙江省", "provincial"), 2026).kind
    'university'
    >>> resolve("市农业综合行政执法支队", Place("××市", "prefecture"), 2022).canonical
    '××市农业综合行政执法支队'
    """
    d = _data()
    name = _squash(name)
    if _is_group(name) and name not in d.central:
        return _unknown(name, jurisdiction)
    national = name.startswith(NATIONAL_MARKS)
    doc_is_local = jurisdiction is not None and jurisdiction.level != "central"
    if not national and doc_is_local:
        body = _resolve_local(name, jurisdiction, year, splits)
        if body:
            return body
    body = _central(name, year)
    if body:
        return body
    if not national:
        body = _resolve_local(name, jurisdiction, year, splits) or _resolve_party(name, jurisdiction)
        if body:
            return body
    if name in d.internal:
        canonical = d.internal[name]
        return _make(canonical, jurisdiction, jurisdiction.level if jurisdiction else None, "internal unit", True)
    return _unknown(name, jurisdiction)


def _unknown(name: str, doc: Place | None) -> Body:
    """A body not in the data: its printed name, a relative head (市…) replaced by the place it points at.

    A group (各区县人民政府, 有关行业协会) stays in the document's jurisdiction; so does a
    name whose head is no place this circular can know (人民银行××市分行 in a ××市 circular).
    """
    d = _data()
    kind = "group" if _is_group(name) else _kind_of(name)
    place, level, canonical = doc, doc.level if doc else None, name
    if kind == "group":
        return _make(canonical, place, level, kind, False)
    prefix = next((p for p in sorted(d.relative, key=len, reverse=True) if name.startswith(p)), None)
    if prefix and not name.startswith(("市场", "区域", "县域")):
        place, level = _place_for(prefix, doc)
        if place is not None:
            canonical = place.name + name[len(prefix):]
    elif (explicit := place_at_start(name)) and (explicit.level == "provincial" or name.startswith(ANONYMISED)):
        place, level = explicit, explicit.level
    return _make(canonical, place, level, kind, False)


# --- circulars ------------------------------------------------------------------------------------


def _jurisdiction(doc: Circular) -> Place | None:
    return jurisdiction_of(doc.fields.issuer, doc.fields.title, doc.text[:1500])


def body_for(doc: Circular, name: str) -> Body:
    """The body a department name of ``doc`` means (its jurisdiction from its issuer, title or head)."""
    return resolve(_squash(name), _jurisdiction(doc), doc.fields.year)


def body_id_for(doc: Circular, name: str) -> str:
    """The ``body_id`` of a department row of ``doc``: what extractors.departments fills in."""
    return body_for(doc, name).body_id


@extractor("bodies", schema=BodyRow, requires=("tasks", "fields"), version=1, uses=("departments",))
def extract_bodies(doc: Circular) -> Iterator[BodyRow]:
    """One row per distinct body the circular's department rows name.

    >>> from tests.conftest import make_circular
    >>> doc = make_circular("安徽省经济和信息化厅文件\\n1.推进数字化。（牵头单位：省经信厅；配合单位：省财政厅）")
    >>> [(r.canonical, r.jurisdiction, r.kind) for r in extract_bodies(doc)]
    [('安徽省经济和信息化厅', '安徽省', 'department'), ('安徽省财政厅', '安徽省', 'department')]
    """
    seen: set[str] = set()
    for row in rows_of(doc, "departments"):
        body = body_for(doc, row.name)
        if body.body_id not in seen:
            seen.add(body.body_id)
            yield body.row()
