import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accessed.errors import InputError
from accessed.ingest import parse_chapter, read_chapter


def test_sample_chapter(sample):
    chapter = read_chapter(sample)
    assert chapter.number == "18"
    assert chapter.title.startswith("Evolving Relations: The Growth of North Korea")
    assert chapter.author == "Ryan Gilbert"
    assert chapter.book_title == "Korean History"
    assert len(chapter.paragraphs) == 3
    [figure] = chapter.figures
    assert figure.alt == "black and white photo of Kim Il-Sung and others in Moscow"
    assert figure.caption == "Kim Il-Sung visits Moscow, 1949."
    assert figure.credit == "Source: Wikimedia"
    assert [n.number for n in chapter.notes] == [1, 2, 3, 4, 5, 6, 7]
    assert [r.note_id for r in chapter.note_refs] == [f"n{i}" for i in range(1, 8)]
    assert len(chapter.bibliography) == 5
    assert chapter.bibliography[2].text.startswith("Lanʹkov, A. N.")
    assert chapter.licence.startswith("Korean History Copyright © 2022")
    assert chapter.warnings == []


def test_sample_drops_furniture_and_markers(sample):
    chapter = read_chapter(sample)
    everything = " ".join(s.text for s in chapter.sentences) + (chapter.licence or "")
    assert "Share This Book" not in everything
    assert "Icon for the Creative Commons" not in everything
    assert not re.search(r"\[\d+\]", everything)


def test_note_reference_sits_in_the_sentence_that_carries_it(sample):
    chapter = read_chapter(sample)
    sentence = next(s for s in chapter.sentences if s.note_refs and s.note_refs[0].number == 2)
    assert sentence.text.endswith("conclusion of World War II.")
    assert sentence.note_refs[0].offset == len(sentence.text)
    juche = next(s for s in chapter.sentences if any(r.number == 3 for r in s.note_refs))
    assert "Juche" in juche.text


def test_us_abbreviation_splits_only_where_a_sentence_ends(sample):
    texts = [s.text for s in read_chapter(sample).sentences]
    assert any(t.endswith("monetarily by the U.S.") for t in texts)
    assert any(t.startswith("However, the relative autonomy") for t in texts)


def test_philosophy_chapter_author_date_citations_and_subheadings(philosophy):
    chapter = read_chapter(philosophy)
    assert chapter.number == "12.5" and chapter.title == "Postmodernism"
    assert chapter.book_title == "Introduction to Philosophy 2e"
    assert chapter.notes == [] and chapter.note_refs == []
    assert len(chapter.bibliography) == 44
    assert "Freud’s Structuralism in Psychology" in [s.heading for s in chapter.sections]
    assert all(f.caption.startswith("Figure 12.") and f.credit for f in chapter.figures)
    assert any(p.style == "list-item" for p in chapter.paragraphs)
    assert chapter.warnings == []


def test_mozilla_article_notes_cited_more_than_once(mozilla):
    chapter = read_chapter(mozilla)
    assert chapter.number is None and chapter.title == "Mozilla"
    assert chapter.author is None and chapter.book_title == "Wikipedia"
    assert len(chapter.notes) == 72
    refs = [r.number for r in chapter.note_refs]
    assert len(refs) > len(set(refs))  # some notes are cited twice
    assert all(r.note_id for r in chapter.note_refs)
    assert {"Firefox logo", "SeaMonkey logo"} <= {f.caption for f in chapter.figures}
    assert "pdf.js" in [s.heading for s in chapter.sections]


VARIANT = """\
The Long Title Without a Number

Introduction

Dr. Ada Lovelace worked in London c. 1843 with the U.S. envoy.[1] She wrote pp. 12–15 of the notes.[2] Her name was Ada Lovelace, née Byron, and Ōta Dōkan was cited too.[2]

a hand-drawn map of the Analytical Engine

A second heading

More text follows here, citing https://example.org/a.b?c=d. (Smith 2001, 4) Then it ends.[9]

Endnotes

  1. First note.
  2. Second note, see https://example.org.
  2. A duplicated number.
  3. Never referenced.
"""


def test_variant_without_number_or_author_and_with_subheadings():
    chapter = parse_chapter(VARIANT)
    assert chapter.number is None and chapter.author is None
    assert [s.heading for s in chapter.sections] == ["Introduction", "A second heading"]
    first = chapter.paragraphs[0].sentences
    assert [s.text[:20] for s in first] == [
        "Dr. Ada Lovelace wor", "She wrote pp. 12–15 ", "Her name was Ada Lov"]
    assert "Ōta Dōkan" in first[2].text
    [figure] = chapter.figures
    assert figure.alt == "a hand-drawn map of the Analytical Engine" and figure.caption is None
    assert [n.id for n in chapter.notes] == ["n1", "n2", "n2-2", "n3"]
    assert [r.note_id for r in chapter.note_refs] == ["n1", "n2", "n2", None]
    assert chapter.notes_heading == "Endnotes"
    warnings = " | ".join(chapter.warnings)
    assert "note 2 appears 2 times" in warnings
    assert "[9] in p2.s3 has no note 9" in warnings
    assert "note 3 is never referenced" in warnings


@pytest.mark.parametrize("heading", ["Notes", "Endnotes", "Footnotes"])
def test_notes_headings(heading):
    chapter = parse_chapter(f"Title\n\nBody text here.[1]\n\n{heading}\n\n1. The note.\n")
    assert [n.text for n in chapter.notes] == ["The note."]
    assert chapter.note_refs[0].note_id == "n1"


@pytest.mark.parametrize("heading", ["Bibliography", "References", "Works Cited", "Sources"])
def test_bibliography_headings(heading):
    text = f"Title\n\nBody text (Smith 2001).\n\n{heading}\n\nSmith, J. 2001. A Book. Boston: X.\n"
    chapter = parse_chapter(text)
    assert [b.text for b in chapter.bibliography] == ["Smith, J. 2001. A Book. Boston: X."]
    assert chapter.bibliography_heading == heading


def test_caption_without_alt_text():
    text = "Title\n\nBody text.\n\nFigure 2.1 A dam on the river. (credit: J. Doe, CC BY)\n\nMore body.\n"
    [figure] = parse_chapter(text).figures
    assert figure.alt is None
    assert figure.caption == "Figure 2.1 A dam on the river."
    assert figure.credit == "credit: J. Doe, CC BY"


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("   \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Just a title\n", "no paragraphs"),
])
def test_bad_input_is_a_clear_error(write, content, message):
    with pytest.raises(InputError, match=message):
        read_chapter(write(content))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_chapter(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_chapter(tmp_path)


def test_windows_1252_is_read_with_a_warning(write):
    path = write("Title\n\nIt was the “best” of times — caf\u00e9.\n".encode("cp1252"))
    chapter = read_chapter(path)
    assert chapter.paragraphs[0].text == "It was the “best” of times — café."
    assert "not UTF-8" in chapter.warnings[0]


def test_utf8_bom_and_crlf(write):
    chapter = read_chapter(write("\ufeffTitle\r\n\r\nBody one. Body two.\r\n".encode("utf-8")))
    assert chapter.title == "Title"
    assert [s.text for s in chapter.sentences] == ["Body one.", "Body two."]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_ingest_never_crashes(text):
    try:
        chapter = parse_chapter(text)
    except InputError:
        return
    for sentence in chapter.sentences:
        assert sentence.text.strip()


NOTE_TEXT = st.lists(st.integers(1, 12), max_size=8)


@settings(max_examples=100, deadline=None)
@given(refs=NOTE_TEXT, notes=st.lists(st.integers(1, 12), max_size=8, unique=True))
def test_every_reference_is_linked_or_reported(refs, notes):
    body = " ".join(f"Sentence number {i} is here.[{n}]" for i, n in enumerate(refs)) or "Body."
    listing = "\n".join(f"  {n}. Note {n}." for n in notes)
    chapter = parse_chapter(f"Title\n\n{body}\n\nNotes\n\n{listing}\n\nLicense\n\nCC BY\n")
    warnings = " ".join(chapter.warnings)
    assert len(chapter.note_refs) == len(refs)
    for ref in chapter.note_refs:
        assert ref.note_id == (f"n{ref.number}" if ref.number in notes else None)
        if ref.note_id is None:
            assert f"[{ref.number}]" in warnings
    for n in notes:
        if n not in refs:
            assert f"note {n} is never referenced" in warnings
