"""A small OFD writer for tests: packages laid out as GB/T 33190 lays them out, no other producer needed.

``ofd([page, page…])`` where a page is a list of objects: :func:`text` (a
``TextObject`` with one ``TextCode``), :func:`image` (an ``ImageObject``), or
raw XML. Coordinates are millimetres from the page's top left.
"""

from __future__ import annotations

import io
import zipfile

NS = "http://www.ofdspec.org/2016"


def text(content: str, x: float, y: float, *, size: float = 5.6, delta: str | None = None, ctm: str | None = None,
         boundary: tuple[float, float] | None = None, font: str = "3") -> str:
    """One ``TextObject``: ``content`` with its first baseline at ``(x, y)`` (inside a boundary at ``boundary``)
    and glyphs ``size`` apart unless ``delta`` (a DeltaX, ``g`` form allowed) says otherwise."""
    bx, by = boundary if boundary is not None else (x, y - size)
    delta = delta if delta is not None else (f"g {len(content) - 1} {size:g}" if len(content) > 1 else None)
    return (
        f'<ofd:TextObject ID="1" Boundary="{bx:g} {by:g} 180 {2 * size:g}" Font="{font}" Size="{size:g}"'
        + (f' CTM="{ctm}"' if ctm else "") + ">"
        + f'<ofd:TextCode X="{x - bx:g}" Y="{y - by:g}"' + (f' DeltaX="{delta}"' if delta else "") + f">{content}</ofd:TextCode>"
        + "</ofd:TextObject>"
    )


def image(x: float = 0, y: float = 0, w: float = 210, h: float = 297) -> str:
    return f'<ofd:ImageObject ID="9" Boundary="{x:g} {y:g} {w:g} {h:g}" CTM="{w:g} 0 0 {h:g} 0 0" ResourceID="8"/>'


def content_xml(objects: list[str], template: str | None = None) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">'
        + (f'<ofd:Template TemplateID="{template}" ZOrder="Background"/>' if template else "")
        + '<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>'
        + '<ofd:Content><ofd:Layer ID="2">' + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>"
    )


def ofd(pages: list[list[str]], *, template: list[str] | None = None, extra: dict[str, bytes] | None = None,
        doctype: str = "") -> bytes:
    """The bytes of an OFD package with ``pages`` (and a background template page under every page)."""
    files: dict[str, str | bytes] = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0c5a</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ),
        "Doc_0/PublicRes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="3" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>'
        ),
    }
    page_refs = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
    template_ref = '<ofd:TemplatePage ID="7" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        "<ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{template_ref}</ofd:CommonData>"
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
    )
    for i, objects in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = content_xml(objects, "7" if template else None)
    if template:
        files["Doc_0/Tpls/Tpl_0/Content.xml"] = content_xml(template)
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(name, body.encode("utf-8") if isinstance(body, str) else body)
    return out.getvalue()
