"""Articles built by hand for the linking tests: a wire story, a copy of it with a new first line,
a follow-up by the same speaker, and an unrelated story. Offsets are computed from the texts."""

from __future__ import annotations

from newsledger.records import (
    Article,
    ArticleRecord,
    Entity,
    Event,
    EventArg,
    EventItem,
    EventTime,
    Statement,
)

from .conftest import content, mentions, span

BODY = (
    "Dmitry Shugaev, head of the Federal Service for Military-Technical Cooperation, said the first units "
    "were moving on schedule and that India would receive every regiment of the system by the end of next year. "
    "The contract, worth more than five billion dollars, was signed in October 2018 despite warnings from "
    "Washington that large purchases of Russian weapons could expose New Delhi to sanctions under American law. "
    "Indian officials have repeatedly argued that the system is vital for the defence of the country's northern "
    "borders and that no other supplier could offer a comparable capability at a similar price. Analysts in both "
    "capitals expect the last deliveries to be watched closely by the new administration in Washington, which has "
    "not yet said whether it would grant a waiver to its long-standing partner in South Asia."
)
WIRE_TEXT = "MOSCOW (Wire) -- Russia has begun delivering the S-400 air defence system to India.\n" + BODY
COPY_TEXT = "NEW DELHI (Daily Courier) -- Deliveries of a Russian missile shield to India are under way.\n" + BODY
FOLLOW_UP_TEXT = (
    "Russia's arms export chief spoke again on Friday. Dmitry Shugayev said the first units were moving on "
    "schedule and that India would receive every regiment of the system by the end of next year. He also said "
    "talks on new frigates had begun."
)
UNRELATED_TEXT = (
    "Greece signed a contract for six more Rafale fighter jets on Monday, bringing its order to eighteen aircraft. "
    "Defence Minister Nikos Panagiotopoulos said the jets would strengthen the air force at a difficult time for the "
    "region, and that the first pilots had finished their training in France last summer."
)
CLAIM = "the first units were moving on schedule and that India would receive every regiment of the system by the end of next year"


def shugaev(text: str, local_id: str = "e1", name: str = "Dmitry Shugaev", as_of: str | None = None) -> Entity:
    said_as = "Dmitry Shugayev" if "Shugayev" in text else "Dmitry Shugaev"
    return Entity(
        local_id,
        name,
        "person",
        aliases=("Shugaev",),
        title="director",
        affiliation="Federal Service for Military-Technical Cooperation",
        mentions=mentions(text, said_as),
        as_of=as_of,
    )


def india(text: str) -> Entity:
    return Entity("country:IND", "India", "country", aliases=("New Delhi",), mentions=mentions(text, "India would"))


def claim_statement(text: str, speaker: Entity, statement_id: str = "s1") -> Statement:
    return Statement(
        statement_id,
        speaker=span(text, speaker.name if speaker.name in text else "Dmitry Shugayev"),
        speaker_entity=speaker.ref(),
        cue=span(text, "said"),
        content=content(text, CLAIM),
        kind="indirect",
    )


def wire_record(article_id: str = "wire", text: str = WIRE_TEXT, published: str = "2021-11-15") -> ArticleRecord:
    person = shugaev(text, as_of=published)
    delivery = Event(
        "v1", "AID", "DELIVER", None, actors=(EventArg("country:RUS", "Russia"),),
        recipients=(EventArg("country:IND", "India"),), item=EventItem("weapon:s-400", "S-400"), location=None,
        time=EventTime("in October 2018", "2018-10"), modality="asserted", evidence=span(text, "The contract, worth"),
    )
    return ArticleRecord(
        article=Article(article_id, text, f"feed/{article_id}.txt", "S-400 deliveries begin", published),
        statements=(claim_statement(text, person),),
        entities=(person, india(text), Entity("country:RUS", "Russia", "country", aliases=("Russian",))),
        events=(delivery,),
    )


def copy_record() -> ArticleRecord:
    return wire_record("copy", COPY_TEXT, "2021-11-16")


def follow_up_record() -> ArticleRecord:
    text = FOLLOW_UP_TEXT
    person = shugaev(text, local_id="e7", name="Dmitry Shugayev", as_of="2021-12-03")
    person = Entity(person.id, person.name, person.type, (), "head", "Rosoboronexport", person.mentions, "2021-12-03")
    frigates = content(text, "talks on new frigates had begun")
    return ArticleRecord(
        article=Article("follow-up", text, "feed/follow-up.txt", "Arms chief speaks", "2021-12-03"),
        statements=(
            claim_statement(text, person),
            Statement(
                "s2", speaker=span(text, "He"), speaker_entity=person.ref(), cue=span(text, "said", after="He also"),
                content=frigates, kind="indirect",
            ),
        ),
        entities=(person, india(text)),
        events=(
            Event(
                "v1", "CONSULT", "NEGOTIATE", None, actors=(EventArg("e7", "Dmitry Shugayev"),), recipients=(),
                item=None, location=None, time=None, modality="asserted", evidence=span(text, "He also said"),
            ),
        ),
    )


def unrelated_record() -> ArticleRecord:
    text = UNRELATED_TEXT
    minister = Entity(
        "e1", "Nikos Panagiotopoulos", "person", title="Defence Minister", affiliation="Greece",
        mentions=mentions(text, "Nikos Panagiotopoulos"), as_of="2022-03-24",
    )
    return ArticleRecord(
        article=Article("rafale", text, "feed/rafale.txt", "Greece orders more Rafales", "2022-03-24"),
        statements=(
            Statement(
                "s1", speaker=span(text, "Nikos Panagiotopoulos"), speaker_entity=minister.ref(), cue=span(text, "said"),
                content=content(text, "the jets would strengthen the air force at a difficult time for the region"),
                kind="indirect",
            ),
        ),
        entities=(minister,),
        events=(
            Event(
                "v1", "COOPERATE", "PURCHASE", None, actors=(EventArg("country:GRC", "Greece"),), recipients=(),
                item=EventItem("weapon:rafale", "Rafale", 6), location=None, time=EventTime("on Monday", "2022-03-21"),
                modality="asserted", evidence=span(text, "Greece signed"),
            ),
        ),
    )


def all_records() -> list[ArticleRecord]:
    return [wire_record(), copy_record(), follow_up_record(), unrelated_record()]


# A government that speaks, as extraction recorded it before it took its country's id: the
# speaker `gov:USA` beside the country `country:USA` that the same article's events name.
WARNING_TEXT = (
    "Washington warned Ankara on Monday that the purchase of the S-400 would bring sanctions. "
    "The United States imposed sanctions on Turkey."
)
REPEAT_TEXT = "Washington said on Friday that the purchase of the S-400 would bring sanctions. Ankara did not reply."
GOVERNMENT_CLAIM = "that the purchase of the S-400 would bring sanctions"


def _turkey(text: str, *said: str) -> Entity:
    return Entity("country:TUR", "Turkey", "country", aliases=("Ankara",), mentions=mentions(text, *said))


def old_warning_record() -> ArticleRecord:
    text = WARNING_TEXT
    government = Entity("gov:USA", "United States", "government", aliases=("Washington",), mentions=mentions(text, "Washington"))
    country = Entity("country:USA", "United States", "country", aliases=("The United States",), mentions=mentions(text, "The United States"))
    s400 = Entity("weapon:s-400", "S-400", "weapon_system", mentions=mentions(text, "S-400"))
    events = tuple(
        Event(
            event_id, plover, None, None, actors=(EventArg("country:USA", "United States"),),
            recipients=(EventArg("country:TUR", "Turkey"),), item=None, location=None, time=None,
            modality="asserted", evidence=span(text, sentence),
        )
        for event_id, plover, sentence in (
            ("v1", "THREATEN", "Washington warned Ankara on Monday"),
            ("v2", "SANCTION", "The United States imposed sanctions on Turkey."),
        )
    )
    return ArticleRecord(
        article=Article("warning", text, "feed/warning.txt", "Washington warns Ankara", "2020-12-14"),
        statements=(
            Statement(
                "s1", speaker=span(text, "Washington"), speaker_entity=government.ref(), cue=span(text, "warned"),
                content=content(text, GOVERNMENT_CLAIM), kind="indirect",
            ),
        ),
        entities=(s400, government, country, _turkey(text, "Ankara", "Turkey")),
        events=events,
    )


def old_repeat_record() -> ArticleRecord:
    text = REPEAT_TEXT
    government = Entity("gov:USA", "United States", "government", aliases=("Washington",), mentions=mentions(text, "Washington"))
    return ArticleRecord(
        article=Article("repeat", text, "feed/repeat.txt", "Washington repeats its warning", "2020-12-18"),
        statements=(
            Statement(
                "s1", speaker=span(text, "Washington"), speaker_entity=government.ref(), cue=span(text, "said"),
                content=content(text, GOVERNMENT_CLAIM), kind="indirect",
            ),
        ),
        entities=(government, _turkey(text, "Ankara"), Entity("weapon:s-400", "S-400", "weapon_system", mentions=mentions(text, "S-400"))),
    )


def new_repeat_record() -> ArticleRecord:
    """The same claim as extraction records it now: the government under its country's id."""
    text = "In a statement on Saturday, the United States said that the purchase of the S-400 would bring sanctions."
    country = Entity("country:USA", "United States", "government", mentions=mentions(text, "the United States"))
    return ArticleRecord(
        article=Article("statement", text, "feed/statement.txt", "A statement", "2020-12-19"),
        statements=(
            Statement(
                "s1", speaker=span(text, "the United States"), speaker_entity=country.ref(), cue=span(text, "said"),
                content=content(text, GOVERNMENT_CLAIM), kind="indirect",
            ),
        ),
        entities=(country,),
    )
