"""Time expressions in English news text: find them, and normalise each to a TIMEX3-style value
anchored on the publication date, or on a year inferred from the text when the date is unknown."""

# Conventions. Values are TIMEX3, ISO 8601 where possible; for an article published Thursday 2019-11-28:
#
#   expression                              value                          without any anchor
#   26 November 2019, Nov. 26, 2019,
#     11/26/2019, 2019-11-26, 26.11.2019    2019-11-26                     same
#   November 26 (no year)                   2019-11-26                     XXXX-11-26
#   in March / last March / next March      2019-03 / 2019-03 / 2020-03    XXXX-03
#   in 2020, fiscal year 2021, FY21         2020, 2021, 2021               same
#   next year / this year / last year       2020 / 2019 / 2018             XXXX
#   the first half of next year             2020-H1                        XXXX-H1
#   early 2020 / late 2020 / mid-2020       2020-H1 / 2020-H2 / 2020       same (mid straddles the halves)
#   the third quarter of 2020, Q3 2020      2020-Q3                        same
#   the last quarter (no year)              2019-Q3 (the one before)       XXXX-QX
#   the start / the end of the year         2019-01 / 2019-12              XXXX-01 / XXXX-12
#   early / mid- / late / the end of March  2019-03 (a month stays a month)
#   summer 2020 (SP, SU, FA, WI)            2020-SU; YYYY-WI is the winter that starts in December YYYY
#   last week / this week / next week       2019-W47 / 2019-W48 / 2019-W49 XXXX-WXX
#   the weekend / last weekend              2019-W47-WE                    XXXX-WXX-WE
#   (on) Tuesday                            2019-11-26; 2019-12-03 when the verb is future   XXXX-WXX-2
#   yesterday / today / tomorrow            2019-11-27 / 2019-11-28 / 2019-11-29   XXXX-XX-XX
#   two years ago / in three months         2017 / 2020-02                 XXXX / XXXX-XX
#   the 1990s / the 20th century, the 1900s 199X / 19                      same
#   for two years / 48 hours                P2Y / PT48H (durations)        same
#   recently / now / soon                   PAST_REF / PRESENT_REF / FUTURE_REF
#
# Periods are START/END in the units written, and stay periods:
#
#   from March to May 2020                  2020-03/2020-05
#   between 2018 and 2020, 2018-20          2018/2020
#   November 26-28                          2019-11-26/2019-11-28
#   since 2016 / after 2016                 2016/     open end: nothing is claimed about the end
#   until 2025 / before 2025                /2025     open start
#   by 2025                                 2025      a deadline; the span keeps "by" so it is not lost
#   earlier this month / so far this year   2019-11-01/2019-11-28 / 2019-01-01/2019-11-28
#   later this year / the rest of the year  2019-11-28/2019-12-31
#   the past two years / the next 3 months  2017-11-28/2019-11-28 / 2019-11-28/2020-02-28   P2Y / P3M
#   within two years                        2019-11-28/2021-11-28                            P2Y
#
# - A month or day without a year takes the publication year unless the tense says otherwise: with
#   'past' the latest one on or before the publication date, with 'future' the first on or after
#   (HeidelTime's news convention). A weekday is the latest on or before (news convention), or the
#   first on or after with 'future'. find_time_expressions guesses the tense from the nearest tense cue
#   in the sentence (will, scheduled, said, -ed ...); callers with a parser pass the verb's to normalise.
# - inferred is True when the value's year came from infer_year, not from a publication date. A year
#   anchors only year-level reasoning; "last week" or "on Tuesday" need the full date.
# - relative is True when the value is not pinned to the calendar: X placeholders, a *_REF, or (with
#   no date) a trailing period kept as its length ("the past two years" -> P2Y).
# - Spans leave out prepositions that only locate (in, on, at, during, of, for, from, over, around) and
#   keep those that change the value (since, until, through, before, after, by, from-to, between-and,
#   in/within + an amount). A bare four-digit year counts only in a time context: such a preposition,
#   a month, "the year", "fiscal", early/late/mid and the like; never before a count noun ("by 2000
#   troops"), after a verb of change ("rose by 2000"), or inside a name ("S-400", "F-16").
#   normalise is told its text is a time expression, so it also takes a bare "2020" or "March".
# - infer_year is conservative, since a wrong year is worse than none: it uses a dateline or a
#   "Published:" label, and pairs of one named part of a year written both ways ("the first half of
#   next year" and "the first half of 2020"); evidence that disagrees gives None.

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from ..knowledge import load_words

__all__ = ["TimeExpression", "find_time_expressions", "infer_year", "normalise"]


@dataclass(frozen=True)
class TimeExpression:
    start: int  # char offsets into the text given
    end: int
    text: str  # text[start:end]
    value: str | None  # normalised value (see the module docstring); None only when nothing can be said
    inferred: bool  # True when the year came from evidence in the text, not the publication date
    relative: bool  # True when the value stays relative/underspecified (no anchor known)


# --- Vocabulary -----------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_FULL_MONTHS = [n for n in _MONTH_NUMBERS if len(n) > 4 or n in ("may", "june", "july")]
_SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
# Month names are capitalised (or all capitals), so "Turkey may buy" and "the march on" are not months.
# Abbreviations only count with a day or a year ("Mar-a-Lago", "Jan Kowalski").
_MONTH_END = r"(?![\w]|-(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)))"  # "March-May", not "March-based"
_MONTH_DATED = (
    "(?:" + "|".join([m.capitalize() for m in _FULL_MONTHS] + [m.upper() for m in _FULL_MONTHS]) + "|(?:"
    + "|".join(_SHORT_MONTHS + [m.upper() for m in _SHORT_MONTHS]) + r")\.?)" + _MONTH_END
)
_MONTH_BARE = "(?:" + "|".join([m.capitalize() for m in _FULL_MONTHS] + [m.upper() for m in _FULL_MONTHS]) + ")" + _MONTH_END

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = "(?:" + "|".join([d.capitalize() for d in _WEEKDAYS] + [d.upper() for d in _WEEKDAYS]) + r")(?![\w-])"

_SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # winter YYYY-WI starts in December YYYY
_SEASON = r"(?i:spring|summer|autumn|fall|winter)(?![\w-])"

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}
_UNDER_TWENTY = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS = dict(zip(_UNDER_TWENTY, range(20))) | _TENS | {"hundred": 100, "a hundred": 100, "a": 1, "an": 1}
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90}
_CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y"}  # ISO 8601 duration letters; hours are PT..H

_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|(?:a\s+)?hundred)"
)
_DIGITS = r"(?<![\w.,$£€¥/-])\d+(?:,\d{3})*(?:\.\d+)?"
_VAGUE = r"a\s+few|a\s+couple\s+of|a\s+number\s+of|couple\s+of|several|many|some|few"
_NUMBER = rf"(?:{_DIGITS}|(?i:{_NUM_WORD}))"
_AMOUNT = rf"(?:{_DIGITS}|(?i:{_NUM_WORD}|{_VAGUE}|an?))"
_UNIT = r"(?i:hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))(?![\w-])"
_UNIT_NO_HOURS = r"(?i:days?|weeks?|months?|years?|decades?|centur(?:y|ies))(?![\w-])"


def _day(name: str, *, after_dash: bool = False) -> str:
    before = r"(?<![\w$£€.,/])" if after_dash else r"(?<![\w$£€.,/-])"
    return before + rf"(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d\w])"


def _year(name: str, *, before_range: bool = False) -> str:
    # A year may follow "mid-", "end-", "pre-", "post-", "early-", "late-", never another hyphen
    # ("S-2000") or a digit group ("12,2020"); and it may not run on into a number, a decade or a percentage.
    return (
        rf"(?:(?<=[mM]id-)|(?<=[eE]nd-)|(?<=[pP]re-)|(?<=[pP]ost-)|(?<=[eE]arly-)|(?<=[lL]ate-)|(?<![\w$£€¥.,/:'-]))"
        rf"(?P<{name}>19\d\d|20\d\d|2100)"
        + (r"" if before_range else r"(?![\w%]|[.,:/-]\d|\s?%|\s?per\s?cent|\s?percent)")
    )


_WD_PREFIX = rf"(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?"

# --- Core patterns, most specific first: at one position the first alternative that matches wins ---

# Each core: (kind, the words it can start with, pattern). "#digit" is any token starting with a digit,
# "#code" Q1-Q4/H1/H2, "#fy" FY21; other "#" names are word classes (_WORD_CLASSES).
_CORES: list[tuple[str, str, str]] = [
    ("iso", "#digit", r"(?<![\w./-])(?P<y>(?:19|20)\d\d)[-/](?P<m>0[1-9]|1[0-2])[-/](?P<d>0[1-9]|[12]\d|3[01])(?!\d|[-/]\d)"),
    ("slash", "#digit", r"(?<![\w./-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/]|\.\d)"),
    ("dotted", "#digit", r"(?<![\w./-])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d|\.\d)"),
    ("mdd_range", "#month", rf"(?P<m>{_MONTH_DATED})\s+{_day('d1')}\s*(?:-|–|(?i:to|through|until))\s*{_day('d2', after_dash=True)}(?:(?:,\s*|\s+){_year('y')})?"),
    ("ddm_range", "#digit", rf"{_day('d1')}\s*(?:-|–|(?i:to))\s*{_day('d2', after_dash=True)}\s+(?:of\s+)?(?P<m>{_MONTH_DATED})(?:,?\s+{_year('y')})?"),
    ("mdy", "#month #weekday", rf"{_WD_PREFIX}(?P<m>{_MONTH_DATED})\s+{_day('d')}(?:(?:,\s*|\s+){_year('y')}|(?![.,]\d))"),
    ("dmy", "#digit #weekday the", rf"{_WD_PREFIX}(?:the\s+)?{_day('d')}\s+(?:of\s+)?(?P<m>{_MONTH_DATED})(?:,?\s+{_year('y')})?"),
    ("month_year", "#month", rf"(?P<m>{_MONTH_DATED})(?:\s+of\s+|\s*,\s*|\s+){_year('y')}"),
    ("month_shift_year", "#month", rf"(?P<m>{_MONTH_BARE})\s+(?:of\s+)?(?P<ry>(?i:this|next|last))\s+(?i:year)(?![\w-])"),
    ("month_dir", "#dir", rf"(?P<dir>(?i:last|next|this|coming|past))\s+(?P<m>{_MONTH_BARE})"),
    ("month", "#month", rf"(?P<m>{_MONTH_BARE})"),
    ("season_year", "the #season", rf"(?:(?i:the)\s+)?(?P<s>{_SEASON})\s+(?:of\s+)?{_year('y')}"),
    ("season_shift_year", "the #season", rf"(?:(?i:the)\s+)?(?P<s>{_SEASON})\s+(?:of\s+)?(?P<ry>(?i:this|next|last))\s+(?i:year)(?![\w-])"),
    ("season_dir", "#dir", rf"(?P<dir>(?i:last|next|this|coming|past))\s+(?P<s>{_SEASON})"),
    ("season", "the #season", r"(?:(?i:the)\s+)?(?P<s>(?i:spring|summer|autumn|winter))(?![\w-])(?!\s+of\b)"),
    ("part_code", "#code", rf"(?<![\w-])(?P<code>Q[1-4]|H[12])(?![\w-])(?:\s*(?:of\s+)?{_year('y')})?"),
    ("part", "the #ordinal #digit", r"(?:(?i:the)\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))\s+(?P<part>(?i:quarter))(?![\w-])(?!\s+of\b)"),
    ("century", "the #edge #digit eighteenth nineteenth twentieth twenty", r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[\s-]+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|(?i:eighteenth|nineteenth|twentieth|twenty[\s-]first))\s+(?i:century)(?![\w-])"),
    ("decade", "the #edge #digit", r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[\s-]+)?(?:(?P<dec>(?:1[5-9]|20)\d0)s|['’](?P<short>\d0)s)(?![\w-])"),
    ("decade_word", "the", r"(?i:the)\s+(?:(?i:early|mid|late)[\s-]+)?(?P<word>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![\w-])"),
    ("year_range", "#digit", rf"{_year('y', before_range=True)}\s*(?:-|–|/)\s*(?P<y2>(?:19|20)?\d\d)(?![\w%]|[.,]\d)"),
    ("fiscal_year", "fiscal #fy", r"(?:(?i:fiscal)(?:\s+(?i:year))?\s+|FY\s?)(?:(?P<y>(?:19|20)\d\d)|(?P<yy>\d\d))(?![\w%]|[.,]\d)"),
    ("the_year_n", "the", rf"(?i:the\s+year)\s+{_year('y')}"),
    ("trailing_n", "the", rf"(?i:the)\s+(?P<dir>(?i:past|last|previous|next|coming))\s+(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})"),
    ("trailing_vague", "the", rf"(?i:the)\s+(?P<dir>(?i:past|last|previous|next|coming))\s+(?P<n>(?i:{_VAGUE}))\s+(?P<unit>{_UNIT})"),
    ("trailing_1", "the", r"(?i:the)\s+(?P<dir>(?i:past|last|next|coming))\s+(?P<unit>(?i:week|month|year|decade))(?![\w-])(?!\s+(?:of|or|and)\b)"),
    ("rel_unit", "#dir", r"(?P<dir>(?i:this|next|last|past|coming|current))\s+(?P<unit>(?i:week|weekend|month|year|quarter|decade|century))(?![\w-])"),
    ("the_weekend", "the", r"(?i:the)\s+(?i:weekend)(?![\w-])"),
    ("the_unit", "the", r"(?i:the)\s+(?P<unit>(?i:year|month|week|decade|century))(?![\w-])(?!\s+(?:\d|(?:ago|before|after|earlier|later|of|when|in|that)\b))"),
    ("rel_day", "the yesterday today tomorrow tonight last this", r"(?<!Russia )(?<!USA )(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)))(?![\w-])"),
    ("weekday", "#dir #weekday", rf"(?:(?P<dir>(?i:last|next|this|coming|past))\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night))?"),
    ("ago", "#amount #digit", rf"(?P<n>{_AMOUNT})\s+(?P<unit>{_UNIT})\s+(?i:ago)(?![\w-])"),
    ("in_n", "in within", rf"(?P<prep>(?i:in|within))\s+(?P<next>(?i:the\s+next)\s+)?(?P<n>{_AMOUNT})\s+(?P<unit>{_UNIT})(?:'?s?\s+(?i:time))?"),
    ("from_now", "#amount #digit", rf"(?P<n>{_AMOUNT})\s+(?P<unit>{_UNIT})\s+(?i:from\s+now)(?![\w-])"),
    ("duration", "#number #digit", rf"(?P<n>{_NUMBER})\s+(?P<unit>{_UNIT})(?!\s+(?i:ago|old|later|earlier|before|after|from\s+now)\b)"),
    ("duration_a", "a an", rf"(?:(?<=\b[fF]or\s)|(?<=\b[oO]ver\s))(?P<n>an?)\s+(?P<unit>{_UNIT_NO_HOURS})(?!\s+(?i:ago|old|later|earlier|before|after|from\s+now)\b)"),
    ("past_ref", "recently lately in", r"(?i:recently|lately|in\s+recent\s+(?:days|weeks|months|years|decades|times)|in\s+the\s+past(?![\w-])(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|several|couple|days?|weeks?|months?|years?|decades?|weekend)\b))(?![\w-])"),
    ("present_ref", "currently at presently nowadays these right now", r"(?i:currently|at\s+present|presently|at\s+the\s+moment|nowadays|these\s+days|right\s+now|now)(?![\w-])(?!\s+(?i:that)\b)"),
    ("future_ref", "soon shortly in", r"(?<![aA]s\s)(?i:soon|shortly|in\s+the\s+(?:near\s+|foreseeable\s+|distant\s+|not\s+too\s+distant\s+)?future|in\s+the\s+coming\s+(?:days|weeks|months|years|decades)|in\s+the\s+(?:days|weeks|months|years)\s+(?:ahead|to\s+come))(?![\w-])(?!\s+(?i:after|afterwards?|thereafter|before|as)\b)"),
    ("year", "#digit", _year("y")),
]

def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _alternation(kinds: list[str]) -> re.Pattern:
    """The cores of these kinds as one pattern, in _CORES order: at one position the first that matches wins.
    Inner group names go (they repeat across cores); an outer group names the kind (m.lastgroup)."""
    patterns = {kind: pattern for kind, _, pattern in _CORES}
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<{kind}>{_unnamed(patterns[kind])})" for kind in kinds) + ")")


_CORE_PATTERNS = {kind: re.compile(pattern) for kind, _, pattern in _CORES}
_ANY_CORE = _alternation([kind for kind, _, _ in _CORES])

_WORD_CLASSES = {
    "#month": set(_MONTH_NUMBERS),
    "#weekday": set(_WEEKDAYS),
    "#dir": {"last", "next", "this", "coming", "past", "current"},
    "#season": set(_SEASON_CODES),
    "#ordinal": {"first", "second", "third", "fourth", "final", "last"},
    "#edge": {"early", "mid", "late"},
    "#number": set(_NUMBER_WORDS),
    "#amount": set(_NUMBER_WORDS) | {"few", "several", "many", "some", "couple"},
}


def _dispatch_table() -> dict[str, re.Pattern]:
    """For each first word (lower case) or token class, the alternation of the cores that can start there.
    Trying all ~40 cores at every word costs ~3 ms per 5,000 characters; trying only the few that can
    start with the word at hand costs a fifth of that. A core whose first word is missing from its
    starts is never found: tests compare this with _ANY_CORE.finditer."""
    kinds_by_key: dict[str, list[str]] = {}
    for kind, starts, _ in _CORES:
        for start in starts.split():
            for key in _WORD_CLASSES.get(start, [start]):
                kinds = kinds_by_key.setdefault(key, [])
                if kind not in kinds:
                    kinds.append(kind)
    compiled: dict[tuple[str, ...], re.Pattern] = {}
    return {key: compiled.setdefault(tuple(kinds), _alternation(kinds)) for key, kinds in kinds_by_key.items()}


_CORES_BY_FIRST_WORD = _dispatch_table()
_WORD = re.compile(r"\w+")


def _core_matches(text: str):
    """The matches _ANY_CORE.finditer(text) gives, found by trying at each word only the cores that can start with it."""
    end = 0
    for word in _WORD.finditer(text):
        start = word.start()
        if start < end:
            continue
        token = word.group()
        first = token[0]
        if first.isdigit():
            key = "#digit"
            if start and text[start - 1] in "'’":  # "the '90s" starts at the apostrophe
                start -= 1
        elif first in "QH" and token[1:2].isdigit():
            key = "#code"
        elif token[:2] == "FY":
            key = "#fy"
        else:
            key = token.lower()
        pattern = _CORES_BY_FIRST_WORD.get(key)
        if pattern is None:
            continue
        m = pattern.match(text, start)
        if m is None and start < word.start():
            m = pattern.match(text, word.start())
        if m:
            end = m.end()
            yield m


# --- Context: what may come right before a core -------------------------------------------------------

_MOD_BEFORE = re.compile(
    r"""(?ix)(?:^|(?<=[^\w-]))(?:
        (?:the\s+)?(?:very\s+)?(?P<edge>start|beginning|end|middle|close|turn)\s+of\s+
      | (?P<edge_hyphen>mid|end)-
      | (?P<early>early|late|mid)[\s-]+
      | (?P<direction>earlier|later)\s+
      | (?P<rest>(?:the\s+)?rest\s+of)\s+
      | (?P<so_far>so\s+far)\s+
      | (?:the\s+)?(?P<half>first|second|1st|2nd)\s+half\s+of\s+
      | (?:the\s+)?(?P<quarter>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter\s+of\s+
    )$"""
)
_LEAD_BEFORE = re.compile(
    r"(?i)(?:^|(?<=[^\w-]))(?:(?P<lead>since|until|till|til|through|thru|before|after|by|as\s+of|in|on|at|during|of|for"
    r"|from|throughout|over|around|circa|between|within)\s+|(?P<attached>pre|post)-)$"
)
_BOUND_LEADS = {"since": "since", "after": "since", "post": "since", "until": "until", "till": "until", "til": "until",
                "through": "until", "thru": "until", "before": "until", "pre": "until", "by": "by"}
_YEAR_CONTEXT_LEADS = {"since", "until", "till", "til", "through", "thru", "before", "after", "by", "as of", "in", "during",
                       "of", "for", "from", "throughout", "between", "pre", "post"}
_MONTH_CONTEXT_LEADS = _YEAR_CONTEXT_LEADS | {"over", "around"}


def _words(words: Iterable[str]) -> str:
    """An alternation of the words of a data file, in its order; a space in one stands for any white space."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)


def _of_kind(words: dict[str, str], kind: str) -> list[str]:
    return [word for word, k in words.items() if k == kind]


@cache
def _quantity_before() -> re.Pattern:
    """A four-digit number after these is a quantity, not a year: "rose by 2000", "a total of 2000"
    (quantity_leads.csv)."""
    leads = load_words().quantity_leads
    return re.compile(
        rf"(?i)(?:\b(?:{_words(_of_kind(leads, 'change'))})\s+(?:by|from)"
        rf"|\b(?:{_words(_of_kind(leads, 'measure'))})\s+(?:of|in)"
        r"|\b(?:one|1)\s+in)\s+$"
    )


@cache
def _count_noun_after() -> re.Pattern:
    """A four-digit number before these counts or measures something: "2000 more troops", "1800 GMT"
    (count_words.csv)."""
    words = load_words().count_words
    return re.compile(
        rf"(?i)\s*(?:(?:{_words(_of_kind(words, 'modifier'))}|[a-z]+-strong)\s+)?"
        rf"(?:{_words(_of_kind(words, 'unit'))}|of\s+(?:{_words(_of_kind(words, 'of'))}))\b"
    )


# "from 2000 to 3000", "between 2000 and 2,500": a range of numbers that are not all years.
_NUMBER_RANGE_AFTER = re.compile(r"\s*(?:to|and|-|–)\s*(?!(?:19|20)\d\d(?![\d,]))\d")
_PERIOD_JOIN = re.compile(r"(?i)\s*(?:to|until|till|through|thru|and|-|–|—)\s*")
_LIST_JOIN = re.compile(r"(?i)\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")


@cache
def _duration_context_before() -> re.Pattern:
    """Before `in three years`, these make it a length: "the first time in three years" (duration_context_words.csv)."""
    return re.compile(rf"(?i)\b(?:{_words(load_words().duration_context_words)})\b[^.;!?]{{0,40}}$")


_DATELINE_PREFIX = re.compile(
    r"^\s*(?:(?i:(?:first\s+|last\s+)?(?:published|posted|updated|modified)(?:\s+on)?|dated?)\s*:?\s*"
    r"|[A-Z][A-Z.'\- ]{1,40}(?:\([^)\n]{0,40}\))?\s*[,—–-]\s*)?$"
)
@cache
def _tense_cue() -> re.Pattern:
    """A word that tells the tense of its clause (tense_cues.csv), or any longer word in -ed (past)."""
    cues = load_words().tense_cues
    future, past = _words(_of_kind(cues, "future")), _words(_of_kind(cues, "past"))
    return re.compile(rf"(?i)(?:\b(?P<future>{future})\b|(?P<future_ll>'ll)\b|\b(?P<past>{past}|\w{{3,}}ed)\b)")


# --- What a core says, before it is anchored -------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    unit: str  # day|month|year|week|weekend|weekday|relday|season|part|decade|century|dayrange|yearrange|offset|trailing|duration|ref
    year: int | None = None  # written year
    year_shift: int | None = None  # relative to the anchor's year: next year = +1
    month: int | None = None
    day: int | None = None
    end_day: int | None = None
    end_year: int | None = None
    shift: int | None = None  # relative to the anchor in the reading's own unit (last week = -1)
    direction: str | None = None  # last|next|this for "last Tuesday", "next March", "this summer"
    code: str | None = None  # season code, Q1-Q4/H1/H2, a *_REF, or the duration unit
    amount: float | None = None  # offsets, trailing periods and durations; None when vague ("a few")
    needs_context: bool = False  # bare years, months, seasons: only with a preposition or a modifier
    needs_modifier: bool = False  # "the year" only in "the end of the year" and the like


@dataclass(frozen=True)
class _Modifier:
    key: str  # start|end|middle|early|late|mid|earlier|later|rest|so_far|H1|H2|Q1..Q4
    start: int


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    reading: _Reading
    lead: str | None = None  # the preposition before it, lower case
    lead_start: int | None = None
    modifier: _Modifier | None = None
    has_context: bool = False
    parts: tuple[_Found, _Found] | None = None  # a period "from A to B"
    year_hint: int | None = None  # a year lent by the other end of a period or list


@dataclass(frozen=True)
class _Anchor:
    day: date | None
    year: int | None
    inferred: bool = False


@dataclass(frozen=True)
class _Value:
    value: str | None
    relative: bool
    used_anchor_year: bool = False


def _month_number(word: str) -> int:
    return _MONTH_NUMBERS[word.lower().rstrip(".")]


def _amount(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.lower())
    if word[0].isdigit():
        return float(word.replace(",", ""))
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    if "-" in word:
        tens, _, ones = word.partition("-")
        return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[ones])
    return None  # a few, several ...


def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.rstrip("s")


def _shift_word(word: str) -> int:
    return {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1, "past": -1}[word.lower()]


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return day <= calendar.monthrange(year or 2000, month)[1]  # 2000 is a leap year: February 29 stays possible


def _read(kind: str, m: re.Match) -> _Reading | None:
    """What the core matched as `kind` says, or None when it is not a date after all (February 30)."""
    g = m.groupdict()
    if kind in ("iso", "dotted"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        return _Reading("day", year=y, month=mo, day=d) if 1 <= mo <= 12 and _valid_day(y, mo, d) else None
    if kind == "slash":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        y = y if y > 99 else (2000 + y if y < 50 else 1900 + y)
        mo, d = (a, b) if a <= 12 else (b, a)  # US order unless the first number cannot be a month
        return _Reading("day", year=y, month=mo, day=d) if 1 <= mo <= 12 and 1 <= d and _valid_day(y, mo, d) else None
    if kind in ("mdd_range", "ddm_range"):
        y = int(g["y"]) if g["y"] else None
        mo, d1, d2 = _month_number(g["m"]), int(g["d1"]), int(g["d2"])
        if d1 >= d2 or not _valid_day(y, mo, d2):
            return None
        return _Reading("dayrange", year=y, month=mo, day=d1, end_day=d2)
    if kind in ("mdy", "dmy"):
        y = int(g["y"]) if g["y"] else None
        mo, d = _month_number(g["m"]), int(g["d"])
        return _Reading("day", year=y, month=mo, day=d) if _valid_day(y, mo, d) else None
    if kind == "month_year":
        return _Reading("month", year=int(g["y"]), month=_month_number(g["m"]))
    if kind == "month_shift_year":
        return _Reading("month", year_shift=_shift_word(g["ry"]), month=_month_number(g["m"]))
    if kind == "month_dir":
        return _Reading("month", month=_month_number(g["m"]), direction=_direction(g["dir"]))
    if kind == "month":
        return _Reading("month", month=_month_number(g["m"]), needs_context=True)
    if kind == "season_year":
        return _Reading("season", year=int(g["y"]), code=_SEASON_CODES[g["s"].lower()])
    if kind == "season_shift_year":
        return _Reading("season", year_shift=_shift_word(g["ry"]), code=_SEASON_CODES[g["s"].lower()])
    if kind == "season_dir":
        return _Reading("season", code=_SEASON_CODES[g["s"].lower()], direction=_direction(g["dir"]))
    if kind == "season":
        return _Reading("season", code=_SEASON_CODES[g["s"].lower()], needs_context=True)
    if kind == "part_code":
        return _Reading("part", code=g["code"], year=int(g["y"]) if g["y"] else None, needs_context=not g["y"])
    if kind == "part":
        # "the first half" alone is as often a match as a year, so halves need "of <year>" (a modifier)
        ordinal = g["ord"].lower()
        if ordinal == "last":  # "the last quarter" is the one before this one
            return _Reading("part", code="Q", shift=-1, needs_context=True)
        return _Reading("part", code=f"Q{_ORDINALS[ordinal]}", needs_context=True)
    if kind == "century":
        n = g["n"].lower()
        number = int(n[:-2]) if n[0].isdigit() else _CENTURY_WORDS[re.sub(r"[\s-]+", "-", n)]
        return _Reading("century", year=(number - 1) * 100) if 1 <= number <= 22 else None
    if kind == "decade":
        if g["dec"]:
            start = int(g["dec"])
            # "the 1800s" and "the 1900s" are centuries in use; "the 2000s" is the decade.
            return _Reading("century", year=start) if start % 100 == 0 and start < 2000 else _Reading("decade", year=start)
        short = int(g["short"])
        return _Reading("decade", year=(2000 if short < 30 else 1900) + short)
    if kind == "decade_word":
        return _Reading("decade", year=1900 + _DECADE_WORDS[g["word"].lower()])
    if kind in ("trailing_n", "trailing_vague"):
        sign = -1 if g["dir"].lower() in ("past", "last", "previous") else 1
        return _Reading("trailing", amount=_amount(g["n"]), code=_unit(g["unit"]), shift=sign)
    if kind == "trailing_1":
        sign = -1 if g["dir"].lower() in ("past", "last") else 1
        return _Reading("trailing", amount=1.0, code=_unit(g["unit"]), shift=sign)
    if kind == "rel_unit":
        unit, shift = g["unit"].lower(), _shift_word(g["dir"])
        if unit == "year":
            return _Reading("year", year_shift=shift)
        if unit == "quarter":
            return _Reading("part", code="Q", shift=shift)
        return _Reading(unit, shift=shift)
    if kind == "the_weekend":
        return _Reading("weekend")
    if kind == "the_unit":
        unit = g["unit"].lower()
        if unit == "year":
            return _Reading("year", year_shift=0, needs_modifier=True)
        return _Reading(unit, shift=0, needs_modifier=True)
    if kind == "rel_day":
        w = re.sub(r"\s+", " ", g["w"].lower())
        shift = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1, "the day after tomorrow": 2}.get(w, 0)
        return _Reading("relday", shift=shift)
    if kind == "weekday":
        return _Reading("weekday", day=_WEEKDAYS.index(g["wd"].lower()), direction=_direction(g["dir"]) if g["dir"] else None)
    if kind in ("ago", "from_now"):
        return _Reading("offset", amount=_amount(g["n"]), code=_unit(g["unit"]), shift=-1 if kind == "ago" else 1)
    if kind == "in_n":
        if g["prep"].lower() == "within" or g["next"]:
            return _Reading("trailing", amount=_amount(g["n"]), code=_unit(g["unit"]), shift=1)
        return _Reading("offset", amount=_amount(g["n"]), code=_unit(g["unit"]), shift=1)
    if kind in ("duration", "duration_a"):
        return _Reading("duration", amount=_amount(g["n"]), code=_unit(g["unit"]))
    if kind in ("past_ref", "present_ref", "future_ref"):
        return _Reading("ref", code=kind.upper())
    if kind == "year_range":
        y1, tail = int(g["y"]), g["y2"]
        y2 = int(tail) if len(tail) == 4 else y1 // 100 * 100 + int(tail)
        return _Reading("yearrange", year=y1, end_year=y2) if y1 < y2 <= y1 + 30 else None
    if kind == "fiscal_year":
        return _Reading("year", year=int(g["y"]) if g["y"] else 2000 + int(g["yy"]))
    if kind == "the_year_n":
        return _Reading("year", year=int(g["y"]))
    if kind == "year":
        return _Reading("year", year=int(g["y"]), needs_context=True)
    raise AssertionError(f"no reader for core kind {kind!r}")


def _direction(word: str) -> str:
    word = word.lower()
    return {"past": "last", "coming": "next"}.get(word, word)


# --- Finding: cores, then what comes before them, then periods and lists ----------------------------

_MODIFIER_UNITS = {
    "start": {"year", "month", "week", "decade", "century"},
    "end": {"year", "month", "week", "decade", "century"},
    "middle": {"year", "month", "decade", "century"},
    "early": {"year", "month", "week", "weekday", "relday", "season", "decade", "century"},
    "late": {"year", "month", "week", "weekday", "relday", "season", "decade", "century"},
    "mid": {"year", "month", "week", "season", "decade", "century"},
    "earlier": {"year", "month", "week"},
    "later": {"year", "month", "week"},
    "rest": {"year", "month", "week"},
    "so_far": {"year", "month", "week"},
    "half": {"year"},
    "quarter": {"year"},
}


def _modifier_before(text: str, start: int, floor: int, reading: _Reading) -> _Modifier | None:
    m = _MOD_BEFORE.search(text, max(floor, start - 48), start)
    if not m:
        return None
    if m["edge"] or m["edge_hyphen"]:
        edge = (m["edge"] or m["edge_hyphen"]).lower()
        family = key = {"beginning": "start", "close": "end", "turn": "middle"}.get(edge, edge)
    elif m["early"]:
        family = key = m["early"].lower()
    elif m["direction"] or m["rest"] or m["so_far"]:
        family = key = m["direction"].lower() if m["direction"] else ("rest" if m["rest"] else "so_far")
        # "earlier this month", "the rest of the year"; not "earlier 2019" or "later last year"
        shift = reading.year_shift if reading.unit == "year" else reading.shift
        if reading.year is not None or shift != 0:
            return None
    elif m["half"]:
        family, key = "half", "H" + str(_ORDINALS[m["half"].lower()])
    else:
        family, key = "quarter", "Q" + str(_ORDINALS[m["quarter"].lower()])
    if reading.unit not in _MODIFIER_UNITS[family]:
        return None
    return _Modifier(key, m.start())


def _lead_before(text: str, start: int, floor: int) -> tuple[str, int] | None:
    m = _LEAD_BEFORE.search(text, max(floor, start - 16), start)
    if not m:
        return None
    return re.sub(r"\s+", " ", (m["lead"] or m["attached"]).lower()), m.start()


def _year_context_ok(text: str, found: _Found) -> bool:
    """A bare four-digit year needs a time preposition, and no sign that it counts something."""
    if found.modifier:
        return True
    if found.lead not in _YEAR_CONTEXT_LEADS:
        return False
    if _count_noun_after().match(text, found.end) or _NUMBER_RANGE_AFTER.match(text, found.end):
        return False
    return not _quantity_before().search(text, max(0, found.lead_start - 40), found.start)


def _scan(text: str, lenient: bool = False) -> list[_Found]:
    """Every time expression in text, with its modifier, preposition and period structure, unanchored."""
    found: list[_Found] = []
    floor = 0
    for m in _core_matches(text):
        kind = m.lastgroup
        start, end = m.span()
        core = _CORE_PATTERNS[kind].fullmatch(text, start, end)
        reading = _read(kind, core) if core else None
        if reading is None:
            continue
        if kind == "in_n" and reading.unit == "offset" and _duration_context_before().search(text, max(0, start - 60), start):
            reading = replace(reading, unit="duration")  # "the first time in three years" is a length, not a date
        modifier = _modifier_before(text, start, floor, reading)
        lead_at = modifier.start if modifier else start
        lead = _lead_before(text, lead_at, floor)
        item = _Found(
            start=lead_at,
            end=end,
            reading=reading,
            lead=lead[0] if lead else None,
            lead_start=lead[1] if lead else None,
            modifier=modifier,
        )
        found.append(replace(item, has_context=lenient or _has_context(text, item)))
        floor = end
    return _drop_unsupported(_join_lists(text, _join_periods(text, found)))


def _has_context(text: str, item: _Found) -> bool:
    r = item.reading
    if r.needs_modifier:
        return item.modifier is not None
    if not r.needs_context:
        return True
    if r.unit == "year":
        return _year_context_ok(text, item)
    return item.modifier is not None or item.lead in _MONTH_CONTEXT_LEADS


def _is_point(f: _Found) -> bool:
    return f.parts is None and f.reading.unit in {"day", "month", "year", "season", "part", "weekday", "relday", "week", "decade"}


def _wants_year(r: _Reading) -> bool:
    """True for a month, day or season written without a year and without "last"/"next": it can borrow one."""
    return r.unit in ("day", "month", "season", "dayrange") and r.year is None and r.year_shift is None and r.shift is None and r.direction is None


def _explicit_year(f: _Found) -> int | None:
    return f.reading.year if f.reading.unit in ("day", "month", "season", "part", "year") else None


def _join_periods(text: str, found: list[_Found]) -> list[_Found]:
    """"from A to B", "between A and B", "March-May 2020": one period, the year shared where written once."""
    out: list[_Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        if i + 1 < len(found) and _is_point(a) and _is_point(found[i + 1]):
            b = found[i + 1]
            join = _PERIOD_JOIN.fullmatch(text, a.end, b.start)
            word = join.group().strip().lower() if join else None
            same_unit = a.reading.unit == b.reading.unit or {a.reading.unit, b.reading.unit} <= {"day", "month"}
            opens = (
                (a.lead == "from" and word in ("to", "until", "till", "through", "thru", "-", "–", "—"))
                or (a.lead == "between" and word == "and")
                or (a.lead is None and word in ("-", "–") and a.reading.unit == b.reading.unit == "month")
            )
            if join and opens and same_unit and b.lead is None:
                a_year, b_year = _explicit_year(a), _explicit_year(b)
                a = replace(a, has_context=True, year_hint=_lent_year(b_year, a, b, -1) if _wants_year(a.reading) else None)
                b = replace(b, has_context=True, year_hint=_lent_year(a_year, b, a, +1) if _wants_year(b.reading) else None)
                start = a.lead_start if a.lead_start is not None else a.start
                out.append(_Found(start=start, end=b.end, reading=_Reading("period"), parts=(a, b), has_context=True))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _lent_year(year: int | None, borrower: _Found, lender: _Found, sign: int) -> int | None:
    """The year for the end of a period written without one: "from December to March 2020" starts in 2019."""
    if year is None or borrower.reading.month is None or lender.reading.month is None:
        return year
    if sign < 0 and borrower.reading.month > lender.reading.month:
        return year - 1
    if sign > 0 and borrower.reading.month < lender.reading.month:
        return year + 1
    return year


def _listed(text: str, a: _Found, b: _Found) -> re.Match | None:
    if a.parts or b.parts or a.reading.unit != b.reading.unit or b.lead is not None or b.modifier:
        return None
    return _LIST_JOIN.fullmatch(text, a.end, b.start)


def _join_lists(text: str, found: list[_Found]) -> list[_Found]:
    """"in 2018 and 2019", "in March, April and May 2020": a listed year or month shares the first one's context.
    A comma alone is not enough unless the list goes on ("In March, May said" is not a list of months)."""
    out = list(found)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        join = _listed(text, a, b)
        if not join:
            continue
        goes_on = "and" in join.group() or "or" in join.group() or (i + 1 < len(out) and _listed(text, b, out[i + 1]))
        if not b.has_context and a.has_context and goes_on and (b.reading.unit != "year" or not _count_noun_after().match(text, b.end)):
            out[i] = b = replace(b, has_context=True)
        if _wants_year(a.reading) and _explicit_year(b) is not None:
            out[i - 1] = replace(a, year_hint=_lent_year(_explicit_year(b), a, b, -1))
    # A year written at the end of a list lends itself back along the list: "March, April and May 2020".
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if _wants_year(a.reading) and a.year_hint is None and b.year_hint is not None and _listed(text, a, b):
            out[i] = replace(a, year_hint=_lent_year(b.year_hint, a, b, -1))
    return out


def _drop_unsupported(found: list[_Found]) -> list[_Found]:
    kept = []
    for f in found:
        if not f.has_context:
            continue
        if f.lead is not None and f.lead_start is not None and f.lead not in _BOUND_LEADS and f.parts is None:
            f = replace(f, lead_start=None)  # "in", "on", "during" only locate: they stay out of the span
        kept.append(f)
    return kept


def _span(f: _Found) -> tuple[int, int]:
    """Where the expression starts: at a preposition that changes its value ("since"), else at the modifier or core."""
    return (f.lead_start if f.lead_start is not None else f.start), f.end


# --- Anchoring: from a reading to a value ----------------------------------------------------------


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _add(day: date, amount: float, unit: str, sign: int) -> date:
    if unit in ("hour", "day", "week"):
        days = amount * {"hour": 1 / 24, "day": 1, "week": 7}[unit]
        return day + timedelta(days=sign * round(days))
    months = amount * {"month": 1, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(day, sign * round(months))


def _format_at(day: date, unit: str) -> str:
    if unit in ("hour", "day"):
        return day.isoformat()
    if unit == "week":
        return _iso_week(day)
    if unit == "month":
        return f"{day.year}-{day.month:02d}"
    if unit == "decade":
        return f"{day.year // 10}X"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return str(day.year)


_PLACEHOLDER = {"hour": "XXXX-XX-XX", "day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "decade": "XXXX", "century": "XXXX"}


def _number(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def _duration(amount: float | None, unit: str) -> str:
    if unit == "hour":
        return f"PT{_number(amount)}H" if amount is not None else "PTXH"
    if unit in ("decade", "century"):
        return f"P{_number(amount * (10 if unit == 'decade' else 100))}Y" if amount is not None else "PXY"
    return f"P{_number(amount)}{_UNIT_CODES[unit]}" if amount is not None else f"PX{_UNIT_CODES[unit]}"


def _year_choice(r: _Reading, anchor: _Anchor, tense: str | None, position: tuple[int, ...]) -> tuple[int | None, bool]:
    """The year for a reading: written, shifted from the anchor's, or chosen by tense; and whether the anchor's year was used."""
    if r.year is not None:
        return r.year, False
    if r.year_shift is not None:
        return (anchor.year + r.year_shift, True) if anchor.year is not None else (None, False)
    if anchor.year is None:
        return None, False
    if anchor.day is None:
        return (anchor.year, True) if r.direction in (None, "this") else (None, False)
    here = (anchor.day.month, anchor.day.day)[: len(position)]
    direction = r.direction or {"past": "last_or_same", "future": "next_or_same"}.get(tense or "")
    if direction == "last":
        return (anchor.year if position < here else anchor.year - 1), True
    if direction == "next":
        return (anchor.year if position > here else anchor.year + 1), True
    if direction == "last_or_same":
        return (anchor.year if position <= here else anchor.year - 1), True
    if direction == "next_or_same":
        return (anchor.year if position >= here else anchor.year + 1), True
    return anchor.year, True


def _with_modifier(base: str, unit: str, modifier: _Modifier | None, anchor: _Anchor, first: date | None, last: date | None) -> str:
    """base is the unit's value; first/last are its first and last days when known."""
    if modifier is None:
        return base
    key = modifier.key
    if unit == "year":
        if key in ("H1", "H2") or key.startswith("Q"):
            return f"{base}-{key}"
        if key == "early":
            return f"{base}-H1"
        if key == "late":
            return f"{base}-H2"
        if key == "start":
            return f"{base}-01"
        if key == "end":
            return f"{base}-12"
    if key in ("earlier", "so_far") and anchor.day and first:
        return f"{first.isoformat()}/{anchor.day.isoformat()}"
    if key in ("later", "rest") and anchor.day and last:
        return f"{anchor.day.isoformat()}/{last.isoformat()}"
    return base


def _is_duration(value: str) -> bool:
    return value.startswith("P") and not value.endswith("_REF")


def _resolve(f: _Found, anchor: _Anchor, tense: str | None) -> _Value:
    if f.parts:
        a, b = (_resolve(p, anchor, tense) for p in f.parts)
        if a.value is None or b.value is None:
            return _Value(None, False)
        return _Value(f"{a.value}/{b.value}", a.relative or b.relative, a.used_anchor_year or b.used_anchor_year)
    if f.year_hint is not None:
        anchor, f = _Anchor(None, f.year_hint), replace(f, year_hint=None)
        found = _resolve(f, anchor, tense)
        return replace(found, used_anchor_year=False)
    v = _resolve_point(f.reading, f.modifier, anchor, tense)
    bound = _BOUND_LEADS.get(f.lead or "") if f.lead_start is not None else None
    if bound and v.value and not _is_duration(v.value):
        start, _, end = v.value.partition("/")
        end = end or start
        v = replace(v, value={"since": f"{start}/", "until": f"/{end}", "by": v.value}[bound])
    return v


def _resolve_point(r: _Reading, mod: _Modifier | None, anchor: _Anchor, tense: str | None) -> _Value:
    unit = r.unit
    today = anchor.day
    if unit == "ref":
        return _Value(r.code, True)
    if unit == "duration":
        return _Value(_duration(r.amount, r.code), r.amount is None)
    if unit == "day":
        year, used = _year_choice(r, anchor, tense, (r.month, r.day))
        if year is None:
            return _Value(f"XXXX-{r.month:02d}-{r.day:02d}", True)
        if not _valid_day(year, r.month, r.day):
            return _Value(None, False)
        return _Value(date(year, r.month, r.day).isoformat(), False, used)
    if unit == "dayrange":
        year, used = _year_choice(r, anchor, tense, (r.month, r.day))
        y = str(year) if year is not None else "XXXX"
        return _Value(f"{y}-{r.month:02d}-{r.day:02d}/{y}-{r.month:02d}-{r.end_day:02d}", year is None, used)
    if unit == "yearrange":
        return _Value(f"{r.year}/{r.end_year}", False)
    if unit == "month":
        if r.shift is not None:  # last month, this month, the month
            if today is None:
                return _Value(_with_modifier("XXXX-XX", "month", mod, anchor, None, None), True)
            first = _add_months(today.replace(day=1), r.shift)
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            return _Value(_with_modifier(f"{first.year}-{first.month:02d}", "month", mod, anchor, first, last), False)
        year, used = _year_choice(r, anchor, tense, (r.month,))
        if year is None:
            return _Value(f"XXXX-{r.month:02d}", True)
        return _Value(f"{year}-{r.month:02d}", False, used)
    if unit == "year":
        year, used = _year_choice(r, anchor, tense, ())
        base = str(year) if year is not None else "XXXX"
        first = last = None
        if year is not None and today is not None and year == today.year:
            first, last = date(year, 1, 1), date(year, 12, 31)
        return _Value(_with_modifier(base, "year", mod, anchor, first, last), year is None, used)
    if unit == "part":
        if r.shift is not None:  # last quarter, this quarter
            if today is None:
                return _Value("XXXX-QX", True)
            quarter_index = today.year * 4 + (today.month - 1) // 3 + r.shift
            return _Value(f"{quarter_index // 4}-Q{quarter_index % 4 + 1}", False)
        year, used = _year_choice(r, anchor, tense, ())
        return _Value(f"{year if year is not None else 'XXXX'}-{r.code}", year is None, used)
    if unit == "season":
        year, used = _season_year(r, anchor)
        return _Value(f"{year if year is not None else 'XXXX'}-{r.code}", year is None, used)
    if unit == "week":
        if today is None:
            return _Value("XXXX-WXX", True)
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=r.shift)
        return _Value(_with_modifier(_iso_week(monday), "week", mod, anchor, monday, monday + timedelta(days=6)), False)
    if unit == "weekend":
        if today is None:
            return _Value("XXXX-WXX-WE", True)
        if r.shift is not None:
            weeks = r.shift
        else:  # "the weekend": the last one in news, the coming one in a future clause
            weeks = 0 if tense == "future" or today.weekday() >= 5 else -1
        return _Value(_iso_week(today + timedelta(weeks=weeks)) + "-WE", False)
    if unit == "relday":
        if today is None:
            return _Value("XXXX-XX-XX", True)
        return _Value((today + timedelta(days=r.shift)).isoformat(), False)
    if unit == "weekday":
        if today is None:
            return _Value(f"XXXX-WXX-{r.day + 1}", True)
        return _Value(_weekday_date(today, r.day, r.direction, tense).isoformat(), False)
    if unit == "decade":
        if r.year is not None:
            return _Value(f"{r.year // 10}X", False)
        if anchor.year is None:
            return _Value("XXXX", True)
        return _Value(f"{anchor.year // 10 + r.shift}X", False, True)
    if unit == "century":
        if r.year is not None:
            return _Value(f"{r.year // 100:02d}", False)
        if anchor.year is None:
            return _Value("XX", True)
        return _Value(f"{anchor.year // 100 + r.shift:02d}", False, True)
    if unit == "offset":
        if r.amount is None:
            return _Value("PAST_REF" if r.shift < 0 else "FUTURE_REF", True)
        if today is not None:
            return _Value(_format_at(_add(today, r.amount, r.code, r.shift), r.code), False)
        if anchor.year is not None and r.code in ("year", "decade", "century") and r.amount == int(r.amount):
            year = anchor.year + r.shift * int(r.amount) * {"year": 1, "decade": 10, "century": 100}[r.code]
            return _Value(_format_at(date(year, 1, 1), r.code), False, True)
        return _Value(_PLACEHOLDER[r.code], True)
    if unit == "trailing":
        if r.amount is None:
            return _Value("PAST_REF" if r.shift < 0 else "FUTURE_REF", True)
        if today is None:
            return _Value(_duration(r.amount, r.code), True)
        other = _add(today, r.amount, r.code, r.shift)
        ends = (other, today) if r.shift < 0 else (today, other)
        return _Value(f"{ends[0].isoformat()}/{ends[1].isoformat()}", False)
    raise AssertionError(f"no resolver for unit {unit!r}")


def _season_year(r: _Reading, anchor: _Anchor) -> tuple[int | None, bool]:
    if r.year is not None:
        return r.year, False
    if r.year_shift is not None or r.direction in (None, "this"):
        if anchor.year is None:
            return None, False
        if anchor.day is not None and r.code == "WI" and r.year_shift is None and anchor.day.month <= 2:
            return anchor.year - 1, True  # this winter, in January: the one that began in December
        return anchor.year + (r.year_shift or 0), True
    if anchor.day is None:
        return None, False
    start_month = _SEASON_START_MONTH[r.code]
    today = anchor.day
    if r.direction == "next":
        return (today.year if today < date(today.year, start_month, 1) else today.year + 1), True
    # last: the latest one that has ended
    year = today.year if date(today.year, start_month, 1) <= today else today.year - 1
    if today < _add_months(date(year, start_month, 1), 3):
        year -= 1
    return year, True


def _weekday_date(today: date, weekday: int, direction: str | None, tense: str | None) -> date:
    back = (today.weekday() - weekday) % 7
    ahead = (weekday - today.weekday()) % 7
    if direction == "last":
        return today - timedelta(days=back or 7)
    if direction == "next":
        return today + timedelta(days=ahead or 7)
    if direction == "this":
        return today - timedelta(days=today.weekday()) + timedelta(days=weekday)
    if tense == "future":
        return today + timedelta(days=ahead)
    return today - timedelta(days=back)


def _tense_near(text: str, start: int, end: int) -> str | None:
    """A cheap guess at the tense of the clause around text[start:end]: the nearest tense cue in its sentence."""
    left = max(text.rfind(". ", max(0, start - 200), start), text.rfind("\n", max(0, start - 200), start), start - 200, 0)
    right_stops = [i for i in (text.find(". ", end, end + 200), text.find("\n", end, end + 200)) if i != -1]
    right = min(right_stops) if right_stops else min(len(text), end + 200)
    best, best_distance = None, None
    for m in _tense_cue().finditer(text, left, right):
        if start <= m.start() < end:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best_distance is None or distance < best_distance:
            best, best_distance = ("past" if m["past"] else "future"), distance
    return best


def _needs_tense(r: _Reading) -> bool:
    return r.unit in ("day", "month", "dayrange", "weekday", "weekend") and r.year is None and r.year_shift is None and r.direction is None and r.shift is None


# --- Year inference ----------------------------------------------------------------------------------

_EVIDENCE_MODIFIERS = {"H1", "H2", "Q1", "Q2", "Q3", "Q4", "start", "end", "early", "late", "mid", "middle"}


def _year_evidence(f: _Found) -> tuple[tuple, int | None, int | None] | None:
    """(what period of a year it names, written year, shift from the article's year) for an expression
    that names a qualified part of a year: "the first half of next year", "March 2020", "summer 2019"."""
    r = f.reading
    if f.parts or r.needs_modifier or (r.year is None and r.year_shift is None):
        return None
    modifier = f.modifier.key if f.modifier and f.modifier.key in _EVIDENCE_MODIFIERS else None
    if r.unit == "year" and modifier:
        return (modifier,), r.year, r.year_shift
    if r.unit == "part" and r.code and len(r.code) == 2:
        return (r.code,), r.year, r.year_shift
    if r.unit == "month":
        return ("month", r.month, modifier), r.year, r.year_shift
    if r.unit == "season":
        return ("season", r.code, modifier), r.year, r.year_shift
    return None


def _infer_from(text: str, found: list[_Found]) -> int | None:
    written: dict[tuple, set[int]] = {}
    shifted: dict[tuple, set[int]] = {}
    datelines: set[int] = set()
    for f in (leaf for item in found for leaf in (item.parts or (item,))):
        evidence = _year_evidence(f)
        if evidence:
            key, year, shift = evidence
            if year is not None:
                written.setdefault(key, set()).add(year)
            elif shift is not None:
                shifted.setdefault(key, set()).add(shift)
        if f.reading.unit == "day" and f.reading.year is not None and not f.parts and _is_dateline(text, f.start):
            datelines.add(f.reading.year)
    candidates = set(datelines) if len(datelines) <= 1 else {None}
    for key, shifts in shifted.items():
        years = written.get(key)
        # One written year and one shift for the same named period, or the evidence is ambiguous.
        if years and len(years) == 1 and len(shifts) == 1:
            candidates.add(next(iter(years)) - next(iter(shifts)))
    if len(candidates) != 1 or None in candidates:
        return None
    return candidates.pop()


def _is_dateline(text: str, start: int) -> bool:
    """A date that opens one of the first three lines, or follows a "Published:"-like label, or a
    capitalised place name ("WASHINGTON, Nov. 26, 2019 -")."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if not _DATELINE_PREFIX.match(prefix):
        return False
    labelled = bool(re.match(r"\s*(?i:(?:first\s+|last\s+)?(?:published|posted|updated|modified)|dated?)", prefix))
    return labelled or sum(1 for line in text[:line_start].splitlines() if line.strip()) < 3


# --- Public API --------------------------------------------------------------------------------------


def _anchor_from(published: str | None, year: int | None = None, inferred: bool = False) -> _Anchor:
    if published is None:
        return _Anchor(None, year, inferred and year is not None)
    try:
        day = date.fromisoformat(published.strip()[:10])
    except (ValueError, AttributeError):
        raise ValueError(f"published date {published!r} is not YYYY-MM-DD; pass the article's publication date as an ISO date, or None") from None
    return _Anchor(day, day.year)


def infer_year(text: str) -> int | None:
    """The year an undated article was written in, from evidence such as `first half of next year` and
    `first half of 2020` in the same text (-> 2019), or a dateline (`WASHINGTON, Nov. 26, 2019 -`); None
    when there is no such evidence or it disagrees. Plain `last year` + `in 2018` is too weak to count."""
    return _infer_from(text, _scan(text))


def find_time_expressions(text: str, published: str | None = None) -> list[TimeExpression]:
    """Every time expression in text, in order, normalised against published (YYYY-MM-DD or None)."""
    found = _scan(text)
    if published is None:
        anchor = _anchor_from(None, _infer_from(text, found), inferred=True)
    else:
        anchor = _anchor_from(published)
    out = []
    for f in found:
        tense = None
        if anchor.day is not None:
            leaf = f.parts[0] if f.parts else f
            if _needs_tense(leaf.reading):
                tense = _tense_near(text, *_span(f))
        v = _resolve(f, anchor, tense)
        start, end = _span(f)
        out.append(TimeExpression(start, end, text[start:end], v.value, anchor.inferred and v.used_anchor_year, v.relative))
    return out


def normalise(expression: str, published: str | None = None, *, year: int | None = None, tense: str | None = None) -> tuple[str | None, bool]:
    """(value, relative) for one expression; `year` is an inferred year for the article when published is unknown;
    tense: 'past' | 'future' | None, a hint from the verb for weekday names."""
    if tense not in (None, "past", "future"):
        raise ValueError(f"tense {tense!r} is not 'past', 'future' or None")
    found = _scan(expression, lenient=True)
    if not found:
        return None, False
    best = max(found, key=lambda f: (_span(f)[1] - _span(f)[0], -f.start))
    anchor = _anchor_from(published, year, inferred=True)
    v = _resolve(best, anchor, tense)
    return v.value, v.relative
