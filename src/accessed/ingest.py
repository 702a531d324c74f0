"""Read a chapter copied as plain text from a Pressbooks-style page into the document model.

The text is cut into blocks at blank lines. The first block is the title (with its chapter number,
if any); a short line after it is the byline. Body blocks are headings, figures (an alt-text line,
a caption line, or both), list items or paragraphs. End matter is found by its heading
(Bibliography, References, Works Cited, Notes, Endnotes, License …) or, for notes, by its shape
(`  1. …`). Page furniture ("Share This Book", licence icons) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import InputError
from .model import BibEntry, Chapter, Figure, Note, NoteRef, Paragraph, Section, Sentence
from .sentences import split_sentences

BIBLIOGRAPHY_HEADINGS = {"bibliography", "references", "works cited", "sources", "further reading",
                         "sources cited", "reference list", "literature cited", "citations"}
NOTES_HEADINGS = {"notes", "endnotes", "footnotes", "end notes", "foot notes"}
LICENCE_HEADINGS = {"license", "licence", "licenses", "attribution", "attributions",
                    "license and attribution", "licenses and attributions", "copyright"}
FURNITURE = re.compile(
    r"^(share this book|print this page|previous:.*|next:.*|skip to content|"
    r"icon for the creative commons.*|download this book.*|table of contents|"
    r"jump to (navigation|search).*)$",
    re.IGNORECASE,
)
IMAGE_WORDS = re.compile(
    r"\b(photo|photograph|image|picture|logo|map|diagram|illustration|portrait|screenshot|"
    r"drawing|painting|poster|chart|graph|cartoon|infographic)s?\b",
    re.IGNORECASE,
)
CREDIT = re.compile(r"\s*\(?\b((?:image |photo )?(?:source|credit|courtesy|photo|image)s?\s*:.*?)\)?$",
                    re.IGNORECASE)
FIGURE_LABEL = re.compile(r"^(Fig\.|Figure|Image|Photo)\s*\d", re.IGNORECASE)
TITLE_NUMBER = re.compile(r"^(?:chapter\s+)?(\d{1,3}(?:\.\d{1,3})*)[.:]?\s+(\S.*)$", re.IGNORECASE)
NOTE_LINE = re.compile(r"^\s*(\d{1,4})[.)]\s+(.*)$")
BULLET = re.compile(r"^\s*[•◦▪‣*–-]\s+(.*)$")
MARKER = re.compile(r"\s?\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")  # [1000]+ are years, not notes
EDITORIAL = re.compile(r"\s?\[(?:citation needed|clarification needed|when\?|who\?|by whom\?|"
                       r"according to whom\?|dubious[^\]]*|edit|update)\]", re.IGNORECASE)
BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_text(path: Path) -> tuple[str, list[str]]:
    """The file's text and any warnings; InputError for what cannot be read as a chapter."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a chapter text file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:4096]:
        raise InputError(f"{path}: looks like a binary file, not a chapter text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = data.decode("cp1252", errors="replace")
            warnings.append(f"{path.name} is not UTF-8 (byte {exc.start}); read it as Windows-1252")
    if len(BINARY_CONTROL.findall(text[:4096])) > 8:
        raise InputError(f"{path}: looks like a binary file, not a chapter text")
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return text, warnings


def read_chapter(path: Path | str) -> Chapter:
    path = Path(path)
    text, warnings = read_text(path)
    chapter = parse_chapter(text, source=str(path))
    chapter.warnings[:0] = warnings
    return chapter


def _blocks(text: str) -> list[list[str]]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\t", "    ").replace("\u200b", "")
    blocks, current = [], []
    for line in text.split("\n"):
        if not line.strip() or FURNITURE.match(line.strip()):
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line.rstrip())
    if current:
        blocks.append(current)
    return blocks


def _is_heading(block: list[str], has_next: bool) -> bool:
    if len(block) != 1 or not has_next:
        return False
    line = MARKER.sub("", block[0]).strip()
    if not line or BULLET.match(line) or NOTE_LINE.match(block[0]):
        return False
    return (len(line.split()) <= 12 and not re.search(r"[.:;,]$", line)
            and (line[0].isupper() or line[0].isdigit() or line[0] in "“\"'‘"
                 or len(line.split()) <= 3))


def _heading_key(block: list[str]) -> str:
    return block[0].strip().rstrip(":").lower() if len(block) == 1 else ""


def _is_alt_text(line: str) -> bool:
    """A description of an image: names one, or is a lower-case phrase without a full stop."""
    line = line.strip()
    words = len(line.split())
    return (words <= 30 and not re.search(r"[.!?]$", line)
            and (bool(IMAGE_WORDS.search(line)) or (line[0].islower() and words >= 4)))


def _is_caption(line: str) -> bool:
    return bool(CREDIT.search(line) or FIGURE_LABEL.match(line.strip()))


def _fits_caption(line: str) -> bool:
    """May follow an alt-text line as its caption: a credit, or a short unfinished phrase."""
    return _is_caption(line) or (len(line.split()) <= 25 and not re.search(r"[.!?:]$", line))


def _split_credit(caption: str) -> tuple[str, str | None]:
    m = CREDIT.search(caption)
    if not m or m.start() == 0:
        return caption, None
    return caption[: m.start()].strip(), m.group(1).strip()


def _sentences(raw: str, paragraph_id: str) -> list[Sentence]:
    """Cut a paragraph into sentences, lifting `[n]` markers out of the text."""
    raw = EDITORIAL.sub("", raw)
    clean, refs, pos = [], [], 0
    for m in MARKER.finditer(raw):
        clean.append(raw[pos:m.start()])
        offset = sum(len(c) for c in clean)
        for number in _marker_numbers(m.group(1)):
            refs.append((offset, number))
        pos = m.end()
    clean.append(raw[pos:])
    text = "".join(clean)
    sentences = []
    for i, (start, end) in enumerate(split_sentences(text), 1):
        own = [NoteRef(number=n, offset=min(o, end) - start)
               for o, n in refs if start <= o <= end or (o < start and i == 1)]
        refs = [(o, n) for o, n in refs if o > end]
        sentences.append(Sentence(id=f"{paragraph_id}.s{i}", text=text[start:end], note_refs=own))
    if refs and sentences:  # markers after the last sentence's text
        last = sentences[-1]
        last.note_refs += [NoteRef(number=n, offset=len(last.text)) for _, n in refs]
    return sentences


def _marker_numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 50:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


class _Builder:
    """Accumulates the chapter while walking the blocks."""

    def __init__(self, chapter: Chapter):
        self.chapter = chapter
        self.section = Section(id="s1", heading=None)
        chapter.sections.append(self.section)
        self.paragraphs = 0
        self.figures = 0
        self.pending_alt: str | None = None  # an alt-text line waiting for its caption

    def heading(self, text: str) -> None:
        if not self.section.blocks and self.section.heading is None:
            self.section.heading = text
            return
        self.section = Section(id=f"s{len(self.chapter.sections) + 1}", heading=text)
        self.chapter.sections.append(self.section)

    def paragraph(self, text: str, style: str = "body") -> None:
        self.paragraphs += 1
        pid = f"p{self.paragraphs}"
        sentences = _sentences(text, pid)
        if sentences:
            self.section.blocks.append(Paragraph(id=pid, sentences=sentences, style=style))
        else:
            self.paragraphs -= 1

    def figure(self, alt: str | None, caption: str | None) -> None:
        self.figures += 1
        credit = None
        if caption:
            caption, credit = _split_credit(caption)
        self.section.blocks.append(Figure(id=f"f{self.figures}", alt=alt, caption=caption or None,
                                          credit=credit))

    def lone_figure_line(self, line: str) -> None:
        """One line about an image: a lower-case description is alt text, else a caption."""
        if line[0].islower():
            self.figure(line, None)
        else:
            self.figure(None, line)

    def note(self, number: int, text: str) -> None:
        same = [n for n in self.chapter.notes if n.number == number]
        note_id = f"n{number}" if not same else f"n{number}-{len(same) + 1}"
        if same:
            self.chapter.warnings.append(
                f"note {number} appears {len(same) + 1} times; references to [{number}] go to the first")
        self.chapter.notes.append(Note(id=note_id, number=number, text=text.strip()))

    def bibliography(self, text: str) -> None:
        bib = self.chapter.bibliography
        bib.append(BibEntry(id=f"b{len(bib) + 1}", text=re.sub(r"\s{2,}", " ", text.strip())))


def parse_chapter(text: str, source: str = "") -> Chapter:
    blocks = _blocks(text)
    if not blocks:
        raise InputError(f"{source or 'input'}: no text found")
    first = blocks.pop(0)
    title_line = first[0].strip()
    m = TITLE_NUMBER.match(title_line)
    number, title = (m.group(1), m.group(2).strip()) if m else (None, title_line)
    chapter = Chapter(title=title, number=number, source=source)
    byline = first[1].strip() if len(first) > 1 else None
    if byline is None and blocks and _is_byline(blocks[0], len(blocks) > 1):
        byline = blocks.pop(0)[0].strip()
    if byline:
        if byline.lower().startswith("from "):
            chapter.book_title = byline[5:].split(",")[0].strip()
        else:
            chapter.author = re.sub(r"^by\s+", "", byline, flags=re.IGNORECASE)

    builder = _Builder(chapter)
    mode = "body"
    licence_lines: list[str] = []
    for i, block in enumerate(blocks):
        has_next = i + 1 < len(blocks)
        key = _heading_key(block)
        if key in LICENCE_HEADINGS:
            mode = "licence"
            continue
        if mode == "licence":
            licence_lines.extend(line.strip() for line in block)
            continue
        if key in BIBLIOGRAPHY_HEADINGS and has_next:
            mode, chapter.bibliography_heading = "bibliography", block[0].strip()
            continue
        if key in NOTES_HEADINGS and has_next:
            mode, chapter.notes_heading = "notes", block[0].strip()
            continue
        if all(NOTE_LINE.match(line) or not BULLET.match(line) for line in block) and \
                NOTE_LINE.match(block[0]) and (mode != "body" or block[0][:1].isspace()):
            _read_notes(builder, block)
            mode = "notes" if mode == "body" else mode
            continue
        if mode in ("bibliography", "notes"):
            if _is_heading(block, has_next) and mode == "notes":
                mode = "body"  # a new body section after the notes (rare)
            else:
                for line in block:
                    builder.bibliography(line)
                continue
        _read_body_block(builder, block, blocks[i + 1] if has_next else None, has_next)

    if builder.pending_alt:
        builder.lone_figure_line(builder.pending_alt)
    chapter.licence = " ".join(licence_lines) or None
    if chapter.licence and not chapter.book_title:
        chapter.book_title = _book_title_from_licence(chapter.licence)
    if chapter.author and chapter.book_title and chapter.author.startswith(chapter.book_title):
        # "Introduction to Philosophy 2e, OpenStax (Rice University)": book, then its authors
        chapter.author = chapter.author[len(chapter.book_title):].lstrip(" ,;:–-") or None
    _drop_empty_sections(chapter)
    if not chapter.paragraphs:
        raise InputError(f"{source or 'input'}: no paragraphs found; is this a chapter text?")
    link_notes(chapter)
    return chapter


def _is_byline(block: list[str], has_next: bool) -> bool:
    line = MARKER.sub("", block[0]).strip()
    return (len(block) == 1 and has_next and len(line.split()) <= 15
            and not re.search(r"[.!?:]$", line) and _heading_key(block) not in
            BIBLIOGRAPHY_HEADINGS | NOTES_HEADINGS | LICENCE_HEADINGS | {"learning objectives",
                                                                         "introduction"})


def _read_body_block(builder: _Builder, block: list[str], following, has_next: bool) -> None:
    if any(BULLET.match(line) for line in block):
        for line in block:
            m = BULLET.match(line)
            builder.paragraph(m.group(1) if m else line.strip(), style="list-item" if m else "body")
        return
    lines = [line.strip() for line in block]
    if len(lines) == 2 and _is_alt_text(lines[0]) and _fits_caption(lines[1]):
        builder.figure(lines[0], lines[1])
        return
    if len(lines) == 1:
        line = lines[0]
        pending, builder.pending_alt = builder.pending_alt, None
        if pending is not None:
            if _is_caption(line) or (_fits_caption(line) and not _is_heading(block, has_next)):
                builder.figure(pending, line)
                return
            builder.lone_figure_line(pending)
        if _is_caption(line):
            builder.figure(None, line)
            return
        if _is_alt_text(line):
            if following is not None and len(following) == 1 and _is_caption(following[0]):
                builder.pending_alt = line
            else:
                builder.lone_figure_line(line)
            return
        if _is_heading(block, has_next):
            builder.heading(line)
            return
    builder.paragraph(" ".join(line.strip() for line in block))


def _read_notes(builder: _Builder, block: list[str]) -> None:
    current: list | None = None
    for line in block:
        m = NOTE_LINE.match(line)
        if m:
            if current:
                builder.note(*current)
            current = [int(m.group(1)), m.group(2)]
        elif current:
            current[1] += " " + line.strip()
    if current:
        builder.note(*current)


def _book_title_from_licence(licence: str) -> str | None:
    m = re.match(r"^(.{3,120}?)\s+Copyright\s+©", licence)
    if m:
        return m.group(1).strip()
    m = re.search(r"[”\"]\s+from\s+(.{3,120}?)\s+by\s+", licence)
    if m:
        return m.group(1).strip()
    return None


def _drop_empty_sections(chapter: Chapter) -> None:
    """Keep headings that introduce content; drop an empty untitled opening section."""
    chapter.sections = [s for s in chapter.sections if s.blocks or s.heading]
    for i, section in enumerate(chapter.sections, 1):
        section.id = f"s{i}"


def link_notes(chapter: Chapter) -> None:
    """Point each reference at its note; warn about dangling references and unused notes."""
    first_by_number: dict[int, Note] = {}
    for note in chapter.notes:
        first_by_number.setdefault(note.number, note)
    used: set[str] = set()
    for sentence in chapter.sentences:
        for ref in sentence.note_refs:
            note = first_by_number.get(ref.number)
            ref.note_id = note.id if note else None
            if note:
                used.add(note.id)
            else:
                chapter.warnings.append(f"[{ref.number}] in {sentence.id} has no note {ref.number}")
    for note in chapter.notes:
        if note.id not in used:
            chapter.warnings.append(f"note {note.number} is never referenced in the text")
