"""Numbers as English words, for narration.

Pure functions, no dependencies. American style: no "and" inside numbers
("one hundred twenty-three"), hyphenated tens ("forty-five").

    cardinal(1945)   -> "one thousand nine hundred forty-five"
    ordinal(38)      -> "thirty-eighth"
    year(1945)       -> "nineteen forty-five"     year(2007) -> "two thousand seven"
    decade(1990)     -> "nineteen nineties"
    decimal("3.60")  -> "three point six zero"
    digits("004")    -> "zero zero four"
"""

from __future__ import annotations

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = (
    "_ thousand million billion trillion quadrillion quintillion sextillion "
    "septillion octillion nonillion decillion"
).split()
SCALE_WORDS = frozenset(_SCALES[1:]) | {"hundred"}

# Irregular ordinal endings; everything else takes "th" (and "-y" becomes "-ieth").
_ORDINAL_IRREGULAR = {
    "one": "first", "two": "second", "three": "third", "five": "fifth",
    "eight": "eighth", "nine": "ninth", "twelve": "twelfth",
}


def _under_100(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _under_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _under_100(rest)
    head = f"{_ONES[hundreds]} hundred"
    return f"{head} {_under_100(rest)}" if rest else head


def cardinal(n: int) -> str:
    """Whole number in words: 40000 -> "forty thousand", -2 -> "minus two"."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 1000:
        return _under_1000(n)
    groups = []
    rest = n
    while rest:
        rest, group = divmod(rest, 1000)
        groups.append(group)
    if len(groups) > len(_SCALES):
        return digits(str(n))
    words = []
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        if group:
            words.append(_under_1000(group) + (f" {_SCALES[power]}" if power else ""))
    return " ".join(words)


def ordinal_word(words: str) -> str:
    """Turn the last word of a spelled number into its ordinal: "twenty-one" -> "twenty-first"."""
    head, sep, last = words.rpartition(" ")
    pre, hyphen, last = last.rpartition("-")
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + pre + hyphen + last


def ordinal(n: int) -> str:
    """38 -> "thirty-eighth", 1000 -> "one thousandth"."""
    return ordinal_word(cardinal(n))


def plural_word(words: str) -> str:
    """Plural of a spelled number, for decades: "nineteen ninety" -> "nineteen nineties"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith("x"):
        return words + "es"
    return words + "s"


def _pair(n: int) -> str:
    """A two-digit half of a year: 5 -> "oh five", 45 -> "forty-five"."""
    return f"oh {_ONES[n]}" if n < 10 else _under_100(n)


def year(n: int) -> str:
    """A year as people say it.

    1950 -> "nineteen fifty", 1906 -> "nineteen oh six", 1900 -> "nineteen hundred",
    2000 -> "two thousand", 2007 -> "two thousand seven", 2010 -> "twenty ten",
    340 -> "three forty", 800 -> "eight hundred".
    """
    if n < 0:
        return "minus " + year(-n)
    if n < 100 or n >= 10000:
        return cardinal(n)
    if n % 1000 == 0 or 2000 <= n < 2010:
        return cardinal(n)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{_under_100(high)} hundred"
    return f"{_under_100(high)} {_pair(low)}"


def decade(n: int) -> str:
    """1990 -> "nineteen nineties", 1900 -> "nineteen hundreds", 2000 -> "two thousands",
    90 -> "nineties"."""
    if n < 100:
        return plural_word(_under_100(n))
    return plural_word(year(n))


def digits(s: str, zero: str = "zero") -> str:
    """Read a digit string one digit at a time: "004" -> "zero zero four"."""
    return " ".join(zero if ch == "0" else _ONES[int(ch)] for ch in s if ch.isdigit())


def number(s: str) -> str:
    """A written integer, maybe with thousands commas: "40,000" -> "forty thousand"."""
    return cardinal(int(s.replace(",", "")))


def decimal(s: str) -> str:
    """A written decimal: "3.6" -> "three point six", ".5" -> "point five",
    "1,234.50" -> "one thousand two hundred thirty-four point five zero"."""
    whole, _, frac = s.partition(".")
    head = number(whole) if whole else ""
    if not frac:
        return head
    return f"{head} point {digits(frac)}".strip()


def pairs(s: str) -> str:
    """Read a 3- or 4-digit string the way names of things are read:
    "264" -> "two sixty-four", "1428" -> "fourteen twenty-eight"."""
    return year(int(s)) if s[0] != "0" else digits(s)
