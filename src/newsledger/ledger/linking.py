"""What ties one stored article to the rest of the ledger, written in the article's own transaction:
its near-duplicate group, its entities merged into ledger entities, each statement's speaker,
mentions and claim group, and its events' entities.

Ledger entity ids: a knowledge-base id (``country:USA``, ``weapon:s-400``) is kept as it is; an
article-local entity (``e1``) joins the ledger entity of the same type and folded name (for
persons, also a spelling variant of the surname with the same first name), or becomes
``<type>:<slug of its name>``.

One actor, one id: a country and its government are one entity, ``country:ISO3``. Earlier
versions gave a speaking government an id of its own, ``gov:ISO3``; that id is an alias, read
as ``country:ISO3`` in records (``with_canonical_ids``) and in queries (``canonical_id``).
A country's ledger type is ``government`` once any article has it speak (the speaker of a
statement) or act (an actor of an event), and ``country`` while it is only named, a place or a
recipient; the type only ever moves from ``country`` to ``government``.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from newsledger.ledger import dedup
from newsledger.names import fold_name, spelling_variants
from newsledger.records import ArticleRecord, Entity, Event, EventArg, Statement
from newsledger.rows import to_json

# What a government's id was before it became its country's: read wherever an id comes in.
GOVERNMENT_ALIAS = "gov:"
COUNTRY = "country:"
# The type of an entity known only by a knowledge-base id in an event, from the id's prefix.
_TYPE_OF_PREFIX = {
    "country": "country",
    "location": "location",  # a place an event names that is none of the article's entities
    "org": "organization",
    "weapon": "weapon_system",
    "weapon-category": "weapon_system",
    "group": "group",  # people an event names only by description (`unknown gunmen`)
    "media": "media",
}
# Candidates checked per look-up: enough to find the group, bounded however many copies exist.
_CANDIDATES_PER_BAND = 20
_CANDIDATES_CHECKED = 10
_YEAR_FIRST = re.compile(r"[0-9]{4}")


def name_key(name: str) -> str:
    """The name folded for matching, its words joined by hyphens: no case, diacritics, hyphens or
    apostrophes inside a word (`Ségolène Royal` -> `segolene-royal`, `Błaszczak` -> `blaszczak`)."""
    return "-".join(folded for word in re.split(r"[\s/,.;:()]+", name) if (folded := fold_name(word)))


def canonical_id(entity_id: str) -> str:
    """The one id of an entity: the alias ``gov:USA`` is ``country:USA``; any other id is itself."""
    if entity_id.startswith(GOVERNMENT_ALIAS) and len(entity_id) > len(GOVERNMENT_ALIAS):
        return COUNTRY + entity_id[len(GOVERNMENT_ALIAS) :]
    return entity_id


def with_canonical_ids(record: ArticleRecord) -> ArticleRecord:
    """The record with every alias id replaced by its canonical id, so that an older record's
    government (``gov:USA``) and country (``country:USA``) are one entity; the record itself
    when it has no alias."""
    ids = [e.id for e in record.entities]
    ids += [s.speaker_entity.id for s in record.statements if s.speaker_entity is not None]
    ids += [arg.id for event in record.events for arg in _event_args(event)]
    if all(canonical_id(i) == i for i in ids):
        return record
    entities: dict[str, Entity] = {}
    for entity in record.entities:
        entity = replace(entity, id=canonical_id(entity.id))
        same = entities.get(entity.id)
        entities[entity.id] = entity if same is None else _one_entity(same, entity)
    statements = tuple(
        replace(s, speaker_entity=replace(s.speaker_entity, id=canonical_id(s.speaker_entity.id)))
        if s.speaker_entity is not None
        else s
        for s in record.statements
    )
    events = tuple(
        replace(
            event,
            actors=tuple(_canonical_arg(a) for a in event.actors),
            recipients=tuple(_canonical_arg(r) for r in event.recipients),
            item=replace(event.item, id=canonical_id(event.item.id)) if event.item is not None else None,
            location=_canonical_arg(event.location) if event.location is not None else None,
        )
        for event in record.events
    )
    return replace(record, statements=statements, entities=tuple(entities.values()), events=events)


def _canonical_arg(arg: EventArg) -> EventArg:
    return replace(arg, id=canonical_id(arg.id))


def _one_entity(first: Entity, other: Entity) -> Entity:
    """Two entities of one article that are one actor (a country and its government): the first's
    name, every other name as an alias, every mention; typed government if either is."""
    aliases = [a for a in (*first.aliases, other.name, *other.aliases) if a != first.name]
    return replace(
        first,
        type="government" if "government" in (first.type, other.type) else first.type,
        aliases=tuple(dict.fromkeys(aliases)),
        title=first.title or other.title,
        affiliation=first.affiliation or other.affiliation,
        mentions=tuple(sorted(set(first.mentions) | set(other.mentions))),
        as_of=first.as_of or other.as_of,
    )


def link_article(conn: sqlite3.Connection, key: str, record: ArticleRecord) -> None:
    """Write every derived row of the article stored under ``key`` (inside the caller's transaction)."""
    record = with_canonical_ids(record)  # m003 links the records of older ledgers as they were stored
    # The article's and its statements' signatures in one step: they share most shingles.
    article_sig, *statement_sigs = dedup.signatures([record.article.text, *(s.content.text for s in record.statements)])
    dup_group = _link_duplicate(conn, key, article_sig)
    local_to_ledger = _link_entities(conn, key, record)
    _link_statements(conn, key, record, local_to_ledger, dup_group, statement_sigs)
    _link_events(conn, key, record, local_to_ledger)


# Near-duplicate articles


def _link_duplicate(conn: sqlite3.Connection, key: str, sig: Any) -> str:
    """The near-duplicate group of the article whose text has the signature ``sig`` (None for a
    text without words): the group of the first similar article stored, else its own key."""
    if sig is None:
        conn.execute("UPDATE articles SET dup_group = ? WHERE key = ?", (key, key))
        return key
    hashes = dedup.band_hashes(sig, dedup.ARTICLE_BANDS)
    hits = Counter(a for (a,) in conn.execute(_bands_lookup("article_bands", len(hashes)), [*hashes, _CANDIDATES_PER_BAND]))
    group = key
    checked_groups: set[str] = set()
    for article, _count in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:_CANDIDATES_CHECKED]:
        row = conn.execute(
            "SELECT m.signature, a.dup_group FROM article_minhash m JOIN articles a ON a.key = m.article_key"
            " WHERE m.id = ?",
            (article,),
        ).fetchone()
        if row is None or row[1] in checked_groups:
            continue
        if dedup.similarity(sig, dedup.from_blob(row[0])) >= dedup.ARTICLE_THRESHOLD:
            group = row[1]
            break
        checked_groups.add(row[1])
    cursor = conn.execute("INSERT INTO article_minhash (article_key, signature) VALUES (?, ?)", (key, dedup.to_blob(sig)))
    conn.executemany(
        "INSERT OR IGNORE INTO article_bands (hash, article) VALUES (?, ?)", [(h, cursor.lastrowid) for h in hashes]
    )
    conn.execute("UPDATE articles SET dup_group = ? WHERE key = ?", (group, key))
    return group


# Entities


def _link_entities(conn: sqlite3.Connection, key: str, record: ArticleRecord) -> dict[str, str]:
    """Map every entity id the article uses (entities, speakers, event arguments) to a ledger id."""
    published = record.article.published
    acting = {s.speaker_entity.id for s in record.statements if s.speaker_entity is not None}
    acting |= {a.id for event in record.events for a in event.actors}
    mapping: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for entity in record.entities:
        ledger_id = _resolve(conn, entity.id, entity.name, entity.type)
        mapping[entity.id] = ledger_id
        by_name.setdefault(name_key(entity.name), ledger_id)
        _merge_entity(conn, ledger_id, _as_ledger_type(entity, ledger_id, acting), published)
    for statement in record.statements:
        ref = statement.speaker_entity
        if ref is not None and ref.id not in mapping:
            entity = Entity(ref.id, ref.name, ref.type, title=ref.title, affiliation=ref.affiliation)
            mapping[ref.id] = _resolve(conn, ref.id, ref.name, ref.type)
            _merge_entity(conn, mapping[ref.id], _as_ledger_type(entity, mapping[ref.id], acting), published)
    for event in record.events:
        for arg in _event_args(event):
            if arg.id in mapping:
                continue
            if ":" not in arg.id and name_key(arg.name) in by_name:
                mapping[arg.id] = by_name[name_key(arg.name)]
                continue
            kind = _TYPE_OF_PREFIX.get(arg.id.split(":", 1)[0], "unknown") if ":" in arg.id else "unknown"
            mapping[arg.id] = _resolve(conn, arg.id, arg.name, kind)
            entity = _as_ledger_type(Entity(arg.id, arg.name, kind), mapping[arg.id], acting)
            _merge_entity(conn, mapping[arg.id], entity, published)
    conn.executemany(
        "INSERT OR IGNORE INTO entity_links (article_key, local_id, ledger_id) VALUES (?, ?, ?)",
        [(key, local, ledger) for local, ledger in mapping.items()],
    )
    conn.executemany(
        "UPDATE ledger_entities SET articles = articles + 1 WHERE id = ?", [(i,) for i in sorted(set(mapping.values()))]
    )
    return mapping


def _as_ledger_type(entity: Entity, ledger_id: str, acting: set[str]) -> Entity:
    """The entity with the type its ledger entity takes: a country that speaks or acts in the
    article is its government (see the module docstring)."""
    if ledger_id.startswith(COUNTRY) and entity.type == "country" and entity.id in acting:
        return replace(entity, type="government")
    return entity


def _resolve(conn: sqlite3.Connection, entity_id: str, name: str, kind: str) -> str:
    if ":" in entity_id:
        return canonical_id(entity_id)  # a knowledge-base id is the same entity in every article
    folded = name_key(name) or "unnamed"
    row = conn.execute(
        "SELECT id FROM ledger_entities WHERE type = ? AND name_key = ? ORDER BY id LIMIT 1", (kind, folded)
    ).fetchone()
    if row is not None:
        return row[0]
    words = folded.split("-")
    if kind == "person" and len(words) >= 2:
        for other_id, other_key in conn.execute(
            "SELECT id, name_key FROM ledger_entities WHERE type = ? AND first_word = ? ORDER BY id",
            (kind, words[0]),
        ):
            other = other_key.split("-")
            if len(other) == len(words) and all(spelling_variants(a, b) for a, b in zip(other[1:], words[1:])):
                return other_id
    candidate, n = f"{kind}:{folded}", 1
    while conn.execute("SELECT 1 FROM ledger_entities WHERE id = ?", (candidate,)).fetchone():
        n += 1
        candidate = f"{kind}:{folded}-{n}"
    return candidate


def _merge_entity(conn: sqlite3.Connection, ledger_id: str, entity: Entity, published: str | None) -> None:
    """Create the ledger entity, or add this mention's aliases and title to it (and type a country
    that speaks or acts its government)."""
    row = conn.execute("SELECT name, aliases_json, type FROM ledger_entities WHERE id = ?", (ledger_id,)).fetchone()
    if row is None:
        name, aliases = entity.name, []
    else:
        name, aliases = row[0], json.loads(row[1])
        if row[2] == "country" and entity.type == "government":
            conn.execute("UPDATE ledger_entities SET type = 'government' WHERE id = ?", (ledger_id,))
    new_aliases = [a for a in (entity.name, *entity.aliases) if a != name and a not in aliases]
    if row is None or new_aliases:
        aliases += list(dict.fromkeys(new_aliases))
        search = "\n".join(x.casefold() for x in (name, *aliases))
        folded = name_key(name) or "unnamed"
        conn.execute(
            "INSERT INTO ledger_entities (id, name, type, name_key, first_word, aliases_json, search)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET aliases_json = excluded.aliases_json, search = excluded.search",
            (
                ledger_id,
                name,
                entity.type,
                folded,
                folded.split("-")[0] if entity.type == "person" else None,
                to_json(aliases),
                search,
            ),
        )
    if entity.title or entity.affiliation:
        conn.execute(
            "INSERT OR IGNORE INTO entity_titles (ledger_id, title, affiliation, as_of) VALUES (?, ?, ?, ?)",
            (ledger_id, entity.title or "", entity.affiliation or "", entity.as_of or published or ""),
        )


# Statements


def _link_statements(
    conn: sqlite3.Connection,
    key: str,
    record: ArticleRecord,
    mapping: dict[str, str],
    dup_group: str,
    signatures: Sequence[Any],
) -> None:
    entities = {e.id: e for e in record.entities}
    speakers = [mapping.get(s.speaker_entity.id) if s.speaker_entity is not None else None for s in record.statements]
    spoken = Counter(speaker_id for speaker_id in speakers if speaker_id is not None)
    opened_before = conn.execute("SELECT coalesce(max(id), 0) FROM claim_groups").fetchone()[0]
    groups = [
        _claim_group(conn, key, statement.id, sig, speaker_id, dup_group)
        for statement, sig, speaker_id in zip(record.statements, signatures, speakers)
    ]
    conn.executemany(
        "UPDATE statements SET speaker_id = ?, group_id = ?, speaker_search = ? WHERE article_key = ? AND id = ?",
        [
            (speaker_id, group_id, _speaker_search(statement, entities), key, statement.id)
            for statement, speaker_id, group_id in zip(record.statements, speakers, groups)
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO statement_mentions (entity_id, article_key, statement_id) VALUES (?, ?, ?)",
        [
            (mapping[e.id], key, statement.id)
            for statement in record.statements
            for e in record.entities
            if _mentioned_in(e, statement)
        ],
    )
    conn.executemany(
        "UPDATE ledger_entities SET statements = statements + ? WHERE id = ?",
        [(n, ledger_id) for ledger_id, n in sorted(spoken.items())],
    )
    # A group this article opened holds only its statements: its size stays 1.
    conn.executemany(
        "UPDATE claim_groups SET size = (SELECT count(DISTINCT article_key) FROM statements WHERE group_id = ?)"
        " WHERE id = ?",
        [(g, g) for g in sorted(set(groups)) if g <= opened_before],
    )


def _speaker_search(statement: Statement, entities: dict[str, Entity]) -> str:
    """What ``Ledger.statements(speaker=...)`` matches: the words as written, the resolved name,
    and that entity's name and aliases, casefolded."""
    names = [statement.speaker.text if statement.speaker else None]
    ref = statement.speaker_entity
    if ref is not None:
        names.append(ref.name)
        entity = entities.get(ref.id)
        if entity is not None:
            names += [entity.name, *entity.aliases]
    return "\n".join(dict.fromkeys(n.casefold() for n in names if n))


def _mentioned_in(entity: Entity, statement: Statement) -> bool:
    content = statement.content
    parts = content.parts or ((content.start, content.end),)
    for a, b in entity.mentions:
        for start, end in parts:
            if start <= a and b <= end:
                return True
    return False


def _claim_group(
    conn: sqlite3.Connection, key: str, statement_id: str, sig: Any, speaker_id: str | None, dup_group: str
) -> int:
    """The claim group of a statement whose content has the signature ``sig``: the same claim by
    the same ledger speaker anywhere, or the same claim in a near-duplicate article; a new group
    when there is none (and for content without words, whose ``sig`` is None)."""
    scopes = [f"dup:{dup_group}"] + ([f"speaker:{speaker_id}"] if speaker_id else [])
    hashes = [h for scope in scopes for h in dedup.band_hashes(sig, dedup.CLAIM_BANDS, scope)] if sig is not None else []
    hits: Counter[int] = Counter()
    if hashes:
        hits.update(g for (g,) in conn.execute(_bands_lookup("claim_bands", len(hashes)), [*hashes, _CANDIDATES_PER_BAND]))
    group_id = None
    for candidate, _count in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:_CANDIDATES_CHECKED]:
        (blob,) = conn.execute("SELECT signature FROM claim_groups WHERE id = ?", (candidate,)).fetchone()
        if dedup.similarity(sig, dedup.from_blob(blob)) >= dedup.CLAIM_THRESHOLD:
            group_id = candidate
            break
    if group_id is None:
        group_id = conn.execute(
            "INSERT INTO claim_groups (article_key, statement_id, signature) VALUES (?, ?, ?)",
            (key, statement_id, dedup.to_blob(sig) if sig is not None else b""),
        ).lastrowid
    conn.executemany("INSERT OR IGNORE INTO claim_bands (hash, group_id) VALUES (?, ?)", [(h, group_id) for h in hashes])
    return group_id


@functools.cache
def _bands_lookup(table: str, count: int) -> str:
    """One query for what ``count`` band hashes find in ``table`` (article_bands: articles;
    claim_bands: claim groups): each hash's first few rows in index order, as a look-up of that
    hash alone finds them. The parameters: the hashes, then the limit per hash."""
    column = {"article_bands": "article", "claim_bands": "group_id"}[table]
    return " UNION ALL ".join(
        f"SELECT * FROM (SELECT {column} FROM {table} WHERE hash = ?{n} LIMIT ?{count + 1})" for n in range(1, count + 1)
    )


# Events


def _event_args(event: Event) -> Iterable[EventArg]:
    yield from event.actors
    yield from event.recipients
    if event.item is not None:
        yield EventArg(event.item.id, event.item.name)
    if event.location is not None:
        yield event.location


def _link_events(conn: sqlite3.Connection, key: str, record: ArticleRecord, mapping: dict[str, str]) -> None:
    updates = []
    links = []
    for position, event in enumerate(record.events):
        data = event.to_dict()
        data["actors"] = [_relink(a, mapping) for a in data["actors"]]
        data["recipients"] = [_relink(r, mapping) for r in data["recipients"]]
        data["item"] = _relink(data["item"], mapping)
        data["location"] = _relink(data["location"], mapping)
        value = event.time.value if event.time is not None else None
        sort_date = value[:10] if value and _YEAR_FIRST.match(value) else record.article.published
        event_id = str(event.id if event.id is not None else position)
        updates.append((to_json(data), sort_date, key, event_id))
        links += [(mapping[arg.id], key, event_id) for arg in _event_args(event)]
    conn.executemany("UPDATE events SET ledger_json = ?, sort_date = ? WHERE article_key = ? AND id = ?", updates)
    conn.executemany("INSERT OR IGNORE INTO event_entities (entity_id, article_key, event_id) VALUES (?, ?, ?)", links)


def _relink(arg: dict[str, Any] | None, mapping: dict[str, str]) -> dict[str, Any] | None:
    if arg is None:
        return None
    return {**arg, "id": mapping.get(arg["id"], arg["id"])}
