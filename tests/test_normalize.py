"""Speech normalisation: number words, per-rule cases, citations, NeMo rates, real chapters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accessed import numbers as nw
from accessed.normalize import fold_letters, normalize, site_name, speak_citation, speak_site

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TN = SHARED / "external" / "tn"


# ----------------------------------------------------------------------------- numbers.py


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (21, "twenty-one"), (100, "one hundred"),
    (101, "one hundred one"), (163, "one hundred sixty-three"), (1000, "one thousand"),
    (40000, "forty thousand"), (123000012, "one hundred twenty-three million twelve"),
    (-2, "minus two"), (10**21, "one sextillion"),
])
def test_cardinal(n, words):
    assert nw.cardinal(n) == words


@pytest.mark.parametrize("n, words", [
    (1, "first"), (2, "second"), (3, "third"), (5, "fifth"), (8, "eighth"), (9, "ninth"),
    (12, "twelfth"), (20, "twentieth"), (21, "twenty-first"), (38, "thirty-eighth"),
    (100, "one hundredth"), (111, "one hundred eleventh"), (1000000, "one millionth"),
])
def test_ordinal(n, words):
    assert nw.ordinal(n) == words


@pytest.mark.parametrize("n, words", [
    (1950, "nineteen fifty"), (1906, "nineteen oh six"), (1900, "nineteen hundred"),
    (2000, "two thousand"), (2007, "two thousand seven"), (2010, "twenty ten"),
    (1066, "ten sixty-six"), (1000, "one thousand"), (340, "three forty"), (800, "eight hundred"),
    (2500, "twenty-five hundred"),
])
def test_year(n, words):
    assert nw.year(n) == words


@pytest.mark.parametrize("n, words", [
    (1990, "nineteen nineties"), (1900, "nineteen hundreds"), (2000, "two thousands"),
    (1910, "nineteen tens"), (90, "nineties"), (60, "sixties"),
])
def test_decade(n, words):
    assert nw.decade(n) == words


def test_decimal_and_digits():
    assert nw.decimal("3.6") == "three point six"
    assert nw.decimal(".5") == "point five"
    assert nw.decimal("1,234.50") == "one thousand two hundred thirty-four point five zero"
    assert nw.digits("004") == "zero zero four"


@given(st.integers(min_value=-10**15, max_value=10**15))
@settings(max_examples=300, deadline=None)
def test_cardinal_is_words_only(n):
    words = nw.cardinal(n)
    assert re.fullmatch(r"[a-z -]+", words)
    assert "  " not in words


# ----------------------------------------------------------------------------- normalize: rules

RULES = [
    # years, only where they are years
    ("Stalin gave him the green light in 1950.", "Stalin gave him the green light in nineteen fifty."),
    ("By 2000 the economy shrank.", "By two thousand the economy shrank."),
    ("It happened in 2007.", "It happened in two thousand seven."),
    ("since 2010", "since twenty ten"),
    ("Kim Il-Sung visits Moscow, 1949.", "Kim Il-Sung visits Moscow, nineteen forty-nine."),
    ("the Russian Revolution of 1917", "the Russian Revolution of nineteen seventeen"),
    ("1,000 people came.", "one thousand people came."),
    ("1500 people came.", "one thousand five hundred people came."),
    ("over 1200 soldiers", "over one thousand two hundred soldiers"),
    ("9000", "nine thousand"),
    ("c. 1950", "circa nineteen fifty"),
    ("(b. 1930)", "(born nineteen thirty)"),
    ("(d. 1950)", "(died nineteen fifty)"),
    ("79 AD", "seventy-nine A-D"),
    ("A.D. 79", "A-D seventy-nine"),
    ("300 BC", "three hundred B-C"),
    # ranges
    ("(1856–1939)", "(eighteen fifty-six to nineteen thirty-nine)"),
    ("1945-1960", "nineteen forty-five to nineteen sixty"),
    ("1950–51", "nineteen fifty to nineteen fifty-one"),
    ("2008–09", "two thousand eight to two thousand nine"),
    ("3–5 years", "three to five years"),
    ("pages 209–31", "pages two hundred nine to two hundred thirty-one"),
    ("pp. 12–15", "pages twelve to fifteen"),
    ("10-11%", "ten to eleven percent"),
    # dates
    ("4 Dec. 2007", "The fourth of December two thousand seven"),
    ("on 4 Dec. 2007", "on the fourth of December two thousand seven"),
    ("August 7 2017", "August seventh, twenty seventeen"),
    ("On January 23, 1998, Netscape", "On January twenty-third, nineteen ninety-eight, Netscape"),
    ("in July 2003", "in July two thousand three"),
    ("Retrieved 2016-05-01.", "Retrieved May first, twenty sixteen."),
    ("on the 26th May", "on the twenty-sixth of May"),
    ("by 17 may 2010", "by the seventeenth of May twenty ten"),
    ("5 may vary", "five may vary"),
    # decades and centuries
    ("the 1990s", "the nineteen nineties"),
    ("the 90s", "the nineties"),
    ("the ’90s", "the nineties"),
    ("mid-1980s", "mid-nineteen eighties"),
    ("the early 20th century", "the early twentieth century"),
    # ordinals and cardinals
    ("The 38th parallel", "The thirty-eighth parallel"),
    ("the 1st, 2nd and 3rd", "the first, second and third"),
    ("40,000 troops", "forty thousand troops"),
    ("revision 746574460", "revision seven four six five seven four four six zero"),
    ("-5", "minus five"),
    # decimals and versions
    ("3.6 million", "three point six million"),
    ("version 1.0 and Firefox 3.6", "version one point zero and Firefox three point six"),
    ("beyond 1.7.x", "beyond one point seven point x"),
    ("Figure 12.11", "Figure twelve point eleven"),
    ("H.264 video", "H two sixty-four video"),
    ("HTML5 apps", "HTML five apps"),
    # money and percent
    ("$163 million", "one hundred sixty-three million dollars"),
    ("US$1,000", "one thousand US dollars"),
    ("$500", "five hundred dollars"),
    ("£5", "five pounds"),
    ("€20", "twenty euros"),
    ("$1.50", "one dollar fifty cents"),
    ("$5-10 million", "five to ten million dollars"),
    ("33%", "thirty-three percent"),
    # measures, temperatures, fractions
    ("5 km", "five kilometers"),
    ("1 kg", "one kilogram"),
    ("a 5-km race", "a five-kilometer race"),
    ("20°C", "twenty degrees Celsius"),
    ("1/2", "one half"),
    ("3/4 of them", "three quarters of them"),
    ("4 1/2 lbs", "four and a half pounds"),
    ("24/7", "twenty-four seven"),
    # times
    ("10:30 a.m.", "ten thirty AM."),
    ("at 5 p.m. we left", "at five PM we left"),
    ("at the 2:54 mark", "at the two fifty-four mark"),
    ("2pm-5pm", "two PM to five PM"),
    # roman numerals
    ("World War II", "World War Two"),
    ("World War I ended", "World War One ended"),
    ("Henry VIII's wives", "Henry the Eighth's wives"),
    ("Louis XIV", "Louis the Fourteenth"),
    ("Elizabeth I was queen", "Elizabeth the First was queen"),
    ("Pope John Paul II", "Pope John Paul the Second"),
    ("Vol. II", "Volume Two"),
    ("Chapter IV", "Chapter Four"),
    ("Phase I", "Phase One"),
    # abbreviations
    ("No. 71", "Number seventy-one"),
    ("vol. 3", "volume three"),
    ("p. 12", "page twelve"),
    ("2nd ed.", "second edition."),
    ("e.g., this", "for example, this"),
    ("i.e. that", "that is that"),
    ("pears, etc. Then", "pears, et cetera. Then"),
    ("(reputation, influence, etc.) became", "(reputation, influence, et cetera) became"),
    ("Dr. Evil", "Doctor Evil"),
    ("Mr. Kim and Mrs. Kim", "Mister Kim and Misses Kim"),
    ("St. Paul", "Saint Paul"),
    ("Bedford/St. Martin's", "Bedford/Saint Martin's"),
    ("1428 Elm St. It was", "fourteen twenty-eight Elm Street. It was"),
    ("U.S. companies", "U-S companies"),
    ("by the U.S. However, it", "by the U-S. However, it"),
    ("C. S. Lewis", "C-S Lewis"),
    ("W.E.B. Du Bois", "W-E-B Du Bois"),
    ("Edward N. Zalta", "Edward N Zalta"),
    ("Santa Clara, CA 95051", "Santa Clara, California nine five zero five one"),
    ("Item #3", "Item number three"),
    # letters and symbols
    ("Lanʹkov", "Lankov"),
    ("Andreĭ Nikolaevich", "Andrei Nikolaevich"),
    ("Tōkyō and Nguyễn", "Tokyo and Nguyen"),
    ("salt & pepper", "salt and pepper"),
    ("C++", "C plus plus"),
    ("© 2022", "copyright twenty twenty-two"),
    ("Copyright © 2022", "Copyright twenty twenty-two"),
    ("Copyright copyright 2022", "Copyright twenty twenty-two"),
    ("~50 people", "about fifty people"),
    ("the hashtag #wontworkwithbigots", "the hashtag wontworkwithbigots"),
    # note markers and URLs
    ("friendship.[1] Next", "friendship. Next"),
    ("across the globe[citation needed]. It", "across the globe. It"),
    ("registered mozilla.org.", "registered mozilla dot org."),
    ("see https://www.crisisgroup.org/asia/x.", "see crisisgroup dot org."),
    ("mail a.bc@gmail.com", "mail a dot bc at gmail dot com"),
    # a sentence that ends in a spelled number starts the next with a capital (espeak's stop)
    ("Barry, Peter. 2002. Beginning Theory.", "Barry, Peter. Two thousand two. Beginning Theory."),
]


@pytest.mark.parametrize("written, spoken", RULES)
def test_normalize_rule(written, spoken):
    assert normalize(written) == spoken


UNCHANGED = [
    "I think I can.", "Sam and I", "so am I", "I, Claudius", "May I come in?",
    "Kim Il Sung", "Kim Il-Sung", "Kim Jong Il", "Kim Jong-Il",
    "Kim Jong-II",  # a typo in the sample: the glossary fixes it, we must not read "two"
    "No one came.", "the US and USSR", "Li Peng", "Xi Jinping", "Malcolm X spoke.",
    "vitamin C is good", "Plan B. Then we left.", "a DNA test", "Civil War", "mother-in-law",
    "On the mar.", "Nöth and Dupré", "Jürgen Habermas", "Žižek", "the word dope",
    "X-ray", "et al", "love him while we may,", "and/or", "results may vary",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_normalize_leaves_alone(text):
    assert normalize(text) == text


def test_fold_letters():
    assert fold_letters("Lanʹkov, Andreĭ, Nguyễn, Tōkyō, Łódź") == "Lankov, Andrei, Nguyen, Tokyo, Lódz"
    assert fold_letters("Nöth, Dupré, Čapek, 서울") == "Nöth, Dupré, Čapek, 서울"


# ----------------------------------------------------------------------------- citations

CITATIONS = [
    ("Lanʹkov, From Stalin to Kim Il Sung, 127.",
     "Lankov, From Stalin to Kim Il Sung, page one hundred twenty-seven."),
    ("  2. Lanʹkov, 127.", "Lankov, page one hundred twenty-seven."),
    ("Ibid.", "Same source."),
    ("Ibid., 45–47.", "Same source, pages forty-five to forty-seven."),
    ("Acta Koreana 18, no. 1 (2015): 209–31.",
     "Acta Koreana, volume eighteen, number one (twenty fifteen), "
     "pages two hundred nine to two hundred thirty-one."),
    ("Argumentation and Advocacy 35 (3): 115–129.",
     "Argumentation and Advocacy, volume thirty-five, number three, "
     "pages one hundred fifteen to one hundred twenty-nine."),
    ("(New Brunswick, N.J.: Rutgers University Press, 2002), 127.",
     "(New Brunswick, New Jersey: Rutgers University Press, two thousand two), "
     "page one hundred twenty-seven."),
    ("Ithaca, N.Y.: Cornell University Press, 1999.",
     "Ithaca, New York: Cornell University Press, nineteen ninety-nine."),
    ("Cambridge, MA: MIT Press.", "Cambridge, Massachusetts: MIT Press."),
    ("Accessed April 18, 2021.", "Accessed April eighteenth, twenty twenty-one."),
    ("Update Briefing No. 71, 4 Dec. 2007, http://www.crisisgroup.org/library/documents/b71.",
     "Update Briefing Number seventy-one, the fourth of December two thousand seven, "
     "crisisgroup dot org."),
    ("Barry, Peter. 2002. Beginning Theory. 2nd ed. Manchester: Manchester University Press.",
     "Barry, Peter. Two thousand two. Beginning Theory. Second edition. "
     "Manchester: Manchester University Press."),
    ("In Habermas and the Public Sphere, edited by Craig Calhoun, 73–98. Cambridge, MA: MIT Press.",
     "In Habermas and the Public Sphere, edited by Craig Calhoun, pages seventy-three to ninety-eight. "
     "Cambridge, Massachusetts: MIT Press."),
    ("Bourdeau, Michel, and Warren Schmaus, eds. 2018. Love.",
     "Bourdeau, Michel, and Warren Schmaus, editors. Twenty eighteen. Love."),
    ("In Title, ed. Craig Calhoun, 73–98.", "In Title, edited by Craig Calhoun, pages seventy-three to ninety-eight."),
    ("Summer 2018 ed. https://plato.stanford.edu/archives/x/.",
     "Summer twenty eighteen edition. Plato dot stanford dot edu."),
    ("From Stalin to Kim Il Sung: The Formation of North Korea, 1945-1960.",
     "From Stalin to Kim Il Sung: The Formation of North Korea, nineteen forty-five to nineteen sixty."),
]


@pytest.mark.parametrize("written, spoken", CITATIONS)
def test_speak_citation(written, spoken):
    assert speak_citation(written) == spoken


@pytest.mark.parametrize("url, name, spoken", [
    ("https://www.crisisgroup.org/asia/north-east-asia/x", "crisisgroup.org", "crisisgroup dot org"),
    ("http://ebookcentral.proquest.com/lib/muhlenberg/detail.action?docID=3407373",
     "ebookcentral.proquest.com", "ebookcentral dot proquest dot com"),
    ("https://www2.grenfell.mun.ca/animus/", "grenfell.mun.ca", "grenfell dot M-U-N dot C-A"),
    ("https://www.loc.gov/catdir/x.html", "loc.gov", "L-O-C dot gov"),
    ("https://user:pw@Example.COM:8080/a?b#c", "example.com", "example dot com"),
    ("mozilla.org", "mozilla.org", "mozilla dot org"),
])
def test_site_name(url, name, spoken):
    assert site_name(url) == name
    assert speak_site(url) == spoken
    assert "http" not in normalize(url) and "slash" not in normalize(url)


# ----------------------------------------------------------------------------- NeMo test cases


def _canon(text: str, and_free: bool = False) -> str:
    """Lower-cased, punctuation-insensitive, hyphens as spaces."""
    text = re.sub(r"['’]", "", text.lower().replace("-", " "))
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    if and_free:  # British "one hundred and five" vs our American "one hundred five"
        text = re.sub(r"\b(hundred|thousand|million|billion|trillion|quadrillion|quintillion) and\b",
                      r"\1", text)
    return text


def _nemo_rate(name: str, and_free: bool) -> float:
    lines = (TN / f"test_cases_{name}.txt").read_text(encoding="utf-8").split("\n")
    pairs = [ln.split("~", 1) for ln in lines if "~" in ln and ln.split("~", 1)[0].strip()]
    hits = sum(_canon(normalize(w), and_free) == _canon(s, and_free) for w, s in pairs)
    return hits / len(pairs)


# class: (floor on the strict rate, floor once "hundred and" is ignored). Floors sit just under
# what the module achieves so a change that loses cases fails. Money and measure fall short
# strictly only because NeMo says "eighteen thousand eight hundred and fifty four".
NEMO_FLOORS = {
    "cardinal": (0.83, 1.00), "ordinal": (0.96, 0.96), "date": (0.96, 0.96),
    "decimal": (1.00, 1.00), "money": (0.66, 1.00), "measure": (0.76, 0.90),
    "time": (1.00, 1.00), "whitelist": (0.85, 0.85),
}


@pytest.mark.skipif(not TN.is_dir(), reason=f"NeMo text-normalisation cases not found at {TN}")
@pytest.mark.parametrize("name", sorted(NEMO_FLOORS))
def test_nemo_rates(name):
    strict, and_free = NEMO_FLOORS[name]
    assert _nemo_rate(name, and_free=False) >= strict
    assert _nemo_rate(name, and_free=True) >= and_free


# ----------------------------------------------------------------------------- real chapters


def _chapter_texts() -> list[Path]:
    paths = [REPO / "src" / "accessed" / "data" / "korean-history-ch18-evolving-relations.txt"]
    paths += sorted((SHARED / "external" / "chapters").glob("*.txt"))
    return [p for p in paths if p.is_file()]


@pytest.mark.parametrize("path", _chapter_texts(), ids=lambda p: p.name)
def test_real_chapter_has_no_digits_left(path):
    cite = False
    for para in path.read_text(encoding="utf-8").split("\n"):
        if not para.strip():
            continue
        if para.strip() in ("Bibliography", "References"):
            cite = True
        is_note = bool(re.match(r"\s+\d+\.\s", para))
        out = speak_citation(para) if cite or is_note else normalize(para)
        assert not re.search(r"\d", out), (para, out)
        assert "http" not in out and "www" not in out.lower()


def test_korean_sample_reads_well():
    path = REPO / "src" / "accessed" / "data" / "korean-history-ch18-evolving-relations.txt"
    text = normalize(path.read_text(encoding="utf-8"))
    for spoken in ("World War Two", "in nineteen fifty", "the nineteen sixties", "the nineties",
                   "thirty-eighth parallel", "By nineteen seventy-four", "Kim Jong-II", "the U-S. However"):
        assert spoken in text
    assert "Lanʹkov" not in text


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_never_crashes(text):
    assert isinstance(normalize(text), str)
    assert isinstance(speak_citation(text), str)


@given(st.integers(min_value=0, max_value=10**12))
@settings(max_examples=200, deadline=None)
def test_numbers_in_prose_become_words(n):
    out = normalize(f"There were {n:,} of them, and {n} more.")
    assert not re.search(r"\d", out), out
