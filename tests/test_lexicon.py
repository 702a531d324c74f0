"""Plain-word substitution: the built-in lexicon and its rules of use."""

import pytest

from accessed import lexicon
from accessed.lexicon import LexiconError, default_lexicon, load, simplify


def plain(text: str) -> str:
    return simplify(text)[0]


@pytest.mark.parametrize(
    "hard, easy",
    [
        ("They utilize the tools.", "They use the tools."),
        ("Even to this day, the two are rivals.", "Even today, the two are rivals."),
        ("The families who reside there are poor.", "The families who live there are poor."),
        ("Institutions keep replicating inequality.", "Institutions keep repeating inequality."),
        ("Trust is a key component of trade.", "Trust is a key part of trade."),
        ("Games are made as per the criteria.", "Games are made according to the criteria."),
        ("It was sold as the superior political system.", "It was sold as the better political system."),
        ("Immediately North Korean students were called home.",
         "At once, North Korean students were called home."),  # an adverb, not a title
        ("The war exacerbated the crisis.", "The war made the crisis worse."),
        ("Poverty exacerbates inequality in cities.", "Poverty makes inequality worse in cities."),
        ("Exacerbating the crisis was a mistake.", "Making the crisis worse was a mistake."),
        ("The situation was exacerbated by the war.", "The situation was made worse by the war."),
        ("It proved detrimental to trade.", "It proved harmful to trade."),
        (
            "It was detrimental for bilateral relations between the two countries.",
            "It was harmful for relations between the two countries.",
        ),
        ("Work will commence soon.", "Work will start soon."),
        ("Subsequently, they left.", "Later, they left."),
        ("He left in order to rest.", "He left to rest."),
        ("It costs approximately ten dollars.", "It costs about ten dollars."),
        ("Call me prior to the meeting.", "Call me before the meeting."),
        ("There were numerous problems.", "There were many problems."),
        ("This will facilitate learning.", "This will help learning."),
        ("They endeavor to finish.", "They try to finish."),
        ("We have sufficient food.", "We have enough food."),
        ("He wrote regarding the plan.", "He wrote about the plan."),
        ("The data demonstrate a trend.", "The data show a trend."),
        ("It has commenced.", "It has started."),
        ("The results have demonstrated a trend.", "The results have shown a trend."),
    ],
)
def test_required_examples(hard, easy):
    assert plain(hard) == easy


def test_change_list_is_human_readable():
    _, changes = simplify("The war exacerbated the crisis and utilized numerous soldiers.")
    assert "'utilized' → 'used'" in changes
    assert "'numerous' → 'many'" in changes
    assert any(c.startswith("'exacerbated") and "worse" in c for c in changes)


def test_capital_at_sentence_start():
    assert plain("Utilize the tools.") == "Use the tools."
    assert plain("Furthermore, North Korean nationalists agreed.") == "Also, North Korean nationalists agreed."
    assert plain("However, it failed.") == "But it failed."


def test_article_agrees_after_replacement():
    assert plain("It was an integral part of the plan.") == "It was a key part of the plan."
    assert plain("North Korea used this as an opportunity.") == "North Korea used this as a chance."
    assert plain("They saw an occasion of disappointment.") == "They saw a time of disappointment."


def test_quotations_are_never_changed():
    for text in (
        "He said “we must utilize numerous tools” today.",
        'He said "we must utilize numerous tools" today.',
        "The article ‘Utilize Numerous Tools’ was read.",
    ):
        assert plain(text) == text


def test_apostrophes_are_not_quotes():
    assert plain("The USSR’s plan was to utilize the puppeteers’ numerous arms.") == (
        "The USSR’s plan was to use the puppeteers’ many arms."
    )


def test_proper_names_and_titles_are_kept():
    assert plain("The Remedy Group met to remedy the situation.") == "The Remedy Group met to fix the situation."
    assert plain("Remedy Group announced a merger.") == "Remedy Group announced a merger."
    assert plain("She read Numerous Voices last year.") == "She read Numerous Voices last year."


@pytest.mark.parametrize(
    "text",
    [
        "There is no remedy for this.",  # noun, not the verb
        "It is superior to the old one.",  # 'better to' would be wrong
        "Power resides in a network.",  # not a person: 'lives' would be wrong
        "It contrasts with other objects in the room in which it resides.",
        "It has a web browser component.",  # a software component is a named piece, not a 'part'
        "It inspired concrete political movements.",  # 'concrete' against 'abstract', not 'real'
        "The decision to call it a tree is arbitrary.",  # a technical sense in linguistics
        "A superior officer gave the order.",  # rank
        "He asked his superior.",  # the noun: a boss
        "From that day to this day he waited.",
        "Numerous Korean writers came.",  # a capital after a sentence-initial adjective: a title?
        "Firefox OS is a mobile operating system.",  # not 'working system'
        "There is no objective meaning.",  # adjective 'objective', not 'goal'
        "Race is a social construct.",  # noun 'construct'
        "Mozilla maintains a developer website.",  # software 'maintains' is not 'keeps'
        "Any browser that implements the features works.",  # software 'implements'
        "He was an individual thinker.",  # adjective 'individual'
        "Large projects were pursued.",  # passive 'pursued' is not 'followed'
        "Kim was engaged in praise.",  # no passive of 'take part in'
        "It used religiously motivated language.",
        "They have an abandoned house.",  # verb entries never fire after a determiner
    ],
)
def test_words_whose_sense_differs_are_left_alone(text):
    assert plain(text) == text


def test_inflected_forms_and_phrasal_verbs():
    assert plain("Nietzsche engaged in a type of deconstruction.") == "Nietzsche took part in a type of deconstruction."
    assert plain("This gave rise to a school of thought.") == "This led to a school of thought."
    assert plain("The leadership had come to the conclusion that it failed.") == "The leadership had decided that it failed."
    assert plain("It originated out of need.") == "It grew out of need."
    assert plain("All opposition factions and individuals fled.") == "All opposition groups and people fled."


def test_object_slot_needs_a_clear_noun_phrase():
    assert plain("It exacerbated the very long and complicated situation of the poor.") == (
        "It worsened the very long and complicated situation of the poor."
    )


def test_markers_are_kept():
    assert plain("It was approximately 85%[16] of revenue.[17]") == "It was about 85%[16] of revenue.[17]"


# --- the data file ---------------------------------------------------------------------------


def test_lexicon_is_a_real_list():
    lex = default_lexicon()
    assert 250 <= len(lex.entries) <= 450
    for e in lex.entries:
        assert e.word and e.plain and e.word.lower() != e.plain.lower()
        if e.only or e.after or e.before or e.not_after or e.not_before:
            assert e.note or e.only or e.after or e.before  # limited senses are explained


def test_lexicon_covers_the_hard_words_of_the_sample_chapter():
    lex = default_lexicon()
    for word in (
        "staunch", "wherein", "encompass", "spurring on", "exemplified", "floundered", "disavowed",
        "differentiation", "remedy", "pervasive", "contending", "substantive", "stagnation",
        "bilateral relations",
    ):
        assert lex.lookup(word), word


def test_loader_reports_bad_entries_with_line_numbers():
    with pytest.raises(LexiconError, match=r":3: an entry needs"):
        load("entries:\n  - {word: a, plain: b}\n  - {word: c}\n")
    with pytest.raises(LexiconError, match="unknown pos"):
        load("entries:\n  - {word: a, plain: b, pos: thing}\n")
    with pytest.raises(LexiconError, match="duplicate"):
        load("entries:\n  - {word: a, plain: b}\n  - {word: A, plain: c}\n")
    with pytest.raises(LexiconError, match="unknown field"):
        load("entries:\n  - {word: a, plain: b, colour: red}\n")


def test_custom_lexicon():
    lex = load("entries:\n  - {word: gargantuan, plain: huge, pos: adj}\n")
    assert lex.simplify("A gargantuan task.")[0] == "A huge task."
    assert lexicon.simplify("A gargantuan task.")[0] == "A gargantuan task."


def test_plain_language_word_list_additions():
    assert plain("Kim emerged as a sensible option.") == "Kim became a sensible choice."
    assert plain("He adopted the desire to spread communism.") == "He adopted the wish to spread communism."
    assert plain("It met Russian desires for the future.") == "It met Russian wishes for the future."
    assert plain("Credo amassed 50,000 signatures.") == "Credo gathered 50,000 signatures."


@pytest.mark.parametrize("text", [
    "He sold his stock options.",  # finance: not 'stock choices'
    "Pick the default option in the menu.",  # software setting
    "They desire power above all.",  # the verb with an object: 'wish power' is wrong
])
def test_new_entries_keep_their_sense(text):
    assert plain(text) == text
