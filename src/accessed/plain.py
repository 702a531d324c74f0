"""The plain-language edition: each paragraph rewritten, checked for lost facts, glossary terms
explained where the original explains them, editor overrides applied, reading level scored.

Guarantees checked here (and reported, never silently broken):
- every number, date, name and note reference of an original paragraph is in its plain version;
  a rewrite that loses one is refused and the original sentence kept;
- sentences over 25 words and paragraphs above the target grade are listed as problems.
"""

from __future__ import annotations

import re
from typing import Optional

from . import english as en
from . import facts
from .glossary import Glossary
from .model import (Document, NoteRef, Paragraph, PlainEdition, PlainParagraph, PlainSentence,
                    Readability, ScoredPart, TermUse)
from .overrides import Overrides
from .readability import names_in, score
from .rewrite import rewrite_sentence

MAX_WORDS = 25
_MARKER = re.compile(r"\[(\d+)\]")


def _with_markers(text: str, refs: list[NoteRef]) -> str:
    """The sentence with its `[n]` markers put back where they stood."""
    for ref in sorted(refs, key=lambda r: r.offset, reverse=True):
        text = text[:ref.offset] + f"[{ref.number}]" + text[ref.offset:]
    return text


def _lift_markers(marked: str, source_refs: list[NoteRef]) -> tuple[str, list[NoteRef]]:
    """Take `[n]` markers out again, linking each to the note its original reference named."""
    notes = {r.number: r.note_id for r in source_refs}
    clean, refs, pos = [], [], 0
    for m in _MARKER.finditer(marked):
        number = int(m.group(1))
        if number not in notes:
            continue
        clean.append(marked[pos:m.start()])
        refs.append(NoteRef(number=number, offset=len("".join(clean)), note_id=notes[number]))
        pos = m.end()
    clean.append(marked[pos:])
    return "".join(clean).strip(), refs


def _definition(use: TermUse, kind: str) -> list[str]:
    """How the plain edition explains a term, in short full sentences.

    - an abbreviation: "USSR stands for Union of Soviet Socialist Republics." (then the
      definition, unless it only repeats the expansion);
    - a person: "Joseph Stalin, who ruled …" → "Joseph Stalin ruled …"; "Nikita Khrushchev, the
      leader …" → "Nikita Khrushchev was the leader …"; "The founder of …" → "Kim Il-Sung was the
      founder of …" (*was* when the definition speaks in the past — a past verb or an end year
      such as "until 1994" — otherwise *is*);
    - anything else: "Juche means North Korea’s idea …", "Famine means a time when …" (a common
      first word is put in lower case; a name keeps its capital).
    Each sentence then goes through `rewrite_sentence` like body text.
    """
    definition = re.sub(r"\s+", " ", use.definition.strip())
    if use.expansion:
        text = f"{use.term} stands for {use.expansion}."
        if not _strip_article(definition).lower().startswith(_strip_article(use.expansion).lower()):
            text += " " + definition
    elif kind == "person":
        text = _person(use.term, definition)
    else:
        text = f"{use.term} means {_lower_start(definition)}"
    return [s for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text)
            for s in rewrite_sentence(piece).sentences]


_NAME_RUN = re.compile(r"^((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*),\s+(.*)$")
_END_YEAR = re.compile(r"\b(?:until|to|till)\s+(?:his\s+death\s+in\s+|her\s+death\s+in\s+)?"
                       r"(?:the\s+)?(?:early\s+|late\s+)?\d{3,4}s?\b|–\s*\d{4}\b")
_PAST_WORDS = frozenset("was were had died ruled led founded became".split())


def _person(term: str, definition: str) -> str:
    """A person's definition as a sentence about them (see `_definition`)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", definition)}
    past = bool(_END_YEAR.search(definition) or words & _PAST_WORDS or
                any(en.is_verb_form(w, "past") and not en.is_verb_form(w, "base") for w in words))
    verb = "was" if past else "is"
    m = _NAME_RUN.match(definition)
    if m and term.split()[-1] in m.group(1).split():
        name, rest = m.group(1), m.group(2)
        if rest.startswith("who "):
            return f"{name} {rest[4:]}"  # "Joseph Stalin, who ruled …" → "Joseph Stalin ruled …"
        return f"{name} {verb} {_lower_start(rest)}"
    return f"{term} {verb} {_lower_start(definition)}"


def _lower_start(text: str) -> str:
    """Lower-case the first word of a definition placed after "means"/"was", unless it is a name."""
    m = re.match(r"([A-Z][a-z]*)\b(.*)$", text, re.S)
    if not m:
        return text
    word, rest = m.groups()
    if word.lower() in _LOWER_STARTS or _ing(text):
        return word.lower() + rest
    if word.lower() in facts._default_common() and not re.match(r"(?:’s|'s)?\s*[A-Z]", rest):
        return word.lower() + rest  # "Rule of a country …", but "North Korea’s idea …"
    return text


_LOWER_STARTS = frozenset("a an the to in of having being belonging ruling wanting following "
                          "when where how what someone something people".split())


def _ing(definition: str) -> set[str]:
    first = definition.split()[0].lower()
    return {first} if first.endswith("ing") else set()


def _strip_article(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def rewrite_paragraph(paragraph: Paragraph, uses: list[TermUse], glossary: Glossary,
                      explained: set[str]) -> PlainParagraph:
    plain = PlainParagraph(id=paragraph.id, sentences=[], style=paragraph.style)
    see_also: list[PlainSentence] = []
    for sentence in paragraph.sentences:
        original = _with_markers(sentence.text, sentence.note_refs)
        result = rewrite_sentence(original)
        plain.changes += [f"{sentence.id}: {c}" for c in result.changes]
        pieces = result.sentences
        lost = facts.missing(original, " ".join(pieces + result.see_also))
        if lost:
            plain.kept.append(f"{sentence.id}: rewrite lost {', '.join(lost)}; kept the original")
            pieces, result_see_also = [original], []
        else:
            result_see_also = result.see_also
        to_explain = [u for u in uses if u.sentence_id == sentence.id and u.first_use]
        definitions: list[PlainSentence] = []  # after all the pieces of the original sentence
        for piece in pieces:
            text, refs = _lift_markers(piece, sentence.note_refs)
            if not text:
                continue
            text, refs, fixed = _correct_typos(text, refs, glossary)
            plain.changes += [f"{sentence.id}: corrected {f}" for f in fixed]
            plain.sentences.append(PlainSentence(
                text=text, source=sentence.id, note_refs=refs,
                terms=_terms(text, sentence.id, glossary, to_explain, explained)))
            for use in plain.sentences[-1].terms:
                if use.first_use:
                    kind = glossary.get(use.term).kind if glossary.get(use.term) else "term"
                    definitions += [PlainSentence(text=line, source=sentence.id,
                                                  kind="definition")
                                    for line in _definition(use, kind)]
        plain.sentences += definitions
        see_also += [PlainSentence(text=line, source=sentence.id, kind="see-also")
                     for line in result_see_also]
    plain.sentences += see_also
    return plain


def _marked(sentences) -> str:
    return " ".join(_with_markers(s.text, s.note_refs) for s in sentences)


def paragraph_facts_lost(paragraph: Paragraph, plain: PlainParagraph,
                         glossary: Glossary) -> list[str]:
    """Facts of the original paragraph (known typos corrected) missing from its plain version."""
    original = _correct_typos(_marked(paragraph.sentences), [], glossary)[0]
    return facts.missing(original, _marked(plain.sentences))


def _correct_typos(text: str, refs: list[NoteRef], glossary: Glossary):
    """Known misspellings (glossary `typos`) replaced by the headword; note offsets follow."""
    fixed = []
    for m in sorted((m for m in glossary.find(text) if m.typo), key=lambda m: -m.start):
        right = m.entry.term + m.matched[len(m.form):] if m.matched.startswith(m.form) else \
            m.entry.term
        shift = len(right) - (m.end - m.start)
        text = text[:m.start] + right + text[m.end:]
        refs = [NoteRef(r.number, r.offset + shift if r.offset >= m.end else r.offset, r.note_id)
                for r in refs]
        fixed.append(f"“{m.matched}” to “{right}”")
    return text, refs, fixed


def _terms(text: str, source: str, glossary: Glossary, to_explain: list[TermUse],
           explained: set[str]) -> list[TermUse]:
    """Glossary terms in a plain sentence; explained here if the original explains them here."""
    uses = []
    for m in glossary.find(text):
        term = m.entry.term
        first = term not in explained and any(u.term == term for u in to_explain)
        if first:
            explained.add(term)
        uses.append(TermUse(sentence_id=source, start=m.start, end=m.end, term=term,
                            matched=m.matched, first_use=first, definition=m.entry.definition,
                            spoken=m.spoken(first_use=first), expansion=m.entry.expansion))
    return uses


def make_plain(doc: Document, glossary: Glossary, overrides: Optional[Overrides] = None,
               target_grade: float = 8.0, count_names: bool = False) -> PlainEdition:
    edition = PlainEdition(paragraphs=[], target_grade=target_grade, count_names=count_names)
    explained: set[str] = set()
    for paragraph in doc.chapter.paragraphs:
        plain = rewrite_paragraph(paragraph, doc.term_uses, glossary, explained)
        if overrides:
            plain = overrides.apply(paragraph, plain, edition.problems)
        lost = paragraph_facts_lost(paragraph, plain, glossary)
        if lost:
            edition.problems.append(f"{paragraph.id}: the plain version lacks {', '.join(lost)}")
        edition.paragraphs.append(plain)
    if overrides:
        edition.problems += overrides.unused_problems()
    edition.readability = _score(edition, glossary)
    _check_targets(edition)
    return edition


def _score(edition: PlainEdition, glossary: Glossary) -> Readability:
    body = [p for p in edition.paragraphs if p.style == "body"]

    def texts(paragraphs):
        return [s.text for p in paragraphs for s in p.sentences if s.kind != "see-also"]

    left_out, names = names_in(" ".join(texts(body)), glossary.vocabulary(), glossary.names())
    return Readability(
        chapter=score(texts(body), names), sections=[],
        paragraphs=[ScoredPart(p.id, score(texts([p]), names)) for p in body],
        sentences=[], names=left_out)


def is_verbatim_quotation(text: str) -> bool:
    """A sentence that is one quotation and nothing else (“…”, "…", ‘…’), as `rewrite` sets a
    quotation apart; such a sentence keeps its words and is exempt from the word limit."""
    text = _MARKER.sub("", text).strip()
    spans = en._quote_spans(text)
    return len(spans) == 1 and spans[0][0] == 0 and not text[spans[0][1]:].strip(" .!?")


def _check_targets(edition: PlainEdition) -> None:
    for paragraph in edition.paragraphs:
        for sentence in paragraph.sentences:
            words = len(sentence.text.split())
            if words > MAX_WORDS and sentence.kind == "body":
                if is_verbatim_quotation(sentence.text):
                    # quotations stay verbatim: reported, but not counted against the limit
                    edition.problems.append(
                        f"{sentence.source}: a verbatim quotation of {words} words (kept as "
                        f"quoted; exempt from the {MAX_WORDS}-word limit)")
                else:
                    edition.problems.append(
                        f"{sentence.source}: a sentence of {words} words (limit {MAX_WORDS})")
    # the target is a reading level as WCAG 2.2 SC 3.1.5 measures it, proper names left out,
    # unless the edition counts them
    for part in edition.readability.paragraphs:
        if edition.grade(part.scores) > edition.target_grade:
            edition.problems.append(f"{part.id}: {_grade_text(edition, part.scores)} is above "
                                    f"the target {edition.target_grade:g}")
    chapter = edition.readability.chapter
    if edition.grade(chapter) > edition.target_grade:
        edition.problems.append(f"chapter: {_grade_text(edition, chapter)} is above the target "
                                f"{edition.target_grade:g}")


def _grade_text(edition: PlainEdition, scores) -> str:
    if edition.count_names:
        return (f"grade {scores.flesch_kincaid_grade:g} counting proper names "
                f"({scores.grade_without_names:g} without them)")
    return (f"grade {scores.grade_without_names:g} without proper names "
            f"({scores.flesch_kincaid_grade:g} with them)")
