""":mod:`pipeline.ingest.readers._docx_numfmt`: Render a list counter in a Word number format (chineseCounting → 十一, decimalEnclosedCircle → ⑪)."""

from __future__ import annotations

#: Largest number written in letters (zz…z, ten letters); a larger start value would make a huge label.
MAX_LETTER_VALUE = 26 * 10

_DASHES = frozenset("—–―－-‒⸺⸻")
#: Symbol / Wingdings private-use glyphs Word uses for bullets, and what they look like.
_SYMBOL_BULLETS = {
    "\uf0b7": "•",  # Symbol: bullet
    "\uf0a7": "▪",  # Wingdings: small square
    "\uf06c": "●",  # Wingdings: black circle
    "\uf06e": "■",  # Wingdings: black square
    "\uf075": "◆",  # Wingdings: black diamond
    "\uf076": "❖",  # Wingdings: diamond minus white X
    "\uf0d8": "➢",  # Wingdings: arrowhead
    "\uf0fc": "✓",  # Wingdings: check mark
    "\uf0a8": "□",  # Wingdings: white square
    "\uf06f": "□",  # Wingdings: white square
    "\uf0b2": "◇",  # Wingdings: white diamond
}

_CN_DIGITS = "〇一二三四五六七八九"  # digit by digit: 一〇〇
_CN_COUNT_DIGITS = "零一二三四五六七八九"  # with units: 一百零一
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_COUNT_DIGITS, units: str = "十百千", *, lead_one: bool = False) -> str:
    """``n`` in Chinese counting with units: 十一, 二十, 一百零一, 一千零一十, 一万.

    ``lead_one`` writes 一十 for 10–19 (legal/financial style writes 壹拾).
    """
    if n < 0:
        return str(n)
    if n == 0:
        return digits[0]
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        head = _chinese(high, digits, units, lead_one=lead_one) + "万"
        if low == 0:
            return head
        return head + (digits[0] if low < 1000 else "") + _chinese(low, digits, units, lead_one=True)
    out = []
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            if out:
                zero = True
            continue
        if zero:
            out.append(digits[0])
            zero = False
        if power == 1 and d == 1 and not out and not lead_one:
            out.append(units[0])
        else:
            out.append(digits[d] + (units[power - 1] if power else ""))
    return "".join(out)


def _japanese(n: int) -> str:
    """Japanese counting: 一, 十, 十一, 百, 百一, 千."""
    if n <= 0 or n >= 10_000:
        return _chinese(n)
    out = []
    for power, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
        d = n // 10**power % 10
        if d:
            out.append(("" if d == 1 and power else _CN_DIGITS[d]) + unit)
    return "".join(out)


def _digitwise(n: int, digits: str = _CN_DIGITS) -> str:
    return "".join(digits[int(c)] for c in str(n)) if n >= 0 else str(n)


def _counting(n: int) -> str:
    """chineseCounting / taiwaneseCounting: 十一, 九十九 below 100, then digit by digit (一〇〇)."""
    return _chinese(n) if 0 <= n < 100 else _digitwise(n)


def _letters(n: int, first: str) -> str:
    """a…z, then aa…zz, aaa… (Word repeats the letter); digits past ``MAX_LETTER_VALUE``."""
    if not 0 < n <= MAX_LETTER_VALUE:
        return str(n)
    return chr(ord(first) + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _enclosed(n: int, first: int, last: int = 20) -> str:
    """A number in an enclosed form (①, ⑴, ⒈) for 1–``last``; plain digits beyond."""
    return chr(first + n - 1) if 1 <= n <= last else str(n)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "decimalFullWidth2": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474),
    "chineseCounting": _counting,
    "taiwaneseCounting": _counting,
    "chineseCountingThousand": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "japaneseCounting": _japanese,
    "ideographDigital": _digitwise,
    "taiwaneseDigital": _digitwise,
    "japaneseDigitalTenThousand": _digitwise,
    "chineseLegalSimplified": lambda n: _chinese(n, _CN_LEGAL_DIGITS, "拾佰仟", lead_one=True),
    "ideographLegalTraditional": lambda n: _chinese(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟", lead_one=True),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10] if n > 0 else str(n),
    "ideographZodiac": lambda n: _BRANCHES[(n - 1) % 12] if n > 0 else str(n),
    "lowerLetter": lambda n: _letters(n, "a"),
    "upperLetter": lambda n: _letters(n, "A"),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "ordinal": _ordinal,
    "none": lambda n: "",
}


def format_number(value: int, fmt: str) -> str:
    """``value`` written in the OOXML number format ``fmt``; unknown formats fall back to decimal.

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 99)]
    ['一', '十', '十一', '二十', '九十九']
    >>> format_number(3, "decimalEnclosedCircle"), format_number(2, "ideographTraditional")
    ('③', '乙')
    """
    return _FORMATS.get(fmt, str)(value)


def bullet_text(text: str) -> str:
    """What a bullet level's ``w:lvlText`` looks like: ``—`` → ``——``, Symbol ``\\uf0b7`` → ``•``."""
    text = text.strip()
    if text and all(ch in _DASHES for ch in text):
        return "——"
    out = []
    for ch in text:
        if ch in _SYMBOL_BULLETS:
            out.append(_SYMBOL_BULLETS[ch])
        elif "\ue000" <= ch <= "\uf8ff":
            out.append("•")  # another private-use (symbol font) glyph
        else:
            out.append(ch)
    return "".join(out)


# -- definitions -----------------------------------------------------------------------------
