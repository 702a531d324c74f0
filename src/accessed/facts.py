"""Fact check for the plain-language edition: what must survive a rewrite.

`facts(text)` collects the checkable facts of a passage: numbers (years, dates, percentages,
money, ordinals, version numbers), number words, proper names and note markers `[n]`.
`missing(original, plain)` lists what the plain text lost; `added(original, plain)` lists note
markers the plain text has more often than the original (a duplicated citation).

Proper names are capitalised words (and runs of them: "Kim Il-Sung", "The Kim Family Dynasty of
North Korea", "USSR") that are not at the start of a sentence. A capitalised word at the start of
a sentence, after a colon or after an opening quotation mark is a name only if it is not a common
word (closed-class words, common verbs, the lexicon's hard words) and the text does not also use
it in lower case; such words are compared without regard to case, so "Furthermore" → "Also" is
not a lost fact, while "Stalin gave him the green light" keeps "Stalin" checked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from . import english

MARKER_RE = re.compile(r"(?<!\s)\[(?:\d+|citation needed)\]")  # "(Olson [2011] 2014)" is no marker
MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
_MONTH_RE = "|".join(MONTHS)
DATE_RE = re.compile(
    rf"\b(?:(?:{_MONTH_RE})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|\d{{1,2}} (?:{_MONTH_RE})\.?(?:,? \d{{4}})?"
    rf"|(?:{_MONTH_RE}) \d{{4}})\b"
)
NUMBER_RE = re.compile(r"(?:US)?\$?\d+(?:[.,:]\d+)*(?:%|(?:st|nd|rd|th|s)\b)?")
YEAR_RE = re.compile(r"(?<![\d.,$])(1[0-9]{3}|20[0-9]{2})(?:s)?(?![\d%])")
PERCENT_RE = re.compile(r"\d+(?:\.\d+)?(?:\s?%|\s?percent\b|\s?per cent\b)")
MONEY_RE = re.compile(
    r"(?:US)?\$\d+(?:[.,]\d+)*(?:\s(?:thousand|million|billion|trillion))?"
    r"|\d+(?:[.,]\d+)*\s(?:dollars|euros|pounds|yen|won|rubles|roubles)\b"
)
NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion dozen half third fourth fifth sixth seventh "
    "eighth ninth tenth twice"
).split()
NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
# lower-case words allowed inside a multiword name ("Kim Family Dynasty of North Korea")
NAME_LINKS = frozenset("of de da del della di du von van der den la le al bin ibn y".split())
_TOKEN_RE = re.compile(r"\S+")
# a token that ends a run of capitalised words: punctuation after it, or a possessive
_BREAK_RE = re.compile(r"(?:[.,;:!?)”\"—]|’s|'s|’|')$")
_CLOSERS = "\"”’')]"
_OPENERS = "\"“‘'(["


@dataclass
class Facts:
    numbers: list[str] = field(default_factory=list)  # every numeric token, in order
    years: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    percentages: list[str] = field(default_factory=list)
    money: list[str] = field(default_factory=list)
    number_words: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # distinct, in order of first use
    loose_names: list[str] = field(default_factory=list)  # sentence-initial: compared caselessly
    markers: list[str] = field(default_factory=list)  # every `[n]`, in order, repeats kept


@lru_cache(maxsize=1)
def _default_common() -> frozenset[str]:
    from . import lexicon  # late import: the lexicon is only needed for this word list

    words = set()
    for group in (
        english.DETERMINERS, english.SUBJECT_PRONOUNS, english.DEMONSTRATIVE_SUBJECTS,
        english.OBJECT_PRONOUNS, english.PREPOSITIONS, english.COORDINATORS,
        english.SUBORDINATORS, english.RELATIVES, english.AUXILIARIES, english.ADVERBS,
        english.NEGATIONS, english.ING_PREPOSITIONS, english.COMMON_STARTERS,
    ):
        words |= group
    words |= set(english._verb_index())
    words |= lexicon.default_lexicon().surface_words()
    return frozenset(words)


def _strip(token: str) -> str:
    core = token.strip(_OPENERS + _CLOSERS + ".,;:!?—–")
    core = re.sub(r"(’s|'s|’|')$", "", core)
    return core


def _is_capitalised(core: str) -> bool:
    return bool(core) and core[0].isupper()


def _is_strong(core: str) -> bool:
    """Shape alone says 'name': acronyms (USSR), inner capitals (Il-Sung, OkCupid, SeaMonkey)."""
    letters = re.sub(r"[^A-Za-z]", "", core)
    if len(letters) >= 2 and letters.isupper():
        return True
    return bool(re.search(r"[a-z][A-Z]|-[A-Z]", core))


def _starts(tokens: list[str]) -> list[bool]:
    """Whether each token stands where a capital is expected anyway (sentence start etc.)."""
    out = []
    prev = None
    aside = False  # inside a parenthesis that stands alone between two sentences
    for tok in tokens:
        if prev is None:
            start = True
        elif aside and prev.endswith(")"):
            # "… policy. (More about him in …) Indeed, he …": a new sentence after the aside
            start, aside = True, False
        else:
            # after any word ending in a full stop a capital may start a sentence ("…by the
            # U.S. However, …"); such words are still checked, only caselessly
            p = prev.rstrip(_CLOSERS)
            start = bool(re.search(r"[.!?:]$", p))
        if start and tok.startswith("(") and not tok.endswith(")"):
            aside = True
        if tok[:1] in "“\"‘":  # a quotation may start with a capital
            start = True
        out.append(start)
        prev = tok
    return out


def _names(text: str, common: frozenset[str]) -> tuple[list[str], list[str]]:
    tokens = _TOKEN_RE.findall(text)
    starts = _starts(tokens)
    cores = [_strip(t) for t in tokens]
    mid_caps = {c for c, s in zip(cores, starts) if _is_capitalised(c) and not s}
    lower_seen = {c for c in cores if c and c[0].islower()}
    strict: list[str] = []
    loose: list[str] = []
    i = 0
    while i < len(tokens):
        if not _is_capitalised(cores[i]) or cores[i] == "I":
            i += 1
            continue
        group = [i]
        j = i
        # extend while the token itself does not end with punctuation that breaks the run
        while j + 1 < len(tokens) and not _BREAK_RE.search(tokens[j]):
            nxt = cores[j + 1]
            if tokens[j + 1][:1] in _OPENERS:
                break  # "AOL (Netscape's parent company)": a parenthesis ends the name
            if _is_capitalised(nxt) and not starts[j + 1]:
                j += 1
                group.append(j)
            elif (
                nxt in NAME_LINKS
                and j + 2 < len(tokens)
                and _is_capitalised(cores[j + 2])
                and tokens[j + 2][:1] not in _OPENERS
                and not re.search(r"[.,;:!?)]$", tokens[j + 1])
            ):
                j += 2
                group.extend([j - 1, j])
            else:
                break
        # drop sentence-initial function words ("The Soviet Union", "In Freud's")
        while len(group) > 1 and starts[group[0]] and cores[group[0]].lower() in common:
            group = group[1:]
        while len(group) > 1 and cores[group[-1]] in NAME_LINKS:
            group = group[:-1]
        words = [cores[k] for k in group]
        name = " ".join(words)
        if len(group) > 1 or not starts[group[0]] or _is_strong(words[0]):
            if name not in strict:
                strict.append(name)
        else:
            w = words[0]
            if w.lower() in common:
                pass
            elif w in mid_caps:
                if w not in strict:
                    strict.append(w)
            elif w.lower() in lower_seen:
                pass
            elif w not in loose:
                loose.append(w)
        i = j + 1
    return strict, loose


def facts(text: str, common_words: frozenset[str] | None = None) -> Facts:
    """The checkable facts of a passage (see the module docstring)."""
    common = common_words if common_words is not None else _default_common()
    markers = MARKER_RE.findall(text)
    clean = MARKER_RE.sub("", text)
    strict, loose = _names(clean, common)
    return Facts(
        numbers=NUMBER_RE.findall(clean),
        years=YEAR_RE.findall(clean),
        dates=DATE_RE.findall(clean),
        percentages=PERCENT_RE.findall(clean),
        money=MONEY_RE.findall(clean),
        number_words=[w.lower() for w in NUMBER_WORD_RE.findall(clean)],
        names=strict,
        loose_names=loose,
        markers=markers,
    )


# Korean(s), Stalinist(s), Israeli: told by the ending, so a few names ("Japan") count as
# words too; that errs on the strict side
_PROPER_ADJECTIVE_RE = re.compile(r"(?:ans?|ese|ish|ic|ists?|i)$")
_PROPER_ADJECTIVES = frozenset("French Dutch Swiss Greek Thai Czech Welsh Scots Inuit Maori Lao".split())
_CALENDAR = frozenset(MONTHS) | frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9.&]+s?")


def proper_names(text: str, vocabulary: Iterable[str] = (), names: Iterable[str] = ()) -> list[str]:
    """The proper names of a passage, for a reading level "after removal of proper names" (WCAG
    2.2 SC 3.1.5), longest first.

    These are the names the fact check finds, less what a reader still has to read as words:
    proper adjectives ("Korean", "North Korean", "Stalinist", "French"), months and days,
    acronyms not known to be names ("HTML", "PR") and the `vocabulary` (glossary terms such as
    "Juche"). `names` adds names known from elsewhere (the glossary's people, places and
    organisations)."""
    keep = {v.casefold() for v in vocabulary}
    known = {n for n in names if n}
    found = set()
    for name in _names(MARKER_RE.sub("", text), _default_common())[0]:
        last = re.split(r"[\s-]", name)[-1]
        if name.casefold() in keep or name in _CALENDAR:
            continue  # a glossary term, or a month or day: words the reader has to read
        if _PROPER_ADJECTIVE_RE.search(last) or last in _PROPER_ADJECTIVES:
            continue
        if _ACRONYM_RE.fullmatch(name) and name not in known:
            continue
        found.add(name)
    found |= {n for n in known if _contains(text, n)}
    return sorted(found, key=lambda n: (-len(n), n))


def _contains(haystack: str, needle: str, caseless: bool = False) -> bool:
    pattern = r"(?<![\w-])" + re.escape(needle).replace(r"\ ", r"\s+") + r"(?![\w-])"
    return re.search(pattern, haystack, re.IGNORECASE if caseless else 0) is not None


def _normalise(text: str) -> str:
    return MARKER_RE.sub("", text).replace("'", "’")


def missing(original_text: str, plain_text: str) -> list[str]:
    """What the plain text lost: note markers, numbers, number words and names, one line each."""
    before = facts(original_text)
    after = facts(plain_text)
    lost: list[str] = []
    for marker, n in (Counter(before.markers) - Counter(after.markers)).items():
        lost.extend([f"note marker {marker}"] * n)
    for number, n in (Counter(before.numbers) - Counter(after.numbers)).items():
        lost.extend([f"number {number}"] * n)
    for word, n in (Counter(before.number_words) - Counter(after.number_words)).items():
        lost.extend([f"number word '{word}'"] * n)
    plain = _normalise(plain_text)
    for name in before.names:
        if not _contains(plain, name.replace("'", "’")):
            lost.append(f"name '{name}'")
    for name in before.loose_names:
        if not _contains(plain, name.replace("'", "’"), caseless=True):
            lost.append(f"name '{name}'")
    return lost


def added(original_text: str, plain_text: str) -> list[str]:
    """Note markers the plain text carries more often than the original (duplicated claims)."""
    extra = Counter(MARKER_RE.findall(plain_text)) - Counter(MARKER_RE.findall(original_text))
    return [f"note marker {m} duplicated" for m, n in extra.items() for _ in range(n)]
