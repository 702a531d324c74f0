"""The document model: one chapter and what each stage learns about it.

Plain dataclasses, importing nothing else from the package. Ingest fills `Chapter`; later stages
fill the optional parts of `Document` (readability, glossary uses, plain edition, scripts).
Identifiers are stable and readable: sections `s1`, paragraphs `p3`, sentences `p3.s2`,
figures `f1`, notes `n7`, bibliography entries `b2`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional, Union


@dataclass
class NoteRef:
    """A `[n]` marker, removed from the sentence text; `offset` is where it stood in `text`."""

    number: int
    offset: int
    note_id: Optional[str] = None  # None when no note has this number


@dataclass
class Sentence:
    id: str
    text: str  # clean text, without note markers
    note_refs: list[NoteRef] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Paragraph:
    id: str
    sentences: list[Sentence]
    style: str = "body"  # body | list-item
    kind: str = "paragraph"

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Figure:
    id: str
    alt: Optional[str] = None
    caption: Optional[str] = None
    credit: Optional[str] = None  # "Source: Wikimedia" split off the caption
    kind: str = "figure"


Block = Union[Paragraph, Figure]


@dataclass
class Section:
    id: str
    heading: Optional[str]  # None for the untitled opening section
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


@dataclass
class Note:
    id: str
    number: int
    text: str


@dataclass
class BibEntry:
    id: str
    text: str


@dataclass
class Chapter:
    title: str
    number: Optional[str] = None  # "18", "12.5"; None when the title has none
    author: Optional[str] = None
    book_title: Optional[str] = None
    licence: Optional[str] = None  # the attribution text of the licence section
    sections: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    bibliography: list[BibEntry] = field(default_factory=list)
    bibliography_heading: Optional[str] = None
    notes_heading: Optional[str] = None
    language: str = "en"
    source: str = ""  # the file it was read from
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for s in self.sections for p in s.paragraphs]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def note_refs(self) -> list[NoteRef]:
        return [r for s in self.sentences for r in s.note_refs]

    def note(self, note_id: str) -> Optional[Note]:
        return next((n for n in self.notes if n.id == note_id), None)

    @property
    def slug(self) -> str:
        import re
        import unicodedata

        ascii_title = unicodedata.normalize("NFKD", self.title).encode("ascii", "ignore").decode()
        words = re.findall(r"[a-z0-9]+", ascii_title.lower())
        stem = "-".join(words[:6]) or "chapter"
        return f"ch{self.number.replace('.', '-')}-{stem}" if self.number else stem


@dataclass
class Scores:
    """Readability of one piece of text (textstat, with our sentence boundaries)."""

    words: int
    sentences: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    smog_index: float
    dale_chall: float
    gunning_fog: float
    coleman_liau: float
    words_per_sentence: float
    polysyllable_share: float  # share of words with three or more syllables
    # Flesch–Kincaid grade "after removal of proper names and titles", as WCAG 2.2 SC 3.1.5
    # measures reading level: the names of people, places and organisations are left out
    grade_without_names: float = 0.0


@dataclass
class ScoredPart:
    id: str
    scores: Scores


@dataclass
class Readability:
    chapter: Scores
    sections: list[ScoredPart]
    paragraphs: list[ScoredPart]
    sentences: list[ScoredPart]
    names: list[str] = field(default_factory=list)  # left out of `Scores.grade_without_names`


@dataclass
class TermUse:
    """One glossary term found in a sentence (character span in `Sentence.text`)."""

    sentence_id: str
    start: int
    end: int
    term: str  # the entry's headword
    matched: str  # the text as it appears
    first_use: bool  # whether to explain it here
    definition: str
    spoken: str  # what the narrator says for `matched`
    expansion: Optional[str] = None  # for abbreviations


@dataclass
class PlainSentence:
    """A sentence of the plain edition. `source` is the original sentence it comes from."""

    text: str
    source: str
    note_refs: list[NoteRef] = field(default_factory=list)
    kind: str = "body"  # body | definition (a glossary term explained) | see-also
    terms: list[TermUse] = field(default_factory=list)  # glossary terms, spans in `text`


@dataclass
class PlainParagraph:
    id: str  # the original paragraph's id
    sentences: list[PlainSentence]
    style: str = "body"
    changes: list[str] = field(default_factory=list)  # what the rewrite did
    kept: list[str] = field(default_factory=list)  # rewrites refused, with the fact they lost
    override: Optional[str] = None  # "paragraph" or "sentence" when an editor's text is used

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class PlainEdition:
    paragraphs: list[PlainParagraph]
    readability: Optional[Readability] = None
    target_grade: float = 8.0
    count_names: bool = False  # check the target counting proper names (not as SC 3.1.5 does)
    problems: list[str] = field(default_factory=list)  # over target, stale overrides, …

    def grade(self, scores: "Scores") -> float:
        """The grade the target is checked on."""
        return scores.flesch_kincaid_grade if self.count_names else scores.grade_without_names

    def paragraph(self, paragraph_id: str) -> Optional[PlainParagraph]:
        return next((p for p in self.paragraphs if p.id == paragraph_id), None)


@dataclass
class Utterance:
    """One thing the narrator says, already normalised for speech.

    `part` is the track it belongs to (opening, chapter, bibliography, closing); `block` is the
    paragraph/figure/heading it comes from (pauses and chapter marks follow it); `source` the
    sentence, note or entry id it renders.
    """

    id: str
    kind: str  # credits | heading | body | aside | figure | bibliography
    role: str  # narrator | aside
    text: str
    part: str = "chapter"  # opening | chapter | bibliography | closing
    block: Optional[str] = None
    section: Optional[str] = None
    source: Optional[str] = None
    display: Optional[str] = None  # the written text it renders (captions, read-along)


@dataclass
class Script:
    edition: str  # original | plain
    utterances: list[Utterance] = field(default_factory=list)


@dataclass
class Track:
    """One narrated MP3 file (details and timings are in its captions and the audio manifest)."""

    edition: str
    part: str
    title: str
    path: str
    captions: str
    duration: float  # seconds


@dataclass
class Document:
    """A chapter travelling through the pipeline."""

    chapter: Chapter
    readability: Optional[Readability] = None
    term_uses: list[TermUse] = field(default_factory=list)
    plain: Optional[PlainEdition] = None
    scripts: list[Script] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)


def to_dict(obj) -> dict:
    """The model as plain JSON-ready data (dataclass fields only)."""
    return asdict(obj)
