"""Speech normalisation: written text -> what a narrator should say.

Pure functions, run before any TTS engine sees the text. Digits, symbols and abbreviations
that espeak-ng would mangle become words ("1950" -> "nineteen fifty", "$163 million" ->
"one hundred sixty-three million dollars", "Henry VIII" -> "Henry the Eighth",
"Lanʹkov" -> "Lankov"); punctuation that shapes prosody stays.

    normalize(text)        body prose
    speak_citation(text)   a footnote or bibliography entry (pages, volumes, Ibid.)
    site_name(url)         "https://www.crisisgroup.org/asia/..." -> "crisisgroup.org"
    speak_site(url)        the same, as said aloud: "crisisgroup dot org"
    fold_letters(text)     diacritics and modifier letters espeak reads badly, folded

House style, checked against espeak-ng 1.51 phonemes (`espeak-ng -q -x`):
- American number words without "and": "one hundred five"; years in pairs: "nineteen
  oh six", "two thousand seven", "twenty ten".
- Letter sequences are hyphen-joined: "U.S." -> "U-S", "A.D." -> "A-D", "C. S. Lewis" ->
  "C-S Lewis". espeak reads a lone "A" as the article and stops a sentence after "U.S. ".
- Times say "AM"/"PM" (espeak reads them as letters after a number; "a m" is "uh m").
- A sentence that now starts with a spelled number starts with a capital, because espeak
  only ends a sentence at ". " when a capital follows.

`_pipeline` runs the passes in order; each is a regex substitution, and every pass that
spells digits runs after the passes that need to see them (dates before years, money
before plain numbers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit

from . import numbers as nw

# ----------------------------------------------------------------------------- shared tables


def _data_lines(name: str) -> list[list[str]]:
    """Rows of a tab-separated file in accessed/data/normalize/, comments skipped."""
    text = files("accessed").joinpath("data", "normalize", name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=None)
def _units() -> tuple[dict[str, tuple[str, str]], str]:
    """Unit symbol -> (singular, plural), and a regex alternation of the symbols."""
    table, alts = {}, []
    for symbol, one, many, case in _data_lines("units.tsv"):
        table[symbol] = (one, many)
        if case == "any":
            table[symbol.lower()] = (one, many)
        body = re.escape(symbol).replace(r"\ ", r"\s")
        alts.append((len(symbol), f"(?i:{body})" if case == "any" else body))
    return table, "|".join(a for _, a in sorted(alts, reverse=True))


@lru_cache(maxsize=None)
def _state_table() -> dict[str, str]:
    return {abbr: name for abbr, name in _data_lines("states.tsv")}


@lru_cache(maxsize=None)
def _regnal_names() -> frozenset[str]:
    return frozenset(row[0] for row in _data_lines("regnal_names.txt"))


# Capitalised words that usually open a sentence: a period before one of them is a stop.
_STARTERS = frozenset(
    """The This That These Those There Then Thus It Its He She They We I You In On At As A An
    And But Or So If When While After Before However Although Though Because Since For From To
    With Without By Of Our Their His Her My Your One Some Many Most All Each Every No Not Yet
    Still Also Other Such Both Here What Which Who Why How Where Once Even Further Furthermore
    Moreover Indeed Instead Meanwhile Finally First Later Soon During Over Under Among Between
    Through Despite Do Does Did Is Are Was Were Has Have Had Can Could Will Would Should May
    Might Must Let Like Unlike Only Just Now Today Until Upon Within Accessed Retrieved
    Available See Translated Edited Reprinted Originally Archived Ibid""".split())

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = [""] + [m.capitalize() for m in list(_MONTHS)[:12]]
_MONTH = r"(?i:%s)\b\.?" % "|".join(sorted(_MONTHS, key=len, reverse=True))

_INT = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
_NUM = rf"(?:(?:{_INT})(?:\.\d+)?|\.\d+)"
_DASH = r"[-–—]"
_YEAR_RE = r"(?:1\d|20)\d\d"

_PLURAL_IRREGULAR = frozenset(
    "people men women children feet teeth mice geese cattle sheep fish deer staff personnel "
    "police troops data criteria".split())
_NOT_PLURAL = frozenset(
    "was is has his this its as us yes thus always perhaps towards afterwards whereas besides "
    "sometimes less unless across".split())


def _is_plural_noun(word: str) -> bool:
    w = word.lower()
    if w in _PLURAL_IRREGULAR:
        return True
    return (len(w) > 3 and w.endswith("s") and w not in _NOT_PLURAL
            and not w.endswith(("ss", "us", "is", "ous")))


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[ \t]+([A-Za-z][\w'’-]*)", text[end:end + 40])
    return m.group(1) if m else ""


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z][\w'’.-]*)[ \t(]*$", text[max(0, start - 40):start])
    return m.group(1) if m else ""


def _stop_after(text: str, end: int, *, capital_ends: bool) -> str:
    """The period an abbreviation swallowed, if it also ended the sentence: "." or ""."""
    rest = text[end:]
    if not rest.strip():
        return "."
    m = re.match(r"\s+[\"“‘'(\[]*([A-Z][\w'’-]*)", rest)
    if not m:
        return ""
    return "." if capital_ends or m.group(1) in _STARTERS else ""


# ----------------------------------------------------------------------------- letters

# espeak spells out modifier letters ("Lanʹkov" -> "L A N letter two B nine..."): drop them.
_MODIFIER = {"ʼ": "'"}
# Beyond Latin-1, keep only letters espeak reads well and whose sound a base letter loses.
_KEEP_LETTERS = set("čšžČŠŽ")
_STROKE = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ŀ": "l",
           "Ŀ": "L", "ŧ": "t", "Ŧ": "T", "ƀ": "b", "ɨ": "i", "ʉ": "u"}


def fold_letters(text: str) -> str:
    """Fold letters espeak reads badly; keep Latin-1 letters (é, ö, ñ...) and č š ž.

    "Lanʹkov" -> "Lankov", "Andreĭ" -> "Andrei", "Nguyễn" -> "Nguyen", "Tōkyō" -> "Tokyo";
    "Nöth" stays. Non-Latin scripts are left alone.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        code = ord(ch)
        if code < 0x100 or ch in _KEEP_LETTERS:
            out.append(ch)
        elif 0x2B0 <= code <= 0x2FF:
            out.append(_MODIFIER.get(ch, ""))
        elif ch in _STROKE:
            out.append(_STROKE[ch])
        elif unicodedata.category(ch) == "Mn":  # a stray combining mark on a Latin letter
            if not (out and out[-1].isascii() and out[-1].isalpha()):
                out.append(ch)
        elif 0xFB00 <= code <= 0xFB06:  # ligatures: ﬁ ﬂ
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() and base.isalpha() else ch)
    return "".join(out)


_NOTE_MARK = re.compile(
    r"\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|[a-z][a-z ,?]* needed|dubious[^\]]*"
    r"|failed verification|not in citation given|unreliable source\?)\]")


def _clean(text: str) -> str:
    text = fold_letters(text)
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    text = re.sub(r"[^\S\n]", " ", text)  # every kind of space becomes a plain space
    text = _NOTE_MARK.sub("", text)  # "[12]", "[citation needed]"; "[2011]" and "[of]" stay
    return re.sub(r"(?<=\w)[’‘](?=\w)", "'", text)


# ----------------------------------------------------------------------------- web addresses

_TLDS = ("com org net edu gov mil int info biz io co ai app dev museum name pro aero coop "
         "blog news online site tech xyz").split()
# Labels read as words; other labels of three letters or fewer are spelled: "L-O-C dot gov".
_WORD_LABELS = frozenset(
    "com org net gov edu mil int info biz museum name pro aero coop blog co news online site "
    "tech app dev the one new art web box fox get now pay zoo car bit law sky sun".split())
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"“”]+|\bwww\d*\.[^\s<>\"“”]+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")
_DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[A-Za-z0-9-]+\.)*[A-Za-z0-9][A-Za-z0-9-]+\.(?:%s|[a-z]{2}))"
    r"(?=$|[\s,;:)\]\"”'’/]|\.(?:\s|$))(/[^\s\"”]*)?" % "|".join(_TLDS), re.I)


def site_name(url: str) -> str:
    """The site a URL points at, with scheme, "www.", port and path dropped.

    "https://www.crisisgroup.org/asia/..." -> "crisisgroup.org".
    """
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    host = (urlsplit(url).hostname or "").rstrip(".")
    return re.sub(r"^www\d*\.", "", host.lower())


def _speak_label(label: str) -> str:
    words = []
    for part in re.findall(r"[a-z]+|\d+|-", label):
        if part.isdigit():
            words.append(nw.digits(part))
        elif part == "-":
            words.append("dash")
        elif (len(part) <= 3 and part not in _WORD_LABELS) or not re.search(r"[aeiouy]", part):
            words.append("-".join(part.upper()))
        else:
            words.append(part)
    return " ".join(words)


def speak_site(url: str) -> str:
    """The site a URL points at, as a narrator says it: "crisisgroup dot org"."""
    return " dot ".join(_speak_label(label) for label in site_name(url).split("."))


def _speak_email(addr: str) -> str:
    local, _, domain = addr.partition("@")
    names = {".": " dot ", "_": " underscore ", "-": " dash "}
    local = re.sub(r"[._-]", lambda m: names[m.group()], local)
    local = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", local)
    local = re.sub(r"\d+", lambda m: nw.digits(m.group()), local)
    return f"{local} at {speak_site(domain)}"


def _web(text: str) -> str:
    def url(m: re.Match) -> str:
        found, tail = m.group(), ""
        while found and found[-1] in ".,;:!?'\"’”)]}":  # running text's punctuation
            if found[-1] == ")" and found.count("(") >= found.count(")"):
                break
            tail, found = found[-1] + tail, found[:-1]
        return speak_site(found) + tail

    text = _URL.sub(url, text)
    text = _EMAIL.sub(lambda m: _speak_email(m.group()), text)
    text = _DOMAIN.sub(lambda m: speak_site(m.group(1)), text)
    return re.sub(r"\b([A-Za-z][\w-]*)\.js\b", r"\1 dot J-S", text)


_IDIOMS = {"24/7": "twenty-four seven", "9/11": "nine eleven", "50/50": "fifty-fifty",
           "401(k)": "four oh one K", "C++": "C plus plus", "C#": "C sharp", "F#": "F sharp"}


def _idioms(text: str) -> str:
    for written, spoken in _IDIOMS.items():
        text = re.sub(rf"(?<![\w/]){re.escape(written)}(?![\w/]|\+)", spoken, text)
    return text


# ----------------------------------------------------------------------------- abbreviations

# Before a capitalised name: "Dr. Evil". The first six also without a period: "Dr Evil".
_TITLES = {"Dr": "Doctor", "Mr": "Mister", "Mrs": "Misses", "Ms": "Miz", "Prof": "Professor",
           "Mt": "Mount", "Rev": "Reverend", "Gen": "General", "Col": "Colonel",
           "Capt": "Captain", "Lt": "Lieutenant", "Sgt": "Sergeant", "Gov": "Governor",
           "Sen": "Senator", "Rep": "Representative", "Pres": "President", "Hon": "Honorable",
           "Fr": "Father", "Ft": "Fort", "Messrs": "Messieurs"}
# Their period can also end the sentence, and then stays.
_TRAILING = {"etc": "et cetera", "et al": "et al", "Jr": "Junior", "Sr": "Senior",
             "Inc": "Incorporated", "Ltd": "Limited", "Corp": "Corporation", "Co": "Company",
             "Bros": "Brothers", "anniv": "anniversary", "repr": "reprinted", "n.d": "no date",
             "approx": "approximately", "Dept": "Department", "Univ": "University",
             "Govt": "Government", "Assn": "Association", "Intl": "International"}
# Only before a number: "p. 12", "No. 71" (never "No one"), "c. 1950", "b. 1930".
_BEFORE_NUMBER = {"vol": "volume", "vols": "volumes", "no": "number", "nos": "numbers",
                  "ch": "chapter", "chap": "chapter", "sec": "section", "fig": "figure",
                  "figs": "figures", "eq": "equation", "para": "paragraph", "art": "article",
                  "pt": "part", "bk": "book", "op": "opus"}
# The same, lower case only, since "B. 1899" is more likely an initial than "born".
_BEFORE_NUMBER_LOWER = {"p": "page", "pp": "pages", "pg": "page", "n": "note", "nn": "notes",
                        "c": "circa", "ca": "circa", "b": "born", "d": "died",
                        "fl": "flourished", "r": "reigned"}
_EDITION_CUE = re.compile(
    r"(?:\d(?:st|nd|rd|th)|\b(?:1\d|20)\d\d|\b(?:first|second|third|fourth|fifth|rev|revised|"
    r"new|expanded|abridged|updated|anniv|anniversary|international|student|special|"
    r"[A-Z][a-z]+an))\.?\s*$")


def _edition(m: re.Match, text: str) -> str:
    """ "ed." is edition ("2nd ed."), edited by ("ed. Craig Calhoun") or editor ("Jones, ed.")."""
    cap, plural, rest = m.group(1)[0].isupper(), m.group(2), text[m.end():]
    stop = "" if re.match(r"\s*[,;:)\]]", rest) else "."  # its period closes a reference element
    if _EDITION_CUE.search(text[max(0, m.start() - 30):m.start()]):
        return ("Edition" if cap else "edition") + ("s" if plural else "") + stop
    if re.match(r"\s+by\b", rest):
        return "Edited" if cap else "edited"
    name_follows = re.match(r"\s+(?:[A-Z](?:[\w'’-]+|\.)\s+)+[A-Z][\w'’-]+", rest)
    if name_follows and not _stop_after(text, m.end(), capital_ends=False):
        return "Edited by" if cap else "edited by"
    return ("editors" if plural else "editor") + stop


def _abbreviations(text: str) -> str:
    for pattern, spoken in ((r"\be\.\s?g\.", "for example"), (r"\bi\.\s?e\.", "that is"),
                            (r"\bvs\.", "versus"), (r"\bcf\.", "compare"),
                            (r"\bviz\.", "namely"), (r"\bPh\.\s?D\.?", "P-H-D"),
                            (r"#(?=\d)", "number "), (r"\btrans\.(?=\s+[A-Z])", "translated by"),
                            (r"\btrans\.", "translator"), (r"\brev\.", "revised"),
                            (r"\bcomp\.(?=\s+[A-Z])", "compiled by")):
        text = re.sub(pattern, spoken, text)
    text = re.sub(r"(?<![\w'])(\d)['′]\s?(\d{1,2})(?:\"|″|'')",
                  lambda m: f"{m.group(1)} feet {m.group(2)} inches", text)

    keys = "|".join(re.escape(k) for k in sorted(_TRAILING, key=len, reverse=True))
    text = re.sub(rf"(?<![\w.])({keys})\.", lambda m: _TRAILING[m.group(1)]
                  + _stop_after(text, m.end(), capital_ends=True), text)
    text = re.sub(rf"\b({'|'.join(_TITLES)})\.(?=\s+[A-Z])", lambda m: _TITLES[m.group(1)], text)
    text = re.sub(r"\b(Dr|Mr|Mrs|Ms|Prof|Mt)(?=\s+[A-Z])", lambda m: _TITLES[m.group(1)], text)

    def saint_or_street(m: re.Match) -> str:
        after_name = re.search(r"(?:\b[A-Z][a-z]+|\d(?:st|nd|rd|th)?) $", text[:m.start()])
        if after_name or not re.match(r"\s+[A-Z]", text[m.end():]):
            return "Street" + _stop_after(text, m.end(), capital_ends=True)
        return "Saint"

    text = re.sub(r"\bSt\.", saint_or_street, text)

    def before_number(table: dict[str, str]):
        def repl(m: re.Match) -> str:
            word = table[m.group(1).lower()]
            return (word.capitalize() if m.group(1)[0].isupper() else word) + " "
        return repl

    keys = "|".join(sorted(_BEFORE_NUMBER, key=len, reverse=True))
    text = re.sub(rf"\b({keys})\.\s*(?=\(?\d|[IVXivx]+\b)", before_number(_BEFORE_NUMBER),
                  text, flags=re.I)
    keys = "|".join(sorted(_BEFORE_NUMBER_LOWER, key=len, reverse=True))
    text = re.sub(rf"\b({keys})\.\s*(?=\(?\d)", before_number(_BEFORE_NUMBER_LOWER), text)
    return re.sub(r"\b(ed|Ed)(s?)\.", lambda m: _edition(m, text), text)


def _state_names(text: str) -> str:
    """ "Cambridge, MA:" -> "Cambridge, Massachusetts:", only right after a place name."""
    table = _state_table()
    keys = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))

    def repl(m: re.Match) -> str:
        dotted = m.group(1).endswith(".")
        return ", " + table[m.group(1)] + (_stop_after(text, m.end(), capital_ends=False)
                                           if dotted else "")

    return re.sub(rf"(?<=[A-Za-z]), ({keys})(?=[:;,)]|\s+\d{{5}}\b|\s*$|\.(?:\s|$))", repl, text)


# ----------------------------------------------------------------------------- dates and times


def _year_words(y: str) -> str:
    """A written year of two or four digits: "05" -> "oh five", "98" -> "ninety-eight"."""
    if len(y) == 2:
        return f"oh {nw.cardinal(int(y))}" if int(y) < 10 else nw.cardinal(int(y))
    return nw.year(int(y))


def _month_day(month: int, day: str, year: str | None, day_first: bool, the: bool = True) -> str:
    """ "August seventh, twenty seventeen" or "the fourth of December two thousand seven"."""
    name, nth = _MONTH_NAMES[month], nw.ordinal(int(day))
    if day_first:
        out = f"{'the ' if the else ''}{nth} of {name}"
        return f"{out} {_year_words(year)}" if year else out
    return f"{name} {nth}, {_year_words(year)}" if year else f"{name} {nth}"


def _dates(text: str) -> str:
    def valid(month: int, day: int) -> bool:
        return 1 <= month <= 12 and 1 <= day <= 31

    def iso(m: re.Match) -> str:  # 2016-11-03, 2016/07/03
        y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
        return _month_day(mo, str(d), y, False) if valid(mo, d) else m.group()

    text = re.sub(r"(?<![\w.])(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\w-]|\.\d)", iso, text)

    def numeric(m: re.Match) -> str:  # 10/06/2005 is month first; 15.01.2020 day first
        a, b, y = int(m.group(1)), int(m.group(3)), m.group(4)
        if valid(a, b):
            return _month_day(a, str(b), y, False)
        return _month_day(b, str(a), y, True) if valid(b, a) else m.group()

    text = re.sub(r"(?<![\w.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w-]|\.\d)",
                  numeric, text)

    day, year = r"(\d{1,2})(?:st|nd|rd|th)?", r"(\d{4})(?![\w-]|\.\d)"

    def month_of(word: str) -> int:
        return _MONTHS[word.rstrip(".").lower()]

    def doubtful(word: str, d: str, y: str | None) -> bool:  # "5 may vary", "may 5 people"
        verb = word.rstrip(".").lower() in ("may", "march", "mar") and word[0].islower()
        return (verb and not y) or not 1 <= int(d) <= 31

    def month_first(m: re.Match) -> str:  # "August 7 2017", "Jan. 15", "Jan-15-2020"
        word, d, y = m.groups()
        return m.group() if doubtful(word, d, y) else _month_day(month_of(word), d, y, False)

    text = re.sub(rf"\b({_MONTH})[ -]{day}(?:,?[ -]{year})?(?![\d:])", month_first, text)

    def day_first(m: re.Match) -> str:  # "4 Dec. 2007", "the 26th May"
        d, word, y = m.groups()
        if doubtful(word, d, y):
            return m.group()
        before = text[max(0, m.start() - 5):m.start()]
        out = _month_day(month_of(word), d, y, True, not re.search(r"\bthe\s+$", before, re.I))
        return out[0].upper() + out[1:] if re.search(r"(?:^|[.!?]\s+)$", before) else out

    text = re.sub(rf"(?<![\w.,$£€-]){day}(?:\s+of)?[ -]({_MONTH})(?:,?[ -]{year})?", day_first,
                  text)
    text = re.sub(rf"\b({_MONTH}),?\s+(\d{{4}})(?![\w-]|\.\d)",
                  lambda m: f"{_MONTH_NAMES[month_of(m.group(1))]} {nw.year(int(m.group(2)))}",
                  text)

    def era(m: re.Match) -> str:  # "79 AD" -> "seventy-nine A-D"
        return f"{nw.year(int(m.group(1)))} {'-'.join(re.sub(r'[^A-Z]', '', m.group(2)))}"

    text = re.sub(r"(?<![\w.,])(\d{1,4})\s?(A\.?D|B\.?C\.?E|B\.?C|C\.?E)\b\.?", era, text)
    text = re.sub(r"\b(?:AD|A\.D\.)\s?(\d{1,4})\b", lambda m: f"A-D {nw.year(int(m.group(1)))}",
                  text)

    # Decades: "1990s", "1980 s", "’90s"; "1960s-80s" -> "nineteen sixties to eighties".
    text = re.sub(r"(?<![\w.,])(1\d\d0|20\d0)\s?['’]?s\b",
                  lambda m: nw.decade(int(m.group(1))), text)
    text = re.sub(r"(?<![\w.,])['’‘]?(\d0)['’]?s\b", lambda m: nw.decade(int(m.group(1))), text)
    return re.sub(r"(ties|ens|ands|reds)\s?[-–]\s?(?=[a-z]+(?:ties|ens|ands|reds)\b)",
                  r"\1 to ", text)


_ZONE = (r"(?:\s*\b(e\.?s\.?t|p\.?s\.?t|c\.?s\.?t|m\.?s\.?t|e\.?d\.?t|p\.?d\.?t|c\.?d\.?t"
         r"|g\.?m\.?t|utc|bst|cet)\b\.?)?")


def _times(text: str) -> str:
    def tail(meridiem: str | None, zone: str | None, m: re.Match) -> str:
        out = (" AM" if meridiem.lower() == "a" else " PM") if meridiem else ""
        out += " " + re.sub(r"\W", "", zone).upper() if zone else ""
        if meridiem and m.group().endswith("."):  # "5 p.m." may end the sentence
            out += _stop_after(text, m.end(), capital_ends=True)
        return out

    def unit(n: int, word: str) -> str:
        return f"{nw.cardinal(n)} {word}{'' if n == 1 else 's'}"

    def clock(m: re.Match) -> str:
        h, sep, mi, s, meridiem, zone = m.groups()
        h, mi = int(h), int(mi)
        if h > 24 or mi > 59 or (s and int(s) > 59) or (sep == "." and not meridiem):
            return m.group()
        if s:  # "14:10:30"
            words = f"{unit(h, 'hour')} {unit(mi, 'minute')} and {unit(int(s), 'second')}"
        elif mi == 0:
            words = nw.cardinal(h) + ("" if meridiem else " o'clock")
        else:
            words = f"{nw.cardinal(h)} {'oh ' if mi < 10 else ''}{nw.cardinal(mi)}"
        return words + tail(meridiem, zone, m)

    text = re.sub(rf"(?<![\w.:])(\d{{1,2}})([:.])(\d{{2}})(?::(\d{{2}}))?(?:\s?([ap])\.?m\b\.?)?"
                  rf"{_ZONE}(?![\w:]|\.\d)", clock, text, flags=re.I)

    def hour(m: re.Match) -> str:  # "5pm", "1 a.m."
        h = int(m.group(1))
        return nw.cardinal(h) + tail(m.group(2), m.group(3), m) if 1 <= h <= 12 else m.group()

    text = re.sub(rf"(?<![\w.:])(\d{{1,2}})\s?([ap])\.?m\b\.?{_ZONE}", hour, text, flags=re.I)
    return re.sub(r"\b(AM|PM)\s?[-–]\s?(?=\w)", r"\1 to ", text)


# ----------------------------------------------------------------------------- money, measures

_CURRENCIES = {  # symbol: (one, many, minor one, minor many)
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "", ""),
    "₩": ("won", "won", "", ""),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "₽": ("ruble", "rubles", "kopeck", "kopecks"),
}
_DOLLAR_PREFIX = {"US": "US", "U.S.": "US", "C": "Canadian", "CA": "Canadian",
                  "A": "Australian", "AU": "Australian", "NZ": "New Zealand", "HK": "Hong Kong",
                  "S": "Singapore"}
_SCALE_ABBR = {"k": "thousand", "m": "million", "mn": "million", "b": "billion",
               "bn": "billion", "tn": "trillion"}
_SCALE = r"thousand|million|billion|trillion|bn|mn|tn|[kKmMbB]"
_PER = {"mo": "month", "month": "month", "yr": "year", "year": "year", "wk": "week",
        "week": "week", "d": "day", "day": "day", "hr": "hour", "h": "hour", "hour": "hour",
        "min": "minute", "s": "second", "sec": "second", "unit": "unit", "person": "person"}
_CUR = "|".join(re.escape(c) for c in _CURRENCIES)
_MONEY = re.compile(rf"(?<![\w$])(?:(US|U\.S\.|CA|AU|NZ|HK|[CAS])?({_CUR})\s?)({_NUM})"
                    rf"(?:\s?({_SCALE})\b)?")


def _amount_words(amount: str) -> str:
    return nw.decimal(amount) if "." in amount else nw.number(amount)


def _money_words(m: re.Match) -> str:
    """ "$20.50" -> "twenty dollars fifty cents", "US$1,000" -> "one thousand US dollars"."""
    prefix, symbol, amount, scale = m.groups()
    one, many, minor_one, minor_many = _CURRENCIES[symbol]
    if prefix:
        if symbol != "$" or prefix not in _DOLLAR_PREFIX:
            return m.group()
        one, many = f"{_DOLLAR_PREFIX[prefix]} {one}", f"{_DOLLAR_PREFIX[prefix]} {many}"
    if scale:  # "$163 million", "¥30b": always plural
        return f"{_amount_words(amount)} {_SCALE_ABBR.get(scale.lower(), scale.lower())} {many}"
    whole, _, frac = amount.replace(",", "").partition(".")
    frac = frac.rstrip("0")
    if len(frac) > 2 or (frac and not minor_many):  # "$20.506" -> "twenty point five zero six"
        return f"{_amount_words(amount)} {many}"
    units, cents = int(whole or 0), int(frac.ljust(2, "0")) if frac else 0
    parts = []
    if units or not cents:
        parts.append(f"{nw.cardinal(units)} {one if units == 1 else many}")
    if cents:
        parts.append(f"{nw.cardinal(cents)} {minor_one if cents == 1 else minor_many}")
    return " ".join(parts)


def _money(text: str) -> str:
    money = _MONEY.pattern

    def money_range(m: re.Match) -> str:  # "$50-$100"; "$5-10 million" shares its unit
        first, second = _MONEY.match(m.group("a")), m.group("b")
        if second[0].isdigit() or second[0] == ".":
            tail = _MONEY.match((first.group(1) or "") + first.group(2) + second)
            return f"{_amount_words(first.group(3))} to {_money_words(tail)}"
        return f"{_money_words(first)} to {_money_words(_MONEY.match(second))}"

    text = re.sub(rf"(?P<a>{money})\s?[-–]\s?(?P<b>{money}|{_NUM}(?:\s?(?:{_SCALE})\b)?)",
                  money_range, text)
    keys = "|".join(sorted(_PER, key=len, reverse=True))
    text = re.sub(rf"(?P<amount>{money})/(?P<per>{keys})\b",  # "$20/mo"
                  lambda m: f"{_money_words(_MONEY.match(m.group('amount')))} per "
                            f"{_PER[m.group('per').lower()]}", text)
    text = _MONEY.sub(_money_words, text)
    return re.sub(_CUR, lambda m: f" {_CURRENCIES[m.group()][0]} ", text)  # a lone "$"


def _signed(amount: str) -> str:
    return ("minus " if amount.startswith("-") else "") + _amount_words(amount.lstrip("-"))


def _measures(text: str) -> str:
    table, units = _units()

    def unit_name(symbol: str, amount: str, singular: bool = False) -> str:
        one, many = table.get(symbol) or table.get(re.sub(r"\s+", " ", symbol).lower())
        return one if singular or amount in ("1", "-1") else many

    amount = rf"(-?{_NUM})(?:\s?{_DASH}\s?(-?{_NUM}))?((?:\s(?:thousand|million|billion|trillion))?)"

    def measure(m: re.Match) -> str:  # "12kg/kg", "30-40°C", "a 5-km race" (singular)
        a, b, scale, hyphen, symbol, per = m.groups()
        words = _signed(a) + (f" to {_signed(b)}" if b else "") + scale
        out = f"{words}{'-' if hyphen else ' '}{unit_name(symbol, b or a, bool(hyphen))}"
        return out + (f" per {unit_name(per, '1', True)}" if per else "")

    text = re.sub(rf"(?<![\w.,/])(\d+)\s(\d+)/(\d+)\s?({units})(?![\w/])",  # "4 1/2 lbs"
                  lambda m: f"{_mixed(*m.groups()[:3])} {unit_name(m.group(4), '2')}", text)
    text = re.sub(rf"(?<![\w.,]){amount}(?:(-)|\s?)({units})(?:/({units}))?(?![\w²³])", measure,
                  text)
    text = re.sub(rf"(?<![\w.,]){amount}\s?/({units})(?![\w/])",  # "12/kg"
                  lambda m: f"{_signed(m.group(1))}{m.group(3)} per "
                            f"{unit_name(m.group(4), '1', True)}", text)
    return re.sub(rf"(?<![\w.,])(-?{_NUM})(?:\s?{_DASH}\s?({_NUM})%?)?\s?%",  # "10-11%"
                  lambda m: _signed(m.group(1)) + (f" to {_amount_words(m.group(2))}"
                                                   if m.group(2) else "") + " percent", text)


# ----------------------------------------------------------------------------- fractions, ordinals


def _fraction(num: int, den: int, mixed: bool = False) -> str:
    """3/4 -> "three quarters"; in a mixed number 1/2 -> "a half"."""
    if den in (2, 4):
        name = {2: ("half", "halves"), 4: ("quarter", "quarters")}[den][num != 1]
    else:
        name = nw.ordinal(den) if num == 1 else nw.plural_word(nw.ordinal(den))
    if mixed and num == 1 and den in (2, 4):
        return f"a {name}"
    return f"{nw.cardinal(num)} {name}"


def _mixed(whole: str, num: str, den: str) -> str:
    return f"{nw.cardinal(int(whole))} and {_fraction(int(num), int(den), mixed=True)}"


def _fractions(text: str) -> str:
    text = re.sub(r"(?<![\w/.,])(\d+)\s(\d+)/(\d+)(?![\w/])",
                  lambda m: _mixed(*m.groups()) if 1 < int(m.group(3)) <= 100 else m.group(),
                  text)

    def simple(m: re.Match) -> str:
        num, den = int(m.group(1)), int(m.group(2))
        if den < 2 or den > 1000 or (num >= den and den > 10):
            return m.group()
        return _fraction(num, den)

    return re.sub(r"(?<![\w/.,])(\d+)/(\d+)(?:st|nd|rd|th)?(?![\w/]|\.\d)", simple, text,
                  flags=re.I)


def _ordinals(text: str) -> str:
    def repl(m: re.Match) -> str:  # "38th"; a wrong suffix is read as written: "4rd" -> "four rd"
        n, suffix = int(m.group(1).replace(",", "")), m.group(2)
        words = nw.ordinal(n)
        return words if suffix.lower() == words[-2:] else f"{nw.cardinal(n)} {suffix}"

    return re.sub(rf"(?<![\w.,])({_INT})(st|nd|rd|th)\b", repl, text, flags=re.I)


# ----------------------------------------------------------------------------- plain numbers

_YEAR_CUES = frozenset(
    "in since until till circa born died year years during summer spring autumn fall winter "
    "early late mid copyright the a an this that his her their its each".split())
_COUNT_CUES = frozenset(
    "over nearly some approximately about than almost exactly only just total roughly "
    "estimated additional another least most more fewer".split())


def _is_year(text: str, start: int, end: int, value: int) -> bool:
    """A number 1000-2099 without commas is a year unless it counts something:
    "in 1950", "Moscow, 1949" and a bare "1994" are years; "1500 people", "over 1500" are not."""
    if not 1000 <= value <= 2099:
        return False
    prev = _prev_word(text, start).lower().rstrip(".")
    if prev in _YEAR_CUES or prev in _MONTHS:
        return True
    if prev in _COUNT_CUES:
        return False
    nxt = _next_word(text, end)
    return not (nxt[:1].islower() and _is_plural_noun(nxt))


def _number_words(text: str, m: re.Match, s: str) -> str:
    """Words for a number found in running text."""
    if "." in s:
        return nw.decimal(s)
    if "," in s:
        return nw.number(s)
    if len(s) > 1 and s[0] == "0":  # "007"
        return nw.digits(s)
    if len(s) == 4 and _is_year(text, m.start(), m.end(), int(s)):
        return nw.year(int(s))
    if len(s) >= 5:  # an identifier ("revision 746574460") unless it counts something
        nxt = _next_word(text, m.end())
        if not (nxt[:1].islower() and _is_plural_noun(nxt)):
            return nw.digits(s)
    return nw.number(s)


def _expand_elided(first: str, second: str) -> str:
    """The written-short end of a range: ("209", "31") -> "231", ("1945", "60") -> "1960"."""
    if len(second) >= len(first) or re.search(r"[.,]", first + second):
        return second
    full = first[: len(first) - len(second)] + second
    return full if int(full) >= int(first) else str(int(full) + 10 ** len(second))


def _ranges(text: str) -> str:
    def repl(m: re.Match) -> str:
        a, dash, b = m.groups()
        year_tail = re.fullmatch(_YEAR_RE, a) and len(b) == 2  # "2008–09"
        if (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0" and "." not in b
                                             and not year_tail):
            return m.group()
        pages = _prev_word(text, m.start()).lower().rstrip(".") in ("pages", "page", "pp", "p")
        b_full = _expand_elided(a, b) if (dash != "-" or pages or re.fullmatch(_YEAR_RE, a)) else b
        if not re.search(r"[.,]", a + b) and int(b_full) < int(a):  # not a range: "978-0"
            return f"{_number_words(text, m, a)} - {_number_words(text, m, b)}"
        if (re.fullmatch(_YEAR_RE, a) and re.fullmatch(_YEAR_RE, b_full) and not pages
                and _is_year(text, m.start(), m.end(), int(a)) and int(b_full) - int(a) <= 200):
            return f"{nw.year(int(a))} to {nw.year(int(b_full))}"
        return f"{_amount_words(a)} to {_amount_words(b_full)}"

    return re.sub(rf"(?<![\w.,/-])({_NUM})\s?([-–—])\s?({_NUM})(?![\w/]|[-–.,]\d)", repl, text)


def _numbers(text: str) -> str:
    # After a label the part after the dot is a whole number: "Figure 12.11".
    text = re.sub(
        r"\b((?:Figure|Fig|Table|Section|Chapter|Equation|Example|Exercise|Unit|Lesson|Module|"
        r"Box|Appendix|figure|table|section|chapter|equation)\.?\s+)(\d+)\.(\d+)\b(?!\.\d)",
        lambda m: f"{m.group(1)}{nw.number(m.group(2))} point {nw.number(m.group(3))}", text)
    # Versions with several dots: "1.7.x", "2.4.1".
    text = re.sub(r"(?<![\w.])(\d+(?:\.\d+){2,}|\d+(?:\.\d+)*\.x)(?=\.?(?:\s|$|[,;:)]))",
                  lambda m: " point ".join(p if p == "x" else nw.number(p)
                                           for p in m.group(1).split(".")), text)
    text = re.sub(r"(?:(?<=^)|(?<=[\s(\[=]))[-−](?=\.?\d)", "minus ", text)
    # A number glued to letters keeps them, spaced: "4.4x" -> "four point four x".
    return re.sub(rf"(?<![\d.,])({_NUM})(?!\d)(?=([A-Za-z])?)",
                  lambda m: _number_words(text, m, m.group(1)) + (" " if m.group(2) else ""),
                  text)


def _digit_strings(text: str) -> str:
    """Phone numbers, ISBN-like chains and IP addresses, read digit by digit."""
    def groups(parts) -> str:
        return ", ".join(nw.digits(p) for p in parts)

    def phone(m: re.Match) -> str:
        country = m.group(1)
        lead = f"plus {nw.cardinal(int(country.strip(' +-')))}, " if country else ""
        return lead + groups(m.groups()[1:])

    text = re.sub(r"(?<![\w.+-])(\+\d{1,3}[\s-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[.-](\d{4})"
                  r"(?![\w-]|\.\d)", phone, text)
    text = re.sub(r"(?i)\b(call|phone|tel|telephone|fax|dial)(\.?:?\s+)(\d{3})-(\d{4})\b",
                  lambda m: m.group(1) + m.group(2) + groups(m.groups()[2:]), text)
    text = re.sub(r"(?<![\w.-])\d+(?:-\d+){2,}(?![\w-]|\.\d)",
                  lambda m: groups(m.group().split("-")), text)
    return re.sub(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])",
                  lambda m: " dot ".join(nw.digits(p) for p in m.group().split(".")), text)


def _letters_and_digits(text: str) -> str:
    text = re.sub(r"\b([1-4])Q(\d{2}|\d{4})\b",  # "2Q22"
                  lambda m: f"the {nw.ordinal(int(m.group(1)))} quarter of "
                            f"{_year_words(m.group(2))}", text)
    text = re.sub(r"\b([A-Z])\.(\d{3})\b", lambda m: f"{m.group(1)} {nw.pairs(m.group(2))}",
                  text)  # "H.264" -> "H two sixty-four"
    text = re.sub(r"(?<=[A-Za-z] )(\d{1,2})e\b",  # "Philosophy 2e"
                  lambda m: nw.ordinal(int(m.group(1))) + " edition", text)
    return re.sub(r"(?<=[A-Za-z])(?=\d)", " ", text)  # "HTML5", "x86", "B2G"


def _author_date_pages(text: str) -> str:
    """The page in an author-date citation: "(Rorty 1991, 50)" -> "(Rorty 1991, page 50)"."""
    def repl(m: re.Match) -> str:
        word = "pages" if re.search(_DASH, m.group(2)) else "page"
        return f"{m.group(1)}, {word} {m.group(2)}"

    return re.sub(rf"(?<=[\w.\]] )({_YEAR_RE}[a-z]?), (\d{{1,4}}(?:\s?{_DASH}\s?\d{{1,4}})?)"
                  rf"(?=[;)])", repl, text)


# ----------------------------------------------------------------------------- roman numerals

_ROMAN_KEYWORDS = frozenset(
    "war phase part chapter volume book act scene article title type class stage grade level "
    "round season episode unit tier division appendix section schedule series category mark "
    "vol pt ch bk no number".split())
_ROMAN = re.compile(r"^(X{0,3}L?X{0,3})(IX|IV|V?I{0,3})$")
_NOT_REGNAL = frozenset({"Malcolm X"})
# "Elizabeth I think..." is the pronoun; "Elizabeth I was..." is the queen.
_PRONOUN_VERBS = frozenset(
    "am have think know want do don't feel believe guess hope love see mean say need like "
    "wonder suppose agree remember".split())


def _roman_value(s: str) -> int:
    """Value of a numeral made of I, V, X, L (up to 89), or 0. C, D, M are left alone:
    "DC", "CD", "MD", "MIX" are far likelier words and abbreviations than numbers."""
    s = s.upper()
    if not s or not _ROMAN.match(s) or re.search(r"L.*L|XL.*X", s):
        return 0
    values = [{"I": 1, "V": 5, "X": 10, "L": 50}[ch] for ch in s]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


def _roman(text: str) -> str:
    """ "Henry VIII" -> "Henry the Eighth", "World War II" -> "World War Two",
    "Chapter IV" -> "Chapter Four"; never the pronoun "I", never "Jong-II"."""
    regnal = _regnal_names()

    def repl(m: re.Match) -> str:
        prev, numeral = m.groups()
        value = _roman_value(numeral)
        keyword = prev.lower().rstrip(".") in _ROMAN_KEYWORDS
        if not value or not (numeral.isupper() or (numeral.islower() and keyword)):
            return m.group()
        if prev in regnal and f"{prev} {numeral}" not in _NOT_REGNAL:
            nxt = _next_word(text, m.end()).lower()
            if numeral == "I" and (nxt in _PRONOUN_VERBS or nxt.startswith("'")):
                return m.group()
            return f"{prev} the {nw.ordinal(value).title()}"
        if len(numeral) == 1 and not keyword:  # "Malcolm X", "vitamin C", "Plan B"
            return m.group()
        if prev.lower() == "war" and numeral == "I" and not re.search(r"World\s+$",
                                                                      text[:m.start()], re.I):
            return m.group()
        if not (keyword or prev[0].isupper()):
            return m.group()
        words = nw.cardinal(value)
        return f"{prev} {words.title() if prev[0].isupper() else words}"

    text = re.sub(r"(?<![\w-])([A-Za-z][A-Za-z.]*) ([IVXLivxl]+)(?=['’]s\b|(?![\w'’-]))", repl,
                  text)
    # An outline heading: "II. The Rise" -> "Two. The Rise" (but not "I. M. Pei").
    return re.sub(r"(?m)^(\s*)([IVXL]+)\.(?=\s+[A-Z][a-z])",
                  lambda m: m.group(1) + nw.cardinal(_roman_value(m.group(2))).capitalize()
                  if _roman_value(m.group(2)) else m.group(), text)


def _initials(text: str) -> str:
    """Dotted letters: "U.S." -> "U-S", "C. S. Lewis" -> "C-S Lewis", "N. Zalta" -> "N Zalta".

    A period stays where it also ends a sentence ("the U.S. However"), and a single "A." stays
    as it is, since a lone "A" would be read as the article.
    """
    def repl(m: re.Match) -> str:
        group, rest = m.group(1), text[m.end():]
        if not re.search(r"[A-Z]", group):
            return group
        letters = re.findall(r"[A-Za-z]", group)
        space = " " if group.endswith(" ") else ""
        joined = "-".join(ch.upper() for ch in letters)
        name_follows = (re.match(r"\(?[A-Z][a-z]", rest)
                        and _next_word(" " + rest.lstrip("("), 0) not in _STARTERS)
        if len(letters) == 1:  # an initial, only before a name or a comma
            if not (space or rest[:1] == ",") or not (name_follows or rest[:1] == ","):
                return group
            return group if joined == "A" else joined + space
        if " " in group.strip() and not (name_follows or rest[:1] in ",(" or rest[:1].isdigit()):
            return group
        if name_follows:
            stop = ""
        elif rest[:1].isdigit():
            stop = "."  # "Du Bois, W. E. B. 1899."
        else:
            stop = _stop_after(" " * len(space) + rest, 0, capital_ends=False)
        return joined + stop + space

    return re.sub(r"(?<![\w.'’-])((?:[A-Za-z]\.[ ]?){1,5})(?![a-z])", repl, text)


# ----------------------------------------------------------------------------- symbols, pipeline


def _symbols(text: str) -> str:
    text = re.sub(r"(?i)\b(copyright)(?:\s*©|\s+copyright\b)+", r"\1", text)
    for sym, word in (("©", " copyright "), ("§§", " sections "), ("§", " section "),
                      ("¶", " paragraph "), ("±", " plus or minus "), ("≈", " approximately "),
                      ("&", " and "), ("%", " percent "), ("°", " degrees "), ("=", " equals ")):
        text = text.replace(sym, word)
    text = re.sub(r"~\s*(?=\w)", "about ", text)
    text = re.sub(r"(?<=\w)\s*×\s*(?=\w)", " times ", text)
    text = re.sub(r"(?i)(hashtag\W{0,3})#", r"\1", text)
    text = re.sub(r"#(?=[a-z])", "hashtag ", text, flags=re.I).replace("#", " hash ")
    text = re.sub(r"(?<=\w)\s*\+\s*(?=\w)|(?<!\w)\+(?=\w)", " plus ", text)
    text = re.sub(r"(?<=\w)@(?=\w)", " at ", text)
    text = re.sub(r"[*†‡®™]", "", text)
    text = re.sub(r"(?m)^(\s*)[•·▪‣◦-](?=\s)", r"\1", text)  # list bullets
    text = re.sub(r"\s*[|·•]\s*", ", ", text)
    return text.replace("_", " ")


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[]) +", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    # espeak only ends a sentence at ". " when a capital follows: "Peter. Two thousand two."
    text = re.sub(r"(?<![.])([.!?][\"”’)\]]?\s+)([a-z])",
                  lambda m: m.group(1) + m.group(2).upper(), text)
    return text.strip(" ") if "\n" in text else text.strip()


def _pipeline(text: str, citation: bool) -> str:
    text = _web(_clean(text))
    text = _idioms(text)
    if citation:
        text = _citation_head(text)
    for step in (_abbreviations, _state_names, _dates, _digit_strings, _roman, _initials,
                 _letters_and_digits, _times, _money, _measures, _fractions, _ordinals):
        text = step(text)
    if citation:
        text = _citation_numbers(text)
    for step in (_author_date_pages, _ranges, _numbers, _symbols):
        text = step(text)
    return _tidy(text)


def normalize(text: str) -> str:
    """Body prose for speech: numbers, dates, money, abbreviations and symbols as words."""
    return _pipeline(text, citation=False)


# ----------------------------------------------------------------------------- citations


def _citation_head(text: str) -> str:
    text = re.sub(r"^\s*\d{1,3}\.\s+", "", text)  # the note's own number
    text = re.sub(r"(?:^\s*|(?<=[.;]\s))Ibid\.(?=,)", "Same source", text, flags=re.I)
    return re.sub(r"(?:^\s*|(?<=[.;]\s))Ibid\b", "Same source", text, flags=re.I)


def _citation_numbers(text: str) -> str:
    """Volumes, issues and pages: "Acta Koreana 18, no. 1 (2015): 209–31"."""
    pages = rf"(\d{{1,4}})(?:\s?{_DASH}\s?(\d{{1,4}}))?"

    def page_words(a: str, b: str | None) -> str:
        if b:
            return f"pages {nw.number(a)} to {nw.number(_expand_elided(a, b))}"
        return f"page {nw.number(a)}"

    def volume(s: str) -> str:
        return nw.year(int(s)) if re.fullmatch(_YEAR_RE, s) else nw.number(s)

    # "Journal 18, number 1" and "Journal 35 (3):" -> volume and number.
    text = re.sub(r"(?<=[A-Za-z]) (\d{1,4}), ([Nn]umber \d)",
                  lambda m: f", volume {volume(m.group(1))}, {m.group(2)}", text)
    text = re.sub(r"(?<=[A-Za-z])(?<![Nn]umber) (\d{1,4}) \((\d{1,3})\)(?=:)",
                  lambda m: f", volume {volume(m.group(1))}, number {nw.number(m.group(2))}",
                  text)
    # "(2015): 209–31" and "number three: 115–129" -> pages.
    text = re.sub(rf"(\)|number \w+(?:-\w+)?):\s*{pages}(?=[.;,]|\s*$)",
                  lambda m: f"{m.group(1)}, {page_words(m.group(2), m.group(3))}", text)

    def trailing(m: re.Match) -> str:  # ", 127." closing a note is a page; ", 2002." a year
        a, b = m.groups()
        if re.fullmatch(_YEAR_RE, a) and (not b or re.fullmatch(_YEAR_RE, _expand_elided(a, b))):
            return m.group()
        return f", {page_words(a, b)}"

    return re.sub(rf", {pages}(?=\.?\s*$|[.;]\s)", trailing, text)


def speak_citation(text: str) -> str:
    """A footnote or bibliography entry made listenable.

    "Lanʹkov, From Stalin to Kim Il Sung, 127." ->
    "Lankov, From Stalin to Kim Il Sung, page one hundred twenty-seven."
    On top of `normalize`: the note's own number goes, "Ibid." is "Same source", a number
    closing the note is a page, volume/issue/page numbers are named.
    """
    return _pipeline(text, citation=True)
