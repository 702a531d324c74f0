from pathlib import Path

import pytest

from accessed.errors import ConfigError, GlossaryError
from accessed.glossary import Entry, Glossary, check
from accessed.ingest import read_chapter
from accessed.model import Chapter, Figure, Paragraph, Section, Sentence

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def load_error(text: str) -> str:
    with pytest.raises(GlossaryError) as caught:
        Glossary.loads(text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def found(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(m.matched, m.entry.term) for m in glossary.find(text)]


def chapter(*sections: list) -> Chapter:
    """A chapter from lists of blocks: a str is a one-sentence paragraph, ("fig", caption) a
    figure."""
    built, p, f = [], 0, 0
    for s, blocks in enumerate(sections, 1):
        section = Section(id=f"s{s}", heading=f"Section {s}")
        for block in blocks:
            if isinstance(block, tuple):
                f += 1
                section.blocks.append(Figure(id=f"f{f}", alt="alt text", caption=block[1]))
            else:
                p += 1
                sentence = Sentence(f"p{p}.s1", block)
                section.blocks.append(Paragraph(id=f"p{p}", sentences=[sentence]))
        built.append(section)
    return Chapter(title="Test", sections=built)


HISTORY = Glossary.loads("""
terms:
  - term: purge
    definition: To remove people by force.
  - term: Khrushchev
    kind: person
    say: Krooshchoff
    definition: Soviet leader from 1953 to 1964.
  - term: Kim Il-Sung
    kind: person
    definition: The first leader of North Korea.
  - term: Kim Jong-Il
    kind: person
    typos: [Kim Jong-II]
    definition: His son.
  - term: US
    expansion: United States
    variants: [U.S.]
    definition: The United States of America.
  - term: USSR
    kind: abbreviation
    expansion: Union of Soviet Socialist Republics
    definition: The Soviet Union.
  - term: NATO
    kind: abbreviation
    expansion: North Atlantic Treaty Organization
    speak_as: word
    say: Nayto
    definition: A military alliance.
  - term: Soviet
    definition: Of the Soviet Union.
  - term: Soviet Union
    kind: place
    definition: A communist country from 1922 to 1991.
  - term: Juche
    say: Joochay
    definition: North Korea's idea of self-reliance.
""")


# -- schema -------------------------------------------------------------------------------------


def test_yaml_syntax_error_names_line_and_column():
    message = load_error("terms:\n  - term: Juche\n    definition: a: b\n")
    assert message.startswith("glossary.yaml:3:")
    assert "YAML syntax error" in message


def test_bad_indentation_is_a_syntax_error_with_line():
    message = load_error("terms:\n  - term: Juche\n   definition: x\n")
    assert message.startswith("glossary.yaml:3:")


def test_duplicate_term_names_both_lines():
    text = ("terms:\n  - term: Juche\n    definition: One.\n"
            "  - term: juche\n    definition: Two.\n")
    assert load_error(text) == 'glossary.yaml:4: entry "juche": duplicate of "Juche" on line 2'


def test_duplicate_term_ignores_hyphens_and_spaces():
    text = ("terms:\n  - term: Kim Il-Sung\n    definition: One.\n"
            "  - term: Kim Il Sung\n    definition: Two.\n")
    assert "duplicate" in load_error(text)


def test_missing_definition():
    text = "terms:\n  - term: Juche\n    say: Joochay\n"
    assert load_error(text) == 'glossary.yaml:2: entry "Juche": missing "definition"'


def test_empty_definition():
    text = 'terms:\n  - term: Juche\n    definition: ""\n'
    assert load_error(text) == 'glossary.yaml:3: entry "Juche": "definition" is empty'


def test_missing_term_names_the_entry_by_number():
    text = "terms:\n  - term: A\n    definition: x\n  - definition: y\n"
    assert load_error(text) == 'glossary.yaml:4: entry 2: missing "term"'


def test_unknown_key_suggests_the_right_one():
    text = "terms:\n  - term: Juche\n    defintion: Self-reliance.\n"
    assert load_error(text) == ('glossary.yaml:3: entry "Juche": unknown key "defintion" '
                                '(did you mean "definition"?)')


def test_unknown_top_level_key():
    assert load_error("term:\n  - term: A\n") == \
        'glossary.yaml:1: unknown top-level key "term" (did you mean "terms"?)'


def test_wrong_types():
    text = "terms:\n  - term: Juche\n    definition: x\n    variants: juche idea\n"
    assert load_error(text) == ('glossary.yaml:4: entry "Juche": "variants" must be a list, '
                                'e.g. variants: [first, second]')
    text = "terms:\n  - term: 1984\n    definition: A novel.\n"
    assert load_error(text) == ('glossary.yaml:2: entry "1984": "term" must be text, not a number '
                                '(put it in quotes)')
    text = "terms:\n  - term: Juche\n    definition: [a, b]\n"
    assert load_error(text) == 'glossary.yaml:3: entry "Juche": "definition" must be text, not a list'
    text = "terms:\n  - term: US\n    expansion: United States\n    definition: x\n    case_sensitive: maybe\n"
    assert load_error(text) == 'glossary.yaml:5: entry "US": "case_sensitive" must be true or false'
    assert "must be a list of entries" in load_error("terms: Juche\n")
    assert load_error("- term: Juche\n").startswith("glossary.yaml:1: the file must start with")


def test_key_given_twice():
    text = "terms:\n  - term: Juche\n    definition: x\n    definition: y\n"
    assert load_error(text) == ('glossary.yaml:4: entry "Juche": key "definition" given twice '
                                '(first on line 3)')


def test_kind_and_abbreviation_rules():
    assert 'kind "persn" is not one of' in load_error(
        "terms:\n  - term: Stalin\n    kind: persn\n    definition: x\n")
    assert 'did you mean "person"' in load_error(
        "terms:\n  - term: Stalin\n    kind: persn\n    definition: x\n")
    assert 'needs "expansion"' in load_error(
        "terms:\n  - term: NATO\n    kind: abbreviation\n    definition: x\n")
    assert '"speak_as" is only for kind: abbreviation' in load_error(
        "terms:\n  - term: Juche\n    speak_as: word\n    definition: x\n")
    assert 'speak_as "spell"' in load_error(
        "terms:\n  - term: US\n    expansion: United States\n    speak_as: spell\n    definition: x\n")


def test_empty_glossaries():
    assert len(Glossary.loads("")) == 0
    assert len(Glossary.loads("terms:\n")) == 0
    assert len(Glossary.loads("terms: []\n")) == 0


def test_load_reports_the_path(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("terms:\n  - term: Juche\n    defintion: x\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"mine\.yaml:3: entry \"Juche\""):
        Glossary.load(path)
    with pytest.raises(GlossaryError, match="no such file"):
        Glossary.load(tmp_path / "missing.yaml")


def test_defaults_and_line_numbers():
    juche = HISTORY.get("juche")
    assert juche.kind == "term" and juche.say == "Joochay" and not juche.case_sensitive
    us = HISTORY.get("US")
    assert us.kind == "abbreviation" and us.speak_as == "letters" and us.case_sensitive
    assert HISTORY.get("purge").line == 3
    organisation = Glossary.loads("terms:\n  - term: UN\n    kind: organization\n    definition: x\n")
    assert organisation.get("UN").kind == "organisation"


# -- matching -----------------------------------------------------------------------------------


def test_case_insensitive_for_words_and_names():
    assert found(HISTORY, "JUCHE and juche") == [("JUCHE", "Juche"), ("juche", "Juche")]


def test_abbreviations_match_case_sensitively():
    text = "Let us see: the US and the U.S. but not us or Us, nor USSR inside USSRs."
    assert found(HISTORY, text) == [("US", "US"), ("U.S.", "US"), ("USSR", "USSR"),
                                    ("USSRs", "USSR")]


def test_plural_and_verb_endings():
    text = "He purged rivals; purges and purging followed. One purge."
    assert [m for m, _ in found(HISTORY, text)] == ["purged", "purges", "purging", "purge"]


def test_possessive_with_both_apostrophes():
    assert found(HISTORY, "Khrushchev’s speech and Khrushchev's speech") == [
        ("Khrushchev’s", "Khrushchev"), ("Khrushchev's", "Khrushchev")]
    assert found(HISTORY, "the Soviets’ plans") == [("Soviets’", "Soviet")]


def test_names_take_no_plural_or_verb_endings():
    assert found(HISTORY, "Khrushchevs Khrushcheved") == []


def test_hyphen_and_space_variants():
    text = "Kim Il-Sung, Kim Il Sung, Kim Il-sung and Kim Il‑Sung"  # the last has U+2011
    assert [t for _, t in found(HISTORY, text)] == ["Kim Il-Sung"] * 4


def test_typo_variant_matches_and_is_spoken_correctly():
    [match] = HISTORY.find("his son Kim Jong-II’s rule")
    assert match.matched == "Kim Jong-II’s" and match.entry.term == "Kim Jong-Il" and match.typo
    assert match.spoken() == "Kim Jong-Il’s"


def test_longest_match_first_without_overlaps():
    assert found(HISTORY, "The Soviet Union and the Soviet army") == [
        ("Soviet Union", "Soviet Union"), ("Soviet", "Soviet")]


def test_whole_words_only():
    assert found(HISTORY, "expurgated purgers NATOs NATOish") == [("NATOs", "NATO")]


def test_never_inside_urls_or_citations():
    text = ("See https://example.org/juche/purge and www.juche.org or example.com/Juche, "
            "mail juche@example.org (Juche 1999), but Juche here.")
    [match] = HISTORY.find(text)
    assert match.matched == "Juche" and text[match.start - 4:match.start] == "but "


def test_spoken_forms():
    def spoken(text, first_use=True):
        [match] = HISTORY.find(text)
        return match.spoken(first_use)

    assert spoken("Juche") == "Joochay"
    assert spoken("Juche’s") == "Joochay’s"
    assert spoken("Khrushchev's") == "Krooshchoff's"
    assert spoken("purged") == "purged"
    assert spoken("USSR") == "Union of Soviet Socialist Republics"
    assert spoken("USSR’s") == "Union of Soviet Socialist Republics’"
    assert spoken("USSR", first_use=False) == "U S S R"
    assert spoken("USSR’s", first_use=False) == "U S S R’s"
    assert spoken("U.S.", first_use=False) == "U S"
    assert spoken("NATO", first_use=False) == "Nayto"


# -- annotate -----------------------------------------------------------------------------------


TWO_SECTIONS = chapter(
    ["Juche began.", "Juche went on under Khrushchev."],
    [("fig", "Khrushchev in Moscow."), "Juche again, and the USSR."],
)


def uses(mode: str, captions: bool = True):
    return [(u.sentence_id, u.term, u.first_use)
            for u in HISTORY.annotate(TWO_SECTIONS, mode, captions)]


def test_annotate_first():
    assert uses("first") == [
        ("p1.s1", "Juche", True), ("p2.s1", "Juche", False), ("p2.s1", "Khrushchev", True),
        ("f1", "Khrushchev", False), ("p3.s1", "Juche", False), ("p3.s1", "USSR", True)]


def test_annotate_section():
    assert uses("section") == [
        ("p1.s1", "Juche", True), ("p2.s1", "Juche", False), ("p2.s1", "Khrushchev", True),
        ("f1", "Khrushchev", True), ("p3.s1", "Juche", True), ("p3.s1", "USSR", True)]


def test_annotate_every_and_never():
    assert all(first for _, _, first in uses("every"))
    assert not any(first for _, _, first in uses("never"))
    assert len(uses("every")) == len(uses("never")) == 6


def test_annotate_without_captions():
    assert "f1" not in [sid for sid, _, _ in uses("first", captions=False)]


def test_annotate_records_spans_and_speech():
    use = HISTORY.annotate(TWO_SECTIONS, "first")[-1]
    assert (use.matched, use.start, use.end) == ("USSR", 21, 25)
    assert use.spoken == "Union of Soviet Socialist Republics"
    assert use.expansion == "Union of Soviet Socialist Republics"
    never = HISTORY.annotate(TWO_SECTIONS, "never")[-1]
    assert never.spoken == "U S S R"


def test_annotate_rejects_unknown_mode():
    with pytest.raises(ConfigError, match="one of first, section, every, never"):
        HISTORY.annotate(TWO_SECTIONS, "once")


# -- the shipped glossary -----------------------------------------------------------------------


def test_shipped_glossary_and_its_packaged_copy_are_identical():
    top = ROOT / "glossary.yaml"
    packaged = ROOT / "src" / "accessed" / "data" / "glossary.yaml"
    assert top.read_bytes() == packaged.read_bytes()


def test_shipped_glossary_loads_and_is_consistent(sample):
    glossary = Glossary.default()
    assert 20 <= len(glossary) <= 40
    for entry in glossary:
        assert entry.definition[0].isupper() and entry.definition.endswith(".")
    report = check(glossary, [read_chapter(sample)])
    assert report.ok and report.lines() == []


def test_shipped_glossary_on_the_sample(sample):
    glossary = Glossary.default()
    doc = read_chapter(sample)
    uses = glossary.annotate(doc)
    first = {u.term: u for u in uses if u.first_use}
    assert first["Juche"].spoken == "Joochay"
    assert first["USSR"].spoken == "Union of Soviet Socialist Republics"
    assert first["Kim Jong-Il"].matched == "Kim Jong-II"
    assert first["Kim Jong-Il"].spoken == "Kim Jong-Il"
    assert first["Khrushchev"].matched == "Khrushchev’s"
    assert first["purge"].matched == "purged"
    assert first["Kim Il-Sung"].sentence_id == "f1"  # the caption comes first in reading order
    # each term explained once; notes, bibliography and licence are not annotated
    assert len(first) == len({u.term for u in uses})
    body = {s.id for s in doc.sentences} | {f.id for f in doc.figures}
    assert {u.sentence_id for u in uses} <= body
    for u in uses:
        text = next(s.text for s in doc.sentences if s.id == u.sentence_id) \
            if u.sentence_id.startswith("p") else doc.figures[0].caption
        assert text[u.start:u.end] == u.matched


# -- check --------------------------------------------------------------------------------------


def test_check_reports_unused_and_collisions():
    glossary = Glossary.loads("""
terms:
  - term: purge
    definition: To remove by force.
  - term: purges
    definition: Times of removal.
  - term: Soviet
    variants: [Red]
    definition: Of the Soviet Union.
  - term: communism
    variants: [Red, communist]
    definition: A political system.
  - term: Kim Il-Sung
    kind: person
    variants: [Kim Il Sung]
    definition: A leader.
""")
    report = check(glossary, chapter(["He purged the Reds under communism."]))
    assert [e.term for e in report.unused] == ["purges", "Kim Il-Sung"]
    pairs = {(c.entry.term, c.form, c.other.term) for c in report.collisions}
    assert pairs == {("purges", "purges", "purge"), ("Soviet", "Red", "communism"),
                     ("communism", "Red", "Soviet")}
    assert [(e.term, v) for e, v in report.redundant] == [("Kim Il-Sung", "Kim Il Sung")]
    assert not report.ok
    assert any('variant "Red" of "Soviet" is also matched by "communism"' in line
               for line in report.lines())


# -- a second, real glossary --------------------------------------------------------------------


def test_openstax_glossary_matches_the_philosophy_chapter(philosophy):
    glossary = Glossary.load(FIXTURES / "philosophy-glossary.yaml")
    assert len(glossary) == 5
    doc = read_chapter(philosophy)
    report = check(glossary, [doc])
    assert report.ok and report.unused == []
    uses = glossary.annotate(doc)
    first = [u for u in uses if u.first_use]
    assert sorted(u.term for u in first) == sorted(e.term for e in glossary)
    # "post-structuralism" is one term, not "structuralism" after a hyphen
    post = [u for u in uses if u.matched.lower().startswith("post")]
    assert post and all(u.term == "Post-structuralism" for u in post)
    # the citation "(Derrida 1997)" and the references are left alone
    assert all(u.sentence_id[0] in "pf" for u in uses)


def test_entry_forms_skip_duplicates():
    entry = Entry("Juche", "x", variants=("juche", "Juche idea"))
    assert entry.forms == [("Juche", False), ("Juche idea", False)]


def test_unclosed_quote_names_where_it_opened():
    message = load_error('terms:\n  - term: "Juche\n    definition: x\n')
    assert message.startswith("glossary.yaml:4:1: YAML syntax error:")
    assert "on line 2" in message


def test_names_and_vocabulary_tell_proper_names_from_terms():
    glossary = Glossary.loads("""
terms:
  - {term: Kim Il-Sung, kind: person, variants: [Kim Il Sung], definition: The first leader.}
  - {term: USSR, expansion: Union of Soviet Socialist Republics, definition: The Soviet Union.}
  - {term: GDP, expansion: gross domestic product, definition: What a country makes in a year.}
  - {term: Juche, definition: Self-reliance.}
  - {term: 38th parallel, kind: place, definition: A line of latitude.}
""")
    assert glossary.names() == ["Kim Il-Sung", "Kim Il Sung", "USSR",
                                "Union of Soviet Socialist Republics"]
    assert glossary.vocabulary() == ["Juche"]
