"""Split prose into sentences without breaking at abbreviations ("U.S.", "N.J.", "pp.", "Dr.").

A boundary is terminal punctuation (. ! ? …), optionally followed by closing quotes or brackets,
then whitespace, then something that can open a sentence. A period after a known abbreviation or a
single initial is not a boundary, unless the abbreviation can also end a sentence ("U.S.", "etc.")
and the next word is one that typically opens one ("However", "The").
"""

from __future__ import annotations

import re

# Abbreviations after which a sentence never ends (titles, citation words, months, "c." = circa).
NEVER_FINAL = {
    "dr", "mr", "mrs", "ms", "prof", "st", "sr", "jr", "rev", "gen", "col", "capt", "lt", "sgt",
    "gov", "sen", "rep", "pres", "hon", "fr", "mt", "ft",
    "c", "ca", "cf", "ed", "eds", "trans", "approx", "vs", "v", "viz", "al", "op", "cit", "ibid",
    "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "est", "dept", "univ", "assn", "bros", "b", "d", "r", "n", "ms", "mss", "repr",
}
# Abbreviations only when a number follows ("no. 1", "pp. 12"); "He said no." ends a sentence.
BEFORE_NUMBER = {"p", "pp", "no", "nos", "vol", "vols", "fig", "figs", "ch", "chap", "art", "sec",
                 "para"}
# Abbreviations that may also end a sentence.
MAYBE_FINAL = {"etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "u.s.a", "a.m", "p.m",
               "d.c", "n.j", "n.y", "jr"}
# Words that, capitalised after such an abbreviation, show a new sentence has begun.
OPENERS = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "there", "here", "however", "but", "and", "so", "yet", "in", "on", "at", "by",
    "for", "from", "with", "after", "before", "during", "when", "while", "as", "if", "although",
    "though", "because", "since", "meanwhile", "moreover", "furthermore", "thus", "therefore",
    "indeed", "still", "then", "his", "her", "their", "our", "my", "one", "some", "many", "most",
    "all", "each", "both", "no", "not", "what", "who", "why", "how", "where", "such", "today",
    "later", "instead", "also", "finally", "first", "second", "nevertheless", "nonetheless",
}

_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9À-ÖØ-Þ])""")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(token: str) -> tuple[bool, bool]:
    """(is an abbreviation, may end a sentence) for the word before a period (period excluded)."""
    word = token.lstrip("(\"'“‘[").lower()
    if word in MAYBE_FINAL:
        return True, True
    if word in NEVER_FINAL:
        return True, False
    if re.fullmatch(r"[a-z]", word):  # an initial: "A. N. Lankov"
        return True, False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # dotted acronyms: "U.S", "e.g"
        return True, True
    return False, False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in `text`, trailing whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _BOUNDARY.finditer(text):
        if m.start() < start:
            continue
        if m.group(1) == ".":
            before = _TOKEN_BEFORE.search(text, start, m.start())
            if before:
                is_abbr, may_end = _is_abbreviation(before.group(1))
                if before.group(1).lstrip("(\"'“‘[").lower() in BEFORE_NUMBER:
                    is_abbr = bool(re.match(r"\s*\d", text[m.end() - len(m.group(3)):]))
                if is_abbr:
                    next_word = re.match(r"[\"'“‘(\[]?(\w+)", text[m.end():])
                    opener = next_word and next_word.group(1).lower() in OPENERS
                    if not (may_end and opener):
                        continue
                if re.search(r"\d$", before.group(1)) and text[m.end():m.end() + 1].isdigit():
                    continue  # "3. 4" inside numbering is rare; keep digits together
        end = m.start() + len(m.group(1)) + len(m.group(2))
        spans.append((start, end))
        start = m.end()
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return [piece for span in spans for piece in _split_leading_aside(text, span)]


def _split_leading_aside(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A parenthesis standing alone before a sentence, "(See chapter 4) Indeed, …", is its own."""
    start, end = span
    if text[start] != "(":
        return [span]
    depth = 0
    for i in range(start, end):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            rest = re.match(r"\s+(?=[\"“‘]?[A-Z])", text[i + 1:end])
            if rest:
                return [(start, i + 1), (i + 1 + rest.end(), end)]
            break
    return [span]
