import socket

import pytest
import yaml

from accessed.errors import GlossaryError
from accessed.glossary import Glossary
from accessed.ingest import read_chapter
from accessed.model import Chapter, Paragraph, Section, Sentence
from accessed.suggest import suggest, to_yaml


def one_paragraph(*sentences: str) -> Chapter:
    paragraph = Paragraph("p1", [Sentence(f"p1.s{i}", s) for i, s in enumerate(sentences, 1)])
    return Chapter(title="Test", sections=[Section("s1", None, [paragraph])])


def by_term(suggestions):
    return {s.term: s for s in suggestions}


def test_sample_with_an_empty_glossary_proposes_juche_and_secret_speech(sample):
    suggestions = suggest(read_chapter(sample), Glossary(), limit=15)
    terms = by_term(suggestions)
    assert "Juche" in terms and "secret speech" in terms
    assert suggestions[0].term == "Juche"
    assert terms["Juche"].gloss == "self-reliance"
    assert "defined in the text" in terms["Juche"].reason
    assert terms["Juche"].count == 6
    assert terms["USSR"].kind == "abbreviation"
    assert "quotation marks" in terms["secret speech"].reason
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_sample_with_the_shipped_glossary_proposes_nothing_it_covers(sample):
    glossary = Glossary.default()
    suggestions = suggest(read_chapter(sample), glossary, limit=40)
    for s in suggestions:
        assert not glossary.find(s.term), s.term
    assert "called" not in by_term(suggestions)  # the word before a masked term is no term


def test_suggest_uses_no_network(sample, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("suggest tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert suggest(read_chapter(sample))


def test_short_text_of_our_own():
    doc = one_paragraph(
        "The village kept a tradition it called hanok-building, meaning “making houses of wood”.",
        "Elders spoke of the “long winter” and of the NGO that came from Seoul.",
        "Ji-woo Park led the work; Ji-woo Park later wrote about it.",
        "We visited the house and saw it.",
        "See https://example.org/quixotically for more.",
    )
    suggestions = suggest(doc, limit=20)
    terms = by_term(suggestions)
    assert terms["hanok-building"].gloss == "making houses of wood"
    assert "long winter" in terms
    assert terms["NGO"].kind == "abbreviation"
    assert terms["Ji-woo Park"].kind == "name" and terms["Ji-woo Park"].count == 2
    assert "quixotically" not in terms  # inside a URL
    assert not {"house", "visited", "We", "The"} & set(terms)  # common words are not suggested


def test_glossary_terms_are_not_suggested():
    doc = one_paragraph("An approach he called Juche, meaning “self-reliance”, ruled.")
    glossary = Glossary.loads("terms:\n  - term: Juche\n    definition: Self-reliance.\n")
    assert "Juche" in by_term(suggest(doc))
    assert "Juche" not in by_term(suggest(doc, glossary))


def test_roman_numerals_are_not_acronyms_and_typos_are_flagged():
    doc = one_paragraph("After World War II, Kim Jong Il ruled.", "Kim Jong Il again.",
                        "Then Kim Jong-II spoke.")
    terms = by_term(suggest(doc, limit=30))
    assert "II" not in terms
    assert terms["Kim Jong-II"].typo_of == "Kim Jong Il"


def test_limit():
    doc = one_paragraph("Quixotic, perspicacious, obstreperous, sesquipedalian words abound.")
    assert len(suggest(doc, limit=2)) == 2


def test_to_yaml_stubs_paste_into_a_glossary(sample):
    suggestions = suggest(read_chapter(sample), limit=15)
    text = to_yaml(suggestions)
    data = yaml.safe_load(text)
    assert [entry["term"] for entry in data["terms"]] == [s.term for s in suggestions]
    juche = next(e for e in data["terms"] if e["term"] == "Juche")
    assert juche["definition"] == "Self-reliance."
    usssr = next(e for e in data["terms"] if e["term"] == "USSR")
    assert usssr["kind"] == "abbreviation" and usssr["speak_as"] == "letters"
    # stubs without the text's own gloss must be written before the glossary loads
    with pytest.raises(GlossaryError, match='is empty'):
        Glossary.loads(text)
    only_glossed = to_yaml([s for s in suggestions if s.gloss])
    assert Glossary.loads(only_glossed).get("Juche").definition == "Self-reliance."
