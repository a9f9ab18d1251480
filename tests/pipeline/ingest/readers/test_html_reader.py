"""HTML reader: the article of a government web page, without the site around it (issue #3).

The pages are built here from the pieces government sites are made of (TRS
WCM, gov.cn, old table layouts, HTML5, ASP.NET, Word's "save as web page");
their chrome lines are those of the pages saved in
``shared/real/gov-reports-2026`` (上海, 四川, 云南 …) and of ``corpus/dev/dev06``.
"""

from __future__ import annotations

import codecs
import io
import socket

import pytest

from pipeline.errors import EmptyInput
from pipeline.ingest.readers import read_path
from pipeline.ingest.readers.html import (
    Line,
    clean_lines,
    content_element,
    declared_charset,
    decode_html,
    read_html,
    render,
    table_grid,
)
from pipeline.ingest.tables import text_to_table_rows
from tests import ROOT

TITLE = "云溪区人民政府办公室关于印发云溪区2021年生态环境保护工作要点的通知"
NOTICE = [
    "云政办发〔2021〕9号",
    "各街道办事处，区政府各部门、各直属单位：",
    "《云溪区2021年生态环境保护工作要点》已经区政府同意，现印发给你们，请结合实际，认真组织实施。",
    "云溪区人民政府办公室",
    "2021年2月26日",
]
PLAN = [
    "云溪区2021年生态环境保护工作要点",
    "一、持续深入打好蓝天保卫战",
    "（一）强化大气污染综合治理。全区PM2.5平均浓度控制在35微克/立方米以内。（区生态环境局牵头，区发展改革委配合）",
    "（二）深化扬尘污染防治。每月通报各街道扬尘管控情况。（责任单位：各街道办事处、区城管执法局）",
    "二、保障措施",
    "（一）加强组织领导。各街道、各部门要切实履行生态环境保护“一岗双责”。",
]
BODY = NOTICE + PLAN

# ------------------------------------------------------------------ page pieces


def head(charset: str = "utf-8", title: str = f"{TITLE}_通知公告_云溪区人民政府") -> str:
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{title}</title><link rel='stylesheet' href='/css/style.css'><style>.nav{{color:red}}</style>"
        "<script>var _hmt = _hmt || []; document.write('统计代码');</script></head><body>"
    )


def paragraphs(lines: list[str]) -> str:
    # first-line indents as the sites have them, and a source line break inside a sentence
    broken = [line.replace("认真组织", "认真组织\n    ") for line in lines]
    return "".join(f"<p>\u3000\u3000{line}</p>" for line in broken)


TOP = (
    '<div class="top"><img src="logo.png" alt="云溪区人民政府"><form action="/search"><input name="q" '
    'value="请输入关键字"><button>搜索</button></form></div>'
    '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>'
    '<li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>'
)
CRUMB = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>通知公告</a></div>'
LEFT = '<div class="left"><h3>政务公开</h3><ul><li><a>政府文件</a></li><li><a>通知公告</a></li><li><a>人事信息</a></li></ul></div>'
INFO = (
    '<div class="info">发布时间：2021-03-02 09:30\u3000来源：区政府办公室\u3000浏览次数：<span>1268</span> '
    '【字体：<a href="javascript:doZoom(16)">大</a> <a>中</a> <a>小</a>】 '
    '<a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>'
)
SHARE = '<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>'
RELATED = (
    '<div class="xglj"><h4>相关链接</h4><ul><li><a href="x">云溪区2021年春季植树造林工作方案</a></li>'
    '<li><a href="y">关于做好2021年度区级环保专项资金申报工作的通知</a></li></ul></div>'
)
PREV_NEXT = (
    '<div class="article-bottom"><p>上一篇：<a>云溪区2021年春季植树造林工作方案</a></p>'
    "<p>下一篇：<a>关于做好2021年度区级环保专项资金申报工作的通知</a></p>"
    "<p>【打印本页】\u3000\u3000【关闭窗口】</p></div>"
)
FOOTER = (
    '<div class="footer"><p><a>关于我们</a> | <a>联系我们</a> | <a>网站地图</a></p>'
    "<p>主办单位：云溪区人民政府办公室\u3000\u3000承办单位：云溪区大数据发展管理中心</p>"
    "<p>网站标识码：3301100001\u3000\u3000<a>浙ICP备05012345号-1</a>\u3000浙公网安备 33011002000001号</p>"
    "<p>地址：云溪区政务路1号\u3000\u3000邮编：311100</p></div><script src='/js/jquery.js'></script></body></html>"
)


def trs_page() -> str:
    """TRS WCM: the body in div.TRS_Editor, the headline and chrome around it."""
    return (
        head("gb2312") + TOP + CRUMB + '<div class="main">' + LEFT + '<div class="article">'
        f'<h1 class="title">{TITLE}</h1>' + INFO + SHARE
        + '<div id="zoom" class="TRS_Editor"><div class="TRS_PreAppend">' + paragraphs(BODY)
        + '<div style="display:none">隐藏的统计文字</div></div></div>'
        + RELATED + PREV_NEXT + "</div></div>" + FOOTER
    )  # fmt: skip


def gov_cn_page() -> str:
    """gov.cn: div.pages_content, related links as bare paragraphs inside it, editor and share lines after."""
    return (
        head() + TOP + '<div class="article oneColumn pub_border">' + f"<h1>\n  {TITLE}\n</h1>"
        + '<div class="pages-date">2021-03-02 09:30\u3000来源：区政府办公室<span class="font">字号：<a>默认</a> <a>大</a> <a>超大</a></span></div>'
        + '<div class="pages_content" id="UCAP-CONTENT">' + paragraphs(BODY)
        + "<p>相关链接：</p><p><a>云溪区2021年春季植树造林工作方案</a></p><p><a>关于做好专项资金申报工作的通知</a></p></div>"
        + '<div class="editor">责任编辑：王小五</div>' + SHARE + "</div>" + FOOTER
    )  # fmt: skip


def layout_table_page() -> str:
    """An old site laid out in nested tables: no class names, the body as <br> lines in one cell."""
    lines = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{line}" for line in BODY)
    return (
        head("gbk") + '<table width="1000" align="center"><tr><td><img src="logo.gif">'
        "<a>首页</a> | <a>政务公开</a> | <a>办事服务</a></td></tr>"
        '<tr><td><table width="100%"><tr><td width="200" valign="top"><a>通知公告</a><br><a>政策文件</a><br><a>人事信息</a></td>'
        '<td valign="top"><table width="100%"><tr><td>您现在的位置：<a>首页</a> &gt;&gt; <a>通知公告</a></td></tr>'
        f'<tr><td align="center"><font size="4" color="#cc0000"><b>{TITLE}</b></font></td></tr>'
        '<tr><td align="center">发布日期：2021-03-02\u3000点击数：1268</td></tr>'
        f'<tr><td style="line-height:200%">{lines}</td></tr>'
        '<tr><td align="right"><a href="javascript:window.print()">【打印本页】</a> <a>【关闭窗口】</a></td></tr>'
        "</table></td></tr></table></td></tr>"
        '<tr><td align="center">版权所有：云溪区人民政府办公室\u3000技术支持：云溪区大数据发展管理中心<br>浙ICP备05012345号-1</td></tr>'
        "</table></body></html>"
    )  # fmt: skip


def html5_page() -> str:
    """HTML5 elements: header (with the site name as <h1>), nav, main/article, aside, footer."""
    return (
        head(title="云溪区人民政府门户网站") + '<header><h1 class="logo">云溪区人民政府门户网站</h1><nav><a>首页</a><a>政务公开</a></nav></header>'
        + f'<main><article><h1>{TITLE}</h1><p class="meta">发布时间：2021-03-02\u3000来源：区政府办公室</p>'
        + paragraphs(BODY) + "</article><aside><h2>热点信息</h2><ul><li><a>关于春季植树的通知</a></li></ul></aside></main>"
        + "<footer><p>版权所有 © 云溪区人民政府</p></footer></body></html>"
    )  # fmt: skip


def aspnet_page() -> str:
    """ASP.NET WebForms: one <form> around the whole page, ids only, related links as bare paragraphs."""
    return (
        head() + '<form id="form1" method="post" action="./show.aspx"><input type="hidden" name="__VIEWSTATE" value="dDwtMTA4">'
        '<div id="header"><a>首页</a> <a>政务公开</a></div><div id="main"><div id="left"><a>通知公告</a><br><a>政策文件</a></div>'
        f'<div id="right"><div class="title">{TITLE}</div><div class="date">发布日期：2021-03-02</div>'
        '<div id="text">' + paragraphs(BODY)
        + "<p>相关阅读：</p><p><a>云溪区2021年春季植树造林工作方案</a></p><p><a>关于做好专项资金申报工作的通知</a></p></div></div></div>"
        + '<div id="bottom">版权所有：云溪区人民政府\u3000浙ICP备05012345号-1</div></form></body></html>'
    )  # fmt: skip


def notice_and_plan_page() -> str:
    """An 印发 notice and the plan it issues in two sibling blocks, no class names: both are the article."""
    return (
        head("gb18030") + TOP + f'<div><div style="text-align:center"><h2>{TITLE}</h2></div><div>' + paragraphs(NOTICE)
        + "</div><div>" + paragraphs(PLAN) + "</div></div>" + FOOTER
    )  # fmt: skip


PAGES = [
    (trs_page, "gb18030"),              # TRS_Editor inside div.article; breadcrumbs, info line, share bar, related links, 上一篇, footer
    (gov_cn_page, "utf-8"),             # pages_content; 相关链接 as bare <p>s inside the container; 责任编辑 and share after it
    (layout_table_page, "gb18030"),     # nested layout tables, no class names, <br> lines, headline in <font><b> found through <title>
    (html5_page, "utf-8"),              # <nav>/<aside>/<footer> dropped; the header's site-name <h1> is not taken as the headline
    (aspnet_page, "utf-8"),             # a <form> around everything must not be dropped as a form; <div class="title"> headline
    (notice_and_plan_page, "gb18030"),  # the notice and the plan in sibling <div>s: both kept, <h2> headline first
]  # fmt: skip


@pytest.mark.parametrize("page,encoding", PAGES, ids=[p.__name__ for p, _ in PAGES])
def test_html_article_only(tmp_path, page, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(page().encode("gb18030" if encoding == "gb18030" else "utf-8"))
    source = read_path(path)
    assert source.text.split("\n") == [TITLE, *BODY]
    assert source.encoding == encoding and source.warnings == ()


def test_html_blocks_are_lines(tmp_path):
    source = read_html("page.html", trs_page().encode("gb18030"))
    assert [source.text[a:b] for a, b, _, _ in source.blocks] == [TITLE, *BODY]
    assert all(page is None and box is None for _, _, page, box in source.blocks)


def test_html_headline_not_repeated_when_the_body_starts_with_it():
    page = head() + f'<h1>{TITLE}</h1><div class="TRS_Editor"><p>{TITLE}</p>' + paragraphs(BODY) + "</div></body></html>"
    assert read_html("p.html", page.encode()).text.split("\n") == [TITLE, *BODY]


def test_html_word_page_named_doc(tmp_path):
    """Word's "save as web page" under a .doc name is read as HTML, tables and all."""
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="gb2312"><style>p.MsoNormal{}</style></head>'
        '<body lang="ZH-CN"><div class="WordSection1"><p class="MsoNormal"><span lang="EN-US">一、</span>'
        '<span style="font-family:黑体">工作任务</span><o:p></o:p></p>'
        '<table class="MsoTableGrid" border="1"><tr><td><p class="MsoNormal">序号</p></td><td><p>重点工作</p></td>'
        "<td><p>牵头单位</p></td></tr><tr><td>1</td><td>新建水质自动监测站4个</td><td rowspan=2>区生态环境局</td></tr>"
        "<tr><td>2</td><td>新建污水管网15公里</td></tr></table></div></body></html>"
    )
    path = tmp_path / "通知.doc"
    path.write_bytes(page.encode("gb18030"))
    source = read_path(path)
    assert source.format == "html"
    assert [code for code, _ in source.warnings] == ["W_FORMAT_MISMATCH"]
    assert source.text == (
        "一、工作任务\n\n\t序号\n\t重点工作\n\t牵头单位\n\n\t1\n\t新建水质自动监测站4个\n\t区生态环境局\n\n"
        "\t2\n\t新建污水管网15公里\n\t区生态环境局"
    )


def test_html_dev06_as_a_web_page_gives_the_rows_of_its_text(tmp_path):
    """corpus/dev/dev06 is a web page's text; served as a TRS page with its chrome, it gives the same rows."""

    from pipeline.run.batch import run

    txt = ROOT / "corpus" / "dev" / "dev06_yunxi_shengtai_web_2021.txt"
    lines = txt.read_text(encoding="utf-8").split("\n")
    start = [i for i, line in enumerate(lines) if line.startswith("云溪区人民政府办公室关于印发")][1]  # after the chrome
    end = next(i for i, line in enumerate(lines) if "【打印本页】" in line)
    body = "".join(f"<p>{line}</p>" for line in lines[start + 1 : end])
    page = (
        head("gb2312", f"{lines[start]}_通知公告_云溪区人民政府") + TOP + CRUMB + f'<div class="article"><h1>{lines[start]}</h1>'
        + INFO + SHARE + f'<div class="TRS_Editor">{body}</div>' + PREV_NEXT + "</div>" + FOOTER
    )  # fmt: skip
    path = tmp_path / "dev06.html"
    path.write_bytes(page.encode("gb18030"))
    as_txt, as_html = (run([p]).documents[0].tables for p in (txt, path))

    def rows(tables, name, fields):
        return [tuple(getattr(row, f) for f in fields) for row in tables[name]]

    fields = ("title", "issuer", "doc_number", "issue_date", "year", "n_tasks")
    assert rows(as_html, "documents", fields) == rows(as_txt, "documents", fields)
    assert rows(as_html, "tasks", ("number", "section", "title", "text")) == rows(as_txt, "tasks", ("number", "section", "title", "text"))
    assert rows(as_html, "departments", ("name", "role")) == rows(as_txt, "departments", ("name", "role"))
    assert len(as_html["tasks"]) == 13


# ------------------------------------------------------------------ tables


def _docx_bytes(rows: list[list[str]], merges=()) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("重点工作安排")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for (r1, c1), (r2, c2) in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    document.add_paragraph("二、保障措施")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# fmt: off
TABLES = [
    # plain grid: one tab-led line per cell, rows split by blank lines
    ([["序号", "重点工作", "牵头单位"], ["1", "开展调研", "监督司"]], (),
     "<tr><td>序号</td><td>重点工作</td><td>牵头单位</td></tr><tr><td>1</td><td>开展调研</td><td>监督司</td></tr>"),
    # a lead department merged down two rows is read in each row; a cell across two columns is read once, then an empty cell
    ([["序号", "重点工作", "牵头单位"], ["1", "新建监测站", "区生态环境局"], ["2", "管网改造", ""], ["备注", "", "年底前完成"]],
     (((1, 2), (2, 2)), ((3, 0), (3, 1))),
     ("<tr><th>序号</th><th>重点工作</th><th>牵头单位</th></tr><tr><td>1</td><td>新建监测站</td><td rowspan='2'>区生态环境局</td></tr>"
      "<tr><td>2</td><td>管网改造</td></tr><tr><td colspan='2'>备注</td><td>年底前完成</td></tr>")),
]
# fmt: on


@pytest.mark.parametrize("rows,merges,html_rows", TABLES)
def test_html_table_cells_as_the_docx_reader_gives_them(rows, merges, html_rows):
    from pipeline.ingest.readers.docx import read_docx

    page = f"<html><body><p>重点工作安排</p><table border='1'><tbody>{html_rows}</tbody></table><p>二、保障措施</p></body></html>"
    assert read_html("t.html", page.encode()).text == read_docx("t.docx", _docx_bytes(rows, merges)).text.rstrip("\n")


def test_html_task_table_rows_found():
    page = head() + '<div class="TRS_Editor"><p>一、重点任务</p><table>' + TABLES[1][2] + "</table></div></body></html>"
    rows = text_to_table_rows(read_html("t.html", page.encode()).text)
    text = read_html("t.html", page.encode()).text
    assert [[(c.field, text[c.char_start : c.char_end]) for c in row.cells][:2] for row in rows[:2]] == [
        [("number", "1"), ("title", "新建监测站")],
        [("number", "2"), ("title", "管网改造")],
    ]


# fmt: off
LAYOUT = [
    # one cell per row: a box around text, not data
    ("<table><tr><td>一、工作任务</td></tr><tr><td>1.加强组织领导。</td></tr></table>", ["一、工作任务", "1.加强组织领导。"]),
    # a table holding a table lays out the page: its cells are blocks of lines
    (("<table><tr><td>一、工作任务</td><td><table><tr><td>1.加强组织领导。</td><td>2.完善制度。</td></tr></table></td></tr>"
      "<tr><td>x</td><td>y</td></tr></table>"), ["一、工作任务", "1.加强组织领导。", "2.完善制度。", "x", "y"]),
    # a single row of cells (a signature beside a date) is not a table of data either
    ("<table><tr><td>云溪区人民政府办公室</td><td>2021年2月26日</td></tr></table>", ["云溪区人民政府办公室", "2021年2月26日"]),
]
# fmt: on


@pytest.mark.parametrize("html,lines", LAYOUT)
def test_html_layout_tables_are_lines(html, lines):
    import lxml.html

    assert [line.text for line in render(lxml.html.fromstring(f"<div>{html}</div>"))] == lines


def test_html_table_grid_caps_spans():
    import lxml.html

    grid = table_grid(lxml.html.fromstring("<table><tr><td colspan='99999'>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>"))
    assert len(grid[0]) == 65 and grid[1] == ["1", "2"]  # 64 columns (MAX_TABLE_COLUMNS), then b


def test_html_table_span_bomb_stays_small():
    """``colspan=100 rowspan=1000`` cells made a 30 KB page 6 million characters of table in 19 s."""
    cells = "".join("<td colspan=100 rowspan=1000>x</td>" for _ in range(300))
    page = "<table><tr>" + cells + "</tr>" + "<tr><td>a</td><td>b</td></tr>" * 1000 + "</table>"
    source = read_html("p.html", page.encode())
    assert len(source.text) < 64 * 1001 * 3 + 300 * 3


# ------------------------------------------------------------------ encodings

PAGE = "<html><head>{meta}</head><body><p>{0}</p><p>{1}</p></body></html>"
TEXT = "关于朱镕基同志题词的通知\n一、工作任务"  # 镕 is in GBK, not in GB2312
TEXTS = {"big5": "關於朱鎔基同志題詞的通知\n一、工作任務"}  # Big5 holds traditional characters only

# fmt: off
ENCODINGS = [
    ('<meta charset="utf-8">', "utf-8", "utf-8", None),                        # the common case
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',  # GB2312 declared, a GBK character used:
     "gb18030", "gb18030", None),                                            # read as GB18030, as browsers do
    ('<meta charset="GBK">', "gbk", "gb18030", None),                          # GBK is read as its superset GB18030
    ('<meta charset="big5">', "big5", "big5", None),                           # Big5 from Taiwan / Hong Kong pages
    ("", "gb18030", "gb18030", None),                                          # nothing declared: detected
    ('<meta charset="iso-8859-1">', "gb18030", "gb18030", "W_ENCODING_GUESSED"),  # wrong Latin-1 declaration: would be mojibake
    ('<meta charset="gb2312">', "utf-8", "utf-8", "W_ENCODING_GUESSED"),       # template kept its old GB2312 meta, page is UTF-8
    ('<meta charset="utf-8">', "gb18030", "gb18030", "W_ENCODING_GUESSED"),    # UTF-8 declared, GBK bytes
    ('<meta charset="utf-16">', "utf-16", "utf-16", None),                     # UTF-16 with a BOM: the BOM wins
    ("", "utf-16-le", "utf-16", None),                                         # UTF-16 without BOM: told by its NULs
    ('<meta charset="utf-8">', "utf-8-sig", "utf-8-sig", None),                # UTF-8 with BOM
]
# fmt: on


@pytest.mark.parametrize("meta,codec,encoding,warning", ENCODINGS)
def test_html_encodings(meta, codec, encoding, warning):
    text = TEXTS.get(codec, TEXT)
    source = read_html("p.html", PAGE.format(*text.split("\n"), meta=meta).encode(codec))
    assert source.text == text
    assert source.encoding == encoding
    assert [code for code, _ in source.warnings] == ([warning] if warning else [])


# fmt: off
DECLARED = [
    (b'<meta charset="utf-8">', "utf-8"),                                       # HTML5
    (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GB2312'>", "gb18030"),  # HTML4, upper case
    (b'<meta charset="x-gbk">', "gb18030"),                                     # a browser label Python lacks
    (b'<meta charset="utf-16">', "utf-8"),                                      # readable as ASCII, so not UTF-16
    (b'<meta charset="no-such-charset">', None),                                # unknown: ignored
    (b"<p>charset=gbk</p>", None),                                              # not in a <meta>
]
# fmt: on


@pytest.mark.parametrize("head_bytes,codec", DECLARED)
def test_html_declared_charset(head_bytes, codec):
    assert declared_charset(head_bytes) == codec


def test_html_decode_bom_wins_over_declaration():
    text, encoding, _ = decode_html(codecs.BOM_UTF8 + '<meta charset="gb2312"><p>牵头单位</p>'.encode())
    assert (text.lstrip("\ufeff")[-11:], encoding) == ("<p>牵头单位</p>", "utf-8-sig")


# ------------------------------------------------------------------ chrome lines

L = Line  # a line of text; Line(text, n) has n characters of link text


# fmt: off
CLEAN = [
    # 上海's page head (shared/real/gov-reports-2026): tool buttons and a font-size switch split over lines
    ([L("下载", 2), L("打印", 2), L("全屏", 2), L("收藏", 2), L("【字号："), L("加大", 2), L("还原", 2), L("减小", 2), L("】"),
      L("2026年上海市政府工作报告"), L("来源：解放日报")],
     ["2026年上海市政府工作报告"]),
    # 四川's page tail: editor, QR code, related attachments/links headings and their links, print/close
    ([L("一、2025年工作回顾。"), L("责任编辑：李莎莎"), L("扫一扫在手机打开当前页"), L("相关附件>>"), L("相关链接>>"),
      L("四川省第十四届人民代表大会第五次会议关于政府工作报告的决议", 31), L("打印本页", 4), L("关闭窗口", 4)],
     ["一、2025年工作回顾。"]),
    # dev06: the print/close bar, 上一篇/下一篇 and the footer after the signature; the signature stays
    ([L("（二）强化督查考核。"), L("云溪区人民政府办公室"), L("2021年2月26日"), L("【打印本页】\u3000\u3000【关闭窗口】"),
      L("上一篇：云溪区2021年春季植树造林工作方案", 17), L("关闭窗口"), L("主办单位：云溪区人民政府办公室\u3000\u3000承办单位：云溪区大数据发展管理中心"),
      L("网站标识码：3301100001\u3000\u3000浙ICP备05012345号-1"), L("地址：云溪区政务路1号\u3000\u3000邮编：311100")],
     ["（二）强化督查考核。", "云溪区人民政府办公室", "2021年2月26日"]),
    # a menu and a breadcrumb before the first line of text are links only
    ([L("首页 政务公开 办事服务", 10), L("首页 > 政务公开 > 通知公告", 12), L("一、工作任务")], ["一、工作任务"]),
    # links inside the article stay: an attachment, and a link among text
    ([L("一、工作任务"), L("附件：云溪区环保专项资金申报表.docx", 14), L("详见《云溪区生态环境保护规划》。", 12)],
     ["一、工作任务", "附件：云溪区环保专项资金申报表.docx", "详见《云溪区生态环境保护规划》。"]),
    # a footer word inside the article, with text after it, is not a footer
    ([L("主办单位：区生态环境局，承办单位：各街道。"), L("二、活动安排。")],
     ["主办单位：区生态环境局，承办单位：各街道。", "二、活动安排。"]),
    # table lines are never dropped, even at the end
    ([L("一、工作任务"), L("", 0, True), L("\t打印", 0, True), L("", 0, True)], ["一、工作任务", "", "\t打印", ""]),
    # words that are chrome only when alone: a sentence holding them stays
    ([L("打印并关闭各类非法小广告。")], ["打印并关闭各类非法小广告。"]),
]
# fmt: on


@pytest.mark.parametrize("lines,kept", CLEAN)
def test_html_clean_lines(lines, kept):
    assert [line.text for line in clean_lines(lines)] == kept


SENTENCES = "。".join(["加强组织领导，完善工作制度"] * 10)
LEADERS = "".join(f"<p>副区长：{name}，负责发展改革、财政、税务、统计、审计工作。</p>" for name in "张王李赵")

# fmt: off
CONTENT = [
    # a CMS container is the article even when a sidebar holds more prose (a short 放假 notice beside 领导信息)
    (f"<div id='leaders'>{LEADERS}</div><div id='a' class='TRS_Editor'><p>现将清明节放假安排通知如下：4月3日至5日放假调休，共3天。</p></div>", "a"),
    # of two CMS containers, the one with more text (the other is a teaser in a news box)
    (f"<div id='teaser' class='news_content'><p>放假调休共3天。</p></div><div id='b' class='zoom'><p>{SENTENCES}</p></div>", "b"),
    # a CMS container holding nothing but links (an attachment-only page) is not taken
    (f"<div class='TRS_Editor'><a>附件.pdf</a></div><div id='c'><p>{SENTENCES}</p></div>", "c"),
    # no CMS name: the block with the most paragraph text, narrowed to a content-named child that holds most of it
    (f"<div id='wrap'><p>加强领导。</p><div id='d' class='content'><p>{SENTENCES}</p><p>{SENTENCES}</p></div></div>", "d"),
    # no names at all: <br> lines in a table cell beat a menu cell
    (f"<table><tr><td><a>首页</a><br><a>通知公告</a></td><td id='e'>一、工作任务<br>{SENTENCES}<br>二、保障措施</td></tr></table>", "e"),
    # prose beside the densest block widens the choice to their parent: an 印发 notice and its plan
    ((f"<div id='f'><div><p>《工作要点》已经区政府同意，现印发给你们，请认真组织实施。</p></div><div><p>{SENTENCES}</p><p>{SENTENCES}</p></div></div>"
      "<div><a>首页</a></div>"), "f"),
]
# fmt: on


@pytest.mark.parametrize("body,chosen", CONTENT, ids=[chosen for _, chosen in CONTENT])
def test_html_content_element(body, chosen):
    import lxml.html

    root = lxml.html.fromstring(f"<html><body>{body}</body></html>")
    assert content_element(root).get("id") == chosen


# ------------------------------------------------------------------ safety and edges


def test_html_deep_page_still_loses_its_chrome():
    page = (
        "<html><body><div class='nav'><a>首页</a> <a>政务公开</a></div>" + "<div>" * 400
        + "<p>一、工作任务</p><p>1.深层嵌套的任务。</p>" + "</div>" * 400
        + "<p>【打印本页】【关闭窗口】</p><p>主办单位：云溪区人民政府办公室</p><p>浙ICP备05012345号-1</p></body></html>"
    )  # fmt: skip
    source = read_html("deep.html", page.encode())
    assert source.text == "一、工作任务\n1.深层嵌套的任务。"
    assert [code for code, _ in source.warnings] == ["W_HTML_DEEP"]


def test_html_no_network(monkeypatch):
    """External DTDs, entities, images and stylesheets are never fetched."""

    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://127.0.0.1:9/x.dtd">'
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/a.css"></head><body>'
        '<img src="http://127.0.0.1:9/a.png"><p>一、工作任务&nbsp;&amp;&unknown;</p></body></html>'
    )
    assert read_html("p.html", page.encode()).text == "一、工作任务\u00a0&&unknown;"


# fmt: off
EMPTY = [
    "<html><head><title>云溪区人民政府</title></head><body></body></html>",                     # nothing in the body
    "<html><body><script>document.write('一、工作任务')</script><div class='nav'><a>首页</a></div></body></html>",  # only script and menu
    "<html><body><p>【打印本页】【关闭窗口】</p><p>浙ICP备05012345号-1</p></body></html>",          # only chrome
]
# fmt: on


@pytest.mark.parametrize("page", EMPTY)
def test_html_without_article_is_empty(page):
    with pytest.raises(EmptyInput):
        read_html("p.html", page.encode())


# ------------------------------------------------------------------ regressions (issues #11, #13)

SHARED_REAL = ROOT.parent / "shared" / "real"


def test_html_embed_drops_the_rest_of_the_article():
    """libxml2 opens <embed> as a container: everything after it became its content and was dropped with it."""
    page = head() + '<div class="TRS_Editor">' + paragraphs(BODY[:6]) + '<embed src="flash/plan.swf" width="600">'
    page += paragraphs(BODY[6:]) + "</div>" + FOOTER
    assert read_html("p.html", page.encode()).text.split("\n") == BODY


@pytest.mark.parametrize("page,text", [
    ("<p>a</p>", "a"),                                   # gave E_INTERNAL KeyError <Element body>
    ("一、工作任务", "一、工作任务"),                        # bare text
    ("<p>一、工作任务</p><p>1.加强组织领导。</p>", "一、工作任务\n1.加强组织领导。"),
    ("<td>一、工作任务</td>", "一、工作任务"),
])  # fmt: skip
def test_html_fragment_keyerror_body(page, text):
    assert read_html("p.html", page.encode()).text == text


def test_html_body_hidden_until_script_runs():
    """A gz.gov.cn page: <body style="visibility: hidden">, shown by the site's script, gave E_EMPTY."""
    page = trs_page().replace("<body>", "<body style='visibility: hidden'>")
    assert read_html("p.html", page.encode()).text.split("\n") == [TITLE, *BODY]
    wrapped = head() + '<div id="app" style="display:none">' + paragraphs(BODY) + '</div><div style="display:none">隐藏的统计文字</div></body></html>'
    assert read_html("p.html", wrapped.encode()).text.split("\n") == BODY  # the wrapper holds the article; the small box stays hidden


GZ_PAGES = [
    ("gz_suifubangui2021_7_tkry.html", "广州市人民政府办公厅关于进一步加强特困人员救助供养工作的通知", "有效期5年"),
    ("gz_suifubangui2024_13_gzf_bf.html", "广州市人民政府办公厅关于印发广州市公共租赁住房管理办法的通知", "第五十四条本办法自印发之日起施行"),
    ("gz_suiweihan2023_1930_jtys_ssfa.html", "穗卫函〔2023〕1930号", "\t强化监管评价。"),
]


@pytest.mark.parametrize("name,first,later", GZ_PAGES)
def test_html_gz_pages_hidden_body_read(name, first, later):
    path = SHARED_REAL / "files" / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    text = read_html(str(path), path.read_bytes()).text
    assert first in text[:600] and later in text
    assert len(text) > 1500 and "分享到" not in text and "下载图片版" not in text


GOV_CN_META = (
    '<table class="bd1"><tbody><tr><td width="70"><b>索 引 号：</b></td><td>000014349/2019-00005</td>'
    "<td><b>主题分类：</b></td><td>科技、教育\\教育</td></tr>"
    "<tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2019年01月24日</td></tr>"
    "<tr><td><b>标\u3000\u3000题：</b></td><td colspan='3'>国务院关于印发国家职业教育改革实施方案的通知</td></tr>"
    "<tr><td><b>发文字号：</b></td><td>国发〔2019〕4号</td><td><b>发布日期：</b></td><td>2019年02月13日</td></tr>"
    '</tbody></table><table class="bd1"><tr><td><b>主 题 词：</b></td><td></td><td></td><td></td></tr></table>'
)
GOV_CN_LINES = [
    "索引号：000014349/2019-00005", "主题分类：科技、教育\\教育", "发文机关：国务院", "成文日期：2019年01月24日",
    "标题：国务院关于印发国家职业教育改革实施方案的通知", "发文字号：国发〔2019〕4号", "发布日期：2019年02月13日",
]  # fmt: skip


def test_html_govcn_metadata_table_as_lines():
    """gov.cn's 2018–2019 template: the metadata table above the article, in a layout table, then UCAP-CONTENT."""
    page = (
        head() + '<div class="wrap"><table><tr><td>' + GOV_CN_META + "</td></tr></table><br><table><tr><td>"
        '<table><tr><td class="b12c" id="UCAP-CONTENT">' + paragraphs(BODY) + "</td></tr></table>"
        '<div id="qr_container">扫一扫在手机打开当前页</div></td></tr></table></div></body></html>'
    )
    assert read_html("p.html", page.encode()).text.split("\n") == GOV_CN_LINES + BODY


def test_html_provincial_metadata_box_as_lines():
    """A provincial site's 信息公开 box (gz.gov.cn): other label names, values in <span>s, an empty 分类."""
    box = (
        '<div class="classify"><table><tr><td class="first">索引号：</td><td><span>11440100MB2C90856P/2023-00331</span></td>'
        '<td class="second">分类：</td><td><span></span></td></tr><tr><td>发布机构：</td><td><span>广州市卫生健康委员会</span></td>'
        "<td>成文日期：<i></i></td><td><span>2023-10-19</span></td></tr><tr><td>文号：</td><td><span>穗卫函〔2023〕1930号</span></td>"
        "<td>发布日期：</td><td><span>2023-11-07</span></td></tr></table></div>"
    )
    search = "<div class='search'><span>搜索位置</span><input type='radio'><i>标题</i><input type='radio'><i>全文</i></div>"
    page = head() + search + box + '<div class="content">' + paragraphs(BODY) + "</div></body></html>"
    assert read_html("p.html", page.encode()).text.split("\n") == [
        "索引号：11440100MB2C90856P/2023-00331", "发文机关：广州市卫生健康委员会", "成文日期：2023-10-19",
        "发文字号：穗卫函〔2023〕1930号", "发布日期：2023-11-07", *BODY,
    ]  # fmt: skip


def test_html_catalogue_headings_are_not_metadata():
    """A table of documents in the article, headed 名称 | 文号 | 发布日期: its cells are data, not the page's metadata."""
    table = (
        "<table><tr><th>名称</th><th>文号</th><th>发布日期</th></tr>"
        "<tr><td>关于印发工作要点的通知</td><td>云政办发〔2021〕9号</td><td>2021-02-26</td></tr></table>"
    )
    page = head() + '<div class="TRS_Editor">' + paragraphs(BODY) + table + "</div></body></html>"
    text = read_html("p.html", page.encode()).text
    assert text.startswith(BODY[0]) and "\t名称\n\t文号\n\t发布日期\n" in text


@pytest.mark.parametrize("number", ["01", "03", "44"])
def test_html_govcn_real_page_metadata(number):
    path = SHARED_REAL / "govcn-2018-2019" / f"govcn-{number}.html"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    lines = read_html(str(path), path.read_bytes()).text.split("\n")
    assert [line.split("：")[0] for line in lines[:7]] == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期"]
    assert lines[2] == "发文机关：国务院" and lines[5].startswith("发文字号：国")
    assert not any(line.startswith(("索 引 号", "主 题 词", "扫一扫")) for line in lines)
