"""Suggest glossary entries a chapter still needs, ranked, with stubs ready to paste.

Signals, each adding to a candidate's score: the text defines the word itself (`Juche, meaning
“self-reliance”`), the text names it (`known as structuralism`), the author put a short phrase in
quotes (`Khrushchev’s “secret speech”`), an acronym, a capitalised name, and rarity in everyday
English (wordfreq's Zipf scale, from data inside the wheel: nothing is downloaded). Words the
glossary already matches, URLs and citations are skipped.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Optional

from wordfreq import zipf_frequency

from .glossary import Glossary, blocked_spans, chapter_texts, normalise
from .model import Chapter

RARE = 3.6  # a word rarer than this (Zipf) is a candidate; 3 ≈ once per million words
RARE_NAME = 4.0  # a name rarer than this (Zipf of the whole name)
WORD = r"[^\W\d_](?:[\w’'\-]*[^\W_])?"
_WORD = re.compile(WORD)
_ACRONYM = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}"  # U.S., U.S.S.R.
                      r"|(?<![\w’'\-])[A-Z]{2,}[0-9]*(?=(?:s|['’]s)?(?![\w’'\-]))")  # USSR, G7
_ROMAN = re.compile(r"(?=[MDCLXVI]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})")
_QUOTED = re.compile(r"[“\"]([^“”\"]{2,60}?)[,.;:!?]?[”\"]")
_GLOSS = re.compile(r",?\s*(?:\(\s*)?(?:meaning|which means|that is|i\.e\.,?)\s*"
                    r"[“\"]([^“”\"]{2,80}?)[,.;]?[”\"]")
_PAREN_GLOSS = re.compile(r"\s*\(\s*[“\"]([^“”\"]{2,80}?)[”\"]\s*\)")
_NAMING = re.compile(r"\b(?:called|named|termed|known as|referred to as|dubbed)\s+[“\"]?"
                     rf"((?:the |a |an )?{WORD}(?:\s+{WORD}){{0,2}})", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"['’]s?$")
CONNECTORS = {"of", "de", "du", "la", "le", "von", "van", "der", "den", "al", "bin"}
NAMING_WORDS = {"called", "named", "termed", "dubbed", "as", "meaning", "means"}
FUNCTION_WORDS = {
    "a", "an", "the", "this", "that", "these", "those", "in", "on", "at", "by", "for", "from",
    "with", "to", "of", "as", "after", "before", "during", "through", "since", "until", "when",
    "while", "if", "although", "though", "because", "but", "and", "or", "so", "yet", "however",
    "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my", "your",
    "there", "here", "each", "every", "some", "many", "most", "all", "both", "no", "not", "what",
    "who", "why", "how", "where", "such", "one", "two", "then", "also", "even", "still", "thus",
}


@dataclass
class Suggestion:
    term: str  # as first written in the chapter
    score: float
    reason: str  # why it was suggested, most telling first
    kind: str = "term"  # a guess: term | name | abbreviation
    count: int = 1  # uses in the chapter
    sentence_id: str = ""  # where it first appears
    gloss: Optional[str] = None  # the chapter's own explanation, a draft definition
    typo_of: Optional[str] = None  # a more used spelling this one probably misspells


@dataclass
class _Candidate:
    term: str
    sentence_id: str
    kind: str = "term"
    count: int = 0
    signals: dict[str, tuple[float, str]] = field(default_factory=dict)  # kind → (score, reason)
    gloss: Optional[str] = None
    typo_of: Optional[str] = None

    def add(self, signal: str, score: float, reason: str) -> None:
        if signal not in self.signals or score > self.signals[signal][0]:
            self.signals[signal] = (score, reason)


def suggest(chapter: Chapter, glossary: Optional[Glossary] = None,
            limit: int = 15) -> list[Suggestion]:
    """Candidates for the glossary from the chapter's body and captions, best first."""
    glossary = glossary or Glossary()
    found: dict[str, _Candidate] = {}

    def candidate(term: str, sentence_id: str, kind: str = "term") -> Optional[_Candidate]:
        term = _POSSESSIVE_END.sub("", term.strip(" -’'"))
        if not term or _covers(glossary, term):
            return None
        key = _key(term)
        if key not in found:
            found[key] = _Candidate(term, sentence_id, kind)
        return found[key]

    units = [(unit_id, _mask(text, glossary)) for _, unit_id, text in chapter_texts(chapter)]
    names = set().union(*(_mid_sentence_capitals(text) for _, text in units))
    for unit_id, text in units:
        _definitions(text, unit_id, candidate)
        _quoted(text, unit_id, candidate)
        _acronyms(text, unit_id, candidate)
        _words_and_names(text, unit_id, candidate, names)
    _merge_surnames(found)
    _typos(found)

    suggestions = []
    for cand in found.values():
        if not cand.signals:
            continue
        ranked = sorted(cand.signals.values(), key=lambda item: -item[0])
        cand.count = max(cand.count, 1)
        score = sum(points for points, _ in ranked) + 0.4 * math.log2(cand.count)
        reason = "; ".join(r for _, r in ranked)
        if cand.count > 1:
            reason += f"; used {cand.count} times"
        suggestions.append(Suggestion(cand.term, round(score, 2), reason, cand.kind, cand.count,
                                      cand.sentence_id, cand.gloss, cand.typo_of))
    suggestions.sort(key=lambda s: (-s.score, s.term.casefold()))
    return suggestions[:limit]


def _key(term: str) -> str:
    """Groups spellings of one candidate: case, hyphens, plural -s and -es alike."""
    key = normalise(term).replace(".", "")
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 4 and key.endswith(("ches", "shes", "sses", "xes")):
        return key[:-2]
    if len(key) > 3 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


def _covers(glossary: Glossary, term: str) -> bool:
    return any(m.start == 0 and m.end == len(term) for m in glossary.find(term))


def _mask(text: str, glossary: Glossary) -> str:
    """The text with glossary matches, URLs and citations blanked out (same length)."""
    spans = [(m.start, m.end) for m in glossary.find(text)] + blocked_spans(text)
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _zipf(word: str) -> float:
    """Zipf frequency of a word or phrase; for a word, of its most common simple base form."""
    word = _POSSESSIVE_END.sub("", word.replace("’", "'").lower())
    forms = [word]
    if " " not in word:
        for ending, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                                    ("ing", ""), ("ing", "e"), ("ly", "")):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                forms.append(word[:-len(ending)] + replacement)
    return max(zipf_frequency(f, "en") for f in forms)


def _rarity(zipf: float, threshold: float = RARE) -> float:
    """Points for being rarer than `threshold` (0 when not)."""
    return round((threshold + 0.4 - zipf) * 1.2, 2) if zipf < threshold else 0.0


def _definitions(text: str, unit_id: str, candidate) -> None:
    """Terms the text explains itself: `X, meaning “…”`, `X (“…”)`, `called X`."""
    for pattern in (_GLOSS, _PAREN_GLOSS):
        for m in pattern.finditer(text):
            term = _term_before(text[:m.start()])
            if term:
                cand = candidate(term, unit_id)
                if cand:
                    cand.gloss = cand.gloss or m.group(1).strip()
                    cand.add("defined", 3.0, f"defined in the text (“{m.group(1).strip()}”)")
    for m in _NAMING.finditer(text):
        term = re.sub(r"^(?:the|a|an)\s+", "", m.group(1), flags=re.IGNORECASE)
        term = re.split(r"\s+(?:and|or|but|in|on|by|as|that|which|to|with|for|is|was)\b", term)[0]
        if _zipf(term) < 5.5:  # "called it", "known as one" name nothing
            cand = candidate(term, unit_id)
            if cand:
                cand.add("named", 1.5, "named in the text")


def _term_before(prefix: str) -> Optional[str]:
    """The term a gloss explains: the words after "called …", a capitalised run, or one word."""
    prefix = prefix.rstrip(" ,")
    naming = list(_NAMING.finditer(prefix))
    if naming and naming[-1].end() >= len(prefix.rstrip("”\"")):
        return naming[-1].group(1).strip("“”\"")
    words = list(_WORD.finditer(prefix))
    if not words or words[-1].end() < len(prefix.rstrip("”\"")) or \
            words[-1].group().lower() in NAMING_WORDS | FUNCTION_WORDS:
        return None  # the term itself is masked (already in the glossary) or not a word
    run = [words[-1]]
    if words[-1].group()[0].isupper():
        for w in reversed(words[:-1]):
            if w.group()[0].isupper() and prefix[w.end():run[0].start()].strip() == "":
                run.insert(0, w)
            else:
                break
    return prefix[run[0].start():run[-1].end()]


def _quoted(text: str, unit_id: str, candidate) -> None:
    """Short phrases the author put in quotation marks (scare quotes name a concept)."""
    for m in _QUOTED.finditer(text):
        phrase = re.sub(r"^(?:the|a|an)\s+", "", m.group(1).strip(), flags=re.IGNORECASE)
        words = _WORD.findall(phrase)
        if not 1 <= len(words) <= 4 or re.search(r"[^\w\s’'\-]", phrase):
            continue  # a real quotation, a title, or a word with punctuation
        if text[max(0, m.start() - 12):m.start()].rstrip().endswith(("meaning", "means", "(")):
            continue  # a gloss, not a term
        cand = candidate(phrase, unit_id)
        if cand:
            cand.count += 1
            several = len(words) > 1
            cand.add("quoted", 2.5 if several else 1.5,
                     "in quotation marks" + (", several words" if several else ""))
            zipf = _zipf(phrase) if len(words) == 1 else _name_zipf(phrase)
            if _rarity(zipf):
                cand.add("rare", _rarity(zipf), f"rare (Zipf {zipf:.1f})")


def _acronyms(text: str, unit_id: str, candidate) -> None:
    if _shouting(text):
        return
    for m in _ACRONYM.finditer(text):
        token = m.group()
        if _ROMAN.fullmatch(token.replace(".", "")):
            continue
        cand = candidate(token, unit_id, "abbreviation")
        if cand:
            cand.count += 1
            cand.add("abbreviation", 2.5, "abbreviation")


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _capitalised(token: str) -> bool:
    return token[0].isupper() and not token.isupper()


def _words_and_names(text: str, unit_id: str, candidate, names: set[str]) -> None:
    """Rare words, and runs of capitalised words (names).

    A capitalised first word of a sentence starts a name only if the chapter also capitalises it
    elsewhere (`names`) or a capitalised word follows it ("North Korea was …").
    """
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        token = _POSSESSIVE_END.sub("", words[i].group())
        at_start = i == 0
        run = _name_run(text, words, i) if _capitalised(token) else []
        if run and at_start and len(run) == 1 and token not in names:
            run = []
        while run and run[0].group().lower() in FUNCTION_WORDS:
            run = run[1:]  # "The Soviet Union" → "Soviet Union"
        if run:
            if len(run) <= 4:  # longer runs are titles of works
                _name(text[run[0].start():run[-1].end()], unit_id, candidate)
            i = words.index(run[-1]) + 1
            continue
        if not token.isupper() and len(token) >= 4 and not any(c.isdigit() for c in token):
            _word(token.lower() if at_start else token, unit_id, candidate)
        i += 1


def _name_run(text: str, words: list, i: int) -> list:
    """The capitalised words from `words[i]` on, joined by single spaces or connectors."""
    run = [words[i]]
    j = i + 1
    while j < len(words) and not _POSSESSIVE_END.search(run[-1].group()) and \
            text[run[-1].end():words[j].start()] == " ":
        nxt = words[j].group()
        if _capitalised(nxt) or (nxt in CONNECTORS and j + 1 < len(words)
                                 and _capitalised(words[j + 1].group())):
            run.append(words[j])
            j += 1
        else:
            break
    while run[-1].group() in CONNECTORS:
        run.pop()
    return run


def _mid_sentence_capitals(text: str) -> set[str]:
    return {_POSSESSIVE_END.sub("", w) for w in _WORD.findall(text)[1:] if _capitalised(w)}


def _name_zipf(name: str) -> float:
    """A name is as rare as its rarest part ("Kim Il-Sung": "Sung")."""
    parts = [p for p in re.split(r"[\s\-‐‑]+", _POSSESSIVE_END.sub("", name))
             if p and p.lower() not in CONNECTORS]
    return min((_zipf(p) for p in parts), default=8.0)


def _name(name: str, unit_id: str, candidate) -> None:
    is_name = not re.search(r"(?:ism|ist|ists)$", name)  # "Stalinist" is a word, capitalised
    cand = candidate(name, unit_id, "name" if is_name else "term")
    if not cand:
        return
    cand.count += 1
    zipf = _name_zipf(name)
    several = bool(re.search(r"[\s\-‐‑]", name))
    if zipf < RARE_NAME:
        label = "name" if is_name else "capitalised word"
        label += " of several words" if several else ""
        cand.add("name", 1.0 if several else 0.5, label)
        cand.add("rare", _rarity(zipf, RARE_NAME), f"rare (Zipf {zipf:.1f})")


def _word(word: str, unit_id: str, candidate) -> None:
    zipf = _zipf(word)
    if zipf >= RARE:
        return
    cand = candidate(word, unit_id)
    if cand:
        cand.count += 1
        cand.add("rare", _rarity(zipf), f"rare word (Zipf {zipf:.1f})")


def _merge_surnames(found: dict[str, "_Candidate"]) -> None:
    """Count "Derrida" with "Jacques Derrida" when the chapter names only one Derrida."""
    names = [c for c in found.values() if c.kind == "name"]
    for single in [c for c in names if " " not in c.term and c.signals]:
        full = [c for c in names if " " in c.term and _key(c.term).split()[-1] == _key(single.term)]
        if len(full) == 1:
            full[0].count += single.count
            for signal, (points, reason) in single.signals.items():
                full[0].add(signal, points, reason)
            del found[_key(single.term)]


def _typos(found: dict[str, "_Candidate"]) -> None:
    """Mark a rarely used name one letter away from a more used one ("Kim Jong-II" / "Jong Il")."""
    names = [c for c in found.values() if c.kind == "name"]
    for cand in names:
        for other in names:
            if other is not cand and other.count > cand.count and \
                    _one_letter_apart(_key(cand.term), _key(other.term)):
                cand.typo_of = other.term
                cand.add("typo", 0.0, f"looks like a misspelling of “{other.term}”")


def _one_letter_apart(a: str, b: str) -> bool:
    if len(a) != len(b) or len(a) < 5:
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


def to_yaml(suggestions: list[Suggestion]) -> str:
    """Glossary stubs to paste under `terms:`; empty definitions must be written before use."""
    lines = ["# Suggested by accessed: keep what readers need, write each definition as one",
             "# plain sentence (grade 6-8), check facts, and delete the rest.", "terms:"]
    for s in suggestions:
        lines.append(f"  - term: {_quote(s.term)}")
        if s.typo_of:
            lines.append(f"    # looks like a misspelling of {_quote(s.typo_of)}: rather add it"
                         " under `typos:` of that entry")
        if s.kind == "abbreviation":
            lines += ["    kind: abbreviation", '    expansion: ""  # what it stands for',
                      "    speak_as: letters  # or: word"]
        elif s.kind == "name":
            lines.append("    kind: person  # or: place, organisation, term")
        if s.gloss:
            draft = s.gloss[0].upper() + s.gloss[1:]
            draft += "" if draft.endswith((".", "!", "?")) else "."
            lines.append(f"    definition: {_quote(draft)}  # the text's own gloss: a draft")
        else:
            lines.append('    definition: ""  # to write')
        lines.append(f"    # why: {s.reason} (first in {s.sentence_id})")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
