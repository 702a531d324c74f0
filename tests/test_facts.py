"""The fact check: what a plain rewrite must keep."""

from accessed.facts import added, facts, missing


def test_collects_numbers_dates_money_percentages_and_markers():
    f = facts(
        "In a report released in November 2012, Mozilla reported that revenue for 2011 was "
        "$163 million, up 33% from $123 million, and that US$1,000[23] was given on April 3, "
        "2014.[27] It was the 4th browser in the 1990s."
    )
    assert f.numbers == ["2012", "2011", "$163", "33%", "$123", "US$1,000", "3", "2014", "4th", "1990s"]
    assert f.years == ["2012", "2011", "2014", "1990"]
    assert "April 3, 2014" in f.dates and "November 2012" in f.dates
    assert f.percentages == ["33%"]
    assert "$163 million" in f.money and "US$1,000" in f.money
    assert f.markers == ["[23]", "[27]"]


def test_collects_names_multiword_hyphenated_and_acronyms():
    f = facts(
        "The division between the United States and the USSR led Kim Il-Sung to meet Stalin "
        "in Moscow; see The Kim Family Dynasty of North Korea."
    )
    for name in ("United States", "USSR", "Kim Il-Sung", "Stalin", "Moscow",
                 "The Kim Family Dynasty of North Korea"):
        assert name in f.names, name
    assert "The" not in f.names


def test_possessives_and_parentheses_end_a_name():
    f = facts("When AOL (Netscape's parent company) left, Mozilla's CTO spoke to the USSR’s envoy.")
    assert "AOL" in f.names and "Netscape" in f.names
    assert "AOL Netscape" not in f.names
    assert "Mozilla" in f.names and "USSR" in f.names


def test_number_words_are_facts():
    assert facts("It happened four years later to twenty-three million people.").number_words == [
        "four", "twenty", "three", "million"
    ]


def test_sentence_initial_common_words_are_not_names():
    f = facts("Furthermore, the plan failed. Immediately the leaders met. However, Kim stayed.")
    assert "Furthermore" not in f.names + f.loose_names
    assert "Immediately" not in f.names + f.loose_names
    assert "However" not in f.names + f.loose_names
    assert missing("Furthermore, the plan failed.", "Also, the plan failed.") == []


def test_sentence_initial_names_are_checked():
    assert facts("Stalin gave him the green light.").loose_names == ["Stalin"]
    assert missing("Stalin gave him the green light.", "The leader gave him the green light.") == [
        "name 'Stalin'"
    ]
    # a word capitalised inside the text is a name even at the start of a sentence
    f = facts("Kim ruled. The people followed Kim.")
    assert "Kim" in f.names


def test_missing_reports_each_lost_fact():
    original = "Kim Il-Sung invaded the south in 1950 with 75% of the army.[2]"
    assert missing(original, original) == []
    lost = missing(original, "He invaded the south with most of the army.")
    assert "note marker [2]" in lost
    assert "number 1950" in lost
    assert "number 75%" in lost
    assert "name 'Kim Il-Sung'" in lost


def test_missing_counts_repeated_markers_and_numbers():
    original = "It was cited twice.[70][70] In 2012 and 2012 again."
    assert missing(original, "It was cited twice.[70] In 2012 and 2012 again.") == ["note marker [70]"]
    assert missing(original, "It was cited twice.[70][70] In 2012 again.") == ["number 2012"]


def test_added_reports_duplicated_markers():
    assert added("A claim.[3]", "A claim.[3] Another piece.[3]") == ["note marker [3] duplicated"]
    assert added("A claim.[3]", "A claim.[3]") == []


def test_reordering_and_case_at_sentence_start_are_not_losses():
    assert missing(
        "The 38th parallel, which has now become famous, is where it begins.",
        "The 38th parallel is where it begins. It has now become famous.",
    ) == []
    assert missing("Originally, Mozilla aimed high.", "At first, Mozilla aimed high.") == []


def test_editorial_brackets_are_numbers_not_markers():
    f = facts("The process was fruitful (Olson [2011] 2014).")
    assert f.markers == []
    assert "2011" in f.numbers and "2014" in f.numbers


def test_citation_needed_is_a_marker():
    assert facts("It grew.[citation needed]").markers == ["[citation needed]"]
