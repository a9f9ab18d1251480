""":mod:`pipeline.spacy_doc`: A run's tables as spaCy ``Doc`` objects, a ``DocBin`` and annotation-tool JSONL.

One ``Doc`` per circular over its normalised text (``OUT/text/<doc_id>.txt``),
with span groups ``tasks``, ``sections``, ``departments`` (label = role),
``quotas`` and ``dates`` (label = kind). Every span carries its table row in
``span._.gongwen`` (kept by a ``DocBin``), and the normalised values read from
it: ``span._.date_start`` / ``date_end`` (ISO), ``value`` / ``value_max`` /
``unit`` / ``qualifier``, ``canonical`` / ``body_id`` / ``jurisdiction``.
Tokens are split wherever a span starts or ends, so every span is exactly
``text[char_start:char_end]`` and :func:`doc_to_rows` gives the rows back.

spaCy and jieba are imported by this module only; ``gongwen run`` never loads it.

Example::

    from pipeline.api import to_spacy

    for doc in to_spacy("outputs/"):
        for span in doc.spans["departments"]:
            print(span.text, span.label_, span._.canonical)   # 省经信厅 lead 安徽省经济和信息化厅
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

#: Span group → (table, how a row's label is read).
GROUPS = {
    "tasks": ("tasks", lambda row: "task"),
    "sections": ("sections", lambda row: "section"),
    "departments": ("departments", lambda row: row["role"]),
    "quotas": ("quotas", lambda row: "quota"),
    "dates": ("dates", lambda row: row["kind"]),
}
#: Row columns a span's own offsets and text stand for (not kept in ``span._.gongwen``).
SPAN_COLUMNS = ("char_start", "char_end", "text")
#: Document columns kept in ``doc.user_data["gongwen"]``.
DOC_KEY = "gongwen"


def _row_value(name: str):
    return lambda span: (span._.gongwen or {}).get(name)


def _body_value(name: str):
    return lambda span: ((span._.gongwen or {}).get("body") or {}).get(name)


def register_extensions() -> None:
    """Declare the span extensions (idempotent); importing this module does it."""
    if not Span.has_extension("gongwen"):
        Span.set_extension("gongwen", default=None)
    for name in ("task_id", "date_start", "date_end", "value", "value_max", "unit", "qualifier", "role", "body_id"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_row_value(name))
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", getter=lambda s: _body_value("canonical")(s) or _row_value("canonical")(s))
    for name in ("jurisdiction", "level", "kind_of_body"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_body_value(name.replace("kind_of_body", "kind")))


register_extensions()


def blank_nlp() -> Language:
    """``spacy.blank("zh")`` segmenting with jieba (no model is downloaded), which also knows the body names
    of ``extractors/data`` (省经信厅 stays one token)."""
    import jieba

    from extractors.bodies import userdict_words

    jieba.setLogLevel(60)
    for word in userdict_words():
        jieba.add_word(word)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def _clean(value: Any) -> Any:
    """A table value as plain JSON (NaN → None, numpy scalars → Python)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    return value


def _records(frame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def make_doc(nlp: Language, text: str, cuts: Iterable[int]) -> Doc:
    """``nlp``'s tokens of ``text``, split further at every offset in ``cuts`` (so spans align exactly),
    then ``nlp``'s components, if any.

    >>> [t.text for t in make_doc(spacy.blank("en"), "市发改委牵头", [4])]
    ['市发改委', '牵头']
    """
    base = nlp.make_doc(text)
    cuts = sorted(set(cuts))
    words: list[str] = []
    spaces: list[bool] = []
    for token in base:
        start, end = token.idx, token.idx + len(token.text)
        inner = cuts[bisect.bisect_right(cuts, start): bisect.bisect_left(cuts, end)]
        for a, b in zip([start, *inner], [*inner, end]):
            words.append(text[a:b])
            spaces.append(False)
        spaces[-1] = bool(token.whitespace_)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def rows_to_doc(nlp: Language, text: str, document: dict[str, Any], tables: dict[str, list[dict]],
                bodies: dict[str, dict] | None = None) -> Doc:
    """One circular's rows as a ``Doc`` over its normalised ``text``.

    ``tables`` maps a table name to this document's rows (dicts); ``bodies`` maps
    a body_id to its row of the bodies table (for ``span._.canonical``).
    """
    bodies = bodies or {}
    cuts = {v for table, _ in GROUPS.values() for row in tables.get(table, ()) for v in (row["char_start"], row["char_end"])}
    doc = make_doc(nlp, text, cuts)
    doc.user_data[DOC_KEY] = document
    for group, (table, label_of) in GROUPS.items():
        spans = []
        for row in tables.get(table, ()):
            span = doc.char_span(row["char_start"], row["char_end"], label=label_of(row))
            if span is None:  # an empty span cannot be a Span
                continue
            data = {k: v for k, v in row.items() if k not in SPAN_COLUMNS and k != "doc_id"}
            if table == "departments" and row.get("body_id") in bodies:
                data["body"] = bodies[row["body_id"]]
            span._.gongwen = data
            spans.append(span)
        doc.spans[group] = spans
    return doc


def doc_to_rows(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The table rows a ``Doc`` of :func:`rows_to_doc` holds: offsets and text from its spans, the rest
    from ``span._.gongwen`` (so rows → Doc → rows gives the same rows)."""
    import schemas

    doc_id = (doc.user_data.get(DOC_KEY) or {}).get("doc_id")
    out: dict[str, list[dict[str, Any]]] = {}
    for group, (table, _) in GROUPS.items():
        rows = []
        for span in doc.spans.get(group, []):
            data = {**(span._.gongwen or {}), "doc_id": doc_id, "text": span.text,
                    "char_start": span.start_char, "char_end": span.end_char}
            rows.append({column: data.get(column) for column in schemas.TABLES[table].COLUMNS})
        out[table] = rows
    return out


def _load(out: Path) -> dict[str, Any]:
    import pandas as pd

    import schemas

    names = ("documents", "bodies", *(table for table, _ in GROUPS.values()))
    # the contract's columns only: the typed DATE columns beside the text ones are derived at write time
    return {name: pd.read_parquet(out / f"{name}.parquet", columns=list(schemas.TABLES[name].COLUMNS))
            for name in names if (out / f"{name}.parquet").is_file()}


def to_spacy(out: str | Path, nlp: Language | None = None) -> Iterator[Doc]:
    """One ``Doc`` per circular of an output folder, in the order of its documents table.

    Args:
        out: a folder written by ``gongwen run``.
        nlp: the pipeline that tokenises (and annotates) the texts; default :func:`blank_nlp`.
    """
    out = Path(out)
    nlp = nlp or blank_nlp()
    frames = _load(out)
    if "documents" not in frames:
        raise FileNotFoundError(f"{out} is not a gongwen output folder: no documents.parquet")
    bodies = {row["body_id"]: row for row in _records(frames["bodies"])} if "bodies" in frames else {}
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for table, _ in GROUPS.values():
        if table in frames:
            for row in _records(frames[table]):
                by_doc.setdefault(row["doc_id"], {}).setdefault(table, []).append(row)
    for document in _records(frames["documents"]):
        text = (out / "text" / f"{document['doc_id']}.txt").read_text(encoding="utf-8")
        yield rows_to_doc(nlp, text, document, by_doc.get(document["doc_id"], {}), bodies)


def write_docbin(docs: Iterable[Doc], path: str | Path) -> int:
    """Save ``docs`` as a ``DocBin`` (with their span groups and ``user_data``); the number written."""
    docbin = DocBin(store_user_data=True)
    n = 0
    for doc in docs:
        docbin.add(doc)
        n += 1
    docbin.to_disk(path)
    return n


def doc_to_jsonl(doc: Doc) -> dict[str, Any]:
    """A ``Doc`` as one line for annotation tools (Prodigy, Doccano, Label Studio import it).

    ``{"text", "spans": [{"start", "end", "label"}…], "meta": {"doc_id", "source_path"}}``; spans
    of every group, sorted by offset (a task's departments lie inside it).
    """
    document = doc.user_data.get(DOC_KEY) or {}
    spans = sorted(
        ({"start": s.start_char, "end": s.end_char, "label": s.label_} for group in GROUPS for s in doc.spans.get(group, [])),
        key=lambda s: (s["start"], -s["end"], s["label"]),
    )
    return {"text": doc.text, "spans": spans,
            "meta": {"doc_id": document.get("doc_id"), "source_path": document.get("source_path")}}


def write_jsonl(docs: Iterable[Doc], path: str | Path) -> int:
    """One :func:`doc_to_jsonl` line per ``Doc``; the number written."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc_to_jsonl(doc), ensure_ascii=False) + "\n")
            n += 1
    return n
