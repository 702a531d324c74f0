import re

import pytest

from accessed.build import explain_terms, load, load_glossary, score, simplify
from accessed.script import build_script, script_text


def prepare(path):
    glossary = load_glossary(None)
    doc = explain_terms(score(load(path)), glossary, "first")
    return simplify(doc, glossary, None, 8.0), glossary


@pytest.fixture(scope="module")
def sample_scripts():
    from accessed.build import sample_chapter

    doc, glossary = prepare(sample_chapter())
    return doc, {e: build_script(doc, e, glossary=glossary) for e in ("original", "plain")}


@pytest.mark.parametrize("edition", ["original", "plain"])
def test_credits(sample_scripts, edition):
    _, scripts = sample_scripts
    script = scripts[edition]
    opening = [u.text for u in script.utterances if u.part == "opening"]
    assert opening[:3] == ["Korean History.", "Chapter eighteen.", opening[2]]
    assert opening[2].startswith("Evolving Relations")
    assert "By Ryan Gilbert." in opening and "Narrated by a synthetic voice." in opening
    assert ("Plain-language edition." if edition == "plain" else "Original text.") in opening
    closing = [u.text for u in script.utterances if u.part == "closing"]
    assert closing[-1] == "End of chapter eighteen."
    assert "Creative Commons" in closing[0] and "copyright twenty twenty-two" in closing[0].lower()


@pytest.mark.parametrize("edition", ["original", "plain"])
def test_every_note_is_read_once_right_after_its_sentence(sample_scripts, edition):
    doc, scripts = sample_scripts
    utterances = scripts[edition].utterances
    notes = [u for u in utterances if u.kind == "aside" and u.source and u.source.startswith("n")]
    assert [u.source for u in notes] == [f"n{i}" for i in range(1, 8)]
    for u in notes:
        assert u.role == "aside"
        assert re.match(r"Note [a-z]+\. .+ End of note\.$", u.text)
        i = utterances.index(u)
        previous = next(p for p in reversed(utterances[:i]) if p.kind == "body")
        sentence = next(s for s in doc.chapter.sentences if s.id == previous.source)
        assert any(r.note_id == u.source for r in sentence.note_refs)
    n1 = next(u for u in notes if u.source == "n1").text
    assert "Lankov" in n1 and "page one hundred twenty-seven" in n1
    assert "New Jersey" in n1
    n3 = next(u for u in notes if u.source == "n3").text
    assert "crisisgroup dot org" in n3.lower()


@pytest.mark.parametrize("edition", ["original", "plain"])
def test_nothing_unspeakable_is_left(sample_scripts, edition):
    _, scripts = sample_scripts
    text = script_text(scripts[edition])
    assert not re.search(r"\[\d+\]", text)
    assert "http" not in text and "://" not in text and "www." not in text
    assert not re.search(r"\bpp?\.", text)
    assert "ʹ" not in text and "Jong-II" not in text
    assert not re.search(r"\d", text), re.findall(r".{20}\d.{20}", text)


def test_figure_convention(sample_scripts):
    _, scripts = sample_scripts
    [figure] = [u for u in scripts["original"].utterances if u.kind == "figure"]
    assert figure.text == ("Image: black and white photo of Kim Il-Sung and others in Moscow. "
                           "Caption: Kim Il-Sung visits Moscow, nineteen forty-nine. "
                           "Source: Wikimedia.")


def test_glossary_explained_once_in_the_aside_voice(sample_scripts):
    _, scripts = sample_scripts
    utterances = scripts["original"].utterances
    juche = [u for u in utterances if u.source == "glossary:Juche"]
    assert len(juche) == 1 and juche[0].role == "aside"
    assert juche[0].text.startswith("Joochay:")
    body = " ".join(u.text for u in utterances if u.kind == "body")
    assert "Juche" not in body and "Joochay" in body


def test_bibliography_is_its_own_part(sample_scripts):
    _, scripts = sample_scripts
    bibliography = [u for u in scripts["plain"].utterances if u.part == "bibliography"]
    assert bibliography[0].kind == "heading" and bibliography[0].text == "Bibliography."
    assert len(bibliography) == 6
    assert "pages two hundred nine to two hundred thirty-one" in bibliography[-1].text


@pytest.mark.parametrize("notes", ["paragraph", "chapter", "off"])
def test_note_placement_options(sample_scripts, notes):
    doc, _ = sample_scripts
    script = build_script(doc, "original", notes=notes)
    asides = [u for u in script.utterances if u.source and re.fullmatch(r"n\d+", u.source)]
    if notes == "off":
        assert asides == []
        return
    assert len(asides) == 7
    first = script.utterances.index(asides[0])
    after = script.utterances[first - 1]
    if notes == "paragraph":
        last_body = next(u for u in reversed(script.utterances[:first]) if u.kind == "body")
        assert after.block == "p1" and last_body.source == "p1.s7"
    else:
        assert after.text == "Notes." and all(u.part == "chapter" for u in asides)


def test_repeated_note_is_read_briefly(write):
    path = write("T\n\nOne claim.[1] Another claim.[1] A third.[2]\n\n"
                 "  1. Smith, Book, 12.\n  2. Ibid.\n")
    doc, glossary = prepare(path)
    asides = [u.text for u in build_script(doc, "original", glossary=glossary).utterances
              if u.kind == "aside"]
    assert asides == ["Note one. Smith, Book, page twelve. End of note.", "See note one.",
                      "Note two. Same source. End of note."]


@pytest.mark.parametrize("name", ["philosophy", "mozilla"])
def test_other_chapters(request, name):
    doc, glossary = prepare(request.getfixturevalue(name))
    for edition in ("original", "plain"):
        script = build_script(doc, edition, glossary=glossary)
        text = script_text(script)
        assert not re.search(r"\[\d+\]", text)
        assert "://" not in text and "http" not in text
        assert not re.search(r"\bpp?\.", text)
        sources = [u.source for u in script.utterances if u.kind == "aside"
                   and re.fullmatch(r"n\d+(-\d+)?", u.source or "") and u.text.startswith("Note")]
        assert len(sources) == len(set(sources))
        referenced = {r.note_id for r in doc.chapter.note_refs if r.note_id}
        assert set(sources) == referenced
        assert script.utterances[-1].text.startswith("End of")
