""":mod:`pipeline.ingest._patterns`: Compiled regexes shared by the normalisation and segmentation stages."""

from __future__ import annotations

import re

from pipeline.numerals import digit_chars
from pipeline.vocab import load_toml

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation and full-width forms that sit inside Chinese text.
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"

#: Horizontal whitespace with CJK on at least one side: the gaps PDF extraction
#: puts between characters (质 检 工 作), and around digits (2007 年). (The patterns of gaps look
#: for the space first: a search then skips every other character at once instead of trying
#: the look-behinds at each.)
RE_CJK_GAP = re.compile(
    rf"(?=[ \u00a0])(?:(?<=[{CJK}{CJK_PUNCT}])[ \u00a0]+(?=[^\s])|(?<=[^\s])[ \u00a0]+(?=[{CJK}{CJK_PUNCT}]))"
)
#: ASCII punctuation glued into Chinese text with spaces (国际标准 , 提高 / 10. 加强).
RE_PUNCT_GAP = re.compile(rf"(?=[ \u00a0])(?<=[,.;:!?)\]])[ \u00a0]+(?=[{CJK}])")

#: A line that is nothing but a page number: "— 3 —", "- 3 -", "第3页 共8页", "3/8".
RE_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t]*(?:[-—–－―]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－―]{1,2}"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|\d{1,4}[ \t]*/[ \t]*\d{1,4}"
    r"|共[ \t]*\d{1,4}[ \t]*页[ \t]*第[ \t]*\d{1,4}[ \t]*页)[ \t]*$",
    re.M,
)

#: A sequence number injected at the start of every physical line ("12、产加工的…").
RE_LINE_NUMBER_PREFIX = re.compile(r"^(\d{1,4})、", re.M)

#: Characters after which a line is complete; a line ending in anything else
#: (a CJK character, a comma, a label) continues on the next line.
LINE_TERMINALS = frozenset("。！？；：!?;:」』”）)】》")
#: Characters that open a bracket or quotation: a line ending in one goes on in the next (``（`` / ``三）…``).
LINE_OPENERS = frozenset("（(【《“「『〔")
#: A 公文's 主送机关, a line of its own that names bodies and ends in a colon (各省、自治区、直辖市人民政府，国务院各
#: 部委、各直属机构：): before the colon no sentence end, no bracket, no other colon.
RE_ADDRESSEE_LINE = re.compile(r"[ \t]*[^。；;！？!?（()）：:\n]{2,80}[：:][ \t]*$")
SENTENCE_PUNCT = frozenset("。！？；!?;")
#: What ends a clause: a sentence's end, or a comma.
CLAUSE_ENDS = SENTENCE_PUNCT | frozenset("，,")
CLAUSE_PUNCT = frozenset("，,、")

#: The characters of a Chinese label number (十二, 一百零一, 两): no ○, a bullet sign in lists.
CN_NUM = digit_chars(lookalikes=False) + "十百两"

#: Labels at the start of a line, strongest form first. Named groups give the
#: style; ``num`` the number as printed. Arabic numbers run to five digits, so item
#: 1000 of a long list is an item, not text of item 999. Dash bullets: ``——``, ``—``,
#: ``――`` (U+2015) and the ASCII ``--`` of text exports (ANNOTATION.md §2 v2).
RE_LINE_LABEL = re.compile(
    rf"""(?:
      (?P<ordinal>第(?P<ord_num>[{CN_NUM}\d]{{1,3}})(?P<ord_unit>阶段|部分|条|章|节|批|步))
     |(?P<cn_paren>[（(](?P<cnp_num>[{CN_NUM}]{{1,3}})[）)])
     |(?P<ar_paren>[（(](?P<arp_num>\d{{1,5}})[）)])
     |(?P<circled>(?P<circ_num>[\u2460-\u2473]))
     |(?P<cn_dun>(?P<cnd_num>[{CN_NUM}]{{1,3}})[、.．])
     |(?P<ar_dot>(?P<ard_num>\d{{1,5}})[.．])
     |(?P<ar_dun>(?P<aru_num>\d{{1,5}})、)
     |(?P<ar_paren_half>(?P<arh_num>\d{{1,5}})[）)])
     |(?P<dash>——|—(?!—)|――|--(?!-))
    )""",
    re.X,
)
#: The characters a label of :data:`RE_LINE_LABEL` starts with, besides a decimal digit (第 （ ( ① 一 — ―
#: -): where a text holds none of them, no label starts, and the segmentation does not try the patterns.
LABEL_LEADS = frozenset("第（(—―-" + CN_NUM + "".join(map(chr, range(0x2460, 0x2474))))

#: A decimal label of an outline (``1.2 等级划分``, ``1.2.1国家级（Ⅰ级）：…``, as 预案 number their
#: parts): two to four numbers joined by dots, before the text; ``path`` is the number as printed.
RE_DECIMAL_LABEL = re.compile(rf"(?P<path>\d{{1,3}}(?:[.．]\d{{1,3}}){{1,3}})(?!\d)(?:[.．、](?!\d))?[ ]?(?=[{CJK}“《（(])")

#: A bare Arabic number glued to Chinese text ("1扶持一批…"); a label only
#: when it continues the numbering in sequence (segment.py decides).
RE_BARE_NUMBER = re.compile(rf"(?P<num>\d{{1,5}})(?=[ ]?[{CJK}“《])")

#: Lines after which the body of a circular is over: attachments (附件, 附：), distribution (抄送, 印发:
#: ``distribution_heads`` of ``pipeline/data/structure.toml``), a report's glossary and related stories
#: (``after_body_heads``), and
#: the chrome of a web page the circular was copied from (``page_chrome_heads``: 【打印本页】, 上一篇…) or of a
#: legal-database export (原文链接：…).
_AFTER_BODY = (r"(?:《[^》\n]{1,20}》(?:有关内容|相关)?)?(?:"
               + "|".join(map(re.escape, load_toml("pipeline", "structure.toml")["after_body_heads"]))
               + r")[ \t]*[:：]?[ \t]*$")
#: The head line of what follows a report's body (its glossary, a page's related stories): no items there.
RE_AFTER_BODY = re.compile(r"[ \t]*" + _AFTER_BODY, re.M)
RE_BODY_END = re.compile(
    r"^[ \t]*(?:附件[ \t]*\d*[ \t]*[:：]?|附[ \t]*[:：]|"
    + "|".join(map(re.escape, load_toml("pipeline", "structure.toml")["distribution_heads"]))
    + "|" + _AFTER_BODY
    + r"|联系人[:：]|原文链接[:：]|[【\[]?(?:"
    + "|".join(map(re.escape, load_toml("pipeline", "structure.toml")["page_chrome_heads"])) + "))",
    re.M,
)
