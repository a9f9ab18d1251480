"""Write gov.cn pages as the plain-text exports legal databases give (北大法宝-style), with their gold.

Users export circulars from legal databases in bulk; the text differs from the page in
ways that broke the pipeline on real files: a 【】 header block (发布部门, 发文字号,
法宝引证码 CLI.x.y, 原文链接：…), full-width indentation, Arabic labels written
``1﹒`` (U+FE52), ``——`` bullets written as ASCII ``--``, and a copyright footer.
The article text itself is the page's, so the page's gold applies unchanged.

    python scripts/make_lawdb_exports.py corpus/real/dev/govcn-03.html … --out corpus/real/dev \
        --gold-from corpus/gold/real-dev --gold-to corpus/gold/real-dev

This reads the HTML with lxml alone (not with gongwen's readers), so the exports are
not shaped by the code they test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

import lxml.html

META_KEYS = {"发文机关": "发布部门", "发文字号": "发文字号", "成文日期": "成文日期", "发布日期": "发布日期"}
RE_ARABIC_LABEL = re.compile(r"^(\d{1,3})[.．]\s*")
RE_DASH_BULLET = re.compile(r"^——\s*")


def page_parts(path: Path) -> tuple[dict[str, str], list[str]]:
    """The metadata table (label → value) and the article's paragraphs of a saved gov.cn page."""
    root = lxml.html.parse(str(path)).getroot()
    meta: dict[str, str] = {}
    for td in root.iter("td"):
        label = re.sub(r"\s+", "", td.text_content()).rstrip("：:")
        nxt = td.getnext()
        if label in META_KEYS and nxt is not None:
            meta[label] = re.sub(r"\s+", " ", nxt.text_content()).strip()
    body = root.get_element_by_id("UCAP-CONTENT")
    paragraphs = []
    for p in body.iter("p", "div", "td"):
        if p.tag != "p" and p.find(".//p") is not None:
            continue
        text = re.sub(r"[\s\u3000\xa0]+", " ", p.text_content()).strip()
        if text and text not in paragraphs[-1:]:
            paragraphs.append(text)
    return meta, paragraphs


def lawdb_line(paragraph: str) -> str:
    """One paragraph as a legal database prints it: full-width indent, ``1﹒`` labels, ``--`` bullets."""
    paragraph = RE_ARABIC_LABEL.sub(lambda m: m.group(1) + "\ufe52", paragraph)
    paragraph = RE_DASH_BULLET.sub("--", paragraph)
    return "\u3000\u3000" + paragraph


def export_text(path: Path, title: str) -> str:
    """The whole export: header block, blank line, indented article, footer."""
    meta, paragraphs = page_parts(path)
    code = int(hashlib.sha256(path.name.encode()).hexdigest()[:6], 16) % 400000
    date = meta.get("发布日期", "").replace("年", ".").replace("月", ".").replace("日", "")
    header = [
        title,
        f"【发布部门】{meta.get('发文机关', '')}",
        f"【发文字号】{meta.get('发文字号', '')}",
        f"【发布日期】{date}",
        f"【实施日期】{date}",
        "【时效性】现行有效",
        "【效力级别】国务院规范性文件",
        f"【法宝引证码】 CLI.2.{code}",
        "",
    ]
    footer = ["", f"原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid={code}"]
    return "\n".join(header + [lawdb_line(p) for p in paragraphs] + footer) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--gold-from", type=Path, required=True)
    parser.add_argument("--gold-to", type=Path, required=True)
    args = parser.parse_args()
    for page in args.pages:
        gold = json.loads((args.gold_from / f"{page.stem}.json").read_text(encoding="utf-8"))
        meta, _ = page_parts(page)
        title = next((t.text_content().strip() for t in lxml.html.parse(str(page)).getroot().iter("title")), "")
        title = title.split("_")[0].strip() or gold["document"]["title"]
        name = f"{page.stem}-lawdb.txt"
        (args.out / name).write_text(export_text(page, title), encoding="utf-8")
        gold["source"] = name
        gold.setdefault("notes", []).append(f"Copied from {page.stem}.json: the same circular exported as legal-database text.")
        (args.gold_to / f"{page.stem}-lawdb.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(args.out / name)


if __name__ == "__main__":
    main()
