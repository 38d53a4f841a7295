"""Time expressions: what is found, where, and the TIMEX3-style value each one gets."""

import pytest

from newsledger.events import time as timex
from newsledger.events.time import TimeExpression, find_time_expressions, infer_year, normalise

THU = "2019-11-28"  # a Thursday in ISO week 48
MON = "2020-01-06"  # a Monday early in the year, for tense and year rollover


# (expression, published, value, relative) through normalise
@pytest.mark.parametrize(
    "expression, published, value, relative",
    [
        # explicit dates
        ("26 November 2019", THU, "2019-11-26", False),
        ("Nov. 26, 2019", None, "2019-11-26", False),
        ("November 26th, 2019", None, "2019-11-26", False),
        ("Tuesday, November 26, 2019", None, "2019-11-26", False),
        ("11/26/2019", None, "2019-11-26", False),
        ("26/11/2019", None, "2019-11-26", False),  # the first number cannot be a month
        ("2019-11-26", None, "2019-11-26", False),
        ("26.11.2019", None, "2019-11-26", False),
        ("2/30/2019", None, None, False),  # not a date
        ("November 26", THU, "2019-11-26", False),
        ("November 26", None, "XXXX-11-26", True),
        ("the 26th of November", THU, "2019-11-26", False),
        ("November 2019", None, "2019-11", False),
        ("in 2020", THU, "2020", False),
        ("fiscal year 2021", None, "2021", False),
        ("FY21", None, "2021", False),
        ("the year 2020", None, "2020", False),
        # months and parts of years
        ("in March", THU, "2019-03", False),
        ("in March", None, "XXXX-03", True),
        ("last March", THU, "2019-03", False),
        ("next March", THU, "2020-03", False),
        ("March next year", THU, "2020-03", False),
        ("early 2020", None, "2020-H1", False),
        ("mid-2020", None, "2020", False),
        ("late 2019", None, "2019-H2", False),
        ("early next year", THU, "2020-H1", False),
        ("late last year", THU, "2018-H2", False),
        ("mid-November", THU, "2019-11", False),
        ("the end of March", THU, "2019-03", False),
        ("the end of the year", THU, "2019-12", False),
        ("the end of the year", None, "XXXX-12", True),
        ("the beginning of 2021", None, "2021-01", False),
        ("the first half of next year", THU, "2020-H1", False),
        ("the first half of next year", None, "XXXX-H1", True),
        ("the second half of 2020", None, "2020-H2", False),
        ("the third quarter of 2020", None, "2020-Q3", False),
        ("Q3 2020", None, "2020-Q3", False),
        ("the last quarter", THU, "2019-Q3", False),
        ("summer 2020", None, "2020-SU", False),
        ("last summer", THU, "2019-SU", False),
        ("next spring", THU, "2020-SP", False),
        ("this winter", MON, "2019-WI", False),  # the winter that began in December
        # years relative to the publication date
        ("next year", THU, "2020", False),
        ("last year", THU, "2018", False),
        ("this year", None, "XXXX", True),
        ("two years ago", THU, "2017", False),
        ("a year ago", THU, "2018", False),
        ("in two years", THU, "2021", False),
        ("two years from now", THU, "2021", False),
        # weeks, months, days relative to the publication date
        ("last week", THU, "2019-W47", False),
        ("this week", THU, "2019-W48", False),
        ("next week", THU, "2019-W49", False),
        ("last week", None, "XXXX-WXX", True),
        ("two weeks ago", THU, "2019-W46", False),
        ("the weekend", THU, "2019-W47-WE", False),
        ("last month", THU, "2019-10", False),
        ("last month", MON, "2019-12", False),
        ("next month", THU, "2019-12", False),
        ("three months ago", THU, "2019-08", False),
        ("in three months", THU, "2020-02", False),
        ("yesterday", THU, "2019-11-27", False),
        ("today", THU, "2019-11-28", False),
        ("tomorrow", THU, "2019-11-29", False),
        ("last night", MON, "2020-01-05", False),
        ("yesterday", None, "XXXX-XX-XX", True),
        ("five days ago", THU, "2019-11-23", False),
        # periods stay periods
        ("from March to May 2020", None, "2020-03/2020-05", False),
        ("from December to March 2020", None, "2019-12/2020-03", False),
        ("March-May 2020", None, "2020-03/2020-05", False),
        ("between 2018 and 2020", None, "2018/2020", False),
        ("2018-2020", None, "2018/2020", False),
        ("the 2019-20 season", None, "2019/2020", False),
        ("November 26-28", THU, "2019-11-26/2019-11-28", False),
        ("26-28 November 2019", None, "2019-11-26/2019-11-28", False),
        ("since 2016", None, "2016/", False),
        ("after 2016", None, "2016/", False),
        ("until 2025", None, "/2025", False),
        ("before 2020", None, "/2020", False),
        ("by 2025", None, "2025", False),
        ("since last year", THU, "2018/", False),
        ("until now", THU, "/PRESENT_REF", True),
        ("earlier this month", THU, "2019-11-01/2019-11-28", False),
        ("later this month", THU, "2019-11-28/2019-11-30", False),
        ("earlier this week", THU, "2019-11-25/2019-11-28", False),
        ("later this year", THU, "2019-11-28/2019-12-31", False),
        ("so far this year", THU, "2019-01-01/2019-11-28", False),
        ("the rest of the year", THU, "2019-11-28/2019-12-31", False),
        ("the past two years", THU, "2017-11-28/2019-11-28", False),
        ("the past two years", None, "P2Y", True),
        ("over the last three months", THU, "2019-08-28/2019-11-28", False),
        ("the next five years", THU, "2019-11-28/2024-11-28", False),
        ("within two years", THU, "2019-11-28/2021-11-28", False),
        # vague references
        ("in recent weeks", THU, "PAST_REF", True),
        ("recently", None, "PAST_REF", True),
        ("in the past", THU, "PAST_REF", True),
        ("several years ago", THU, "PAST_REF", True),
        ("now", THU, "PRESENT_REF", True),
        ("currently", None, "PRESENT_REF", True),
        ("at the moment", THU, "PRESENT_REF", True),
        ("soon", THU, "FUTURE_REF", True),
        ("in the future", None, "FUTURE_REF", True),
        ("in the coming weeks", THU, "FUTURE_REF", True),
        # decades, centuries, durations
        ("the 1990s", None, "199X", False),
        ("the '90s", None, "199X", False),
        ("the late 1980s", None, "198X", False),
        ("the nineties", None, "199X", False),
        ("the 2000s", None, "200X", False),
        ("the 20th century", None, "19", False),
        ("this decade", THU, "201X", False),
        ("for two years", None, "P2Y", False),
        ("for a decade", None, "P10Y", False),
        ("18 months", None, "P18M", False),
        ("48 hours", None, "PT48H", False),
        ("the first time in three years", THU, "P3Y", False),
        # nothing to normalise
        ("the deal", THU, None, False),
        ("Turkey may buy", THU, None, False),
    ],
)
def test_normalise(expression, published, value, relative):
    assert normalise(expression, published) == (value, relative)


@pytest.mark.parametrize(
    "expression, published, tense, value",
    [
        ("on Tuesday", THU, None, "2019-11-26"),  # news convention: the last one on or before
        ("on Tuesday", THU, "past", "2019-11-26"),
        ("on Tuesday", THU, "future", "2019-12-03"),
        ("on Thursday", THU, None, "2019-11-28"),
        ("on Thursday", THU, "future", "2019-11-28"),
        ("last Tuesday", THU, "future", "2019-11-26"),
        ("next Tuesday", THU, None, "2019-12-03"),
        ("this Friday", THU, None, "2019-11-29"),
        ("Tuesday night", THU, None, "2019-11-26"),
        ("on Tuesday", None, "future", "XXXX-WXX-2"),
        # a month or day without a year: the publication year unless the tense says otherwise
        ("on December 20", MON, None, "2020-12-20"),
        ("on December 20", MON, "past", "2019-12-20"),
        ("in March", THU, "future", "2020-03"),
        ("in March", THU, "past", "2019-03"),
        ("the weekend", THU, "future", "2019-W48-WE"),
    ],
)
def test_normalise_with_tense(expression, published, tense, value):
    assert normalise(expression, published, tense=tense)[0] == value


@pytest.mark.parametrize(
    "expression, year, value, relative",
    [
        ("next year", 2019, "2020", False),
        ("the first half of next year", 2019, "2020-H1", False),
        ("November 26", 2019, "2019-11-26", False),
        ("two years ago", 2019, "2017", False),
        # a year is not enough for week-, month- and day-relative expressions
        ("last week", 2019, "XXXX-WXX", True),
        ("on Tuesday", 2019, "XXXX-WXX-2", True),
        ("earlier this month", 2019, "XXXX-XX", True),
    ],
)
def test_normalise_with_an_inferred_year(expression, year, value, relative):
    assert normalise(expression, None, year=year) == (value, relative)


# (sentence, published, [(start, text, value, inferred, relative), ...]) through find_time_expressions
@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        (
            "The deal was signed on Tuesday, and deliveries will start in the first half of next year.",
            THU,
            [(23, "Tuesday", "2019-11-26", False, False), (61, "the first half of next year", "2020-H1", False, False)],
        ),
        (
            "From March to May 2020, and between 2018 and 2020, prices rose since 2016.",
            None,
            [(0, "From March to May 2020", "2020-03/2020-05", False, False), (28, "between 2018 and 2020", "2018/2020", False, False), (63, "since 2016", "2016/", False, False)],
        ),
        (
            "Officials said earlier this month that talks would resume next week.",
            THU,
            [(15, "earlier this month", "2019-11-01/2019-11-28", False, False), (58, "next week", "2019-W49", False, False)],
        ),
        (
            "The minister will visit Ankara on Tuesday.",  # "will": the coming Tuesday
            THU,
            [(34, "Tuesday", "2019-12-03", False, False)],
        ),
        (
            "Theresa May said on Tuesday that talks would resume.",  # "said" is nearer than "would"
            THU,
            [(20, "Tuesday", "2019-11-26", False, False)],
        ),
        (
            "In March, May said the deal was done.",  # a list needs "and"/"or": May is a person here
            THU,
            [(3, "March", "2019-03", False, False)],
        ),
        (
            "Deliveries took place in 2018, 2019 and 2020.",
            THU,
            [(25, "2018", "2018", False, False), (31, "2019", "2019", False, False), (40, "2020", "2020", False, False)],
        ),
        (
            "They met in March, April and May 2020.",
            None,
            [(12, "March", "2020-03", False, False), (19, "April", "2020-04", False, False), (29, "May 2020", "2020-05", False, False)],
        ),
        (
            "By the end of next year, the S-400 will be delivered, Russia said recently.",
            THU,
            [(0, "By the end of next year", "2020-12", False, False), (66, "recently", "PAST_REF", False, True)],
        ),
        (
            "It was the first test in three years; the plant opens in three years.",
            THU,
            [(22, "in three years", "P3Y", False, False), (54, "in three years", "2022", False, False)],
        ),
        (
            "Talks on Nov. 26, 2019 (Reuters) went on until now, and mid-2020 is the target.",
            THU,
            [(9, "Nov. 26, 2019", "2019-11-26", False, False), (41, "until now", "/PRESENT_REF", False, True), (56, "mid-2020", "2020", False, False)],
        ),
        (
            "Non-ASCII first: “Ukraine’s army” began in 2014 — and ended last week.",  # offsets are str indices
            THU,
            [(43, "2014", "2014", False, False), (60, "last week", "2019-W47", False, False)],
        ),
    ],
)
def test_find_time_expressions(sentence, published, expected):
    found = find_time_expressions(sentence, published)
    assert [(e.start, e.text, e.value, e.inferred, e.relative) for e in found] == expected
    for e in found:
        assert sentence[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkey may buy more S-400 systems.",
        "Russia sent 2,000 troops and 2000 soldiers.",
        "The F-16 and the Patriot PAC-3 cost $1.5 billion, or $2.5 billion.",
        "The 400 systems were delivered by 2000 troops.",
        "The number of troops rose by 2000.",
        "A total of 2000 were killed, one in 2000 cases.",
        "The force grew from 2000 to 3000.",
        "between 2000 and 3000 troops",
        "The meeting at 1900 GMT ended.",
        "The Su-35, the MiG-29, Resolution 2231 and the Type 055 destroyer.",
        "He was at Mar-a-Lago with Jan.",
        "The Arab Spring, the fall of Kabul and the march on Washington.",
        "Russia Today reported as soon as it could.",
        "The first half of the match was dull.",
        "The 2020 election was close.",  # a bare year needs a time word before it
        "the now-defunct company",
    ],
)
def test_no_debris(sentence):
    assert find_time_expressions(sentence, THU) == []


@pytest.mark.parametrize(
    "text, year",
    [
        # the same named part of a year, once relative and once written: 2020 is next year
        ("Deliveries will start in the first half of next year. Officials said the first half of 2020 was realistic.", 2019),
        ("They will finish by the end of next year. Others said the end of 2020.", 2019),
        ("Talks will resume in March next year; a March 2020 date was agreed.", 2019),
        ("Sales fell in the third quarter of this year. The third quarter of 2016 was worse; Q3 2016 numbers.", 2016),
        # a dateline or a publication label
        ("WASHINGTON, Nov. 26, 2019 (Reuters) - The talks resumed on Tuesday.", 2019),
        ("The talks resumed on Tuesday.\n\nPublished: 26 November 2019", 2019),
        # too weak, ambiguous or contradictory: no year
        ("Turkey received the S-400 last year. In 2018, it signed a deal.", None),
        ("Start in the first half of next year, said one; the first half of 2020 or the first half of 2021, said others.", None),
        ("The deal, signed on November 26, 2019, was the first. Deliveries start next year.", None),
        ("The end of the year. The end of 2019.", None),  # "the year" may be any year the text is about
        ("WASHINGTON, Nov. 26, 2019 - Work starts in the first half of next year, not the first half of 2022.", None),
        ("No dates at all.", None),
    ],
)
def test_infer_year(text, year):
    assert infer_year(text) == year


def test_an_inferred_year_anchors_year_relative_expressions_only():
    text = "Deliveries will start in the first half of next year, on Tuesday officials said; the first half of 2020 is the plan."
    found = {e.text: (e.value, e.inferred, e.relative) for e in find_time_expressions(text)}
    assert found == {
        "the first half of next year": ("2020-H1", True, False),
        "Tuesday": ("XXXX-WXX-2", False, True),
        "the first half of 2020": ("2020-H1", False, False),
    }


def test_a_publication_date_wins_over_evidence_in_the_text():
    text = "Deliveries will start in the first half of next year; the first half of 2020 is the plan."
    assert [(e.value, e.inferred) for e in find_time_expressions(text, "2018-05-01")] == [("2019-H1", False), ("2020-H1", False)]


def test_time_expression_is_a_frozen_record():
    e = TimeExpression(0, 4, "2020", "2020", False, False)
    with pytest.raises(AttributeError):
        e.value = "2021"


def test_a_bad_publication_date_says_what_to_pass():
    with pytest.raises(ValueError, match=r"published date '28/11/2019' is not YYYY-MM-DD; pass the article's publication date as an ISO date, or None"):
        find_time_expressions("on Tuesday", "28/11/2019")


def test_a_bad_tense_is_refused():
    with pytest.raises(ValueError, match="tense 'present' is not 'past', 'future' or None"):
        normalise("on Tuesday", THU, tense="present")


def test_trying_cores_only_at_their_first_words_finds_what_a_full_scan_finds():
    """The speed-up (trying at each word only the cores that can start with it) must not lose anything."""
    texts = [
        "On Tuesday, November 26, 2019, the 26th of November, in the '90s and the late 1980s, Q3 2020, FY21, fiscal 2020.",
        "Several years ago, a few weeks ago, in a few days, within 24 hours, for a decade, 1st quarter, the final quarter.",
        "Yesterday, tonight, this morning, at the moment, these days, right now, nowadays, lately, shortly, soon.",
        "Twenty-five years ago, the twentieth century, the 21st century, early next year, mid-2020, last spring, this fall.",
        "The past year, the next two years, the weekend, the year 2020, the end of the month, 2019-20, 2018-2020.",
    ]
    for text in texts:
        full = [(m.span(), m.lastgroup) for m in timex._ANY_CORE.finditer(text)]
        fast = [(m.span(), m.lastgroup) for m in timex._core_matches(text)]
        assert fast == full
