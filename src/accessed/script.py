"""The speech script: what the narrator says, in order, for one edition of a chapter.

Conventions (the same in every chapter, after the US NLS / DAISY habit of announcing skippable
structures and closing them):
- Opening credits: book, "Chapter 18.", title, "By <author>.", the edition, synthetic narration.
- Headings are read as they are. Figures: "Image: <alt>. Caption: <caption>. <credit>."
- A note is an aside in the aside voice, right after the sentence that cites it (or after the
  paragraph, at the end of the chapter, or not at all): "Note 3. <note>. End of note."
  A note cited again is only named: "See note 3."
- A glossary term explained on first use: "<Term>: <definition>" as an aside (original edition;
  the plain edition has the definition in its text).
- The bibliography is its own track, its entries made listenable. Closing credits: the licence,
  spoken, then "End of chapter 18."
Note markers are never read; every text goes through `normalize` (speech forms) first.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from .glossary import Glossary
from .model import (Chapter, Document, Figure, Note, NoteRef, Paragraph, PlainParagraph, Script,
                    TermUse, Utterance)
from .normalize import normalize, speak_citation

NOTE_PLACEMENTS = ("sentence", "paragraph", "chapter", "off")
EDITIONS = ("original", "plain")


class _Writer:
    """Collects utterances with running ids."""

    def __init__(self, edition: str):
        self.script = Script(edition=edition)

    def say(self, kind: str, text: str, *, role: str = "narrator", part: str = "chapter",
            block: Optional[str] = None, section: Optional[str] = None,
            source: Optional[str] = None, display: Optional[str] = None) -> None:
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            return
        text = text[0].upper() + text[1:]
        self.script.utterances.append(Utterance(
            id=f"u{len(self.script.utterances) + 1:04d}", kind=kind, role=role, text=text,
            part=part, block=block, section=section, source=source, display=display))


def build_script(doc: Document, edition: str, notes: str = "sentence",
                 glossary: Optional[Glossary] = None) -> Script:
    if notes not in NOTE_PLACEMENTS:
        raise ValueError(f"notes must be one of {NOTE_PLACEMENTS}")
    chapter = doc.chapter
    glossary = glossary or Glossary()
    out = _Writer(edition)
    _opening(out, chapter, edition)
    notes_read: set[str] = set()
    pending_chapter_notes: list[NoteRef] = []
    uses = _uses_by_sentence(doc.term_uses)
    for section in chapter.sections:
        if section.heading:
            out.say("heading", _sentence(_speakable(section.heading, glossary)), block=section.id,
                    section=section.id, source=section.id, display=section.heading)
        for block in section.blocks:
            if isinstance(block, Figure):
                _figure(out, block, section.id, glossary)
                continue
            plain = doc.plain.paragraph(block.id) if edition == "plain" and doc.plain else None
            paragraph_notes: list[NoteRef] = []
            waiting: list[NoteRef] = []  # notes of the sentence being read (plain: all its pieces)
            current = None
            for text, source, refs, terms in _sentences(block, plain, uses):
                if source != current and notes == "sentence":
                    _asides(out, chapter, waiting, notes_read, block.id, section.id)
                    waiting = []
                current = source
                spoken = _spoken(text, terms) if terms else _speakable(text, glossary)
                out.say("body", _sentence(spoken), block=block.id, section=section.id,
                        source=source, display=text)
                if edition == "original":
                    for use in terms:
                        if use.first_use:
                            label = _speakable(use.term, glossary)
                            definition = _speakable(use.definition, glossary)
                            out.say("aside", f"{label}: {_sentence(definition)}", role="aside",
                                    block=block.id, section=section.id,
                                    source=f"glossary:{use.term}")
                if notes == "sentence":
                    waiting += refs
                else:
                    paragraph_notes += refs
            _asides(out, chapter, waiting, notes_read, block.id, section.id)
            if notes == "paragraph":
                _asides(out, chapter, paragraph_notes, notes_read, block.id, section.id)
            elif notes == "chapter":
                pending_chapter_notes += paragraph_notes
    if notes == "chapter" and pending_chapter_notes:
        out.say("heading", "Notes.", block="notes", source="notes")
        _asides(out, chapter, pending_chapter_notes, notes_read, "notes", None)
    _bibliography(out, chapter)
    _closing(out, chapter)
    return out.script


def _opening(out: _Writer, chapter: Chapter, edition: str) -> None:
    lines = []
    if chapter.book_title:
        lines.append(_sentence(chapter.book_title))
    if chapter.number:
        lines.append(f"Chapter {chapter.number}.")
    lines.append(_sentence(chapter.title))
    if chapter.author:
        lines.append(f"By {_sentence(chapter.author)}")
    lines.append("Plain-language edition." if edition == "plain" else "Original text.")
    lines.append("Narrated by a synthetic voice.")
    for line in lines:
        out.say("credits", normalize(line), part="opening", block="opening", display=line)


def _closing(out: _Writer, chapter: Chapter) -> None:
    if chapter.licence:
        licence = re.sub(r"©", "copyright", chapter.licence)
        out.say("credits", speak_citation(licence), part="closing", block="closing",
                display=chapter.licence)
    ending = f"End of chapter {chapter.number}." if chapter.number else \
        f"End of {chapter.title}."
    out.say("credits", normalize(ending), part="closing", block="closing", display=ending)


def _figure(out: _Writer, figure: Figure, section_id: str, glossary: Glossary) -> None:
    parts = []
    if figure.alt:
        parts.append(f"Image: {_sentence(figure.alt)}")
    if figure.caption:
        parts.append(f"{'Caption' if figure.alt else 'Image caption'}: "
                     f"{_sentence(figure.caption)}")
    if figure.credit:
        parts.append(_sentence(figure.credit[0].upper() + figure.credit[1:]))
    display = " ".join(parts)
    out.say("figure", _speakable(display, glossary), block=figure.id, section=section_id,
            source=figure.id, display=display)


def _asides(out: _Writer, chapter: Chapter, refs: Iterable[NoteRef], read: set[str],
            block: str, section: Optional[str]) -> None:
    for ref in refs:
        note = chapter.note(ref.note_id) if ref.note_id else None
        if note is None:
            continue
        if note.id in read:
            out.say("aside", f"See note {normalize(str(note.number))}.", role="aside",
                    block=block, section=section, source=note.id)
            continue
        read.add(note.id)
        out.say("aside", _note_text(note), role="aside", block=block, section=section,
                source=note.id, display=note.text)


def _note_text(note: Note) -> str:
    number = normalize(str(note.number))
    body = speak_citation(note.text)
    return f"Note {number}. {_sentence(body)} End of note."


def _bibliography(out: _Writer, chapter: Chapter) -> None:
    if not chapter.bibliography:
        return
    heading = chapter.bibliography_heading or "Bibliography"
    out.say("heading", _sentence(heading), part="bibliography", block="bibliography",
            source="bibliography", display=heading)
    for entry in chapter.bibliography:
        out.say("bibliography", _sentence(speak_citation(entry.text)), part="bibliography",
                block=entry.id, source=entry.id, display=entry.text)


def _sentences(paragraph: Paragraph, plain: Optional[PlainParagraph],
               uses: dict[str, list[TermUse]]):
    """(text, source id, note refs, glossary terms) for the edition's sentences of a paragraph."""
    if plain is None:
        return [(s.text, s.id, s.note_refs, uses.get(s.id, [])) for s in paragraph.sentences]
    return [(s.text, s.source, s.note_refs, s.terms) for s in plain.sentences]


def _uses_by_sentence(uses: list[TermUse]) -> dict[str, list[TermUse]]:
    table: dict[str, list[TermUse]] = {}
    for use in uses:
        table.setdefault(use.sentence_id, []).append(use)
    return table


def _spoken(text: str, uses: list[TermUse]) -> str:
    """The sentence with glossary terms in their spoken form, then normalised for speech."""
    for use in sorted(uses, key=lambda u: u.start, reverse=True):
        if text[use.start:use.end] == use.matched:
            text = text[:use.start] + use.spoken + text[use.end:]
    return normalize(text)


def _speakable(text: str, glossary: Glossary) -> str:
    """Any text with glossary terms in their usual spoken form (not explained), normalised."""
    for m in sorted(glossary.find(text), key=lambda m: m.start, reverse=True):
        text = text[:m.start] + m.spoken(first_use=False) + text[m.end:]
    return normalize(text)


def _sentence(text: str) -> str:
    """Ensure the text ends like a sentence, so the engine pauses and falls in pitch."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def script_text(script: Script) -> str:
    """A readable rendering: one utterance a line, asides indented, parts separated."""
    lines: list[str] = []
    part = None
    for u in script.utterances:
        if u.part != part:
            part = u.part
            lines.append(f"== {part} ==")
        marker = "    [aside] " if u.role == "aside" else f"[{u.kind}] "
        lines.append(marker + u.text)
    return "\n".join(lines) + "\n"
