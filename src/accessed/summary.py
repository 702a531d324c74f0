"""What the tool understood of a chapter: counts and warnings, as data and as a tree."""

from __future__ import annotations

from dataclasses import asdict

from .model import Document, Figure, Paragraph


def summary(doc: Document) -> dict:
    chapter = doc.chapter
    refs = chapter.note_refs
    referenced = {r.note_id for r in refs if r.note_id}
    return {
        "chapter_number": chapter.number,
        "title": chapter.title,
        "author": chapter.author,
        "book_title": chapter.book_title,
        "sections": len(chapter.sections),
        "paragraphs": len(chapter.paragraphs),
        "sentences": len(chapter.sentences),
        "words": sum(s.words for s in chapter.sentences),
        "figures": len(chapter.figures),
        "notes": len(chapter.notes),
        "note_refs": len(refs),
        "unresolved_note_refs": sorted({r.number for r in refs if r.note_id is None}),
        "unreferenced_notes": [n.number for n in chapter.notes if n.id not in referenced],
        "bibliography_entries": len(chapter.bibliography),
        "licence": bool(chapter.licence),
        "readability": asdict(doc.readability.chapter) if doc.readability else None,
        "warnings": list(chapter.warnings),
    }


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def tree(doc: Document) -> str:
    """A human view: the chapter's outline with counts, then readability and warnings."""
    chapter, info = doc.chapter, summary(doc)
    number = f"Chapter {chapter.number}: " if chapter.number else ""
    lines = [f"{number}{chapter.title}"]
    for label, value in (("author", chapter.author), ("book", chapter.book_title)):
        if value:
            lines.append(f"  {label}: {value}")
    lines.append(
        f"  {info['sections']} sections · {info['paragraphs']} paragraphs · "
        f"{info['sentences']} sentences · {info['words']} words · {info['figures']} figures")
    linked = info["note_refs"] - sum(1 for r in chapter.note_refs if r.note_id is None)
    lines.append(f"  {info['notes']} notes · {info['note_refs']} note references "
                 f"({linked} linked) · {info['bibliography_entries']} bibliography entries"
                 f" · licence {'found' if chapter.licence else 'missing'}")
    for section in chapter.sections:
        lines.append(f"  ├─ {section.id} {section.heading or '(opening)'}")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                refs = [r.number for s in block.sentences for r in s.note_refs]
                notes = f", notes {refs}" if refs else ""
                kind = "list item" if block.style == "list-item" else "paragraph"
                words = sum(s.words for s in block.sentences)
                lines.append(f"  │   ├─ {block.id} {kind}: {len(block.sentences)} sentences, "
                             f"{words} words{notes}")
            elif isinstance(block, Figure):
                parts = [f'alt "{_clip(block.alt, 40)}"' if block.alt else "no alt text",
                         f'caption "{_clip(block.caption, 40)}"' if block.caption else "no caption"]
                lines.append(f"  │   ├─ {block.id} figure: {', '.join(parts)}")
    if doc.readability:
        r = doc.readability.chapter
        lines.append(f"  readability (body): Flesch–Kincaid grade {r.flesch_kincaid_grade} "
                     f"({r.grade_without_names} without proper names), "
                     f"reading ease {r.flesch_reading_ease}, SMOG {r.smog_index}, "
                     f"Dale–Chall {r.dale_chall}, fog {r.gunning_fog}, Coleman–Liau "
                     f"{r.coleman_liau}, {r.words_per_sentence} words/sentence, "
                     f"{r.polysyllable_share:.0%} words of 3+ syllables")
    for warning in chapter.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)
