""":mod:`pipeline.report.pages`: The HTML of the site: the index with its charts, and one page per document.

Every value that comes from a document goes through :func:`html.escape`; file
names and anchors are built from ids (:mod:`pipeline.report.values`), never from
input names. Pages link a stylesheet in ``assets/`` and nothing outside the site.
"""

from __future__ import annotations

from html import escape
from pathlib import PurePosixPath

import pandas as pd

import schemas
from pipeline.report import charts, data, spans
from pipeline.report.stale import SLOT_END, SLOT_START
from pipeline.report.values import (
    KIND_ZH,
    ROLE_ZH,
    date_label,
    date_tip,
    department_tip,
    doc_page,
    quota_label,
    quota_tip,
    task_anchor,
    task_tip,
    text_or,
)

CSS_PATH = "assets/report.css"
ENTITY_KINDS = ("lead", "support", "responsible", "quota", "date")
#: Legend entries: kind, label.
LEGEND = (("task", "任务"), ("lead", "牵头部门"), ("support", "配合部门"), ("responsible", "责任部门"),
          ("quota", "指标"), ("date", "时间"), ("issue", "问题"))
#: Anchor prefixes of the rows of a document, by table.
KEY_PREFIX = {"departments": "dep", "quotas": "q", "dates": "date", "issues": "issue"}
ORDER = {"departments": ["char_start", "char_end", "role", "name"], "quotas": ["char_start", "char_end"],
         "dates": ["char_start", "char_end"], "issues": ["char_start", "code"]}


def page(title: str, body: str, *, root: str = "", footer: str = "") -> str:
    """A whole HTML page; ``root`` leads from the page back to the site root (``../`` for a document page)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{root}{CSS_PATH}">\n</head>\n<body>\n{SLOT_START}{SLOT_END}\n{body}\n'
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    )


def footer_of(manifest: dict) -> str:
    """Who made the site, from the run's manifest.

    >>> footer_of({"gongwen_version": "0.1.0", "extractors": ["tasks.v1", "dates.v1"]})
    'gongwen 0.1.0 生成 · 抽取器 tasks.v1、dates.v1 · 离线可用，不引用任何网络资源'
    """
    version = escape(str(manifest.get("gongwen_version") or "")).strip()
    parts = [f"gongwen {version} 生成" if version else "gongwen 生成"]
    if manifest.get("extractors"):
        parts.append("抽取器 " + "、".join(escape(str(e)) for e in manifest["extractors"]))
    parts.append("离线可用，不引用任何网络资源")
    return " · ".join(parts)


def with_keys(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """One document's rows of ``table`` in text order, with their anchor in a ``key`` column (``q-1``, ``q-2`` …).

    >>> with_keys(pd.DataFrame({"char_start": [9, 2], "char_end": [12, 5]}), "quotas")["key"].tolist()
    ['q-1', 'q-2']
    """
    frame = frame.sort_values(ORDER[table], kind="stable", na_position="first").reset_index(drop=True)
    return frame.assign(key=[f"{KEY_PREFIX[table]}-{i}" for i in range(1, len(frame) + 1)])


def doc_rows(tables: dict[str, pd.DataFrame], doc_id: str) -> dict[str, pd.DataFrame]:
    """The rows of one document: tasks by ``seq``, the others with :func:`with_keys`."""
    rows = {"tasks": tables["tasks"][tables["tasks"]["doc_id"] == doc_id].sort_values("seq").reset_index(drop=True)}
    for table in KEY_PREFIX:
        rows[table] = with_keys(tables[table][tables[table]["doc_id"] == doc_id], table)
    return rows


def spans_of(rows: dict[str, pd.DataFrame]) -> list[spans.Span]:
    """Every highlight of a document, with its hover text."""
    out = [spans.Span(int(r.char_start), int(r.char_end), "task", task_anchor(r.task_id), task_tip(r))
           for r in rows["tasks"].itertuples(index=False)]
    out += [spans.Span(int(r.char_start), int(r.char_end), r.role, r.key, department_tip(r))
            for r in rows["departments"].itertuples(index=False)]
    out += [spans.Span(int(r.char_start), int(r.char_end), "quota", r.key, quota_tip(r))
            for r in rows["quotas"].itertuples(index=False)]
    out += [spans.Span(int(r.char_start), int(r.char_end), "date", r.key, date_tip(r))
            for r in rows["dates"].itertuples(index=False)]
    out += [spans.Span(int(r.char_start), int(r.char_end), "issue", r.key, f"{r.code} · {r.message}")
            for r in rows["issues"].itertuples(index=False) if text_or(r.char_start) and text_or(r.char_end)]
    return out


def open_tag(span: spans.Span, first: bool, numbers: dict[str, str]) -> str:
    """The opening tag of a highlight; the first fragment carries the id, a task's its number tag.

    >>> open_tag(spans.Span(0, 4, "lead", "dep-1", "牵头 lead · 市财政局"), True, {})
    '<mark class="hl ent k-lead" id="dep-1" data-tip="牵头 lead · 市财政局">'
    """
    entity = " ent" if span.kind in ENTITY_KINDS else ""
    cont = "" if first else " cont"
    anchor = f' id="{escape(span.key)}"' if first else ""
    tag = f'<mark class="hl{entity} k-{escape(span.kind)}{cont}"{anchor} data-tip="{escape(span.tip)}">'
    if span.kind == "task" and first:
        tag += (f'<a class="tag" href="#row-{escape(span.key)}" data-n="{escape(numbers.get(span.key, ""))}" '
                f'data-tip="{escape(span.tip)}" aria-label="{escape(span.tip)}"></a>')
    return tag


def tag_number(task) -> str:
    """What a task's tag in the text shows: its number as printed, or its position for dash bullets (``——``).

    >>> tag_number({"number": "3", "seq": 5}), tag_number({"number": "—", "seq": 2})
    ('3', '2')
    """
    get = task.get if isinstance(task, dict) else lambda name: getattr(task, name)
    number = text_or(get("number")).strip()
    return number if number.strip("—-–") else text_or(get("seq"))


def render_text(text: str, highlights: list[spans.Span], numbers: dict[str, str] | None = None) -> str:
    """``text`` escaped, with every highlight as a ``<mark>``, correctly nested.

    >>> render_text("年底前由市财政局负责", [spans.Span(4, 8, "responsible", "dep-1", "责任 responsible · 市财政局")])
    '年底前由<mark class="hl ent k-responsible" id="dep-1" data-tip="责任 responsible · 市财政局">市财政局</mark>负责'
    """
    numbers = numbers or {}
    out = []
    for event in spans.events(spans.pieces(highlights, len(text))):
        if isinstance(event, spans.Text):
            out.append(escape(text[event.start:event.end]))
        elif isinstance(event, spans.Open):
            out.append(open_tag(event.span, event.first, numbers))
        else:
            out.append("</mark>")
    return "".join(out)


def _chip(kind: str, href: str, label: str, tip: str = "") -> str:
    tip_attr = f' title="{escape(tip)}"' if tip else ""
    return f'<a class="chip hl k-{kind}" href="#{escape(href)}"{tip_attr}>{escape(label)}</a>'


def _cell(label: str, chips: list[str]) -> str:
    return f'<td data-label="{escape(label)}">' + "".join(chips) + "</td>"


def _date_chip(row) -> str:
    """A deadline by its end date, anything else by its range (``2026-06-30``, ``2026-04-11 – 2026-06-30``)."""
    return text_or(row.date_end, "?") if row.kind == "deadline" else date_label(row)


def _table(headers: list[str], rows: list[str], css: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return (f'<div class="table-wrap"><table class="data {css}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def task_rows_html(rows: dict[str, pd.DataFrame]) -> str:
    """The side table: one row per task with its number, title, departments by role, dates and quotas."""
    roles = [r for r in ROLE_ZH if (rows["departments"]["role"] == r).any()] or ["lead", "support"]
    by_task = {name: dict(tuple(frame.groupby("task_id"))) for name, frame in rows.items()
               if name in ("departments", "quotas", "dates")}
    body = []
    for task in rows["tasks"].itertuples(index=False):
        anchor = task_anchor(task.task_id)
        cells = [(f'<td class="nowrap" data-label="序号"><a href="#{anchor}" title="{escape(task_tip(task))}">'
                  f"{escape(text_or(task.number, '?'))}</a></td>"),
                 f'<td class="title" data-label="任务">{escape(text_or(task.title))}</td>']
        deps = by_task["departments"].get(task.task_id)
        for role in roles:
            chosen = [] if deps is None else list(deps[deps["role"] == role].itertuples(index=False))
            cells.append(_cell(f"{ROLE_ZH[role]}部门", [_chip(role, d.key, d.name, department_tip(d)) for d in chosen]))
        dates = by_task["dates"].get(task.task_id)
        cells.append(_cell("时间", [_chip("date", d.key, _date_chip(d), date_tip(d))
                                    for d in ([] if dates is None else dates.itertuples(index=False))]))
        quotas = by_task["quotas"].get(task.task_id)
        cells.append(_cell("指标", [_chip("quota", q.key, quota_label(q), quota_tip(q))
                                    for q in ([] if quotas is None else quotas.itertuples(index=False))]))
        body.append(f'<tr id="row-{anchor}">{"".join(cells)}</tr>')
    headers = ["序号", "任务", *(f"{ROLE_ZH[r]}部门" for r in roles), "时间", "指标"]
    return _table(headers, body, "tasks")


def entity_tables_html(rows: dict[str, pd.DataFrame]) -> str:
    """Departments, quotas, dates and issues of a document, each row linking to its place in the text."""
    sections = []

    def link(key: str) -> str:
        return f'<td class="nowrap"><a href="#{escape(key)}">#{escape(key.rsplit("-", 1)[1])}</a></td>'

    def cell(value) -> str:
        return f"<td>{escape(text_or(value))}</td>"

    dep = [f"<tr>{link(r.key)}{cell(r.name)}{cell(r.canonical)}{cell(ROLE_ZH.get(r.role, r.role))}"
           f'<td><a href="#{task_anchor(r.task_id)}">{escape(_task_number(rows, r.task_id))}</a></td></tr>'
           for r in rows["departments"].itertuples(index=False)]
    quo = [f"<tr>{link(r.key)}{cell(r.text)}{cell(quota_label(r))}{cell(r.qualifier)}{cell(r.subject)}"
           f'<td><a href="#{task_anchor(r.task_id)}">{escape(_task_number(rows, r.task_id))}</a></td></tr>'
           for r in rows["quotas"].itertuples(index=False)]
    dat = [f"<tr>{link(r.key)}{cell(r.text)}{cell(KIND_ZH.get(r.kind, r.kind))}{cell(r.date_start)}{cell(r.date_end)}"
           f'<td><a href="#{task_anchor(r.task_id)}">{escape(_task_number(rows, r.task_id))}</a></td></tr>'
           for r in rows["dates"].itertuples(index=False)]
    iss = [f'<tr>{link(r.key) if text_or(r.char_start) else "<td></td>"}<td class="code">{escape(r.code)}</td>'
           f"{cell(r.message)}</tr>" for r in rows["issues"].itertuples(index=False)]
    for title, headers, body, css in (("部门", ["#", "名称", "规范名", "角色", "任务"], dep, "departments"),
                                      ("指标", ["#", "原文", "值", "限定", "对象", "任务"], quo, "quotas"),
                                      ("时间", ["#", "原文", "类型", "开始", "结束", "任务"], dat, "dates"),
                                      ("问题", ["#", "代码", "说明"], iss, "issues")):
        if body:
            sections.append(f"<details><summary>{title}（{len(body)}）</summary>{_table(headers, body, css)}</details>")
    return "".join(sections)


def _task_number(rows: dict[str, pd.DataFrame], task_id: str) -> str:
    hit = rows["tasks"][rows["tasks"]["task_id"] == task_id]
    return text_or(hit["number"].iloc[0], "?") if len(hit) else "?"


def legend_html(counts: dict[str, int]) -> str:
    """Colour swatches of every kind of highlight, with how many the page has.

    >>> "牵头部门 3" in legend_html({"lead": 3})
    True
    """
    items = [f'<span class="hl {"ent " if kind in ENTITY_KINDS else ""}k-{kind}{"" if counts.get(kind) else " none"}">'
             f"{label} {counts.get(kind, 0)}</span>" for kind, label in LEGEND if kind != "issue" or counts.get("issue")]
    return '<div class="legend"><span class="muted">图例</span>' + "".join(items) + "</div>"


def _meta(pairs: list[tuple[str, str]]) -> str:
    return '<dl class="meta">' + "".join(
        f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in pairs if v) + "</dl>"


def document_page(doc, text: str | None, tables: dict[str, pd.DataFrame], manifest: dict) -> str:
    """The page of one document: header, legend, highlighted text and the side tables."""
    rows = doc_rows(tables, doc.doc_id)
    highlights = spans_of(rows)
    title = text_or(doc.title) or PurePosixPath(text_or(doc.source_path)).name
    counts: dict[str, int] = {"task": len(rows["tasks"]), "quota": len(rows["quotas"]), "date": len(rows["dates"]),
                              "issue": len(rows["issues"])}
    counts.update(rows["departments"]["role"].value_counts().to_dict())
    banner = ""
    if text is None:
        banner = '<p class="banner">找不到这份文件的规范化文本（text/…txt），无法标注原文。</p>'
        text_html = ""
    else:
        stale = sum(text[int(r.char_start):int(r.char_end)] != r.text
                    for name in rows if name in schemas.SPAN_TABLES for r in rows[name].itertuples(index=False))
        if stale:
            banner = f'<p class="banner">{stale} 处标注与保存的文本不一致：输出目录可能已被改动。</p>'
        numbers = {task_anchor(t.task_id): tag_number(t) for t in rows["tasks"].itertuples(index=False)}
        text_html = f'<div class="text" id="text">{render_text(text, highlights, numbers)}</div>'
    header = (
        f'<header class="top"><div class="crumbs"><a href="../index.html">全部文件</a> / '
        f"{escape(text_or(doc.doc_id))}</div><h1>{escape(title)}</h1>"
        + _meta([("发文机关", text_or(doc.issuer)), ("文号", text_or(doc.doc_number)),
                 ("成文日期", text_or(doc.issue_date)), ("年份", text_or(doc.year)),
                 ("来源", PurePosixPath(text_or(doc.source_path)).name), ("格式", text_or(doc.format)),
                 ("任务", str(len(rows["tasks"]))), ("字数", text_or(doc.n_chars))])
        + "</header>"
    )
    side = (f'<aside class="side"><h2>任务（{len(rows["tasks"])}）</h2>{task_rows_html(rows)}'
            f"{entity_tables_html(rows)}</aside>")
    body = (f"{header}<main>{banner}{legend_html(counts)}"
            f'<div class="doc-layout">{text_html or "<div></div>"}{side}</div></main>')
    return page(f"{title} · gongwen", body, root="../", footer=footer_of(manifest))


def _stat(value: int, label: str) -> str:
    return f'<div class="stat"><b>{value}</b><span>{escape(label)}</span></div>'


def index_page(report: data.ReportData) -> str:
    """The front page: totals, four charts, the documents and the failures."""
    t = report.tables
    docs = t["documents"].sort_values(["source_path", "doc_id"], kind="stable")
    stats = "".join([_stat(len(docs), "文件"), _stat(len(t["tasks"]), "任务"), _stat(len(t["departments"]), "部门分工"),
                     _stat(len(t["quotas"]), "指标"), _stat(len(t["dates"]), "时间"),
                     _stat(len(t["failures"]), "失败")])
    months = data.deadline_months(t["dates"])
    undated = int(((t["dates"]["kind"] == "deadline") & t["dates"]["date_end"].isna()).sum())
    matrix, issuers, years = data.issuer_year_counts(docs)
    cards = [
        ("各牵头部门的任务数", charts.bar_chart(data.lead_task_counts(t["departments"]), title="各牵头部门的任务数",
                                        color="#d9465f", unit="项任务", muted="其他"), "按规范名合并；同一任务只计一次。"),
        ("截止时间（按月）", charts.month_timeline(months, title="各月截止的时间表述", unit="处截止"),
         f"按截止日期所在月份；{undated} 处截止时间无法确定日期。" if undated else "按截止日期所在月份。"),
        ("指标单位", charts.bar_chart(data.unit_counts(t["quotas"]), title="各单位的指标数", color="#15803d",
                                  unit="个指标", muted="其他"), "指标按原文单位计数。"),
        ("发文机关与年份", charts.matrix_chart(matrix, rows=issuers, columns=years, title="各发文机关各年份的文件数"),
         "年份为工作要点所指年份。"),
    ]
    cards_html = "".join(f'<section class="card"><h3>{escape(h)}</h3>{svg}<p class="note">{escape(n)}</p></section>'
                         for h, svg, n in cards)
    per_doc = {name: t[name].groupby("doc_id").size().to_dict() for name in ("departments", "quotas", "dates", "issues")}
    doc_rows_html = []
    for d in docs.itertuples(index=False):
        title = text_or(d.title) or PurePosixPath(text_or(d.source_path)).name
        counts = "".join(f'<td class="num">{per_doc[n].get(d.doc_id, 0)}</td>' for n in ("departments", "quotas", "dates"))
        doc_rows_html.append(
            f'<tr><td class="title"><a href="{doc_page(d.doc_id)}">{escape(title)}</a></td>'
            f"<td>{escape(text_or(d.issuer))}</td><td class=\"nowrap\">{escape(text_or(d.doc_number))}</td>"
            f'<td class="num">{escape(text_or(d.year))}</td><td class="num">{text_or(d.n_tasks, "0")}</td>{counts}'
            f'<td class="num">{per_doc["issues"].get(d.doc_id, 0)}</td>'
            f'<td class="muted">{escape(PurePosixPath(text_or(d.source_path)).name)}</td></tr>')
    docs_html = _table(["标题", "发文机关", "文号", "年份", "任务", "部门", "指标", "时间", "问题", "来源文件"],
                       doc_rows_html, "documents")
    failures = t["failures"].sort_values("source_path", kind="stable")
    failures_html = ""
    if len(failures):
        failure_rows = [f'<tr><td>{escape(text_or(f.source_path))}</td><td class="code">{escape(text_or(f.code))}</td>'
                        f"<td>{escape(text_or(f.reason))}</td></tr>" for f in failures.itertuples(index=False)]
        failures_html = (f'<h2 id="failures">未能处理的文件（{len(failures)}）</h2>'
                         + _table(["文件", "代码", "原因"], failure_rows, "failures"))
    header = ('<header class="top"><div class="crumbs">gongwen 报告</div><h1>公文任务分工一览</h1>'
              f'<p class="muted" style="margin:0">{len(docs)} 份文件的任务、牵头与配合部门、指标和时间。'
              "点击文件标题查看原文标注。</p></header>")
    body = (f"{header}<main><div class=\"stats\">{stats}</div><h2>概览</h2><div class=\"cards\">{cards_html}</div>"
            f'<h2 id="documents">文件（{len(docs)}）</h2>{docs_html}{failures_html}</main>')
    return page("gongwen 报告 · 公文任务分工一览", body, footer=footer_of(report.manifest))
