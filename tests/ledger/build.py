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
