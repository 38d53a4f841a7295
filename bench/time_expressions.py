"""Time-expression normalising: dateparser alone against newsledger's `normalise`, side by side in one run.

    python bench/time_expressions.py [--repeat N]

On a fixed table of (expression, publication date, expected TIMEX3-style value) rows it prints, for each
method, exact-value accuracy overall and per group (explicit dates, relative points, periods), how many
expressions got no value, the time per expression, and newsledger's speed ratio to dateparser.

Methods:
  dateparser          dateparser.parse(expr, settings={RELATIVE_BASE, PREFER_DATES_FROM: past}), the
                      datetime written at day precision (YYYY-MM-DD), or nothing.
  dateparser+period   the fairest dateparser can do: DateDataParser(languages=['en']).get_date_data, written
                      at the granularity it reports (year YYYY, month YYYY-MM, week YYYY-Www, day).
  newsledger          newsledger.events.time.normalise(expr, published).
dateparser has no notion of periods, halves, quarters, seasons, decades or vague references: it returns
nothing or one point date for them, which is the gap this table shows.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime

from newsledger.events.time import normalise

THU = "2019-11-28"  # Thursday, ISO week 48
MON = "2020-01-06"  # Monday, early in the year

# (group, expression, published, expected value)
ROWS: list[tuple[str, str, str, str]] = [
    # explicit dates: the value is written in the expression (a year may come from the publication date)
    ("explicit", "26 November 2019", THU, "2019-11-26"),
    ("explicit", "Nov. 26, 2019", THU, "2019-11-26"),
    ("explicit", "November 26, 2019", THU, "2019-11-26"),
    ("explicit", "Tuesday, November 26, 2019", THU, "2019-11-26"),
    ("explicit", "11/26/2019", THU, "2019-11-26"),
    ("explicit", "2019-11-26", THU, "2019-11-26"),
    ("explicit", "26.11.2019", THU, "2019-11-26"),
    ("explicit", "November 26", THU, "2019-11-26"),
    ("explicit", "the 26th of November", THU, "2019-11-26"),
    ("explicit", "Sept. 11, 2001", THU, "2001-09-11"),
    ("explicit", "March 3", THU, "2019-03-03"),
    ("explicit", "June 30, 2020", THU, "2020-06-30"),
    ("explicit", "31 December 2019", MON, "2019-12-31"),
    ("explicit", "Jan. 1", MON, "2020-01-01"),
    ("explicit", "in 2020", THU, "2020"),
    ("explicit", "in 1999", THU, "1999"),
    ("explicit", "November 2019", THU, "2019-11"),
    ("explicit", "in March", THU, "2019-03"),
    ("explicit", "fiscal year 2021", THU, "2021"),
    ("explicit", "by 2025", THU, "2025"),
    # relative points: anchored on the publication date
    ("relative", "yesterday", THU, "2019-11-27"),
    ("relative", "today", THU, "2019-11-28"),
    ("relative", "tomorrow", THU, "2019-11-29"),
    ("relative", "last night", MON, "2020-01-05"),
    ("relative", "on Tuesday", THU, "2019-11-26"),
    ("relative", "last Tuesday", THU, "2019-11-26"),
    ("relative", "next Tuesday", THU, "2019-12-03"),
    ("relative", "on Friday", MON, "2020-01-03"),
    ("relative", "last week", THU, "2019-W47"),
    ("relative", "this week", THU, "2019-W48"),
    ("relative", "next week", THU, "2019-W49"),
    ("relative", "last month", THU, "2019-10"),
    ("relative", "last month", MON, "2019-12"),
    ("relative", "next month", THU, "2019-12"),
    ("relative", "last year", THU, "2018"),
    ("relative", "next year", THU, "2020"),
    ("relative", "this year", THU, "2019"),
    ("relative", "two years ago", THU, "2017"),
    ("relative", "three days ago", THU, "2019-11-25"),
    ("relative", "in three months", THU, "2020-02"),
    ("relative", "two years from now", THU, "2021"),
    ("relative", "last March", THU, "2019-03"),
    ("relative", "recently", THU, "PAST_REF"),
    ("relative", "now", THU, "PRESENT_REF"),
    ("relative", "soon", THU, "FUTURE_REF"),
    # periods and parts of years: they stay periods
    ("periods", "from March to May 2020", THU, "2020-03/2020-05"),
    ("periods", "between 2018 and 2020", THU, "2018/2020"),
    ("periods", "2018-2020", THU, "2018/2020"),
    ("periods", "November 26-28", THU, "2019-11-26/2019-11-28"),
    ("periods", "since 2016", THU, "2016/"),
    ("periods", "until 2025", THU, "/2025"),
    ("periods", "earlier this month", THU, "2019-11-01/2019-11-28"),
    ("periods", "later this year", THU, "2019-11-28/2019-12-31"),
    ("periods", "so far this year", THU, "2019-01-01/2019-11-28"),
    ("periods", "the past two years", THU, "2017-11-28/2019-11-28"),
    ("periods", "within two years", THU, "2019-11-28/2021-11-28"),
    ("periods", "the first half of next year", THU, "2020-H1"),
    ("periods", "the second half of 2020", THU, "2020-H2"),
    ("periods", "the third quarter of 2020", THU, "2020-Q3"),
    ("periods", "early next year", THU, "2020-H1"),
    ("periods", "late 2019", THU, "2019-H2"),
    ("periods", "the end of the year", THU, "2019-12"),
    ("periods", "by the end of next year", THU, "2020-12"),
    ("periods", "summer 2020", THU, "2020-SU"),
    ("periods", "the 1990s", THU, "199X"),
    ("periods", "in recent weeks", THU, "PAST_REF"),
]
GROUPS = ["explicit", "relative", "periods"]


def _base(published: str) -> datetime:
    return datetime.fromisoformat(published)


def dateparser_alone(dateparser) -> Callable[[str, str], str | None]:
    def run(expression: str, published: str) -> str | None:
        parsed = dateparser.parse(expression, settings={"RELATIVE_BASE": _base(published), "PREFER_DATES_FROM": "past"})
        return parsed.date().isoformat() if parsed else None

    return run


def dateparser_with_period(dateparser) -> Callable[[str, str], str | None]:
    from dateparser.date import DateDataParser

    parsers: dict[str, DateDataParser] = {}

    def run(expression: str, published: str) -> str | None:
        if published not in parsers:  # one parser per base date, built outside the timing by the warm-up
            settings = {"RELATIVE_BASE": _base(published), "PREFER_DATES_FROM": "past"}
            parsers[published] = DateDataParser(languages=["en"], settings=settings)
        data = parsers[published].get_date_data(expression)
        if data.date_obj is None:
            return None
        day = data.date_obj.date()
        if data.period == "year":
            return str(day.year)
        if data.period == "month":
            return f"{day.year}-{day.month:02d}"
        if data.period == "week":
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        return day.isoformat()

    return run


def newsledger_normalise(expression: str, published: str) -> str | None:
    return normalise(expression, published)[0]


def _score(run: Callable[[str, str], str | None], repeat: int) -> tuple[dict[str, tuple[int, int]], int, float, list[tuple[str, str | None, str]]]:
    for _, expression, published, _ in ROWS:  # warm-up: dateparser loads its language data on first use
        run(expression, published)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        answers = [run(expression, published) for _, expression, published, _ in ROWS]
        best = min(best, time.perf_counter() - start)
    by_group = {g: (0, 0) for g in GROUPS}
    misses = []
    for (group, expression, _, expected), answer in zip(ROWS, answers):
        right, total = by_group[group]
        by_group[group] = (right + (answer == expected), total + 1)
        if answer != expected:
            misses.append((expression, answer, expected))
    nothing = sum(answer is None for answer in answers)
    return by_group, nothing, best / len(ROWS), misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list every expression a method got wrong")
    args = parser.parse_args()
    try:
        import dateparser
    except ImportError:
        print("dateparser is not installed; install it to compare (.venv/bin/pip install dateparser). Nothing measured.")
        return
    methods = {
        "dateparser": dateparser_alone(dateparser),
        "dateparser+period": dateparser_with_period(dateparser),
        "newsledger": newsledger_normalise,
    }
    counts = {g: sum(1 for row in ROWS if row[0] == g) for g in GROUPS}
    print(f"{len(ROWS)} expressions ({', '.join(f'{g} {n}' for g, n in counts.items())}), dateparser {dateparser.__version__}, best of {args.repeat}")
    print(f"{'method':<18} {'overall':>8} " + " ".join(f"{g:>9}" for g in GROUPS) + f" {'nothing':>8} {'µs/expr':>9}")
    seconds = {}
    for name, run in methods.items():
        by_group, nothing, per_expression, misses = _score(run, args.repeat)
        right = sum(r for r, _ in by_group.values())
        seconds[name] = per_expression
        cells = " ".join(f"{100 * r / t:8.0f}%" for r, t in by_group.values())
        print(f"{name:<18} {100 * right / len(ROWS):7.0f}% {cells} {nothing:8d} {per_expression * 1e6:9.1f}")
        if args.misses:
            for expression, answer, expected in misses:
                print(f"    {expression!r}: {answer!r}, expected {expected!r}")
    print(
        f"newsledger is {seconds['dateparser'] / seconds['newsledger']:.0f}x faster than dateparser.parse "
        f"and {seconds['dateparser+period'] / seconds['newsledger']:.0f}x faster than DateDataParser(languages=['en'])"
    )


if __name__ == "__main__":
    main()
