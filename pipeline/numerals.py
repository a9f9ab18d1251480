""":mod:`pipeline.numerals`: Read Chinese numerals (十三, 二〇二三, 百, 两) as numbers, and match them.

``pipeline/data/numerals.toml`` is the one list of numeral characters: the readers here, and the
regex character classes the segmentation stage and the extractors build with :func:`digit_chars`
and :func:`unit_chars`, all come from it.
"""

from __future__ import annotations

import functools

from pipeline.vocab import load_toml


def _numerals() -> dict:
    return load_toml("pipeline", "numerals.toml")


@functools.cache
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    """Every character read as a digit, and every one read as a unit, with its value."""
    data = _numerals()
    return {**data["digits"], **data["zero_lookalikes"], **data["other_digits"]}, {**data["units"], **data["formal_units"]}


@functools.cache
def digit_chars(lowest: int = 0, highest: int = 9, *, lookalikes: bool = True) -> str:
    """The digits valued ``lowest`` to ``highest``, for a regex character class; 两 and 壹 are never among them.

    >>> digit_chars(), digit_chars(1), digit_chars(1, 2), digit_chars(0, 0, lookalikes=False)
    ('〇零○Ｏ一二三四五六七八九', '一二三四五六七八九', '一二', '〇零')
    """
    data = _numerals()
    digits = {**data["digits"], **data["zero_lookalikes"]} if lookalikes else data["digits"]
    return "".join(ch for ch, value in sorted(digits.items(), key=lambda kv: kv[1]) if lowest <= value <= highest)


@functools.cache
def unit_chars(lowest: int = 10, highest: int = 10**8, *, formal: bool = False) -> str:
    """The units valued ``lowest`` to ``highest``, for a regex character class; the formal 拾佰仟 with ``formal``.

    >>> unit_chars(), unit_chars(10, 1000), unit_chars(formal=True)
    ('十百千万亿', '十百千', '十百千万亿拾佰仟')
    """
    data = _numerals()
    units = {**data["units"], **data["formal_units"]} if formal else data["units"]
    return "".join(ch for ch, value in units.items() if lowest <= value <= highest)


@functools.cache
def year_number() -> str:
    """A regex for a year printed in figures or digit by digit in words: 2019, 二〇一九, 二○二六.

    >>> import re; [bool(re.fullmatch(year_number(), y)) for y in ("2019", "二〇一九", "二○二六", "1819", "三〇一九")]
    [True, True, True, False, False]
    """
    return rf"(?:19|20)\d{{2}}|[{digit_chars(0, 2)}][{digit_chars()}]{{3}}"


@functools.cache
def numeral_class() -> str:
    """A regex character class matching any character read as a numeral, 两 and 壹 included."""
    digits, units = _tables()
    return "[" + "".join(sorted(set(digits) | set(units))) + "]"


def is_positional(text: str) -> bool:
    """True when ``text`` is digits only, read place by place as years are (二〇二〇, 一九九八).

    >>> is_positional("二〇二〇"), is_positional("二千零二十"), is_positional("")
    (True, False, False)
    """
    digits, _ = _tables()
    return bool(text) and all(ch in digits for ch in text)


def cn_to_number(text: str) -> int | None:
    """The value of a Chinese numeral, or None when ``text`` is not one.

    Positional digit strings (years) and counting numerals both work:

    >>> cn_to_number("二〇二三"), cn_to_number("十三"), cn_to_number("一百零五"), cn_to_number("百")
    (2023, 13, 105, 100)
    >>> cn_to_number("两万"), cn_to_number("三千五百"), cn_to_number("第一")
    (20000, 3500, None)

    A last digit right after 百/千/万 counts one place lower (两千五 is 2500), unless 零 stands
    before it (一千零五 is 1005):

    >>> cn_to_number("两千五"), cn_to_number("一万五"), cn_to_number("一百五"), cn_to_number("一千零五")
    (2500, 15000, 150, 1005)
    """
    digits, units = _tables()
    if not text or any(ch not in digits and ch not in units for ch in text):
        return None
    if is_positional(text):
        if len(text) == 1:
            return digits[text]
        return int("".join(str(digits[ch]) for ch in text))  # 二〇二三 → 2023
    total = 0  # completed groups above 万/亿
    section = 0  # the group below the current 万/亿
    current = None  # pending digit
    for ch in text:
        if ch in digits:
            current = digits[ch]
            continue
        if current == 0:  # 一千零十: the 零 was a placeholder, not a digit of this unit
            current = None
        unit = units[ch]
        if unit >= 10000:
            section += current or 0
            total = (total + (section or 1)) * unit
            section = 0
        else:
            section += (1 if current is None else current) * unit
        current = None
    if current and len(text) >= 2 and text[-2] in units and units[text[-2]] >= 100:
        current *= units[text[-2]] // 10  # 两千五 = 2500: the digit takes the place below the unit
    return total + section + (current or 0)


@functools.cache
def _other_pairs() -> frozenset[str]:
    return frozenset(_numerals()["approximate"]["other_pairs"])


def _digit_runs(text: str) -> list[int]:
    """Where two digits stand side by side (三四, 二〇), 零 after a unit (一千零五) excepted."""
    digits, _ = _tables()
    positional = is_positional(text)  # 二〇二〇: its zeros are digits too
    return [
        i for i in range(len(text) - 1)
        if text[i] in digits and text[i + 1] in digits and (positional or (digits[text[i]] and digits[text[i + 1]]))
    ]


def has_digit_run(text: str) -> bool:
    """True when ``text`` has two digits side by side (三四个, 一二三, 二〇二〇): no plain counting numeral.

    >>> has_digit_run("三四"), has_digit_run("二〇二〇"), has_digit_run("三十四"), has_digit_run("一千零五")
    (True, True, False, False)
    """
    return bool(_digit_runs(text))


def cn_range(text: str) -> tuple[int, int] | None:
    """The range two neighbouring digits give (三四 → 3–4, 七八十 → 70–80, 十七八 → 17–18), else None.

    >>> cn_range("三四"), cn_range("七八十"), cn_range("十七八"), cn_range("两三千"), cn_range("三五")
    ((3, 4), (70, 80), (17, 18), (2000, 3000), (3, 5))
    >>> cn_range("一二三"), cn_range("二〇二〇"), cn_range("三十"), cn_range("一九")
    (None, None, None, None)
    """
    digits, _ = _tables()
    runs = _digit_runs(text)
    if len(runs) != 1:
        return None
    i = runs[0]
    a, b = digits[text[i]], digits[text[i + 1]]
    if b != a + 1 and text[i : i + 2] not in _other_pairs():
        return None
    lo, hi = cn_to_number(text[: i + 1] + text[i + 2 :]), cn_to_number(text[:i] + text[i + 1 :])
    return None if lo is None or hi is None else (lo, hi)


def numeral_value(text: str | None) -> int | None:
    """The value of an Arabic (``12``, full-width ``１２``) or Chinese (``十二``, ``二〇二三``) numeral, or None.

    The one entry point for every reader of numbers in words (labels, years, days, counts).

    >>> numeral_value("12"), numeral_value("１２"), numeral_value("十二"), numeral_value("第一"), numeral_value(None)
    (12, 12, 12, None, None)
    """
    if not text:
        return None
    if text.isdigit():
        return int(text)  # int() reads full-width and other Unicode decimal digits
    return cn_to_number(text)
