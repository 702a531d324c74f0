from accessed.sentences import split_sentences


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_plain_boundaries():
    assert sentences("One thing. Two things! Three? Four.") == [
        "One thing.", "Two things!", "Three?", "Four."]


def test_abbreviations_do_not_split():
    text = ("The U.S. Army met Dr. Smith in New Brunswick, N.J. in 1950. See pp. 12–15 and "
            "c. 1900 for more. A. N. Lankov wrote it.")
    assert sentences(text) == [
        "The U.S. Army met Dr. Smith in New Brunswick, N.J. in 1950.",
        "See pp. 12–15 and c. 1900 for more.",
        "A. N. Lankov wrote it.",
    ]


def test_abbreviation_can_end_a_sentence_before_an_opener():
    text = "It was supplied by the U.S. However, Kim went his own way."
    assert sentences(text) == ["It was supplied by the U.S.", "However, Kim went his own way."]


def test_closing_quotes_stay_with_their_sentence():
    assert sentences("He said “No.” Then he left.") == ["He said “No.”", "Then he left."]


def test_leading_parenthesis_is_its_own_sentence():
    text = "(More about him in chapter 4) Indeed, he did. Then more."
    assert sentences(text) == ["(More about him in chapter 4)", "Indeed, he did.", "Then more."]


def test_decimal_numbers_and_lowercase_after_period_do_not_split():
    assert sentences("Version 3.6 shipped. it was fine e.g. here.") == [
        "Version 3.6 shipped. it was fine e.g. here."]


def test_spans_exclude_surrounding_whitespace():
    assert split_sentences("  One.  Two.  ") == [(2, 6), (8, 12)]
