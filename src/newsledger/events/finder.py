"""Find events (who did what to whom, with what, where, when) in a parsed Doc. Pure: no I/O.

An event starts at a trigger word from ``knowledge/data/events.csv`` (`bought`, `withdrawing`,
`sanctions`). Its arguments come from the parse around it: the subject (climbing through `hopes to
sign`, `begun withdrawing`) is the actor, `to/with/against/from/on` objects are recipients, a weapon
system in the clause is the item (`the system` takes the last named one), `in X` is the place, and a
time expression in the clause is the time. Modality comes from the words that govern the trigger
(`hopes to`, `plans to`, `would`, `if`, `not`); an event inside a statement's content is that
speaker's claim and carries the statement's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..knowledge import Country, EventTrigger, Knowledge, Words, load_words
from ..nlp.char_ranges import CharRanges
from ..nlp.statements import doc_text, ent_at
from ..records import ARMS_SUBTYPES, Entity, Event, EventArg, EventItem, EventTime, Span, Statement
from .coding import base_forms
from .patterns import match_verb, verb_trigger

if TYPE_CHECKING:
    from .time import TimeExpression

# Kinds of event that act on the event their object names, which is part of them: a threat's object
# (`warned of sanctions`), what is cut, lifted, ended or refused (`a suspension of aid`, `lifted the
# sanctions`, `rejected the agreement`).
ACTING_ON_TYPES = {"THREATEN", "SANCTION", "CONCEDE", "RETREAT", "REJECT"}
# How far back (tokens) `the delegation` looks for the phrase that named it: a few paragraphs.
TOLD_BEFORE_WINDOW = 600
# Kinds of event whose noun names who it comes from after `from` (`demands from the rebels`).
FROM_SOURCE_TYPES = {"REQUEST", "ACCUSE", "PROTEST", "THREATEN", "SUPPORT", "AID", "REJECT", "AGREE"}
# Kinds of event whose noun takes, after `of`, the one it is done to (`the killing of three soldiers`).
DONE_TO_TYPES = {"ASSAULT", "COERCE", "RETREAT"}
_ACTOR_TYPES = {"country", "government", "organization", "person", "anonymous", "group"}


@dataclass
class _Context:
    doc: Doc
    kb: Knowledge
    statements: list[Statement]
    entity_at: dict[int, Entity]  # token index -> entity mentioned there
    weapon_at: dict[int, Entity]
    weapon_starts: list[tuple[int, Entity]]  # (token index of a named weapon mention, entity), in order
    times: list[TimeExpression]
    ignored: CharRanges
    main_country: Country | None = None  # the country the article names most
    surnames: dict[str, Entity] = field(default_factory=dict)  # last name -> the one person of the article who bears it
    words: Words = field(default_factory=load_words, repr=False)  # the word lists (knowledge/data)


def find_events(
    doc: Doc,
    statements: list[Statement],
    entities: list[Entity],
    kb: Knowledge,
    times: list[TimeExpression],
    ignored: list[tuple[int, int]] = (),
) -> list[Event]:
    ctx = _index(doc, statements, entities, kb, times, CharRanges(ignored))
    events: list[Event] = []
    seen: set[tuple] = set()
    for tok in doc:
        if _is_ignored(ctx, tok):
            continue
        trigger = _trigger(ctx, tok)
        if trigger is None or _nested(ctx, tok):
            continue
        event = _event(ctx, tok, trigger, len(events) + 1)
        if event is None:
            continue
        key = (event.type, event.subtype, event.actors, event.recipients, event.item and event.item.id, event.evidence.start,
               # events that name nobody are told apart by their words (`a policeman was wounded and a second kidnapped`)
               None if event.actors or event.recipients else event.trigger.start,
               # `shot and killed a policeman and kidnapped another`: two happenings, told apart by whom
               _patient(tok))
        if key in seen:
            continue
        seen.add(key)
        events.append(event)
        for item in _listed_items(ctx, tok, trigger, event):  # `bought K2 tanks and K9 howitzers`: one event per system
            events.append(replace(event, id=f"v{len(events) + 1}", item=item))
    events = _perpetrators_from_story(ctx, _share_actors(events))
    for tok in doc:
        if tok.dep_ == "expl" and tok.head.lemma_ == "be" and not _is_ignored(ctx, tok):
            event = _stationed(ctx, tok.head, len(events) + 1)
            if event is not None:
                events.append(event)
    return events


def _patient(tok: Token) -> int | None:
    """The object a verb acts on, shared with the verbs joined after it (`shot and killed a policeman`)."""
    if _pos(tok) != "verb":
        return None
    for verb in (tok, *(t for t in tok.conjuncts if t.i > tok.i)):
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj.i
    return None


def _has_target(ctx: _Context, tok: Token) -> bool:
    """A launch aimed at someone or somewhere named (`at Israel`, `on Kyiv`, `into Ukrainian territory`)."""
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.ent_type_ in ("DATE", "TIME"):
                continue
            if prep.lower_ in ("at", "against", "toward", "towards"):
                return True  # `fired four shells at targets in Jericho`
            if prep.lower_ in ("on", "into") and (
                ctx.entity_at.get(obj.i) is not None or obj.ent_type_ in ("GPE", "LOC", "FAC", "NORP")
                or any(c.ent_type_ in ("GPE", "NORP") for c in obj.children)
            ):
                return True  # `on Kyiv`, not `into the sea`
    return False


def _share_actors(events: list[Event]) -> list[Event]:
    """An event whose clause names no actor takes the actor of an event of the same kind in the
    same sentence (`A policeman was killed and a second kidnapped after gunmen opened fire`)."""
    out = []
    for event in events:
        if not event.actors and event.subtype is None:
            donor = next(
                (e for e in events if e is not event and e.actors and e.type == event.type and e.evidence == event.evidence
                 and not set(e.actors) & set(event.recipients)),
                None,
            )
            if donor is not None:
                event = replace(event, actors=donor.actors, recipients=tuple(r for r in event.recipients if r not in donor.actors))
        out.append(event)
    return out


def _perpetrators_from_story(ctx: _Context, events: list[Event]) -> list[Event]:
    """A report tells one attack over several sentences and names who did it once: a harm done
    `in the attack` / `in the incident` / `as a result of the explosion`, whose own clause names
    nobody, was done by whoever the report names as attacking nearest to it (`Another 13 civilians
    were wounded in the attack ... The Taliban claimed responsibility for the attack`): the attack told
    last before it, or, when none was, the first told after it."""
    out = []
    for event in events:
        if not event.actors and event.subtype is None and event.type == "ASSAULT" and _told_incident(ctx, event):
            donors = [
                e for e in events
                if e is not event and e.actors and e.type == "ASSAULT" and e.subtype is None
                and not set(e.actors) & set(event.recipients)
            ]
            # `the attack` refers back: the attack told last before it, else the first told after it
            before = [e for e in donors if e.evidence.start < event.evidence.start]
            donor = before[-1] if before else (donors[0] if donors else None)
            if donor is not None:
                event = replace(event, actors=donor.actors)
        out.append(event)
    return out


def _told_incident(ctx: _Context, event: Event) -> bool:
    """Does the event's sentence refer back to an attack already told (`the attack`, `the incident`)?"""
    span = ctx.doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    if span is None:
        return False
    for tok in span:
        if tok.idx == event.trigger.start or _pos(tok) != "noun":
            continue
        trigger = ctx.kb.trigger(tok.lemma_.lower(), "noun")
        incident = tok.lemma_.lower() == "incident" or (trigger is not None and trigger.type == "ASSAULT")
        if incident and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return True
    return False


# -- indexes ----------------------------------------------------------------------------------------


def _index(doc, statements, entities, kb, times, ignored) -> _Context:
    entity_at: dict[int, Entity] = {}
    weapon_at: dict[int, Entity] = {}
    weapon_starts: list[tuple[int, Entity]] = []
    for entity in entities:
        for start, end in entity.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            target = weapon_at if entity.type == "weapon_system" else entity_at
            for t in span:
                target.setdefault(t.i, entity)
            if entity.type == "weapon_system" and entity.id.startswith("weapon:"):
                weapon_starts.append((span.start, entity))
    weapon_starts.sort(key=lambda x: x[0])
    countries = [e for e in entities if e.type in ("country", "government") and e.id.startswith("country:")]
    main = max(countries, key=lambda e: (len(e.mentions), -e.mentions[0][0]), default=None) if countries else None
    main_country = kb.countries_by_iso3.get(main.id.split(":", 1)[1]) if main is not None else None
    by_surname: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.type == "person" and " " in entity.name:
            by_surname.setdefault(entity.name.split()[-1], []).append(entity)
    surnames = {name: people[0] for name, people in by_surname.items() if len(people) == 1}
    return _Context(doc, kb, statements, entity_at, weapon_at, weapon_starts, times, ignored, main_country, surnames)


def _is_ignored(ctx: _Context, tok: Token) -> bool:
    return ctx.ignored.covers(tok.idx)


def _pos(tok: Token) -> str | None:
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        return "verb"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "noun"
    return None


def _trigger(ctx: _Context, tok: Token) -> EventTrigger | None:
    pos = _pos(tok)
    if pos is None:
        return None
    lemma = tok.lemma_.lower()
    if pos == "noun" and tok.text[:1].isupper() and (
        tok.ent_type_ == "ORG" or (tok.pos_ == "PROPN" and not tok.is_sent_start and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children))
    ):
        return None  # `the Asia-Pacific Economic Cooperation forum`, `their Relationship Agreement`: a name
    if pos == "verb" and tok.dep_ == "amod":
        return None  # `surrounding villages`, `the ruling party`: a participle that describes, no act
    if pos == "verb" and lemma in ctx.kb.light_verbs:
        if any(c.dep_ in ("dobj", "nsubjpass") and _pos(c) == "noun" and _trigger(ctx, c) for c in tok.children):
            return None  # the object names the event
    trigger = None
    if pos == "noun":
        # `air strike`, `hunger strike`, `security operation`: a compound names the event
        trigger = next(
            (t for c in tok.children if c.dep_ in ("compound", "amod") and (t := ctx.kb.trigger(f"{c.lower_} {lemma}", pos))), None
        )
    elif pos == "verb":
        # `expel diplomats` is a sanction where `expel migrants` is coercion: the object names it
        trigger = next(
            (t for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
             for o in _object_heads(c) if (t := ctx.kb.trigger(f"{lemma} {o.lemma_.lower()}", pos))),
            None,
        )
    trigger = trigger or ctx.kb.trigger(lemma, pos) or (ctx.kb.trigger(tok.lower_, pos) if pos == "noun" else None)
    # -- CAMEO verb patterns (events/patterns.py): where events.csv has no word for a verb, they
    # add coverage; events.csv's own words (and their arms subtypes) keep priority.
    if trigger is None and pos == "verb":
        if lemma in ctx.kb.light_verbs:
            # a light verb reports an event only through what it carries (`imposed restrictions`,
            # `held them hostage`), never alone (`held elections`, `was being conducted according to law`)
            pattern = match_verb(tok, ctx.kb)
            trigger = verb_trigger(tok, ctx.kb) if pattern is not None and pattern.specificity > 0 else None
        else:
            trigger = verb_trigger(tok, ctx.kb)
    # -- end CAMEO verb patterns
    if trigger is None:
        return None
    if trigger.type == "AGREE" and pos == "verb" and _words_modality(ctx, tok) == "planned" and any(
        c.dep_ == "xcomp" and _pos(c) == "verb" and _trigger(ctx, c) is not None for c in tok.children
    ):
        return None  # `vowed to demonstrate`: the vow is the planned protest's modality, not an event beside it
    if trigger.type == "REQUEST" and pos == "verb" and lemma == "insist" and any(c.dep_ == "ccomp" for c in tok.children):
        return None  # `insisted it would guarantee security`: a claim, no demand
    if trigger.type == "REJECT" and pos == "verb" and any(
        c.dep_ in ("xcomp", "dobj") and c.lemma_.lower() in ctx.kb.no_comment_verbs for c in tok.children
    ):
        return None  # `declined to comment`, `refused to say`: no answer is no political act
    if pos == "verb" and any(h.lemma_.lower() in ctx.kb.nouns("hazard") for h in _subject(tok)):
        return None  # `an earthquake that devastated Haiti`, `the war has wrecked the country`: nobody acted
    if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in ("on", "for") for c in tok.children):
        return None  # `called it a mistake` is no request
    if lemma in ctx.words.object_only_verbs and pos == "verb" and not any(c.dep_ == "dobj" for c in tok.children):
        return None  # `we support`: no one acted on, no event
    return trigger


def _governed(ctx: _Context, pred: Token) -> bool:
    """Is the verb the complement of another event's verb (`refused to allow`, `agreed to re-open`)?"""
    return pred.dep_ in ("xcomp", "ccomp") and pred.head.i != pred.i and _trigger(ctx, pred.head) is not None


def _object_heads(obj: Token) -> list[Token]:
    """An object and, behind a quantity (`thousands of refugees`), the people or things it counts."""
    heads = [obj]
    quantities = load_words().quantity_nouns
    while heads[-1].lemma_.lower() in quantities or heads[-1].like_num:
        of = next((p for p in heads[-1].children if p.dep_ == "prep" and p.lower_ == "of"), None)
        counted = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
        if counted is None:
            break
        heads.append(counted)
    return heads


def _nested(ctx: _Context, tok: Token) -> bool:
    """A trigger inside another trigger's phrase describes that event (`warned of sanctions`,
    `a contract to supply S-400`, `talks on the purchase`): it is part of it, not an event of its own."""
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("ROOT", "ccomp", "parataxis", "conj", "advcl", "relcl") and _pos(cur) == "verb" and not _purpose(cur):
            return False
        head = cur.head
        if head.i == cur.i:
            return False
        if cur.dep_ == "pcomp" and head.lower_ in ctx.words.time_prepositions:
            return False  # `left after meeting the children`: the meeting is its own happening
        if _light_over_trigger(ctx, head) and not (cur.i == tok.i and cur.dep_ in ("dobj", "nsubjpass")):
            # `sign a contract ... to supply S-400`: the supply is the contract's; `made his first
            # trip since the invasion`: the invasion is its own
            carried = [t for c in head.children if c.dep_ in ("dobj", "nsubjpass") and _pos(c) == "noun" and (t := _trigger(ctx, c))]
            return not (carried and _distinct_happening(ctx, tok, carried[0]))
        if cur.i == tok.i and cur.dep_ in ("dobj", "nsubjpass") and _arms_word(ctx, tok) and _cameo_only(ctx, head):
            return False  # `approved a possible sale of F-15 jets`, `cancelled its order`: the deal is the event
        if cur.i == tok.i and cur.dep_ == "dobj" and _pos(head) == "verb" and ctx.kb.trigger(f"{head.lemma_.lower()} {tok.lemma_.lower()}", "verb"):
            return True  # `reduced military aid`: the aid is what the reduction acts on
        outer = _trigger(ctx, head)
        if outer is not None and outer.needs == "weapon" and not any(t.i in ctx.weapon_at for t in head.subtree):
            outer = None  # `ordered patrols`: an order of no weapon is no arms deal the patrols belong to
        if outer is not None and not (_pos(head) == "verb" and _pos(tok) == "verb" and cur.dep_ == "xcomp") and not _weaponless(ctx, head):
            return not _distinct_happening(ctx, tok, outer)
        cur = head
    return False


def _words_modality(ctx: _Context, tok: Token) -> str | None:
    """What a governing word makes of the act it governs (modality_words.csv), if anything."""
    return ctx.kb.modality_words.get(tok.lemma_.lower()) or ctx.kb.modality_words.get(tok.lower_)


def _distinct_happening(ctx: _Context, tok: Token, outer: EventTrigger) -> bool:
    """A noun event named inside another event of another kind is a happening of its own
    (`condemned the attack`, `blamed for the abduction`, `after meeting ...`), where a threat's
    object (`warned of sanctions`) and the words of a deal (`talks on the purchase`) describe it."""
    inner = _trigger(ctx, tok)
    if inner is not None and _pos(tok) == "verb" and tok.dep_ in ("acl", "relcl") and inner.subtype is None:
        return True  # `release the editors arrested in recent weeks`: the arrest describes the editors
    return (
        inner is not None and _pos(tok) == "noun" and inner.subtype is None and outer.subtype is None
        and inner.type != outer.type and outer.type not in ACTING_ON_TYPES and not _arms_word(ctx, tok)
    )


def _arms_word(ctx: _Context, tok: Token) -> bool:
    trigger = ctx.kb.trigger(tok.lemma_.lower(), _pos(tok) or "")
    return trigger is not None and trigger.subtype is not None


def _cameo_only(ctx: _Context, tok: Token) -> bool:
    """A verb that is an event only through the CAMEO patterns, not a word of events.csv."""
    return _pos(tok) == "verb" and ctx.kb.trigger(tok.lemma_.lower(), "verb") is None


def _weaponless(ctx: _Context, tok: Token) -> bool:
    """An arrival with no weapon in its clause (`arrived in Amman on a previously unannounced
    visit`) is a trip, no event of the arms layer: the visit below it is an event of its own."""
    trigger = ctx.kb.trigger(tok.lemma_.lower(), _pos(tok) or "")
    return trigger is not None and trigger.actor_role == "item" and not any(t.i in ctx.weapon_at for t in tok.subtree)


def _purpose(tok: Token) -> bool:
    """`(sign a contract) to supply more S-400`: an infinitive that says what another act is for."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _light_over_trigger(ctx: _Context, tok: Token) -> bool:
    return (
        _pos(tok) == "verb"
        and tok.lemma_.lower() in ctx.kb.light_verbs
        and any(c.dep_ in ("dobj", "nsubjpass") and _pos(c) == "noun" and _trigger(ctx, c) for c in tok.children)
    )


# -- one event ------------------------------------------------------------------------------------


def _predicate(tok: Token) -> Token:
    """The verb whose clause holds a trigger's arguments: the trigger itself, or the light verb
    over a noun trigger (`imposed sanctions`, `engaged in a debate`)."""
    cur = tok
    for _ in range(3):
        if _pos(cur) == "verb":
            return cur
        if cur.dep_ in ("dobj", "nsubjpass", "attr", "pobj", "nsubj", "conj") and cur.head.i != cur.i:
            head = cur.head
            if head.dep_ == "prep" and head.head.i != head.i:
                head = head.head
            cur = head
            continue
        break
    return cur if _pos(cur) == "verb" else tok


def _event(ctx: _Context, tok: Token, trigger: EventTrigger, n: int) -> Event | None:
    pred = _predicate(tok)
    item, quantity, item_tokens = _item(ctx, tok, pred, trigger)
    subtype = trigger.subtype
    if trigger.needs == "weapon" and item is None:
        # `gave approval`, `giving the FBI access`: no weapon, so no arms transfer; what the verb
        # reports in its frame, by the CAMEO patterns, if anything
        pattern = match_verb(tok, ctx.kb) if _pos(tok) == "verb" else None
        fallback = verb_trigger(tok, ctx.kb) if pattern is not None and pattern.specificity > 0 else None
        if fallback is None:
            return None
        trigger, subtype = fallback, None
    if trigger.needs == "arms" and item is None:
        subtype = None
    if item is not None and item.id == "weapon-category:arms" and trigger.needs == "weapon":
        return None
    if subtype == "TEST" and trigger.type == "ASSAULT" and _has_target(ctx, tok):
        subtype = None  # `fired missiles at the city`: an attack, not a launch
    type_ = ARMS_SUBTYPES.get(subtype, trigger.type) if subtype else trigger.type
    undergone = pred.i != tok.i and pred.lemma_.lower() in ctx.kb.undergo_verbs and not any(c.dep_ == "poss" for c in tok.children)
    if undergone:
        # `Tunisia suffered major extremist attacks`: Tunisia was attacked, by extremists
        sufferers = tuple(a for a in (_arg(ctx, h) for h in _subject(pred)) if a is not None)
        named_by = _modifier_group(ctx, tok)
        actors = (named_by,) if named_by is not None else ()
    else:
        actors = _actors(ctx, tok, pred)
    recipients, location = _recipients_and_place(ctx, tok, pred, subtype, item_tokens, actors)
    recipients = _with_dative(ctx, pred, recipients, actors, item_tokens)
    if undergone:
        recipients = (*sufferers, *(r for r in recipients if r not in sufferers))
    if subtype == "PRODUCE_UNDER_LICENCE" and not actors and location is not None and location.id.startswith("country:"):
        actors = (location,)
    if subtype in ("PURCHASE", "ORDER") and trigger.actor_role == "buyer" and not recipients:
        origin = _marked_origin(ctx, item_tokens)
        if origin is not None and origin not in actors:
            recipients = (origin,)
    statement = _statement_for(ctx, tok)
    if subtype is not None:
        parties = _arms_parties(ctx, tok, pred, trigger, item, item_tokens, actors, recipients, statement)
        if parties is None and trigger.needs == "weapon":
            return None
        if parties is None:
            subtype, type_ = None, trigger.type  # the PLOVER type alone stands
        else:
            actors, recipients = parties
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
    if not actors and trigger.type == "MOBILIZE" and _pos(tok) == "verb" and passive:
        # `police and troops from the UN operation in Liberia were deployed`: whose forces they are
        actors = _owners_of_forces(ctx, tok)
    if not actors and trigger.type == "COERCE" and _pos(tok) == "verb" and passive:
        # `18 suspects were detained`: only a state arrests, detains or deports; where the text does
        # not say whose agents, the country it happened in, else the one the article is about.
        country = ctx.kb.countries_by_iso3.get(location.id.split(":", 1)[1]) if location is not None and location.id.startswith("country:") else ctx.main_country
        if country is not None:
            actors = (EventArg(country.id, country.name),)
    told_of = _told_of(ctx, tok, pred)
    if not (actors or recipients) and (subtype is not None or _pos(tok) != "verb") and not (
        told_of and subtype is None and any(_arg(ctx, h) is not None for h in _subject(pred, passive_ok=True))
    ):
        # an item alone (`not limited to supplying the S-400`) is no event anyone did, and `the
        # attack` with nobody named is most often the attack told before
        return None
    if item is not None and item.id.startswith("weapon-category:") and not (actors or recipients):
        return None
    modality = _modality(ctx, tok, pred, statement)
    time = _time(ctx, tok, pred)
    sent = tok.sent
    start, end = sent.start_char, sent.end_char
    text = doc_text(ctx.doc)
    while end > start and text[end - 1].isspace():
        end -= 1
    confidence = (
        0.6 + (0.15 if actors else 0) + (0.1 if item is not None and item.id.startswith("weapon:") else 0)
        # `refused to allow`, `urged the EC to support`: an act another act governs is less sure to be the one told
        - (0.1 if _governed(ctx, pred) else 0)
    )
    word = pred if subtype is not None and pred.i != tok.i and pred.lemma_.lower() in ctx.words.cancel_verbs else tok
    return Event(
        id=f"v{n}",
        type=type_,
        subtype=subtype,
        mode=trigger.mode,
        actors=actors,
        recipients=tuple(r for r in recipients if r not in actors),
        item=EventItem(item.id, item.name, quantity) if item is not None else None,
        location=location,
        time=time,
        modality=modality,
        evidence=Span(start, end, text[start:end]),
        statement_id=statement.id if statement is not None else None,
        confidence=max(0.1, min(1.0, confidence)),
        trigger=Span(word.idx, word.idx + len(word), word.text),
        actor_role=("supplier" if trigger.actor_role == "item" else trigger.actor_role) if subtype else None,
    )


SUBCLAUSE_DEPS = {"ccomp", "parataxis", "advcl", "relcl", "csubj"}


def _clause_tokens(pred: Token) -> list[Token]:
    """The predicate's subtree without the clauses it embeds (reported speech, `while ...`,
    relative clauses, coordinated verbs); a purpose infinitive stays (`to supply ... next year`)."""
    skip: set[int] = set()
    for t in pred.subtree:
        if t.i == pred.i or t.i in skip:
            continue
        if (t.dep_ in SUBCLAUSE_DEPS and not _purpose(t)) or (t.dep_ == "conj" and _pos(t) == "verb"):
            skip.update(x.i for x in t.subtree)
    return [t for t in pred.subtree if t.i not in skip]


def _core_tokens(tok: Token) -> list[Token]:
    """The trigger's own phrase without the verbs below it (`given pledges not to activate X` is
    not about X); a relative clause's verb adds the noun it describes (`the system it purchased`)."""
    skip: set[int] = set()
    for t in tok.subtree:
        if t.i != tok.i and (_pos(t) == "verb" and t.dep_ in ("xcomp", "acl", "advcl", "relcl", "ccomp", "conj", "pcomp")):
            skip.update(x.i for x in t.subtree)
    core = [t for t in tok.subtree if t.i not in skip]
    if tok.dep_ == "relcl":
        described = [t for t in tok.head.subtree if t.i <= tok.head.i]  # `the S400 system` of `... it had purchased`
        core = described + core
    return core


def _item(ctx: _Context, tok: Token, pred: Token, trigger: EventTrigger) -> tuple[EventArg | None, int | None, list[Token]]:
    """The weapon an event is about: named in the trigger's phrase, else in its clause; `the
    system` and `the Russian system` take the last named weapon before them. Nouns (`a contract
    to supply S-400`) look into their whole phrase; events outside the arms layer only into their own."""
    scopes = [_core_tokens(tok)]
    if trigger.needs and tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and any(c.dep_ == "auxpass" for c in tok.children):
        # `Later versions of the tank, known as the K2PL, are to be built in Poland`: the subject of `are`
        scopes.append([t for c in tok.head.children if c.dep_ == "nsubj" for t in c.subtree])
    if trigger.needs:
        if _pos(tok) == "noun":
            scopes.append(list(tok.subtree))
        if pred.i != tok.i:
            scopes.append(_core_tokens(pred))
            if _pos(tok) == "noun":
                scopes.append(_clause_tokens(pred))
    scopes = [[t for t in scope if t.i != tok.i] for scope in scopes]
    for scope in scopes:
        named = [t for t in scope if t.i in ctx.weapon_at and ctx.weapon_at[t.i].id.startswith("weapon:")]
        if named:
            entity = ctx.weapon_at[named[0].i]
            return EventArg(entity.id, entity.name), _quantity(named[0]), named
        for t in scope:
            # `the system`, `the Russian system`; a plural (`the Soviet-era tanks`) is a kind, not a reference.
            if t.lemma_.lower() in ctx.words.weapon_anaphors and t.pos_ == "NOUN" and _definite(t) and (t.tag_ == "NN" or t.lemma_.lower() == "system"):
                antecedent = _antecedent_weapon(ctx, t)
                if antecedent is not None:
                    return EventArg(antecedent.id, antecedent.name), _quantity(t), [t]
    # A kind of weapon only where no scope names a system (`signed a deal to buy 18 Rafale jets, in
    # the largest arms purchase`: the Rafale, not `arms`).
    for scope in scopes:
        generic = [t for t in scope if t.i in ctx.weapon_at]
        if generic:
            entity = ctx.weapon_at[generic[0].i]
            return EventArg(entity.id, entity.name), _quantity(generic[0]), generic
    return None, None, []


def _definite(tok: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its") for c in tok.children)


def _antecedent_weapon(ctx: _Context, tok: Token) -> Entity | None:
    best = None
    for i, entity in ctx.weapon_starts:
        if i >= tok.i:
            break
        best = entity
    return best


def _quantity(tok: Token) -> int | None:
    numbers = load_words().number_words
    head = tok
    while head.dep_ in ("compound", "amod") and head.head.i != head.i:
        head = head.head
    for t in (head, tok):
        for c in t.children:
            if c.dep_ == "nummod":
                value = c.text.replace(",", "")
                if value.isdigit():
                    return int(value)
                if c.lower_ in numbers:
                    return numbers[c.lower_]
    return None


def _subject(tok: Token, passive_ok: bool = False) -> list[Token]:
    """The subject phrase heads of a predicate, climbing through control (`hopes to sign`,
    `begun withdrawing`, `wanted Ankara not to operate`).
    ``passive_ok``: a light verb's passive subject is the actor (`were engaged in talks`)."""
    cur = tok
    for _ in range(5):
        deps = ("nsubj", "agent", "nsubjpass") if passive_ok and cur.i == tok.i else ("nsubj", "agent")
        subjects = [c for c in cur.children if c.dep_ in deps]
        if cur.dep_ == "relcl" and not subjects:
            return [cur.head]
        if cur.dep_ == "acl" and not subjects and cur.i == tok.i and cur.tag_ == "VBN":
            return []  # `activists arrested in May`: it was done to them, by someone the clause does not name
        if subjects:
            subj = subjects[0]
            if cur.dep_ == "relcl" and subj.lower_ in load_words().relative_pronouns and cur.head.i != cur.i:
                subj = cur.head  # `Tanzania, which has acted as mediator`
            if subj.dep_ == "agent":
                subj = next((c for c in subj.children if c.dep_ == "pobj"), subj)
            return [subj, *_conjuncts(subj)]
        if cur.dep_ == "pcomp" and cur.head.lower_ == "from" and cur.head.head.i != cur.head.i:
            # `bar North Korea from conducting tests`: the one kept from doing it is its subject.
            objects = [c for c in cur.head.head.children if c.dep_ == "dobj"]
            if objects:
                return [objects[0], *_conjuncts(objects[0])]
        # `is willing to provide`, `is ready to contribute`: through the adjective to its subject
        climbs = cur.dep_ in ("xcomp", "advcl", "acl", "pcomp", "conj", "dobj", "pobj", "prep") or (cur.dep_ == "acomp" and cur.pos_ == "ADJ")
        if climbs and cur.head.i != cur.i:
            head = cur.head
            if cur.dep_ == "xcomp":
                objects = [c for c in head.children if c.dep_ in ("dobj",) and c.i < cur.i]
                if objects and objects[0].pos_ == "PROPN":
                    return [objects[0], *_conjuncts(objects[0])]
            cur = head
            continue
        break
    return []


def _conjuncts(tok: Token) -> list[Token]:
    return [t for t in tok.conjuncts if t.i > tok.i]


def _arg(ctx: _Context, tok: Token) -> EventArg | None:
    """The entity a phrase head stands for, by its canonical name; `his country` and `we` inside a
    statement stand for the speaker's side."""
    for t in [tok, *[c for c in tok.children if c.dep_ in ("compound", "appos", "poss", "amod")]]:
        entity = ctx.entity_at.get(t.i)
        if entity is not None and entity.type in _ACTOR_TYPES | {"location"}:
            return _entity_arg(ctx, entity)
    for t in [tok, *[c for c in tok.children if c.dep_ == "compound"]]:
        if t.pos_ == "PROPN" and t.i not in ctx.entity_at:
            # `the IRA bombing`: a known organisation the article's entities do not list
            org = ctx.kb.organization(t.text)
            if org is not None:
                return EventArg(org.id, org.name)
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
        told = _told_before(ctx, tok)
        if told is not None:
            return told  # `the delegation` after `a United Nations Security Council delegation`
    if tok.text.istitle() and tok.text in ctx.surnames and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "conj"):
        return _entity_arg(ctx, ctx.surnames[tok.text])  # `Tyopev called on ...` when the tagger missed the name
    lower = tok.lower_
    statement = _statement_for(ctx, tok)
    if statement is not None and statement.speaker_entity is not None:
        speaker = statement.speaker_entity
        own = tok.lemma_.lower() in ctx.words.own_country_nouns and any(
            c.dep_ == "poss" and c.lower_ in ctx.words.possessive_pronouns for c in tok.children
        )
        if lower in ctx.words.first_singular_pronouns and statement.kind in ("direct", "mixed"):
            return EventArg(speaker.id, speaker.name)  # `I urge ...`: the speaker, not the side
        if own or (lower in ctx.words.speaker_pronouns and statement.kind in ("direct", "mixed")):
            side = _side_of(ctx, speaker.affiliation)
            if side is not None:
                return side
            if lower in ctx.words.speaker_pronouns:
                return EventArg(speaker.id, speaker.name)
    if lower in ctx.words.thing_pronouns:
        return _pronoun_antecedent(ctx, tok)
    return _unnamed_group(ctx, tok)


def _owners_of_forces(ctx: _Context, verb: Token) -> tuple[EventArg, ...]:
    """Who the forces a passive verb moves belong to: `troops from the UN operation`, `Kenya's
    troops`, `Nigerian soldiers`."""
    owners: list[EventArg] = []
    for subj in (c for c in verb.children if c.dep_ == "nsubjpass"):
        for t in [subj, *_conjuncts(subj)]:
            candidates = [o for p in t.children if p.dep_ == "prep" and p.lower_ in ("from", "of") for o in p.children if o.dep_ == "pobj"]
            candidates += [c for c in t.children if c.dep_ in ("poss", "amod", "compound")]
            for c in candidates:
                arg = _arg(ctx, c)
                if arg is None and c.ent_type_ in ("NORP", "GPE"):
                    country = ctx.kb.country(c.text)
                    arg = EventArg(country.id, country.name) if country is not None else None
                if arg is not None and not arg.id.startswith(("group:", "location:")) and arg not in owners:
                    owners.append(arg)
    return tuple(owners)


def _told_before(ctx: _Context, tok: Token) -> EventArg | None:
    """`the delegation`, `the ministry`: the entity whose phrase of that noun the text gave last
    (`a United Nations Security Council delegation`, `Iran's Information Ministry`)."""
    lemma = tok.lemma_.lower()
    if not any(lemma in ctx.kb.nouns(kind) for kind in ("delegation", "body", "institution")):
        return None  # `the system` is a weapon told before, no party
    for i in range(tok.i - 1, max(-1, tok.i - 1 - TOLD_BEFORE_WINDOW), -1):
        earlier = ctx.doc[i]
        if earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN":
            continue
        for c in earlier.children:
            entity = ctx.entity_at.get(c.i) if c.dep_ in ("compound", "poss", "amod") else None
            if entity is not None and entity.type in _ACTOR_TYPES:
                return _entity_arg(ctx, entity)
    return None


def _unnamed_group(ctx: _Context, tok: Token) -> EventArg | None:
    """People who act without a name, as the text describes them (`unknown gunmen`, `Filipino
    gunmen`, `police`, `thousands of students`): an actor or recipient too."""
    of = next((p for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"), None)
    if (tok.lemma_.lower() in ctx.words.quantity_nouns and of is not None) or tok.like_num:
        # `thousands of students`, `dozens of protesters`, `a group of gunmen`
        obj = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
        return _unnamed_group(ctx, obj) if obj is not None else None
    lower = tok.lower_
    words = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i and c.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")]
    force = next((c for c in words if c.dep_ == "compound" and c.lower_ in ctx.words.state_forces), None)
    if force is not None and tok.lower_ not in ctx.words.state_forces:
        return _unnamed_group(ctx, force)  # `a police officer deployed ...`: the police did
    if tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS") and ctx.entity_at.get(tok.i) is None:
        # `Tutsis`, `Kurds`: a people named by who they are
        description = " ".join([*(c.text for c in words), tok.text])
        return EventArg(f"group:{_slug(description)}", description)
    if lower in ctx.kb.nouns("government") and tok.pos_ == "NOUN":
        country = next((c for w in words if (c := ctx.kb.country(w.text)) is not None), None)
        if country is not None:
            return EventArg(country.id, country.name)  # `Cyprus authorities`, `the Iranian government`: the state
    # `Police arrested ...`, `The Iranian Judiciary should release ...`: a capitalised common noun
    noun = tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.text.istitle() and (
        tok.is_sent_start or (lower in ctx.kb.nouns("institution") and any(c.dep_ == "det" for c in tok.children))))
    # `the Interahamwe militia`, `a protest group`: a body the text describes without naming it
    described_body = (lower in ctx.kb.nouns("body") or tok.lemma_.lower() in ctx.kb.nouns("body")) and bool(words)
    if not noun or not (lower in ctx.kb.nouns("group") or lower in ctx.kb.nouns("institution") or described_body):
        return None
    owner = next((c for w in words if (c := ctx.kb.country(w.text)) is not None), None)
    if lower in ctx.words.state_forces and owner is None:
        # `police`, `troops`: the state's own, in an article about that state (`Egyptian police`)
        country = ctx.main_country
        if country is not None and country.adjective:
            description = " ".join([country.adjective, *(c.text for c in words), lower])
            return EventArg(f"group:{_slug(description)}", description)
    description = " ".join([*(c.text for c in words), lower if tok.is_sent_start else tok.text])
    return EventArg(f"group:{_slug(description)}", description)


def _told_of(ctx: _Context, tok: Token, pred: Token) -> bool:
    """Is a noun event the object of a verb that only tells of it (`raised several murders`)? The deals
    of the arms layer keep their own rules (`cancelled its order`)."""
    return (
        _pos(tok) == "noun" and pred.i != tok.i and tok.dep_ not in ("nsubj", "nsubjpass")
        and not _arms_word(ctx, tok) and not _does_what_it_names(ctx, pred)
    )


def _does_what_it_names(ctx: _Context, verb: Token) -> bool:
    """Is the subject of ``verb`` the actor of the event its object names (`staged an attack`, `led the
    massacre`, `increased their attacks`), not one who tells of it (`raised several murders`)?"""
    return any(
        lemma in ctx.kb.light_verbs or lemma in ctx.kb.agent_verbs or lemma in ctx.kb.undergo_verbs for lemma in _lemmas(verb)
    )


def _lemmas(verb: Token) -> set[str]:
    """The verb's lemma, and the base forms its inflection allows, for when the tagger's lemma is
    wrong (`staged` -> `stag`)."""
    return {verb.lemma_.lower(), *base_forms(verb.lower_)}


def _modifier_group(ctx: _Context, tok: Token) -> EventArg | None:
    """The people a noun event's modifier names as doing it (`terrorist attack`, `rebel
    shelling`, `militant attacks`): the group, by its plural."""
    groups = ctx.kb.nouns("group")
    for c in tok.children:
        if c.dep_ in ("amod", "compound") and c.i < tok.i and ctx.entity_at.get(c.i) is None:
            lower = c.lower_
            plural = lower if lower.endswith("s") and lower in groups else f"{lower}s"
            if plural in groups and lower not in ctx.words.state_forces:
                return EventArg(f"group:{_slug(plural)}", plural)
    return None


def _side_of(ctx: _Context, affiliation: str | None) -> EventArg | None:
    if not affiliation:
        return None
    org = ctx.kb.organization(affiliation)
    if org is not None:
        return EventArg(org.id, org.name)
    country = ctx.kb.country(affiliation)
    if country is None:
        # `the police chief of Sabah`: an official of a province speaks for the country it lies in
        place = ctx.kb.place(affiliation)
        country = ctx.kb.countries_by_iso3.get(place.country) if place is not None and place.country else None
    if country is not None:
        return EventArg(country.id, country.name)
    return None


def _entity_arg(ctx: _Context, entity: Entity) -> EventArg:
    return EventArg(entity.id, entity.name)  # a government has its country's id, as in statements


def _pronoun_antecedent(ctx: _Context, tok: Token) -> EventArg | None:
    """`it`/`its`: the nearest country or organisation before it in the same sentence, then the one before."""
    for start in (tok.sent.start, max(0, tok.sent.start - 60)):
        for i in range(tok.i - 1, start - 1, -1):
            entity = ctx.entity_at.get(i)
            if entity is not None and entity.type in ("country", "government", "organization"):
                if ctx.doc[i].dep_ in ("nsubj", "nsubjpass", "compound", "poss") or ctx.doc[i].head.dep_ == "nsubj":
                    return _entity_arg(ctx, entity)
    return None


def _actors(ctx: _Context, tok: Token, pred: Token) -> tuple[EventArg, ...]:
    heads: list[Token] = []
    if _pos(tok) == "noun":
        # `his condolences`: a pronoun no entity stands for leaves the actor to the clause's subject
        heads = [c for c in tok.children if c.dep_ == "poss" and not (c.pos_ == "PRON" and _arg(ctx, c) is None)]
        heads += [c for c in tok.children if c.dep_ in ("compound", "amod") and ctx.entity_at.get(c.i) is not None]
        # `the killings by militias`, `an attack by unknown gunmen`: the agent of the noun
        heads += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "by" for o in p.children if o.dep_ == "pobj"]
        # `demands from Shona rebels`, `protests from civil rights groups`, `aid from Japan`: who it comes from
        trigger = _trigger(ctx, tok)
        if trigger is not None and trigger.type in FROM_SOURCE_TYPES and trigger.subtype is None:
            heads += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "from" for o in p.children if o.dep_ == "pobj"]
        # `the atrocities being carried out by the Indian army`, `killings committed by militias`
        heads += [o for v in tok.children if v.dep_ == "acl" and _does_what_it_names(ctx, v)
                  for a in v.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        # `cooperation between the ICC and the UN`, `clashes between protesters and police`: both sides act
        heads += [t for p in tok.children if p.dep_ == "prep" and p.lower_ == "between"
                  for o in p.children if o.dep_ == "pobj" for t in [o, *_conjuncts(o)]]
        if not heads:
            named_by = _modifier_group(ctx, tok)
            if named_by is not None:
                return (named_by,)  # `a terrorist attack`, `rebel shelling`: terrorists, rebels
    outer = _trigger(ctx, pred) if pred.i != tok.i else None
    if not heads and outer is not None and _distinct_happening(ctx, tok, outer):
        # `condemned the attack`: who condemns did not attack; `blamed for the abduction`,
        # `accused X of the killings`: who is blamed did it.
        if outer.type in ("ACCUSE", "COERCE") and tok.head.dep_ == "prep" and tok.head.lower_ in ("for", "of", "with") and tok.head.head.i == pred.i:
            heads = [c for c in pred.children if c.dep_ in ("dobj", "nsubjpass")][:1]
            heads += [c for h in heads for c in _conjuncts(h)]
        return tuple(a for a in (_arg(ctx, h) for h in heads) if a is not None)
    if not heads and _told_of(ctx, tok, pred):
        return ()  # `raised several murders`, `testified to beatings`: who tells of an act did not do it
    if not heads:
        heads = _subject(pred, passive_ok=pred.i != tok.i)
        # `An attack by unknown gunmen killed three soldiers`: an event as subject acts through its agent
        heads = [
            a for h in heads
            for a in ([o for p in h.children if p.dep_ == "prep" and p.lower_ == "by" for o in p.children if o.dep_ == "pobj"]
                      or [c for c in h.children if c.dep_ == "poss"] or [h]
                      if _pos(h) == "noun" and ctx.kb.trigger(h.lemma_.lower(), "noun") is not None else [h])
        ]
    args: list[EventArg] = []
    for h in heads:
        arg = _arg(ctx, h)
        if arg is None or arg.id.startswith("group:"):
            # `the foreign ministers of India and China met`, `agents from the Information Ministry
            # arrested`: they act for the bodies they belong to
            owners = [
                a for p in h.children if p.dep_ == "prep" and (p.lower_ == "of" or (p.lower_ == "from" and arg is None))
                for o in p.children if o.dep_ == "pobj"
                for t in [o, *_conjuncts(o)]
                if (a := _arg(ctx, t)) is not None and not a.id.startswith(("group:", "location:"))
            ]
            if owners:
                args.extend(a for a in owners if a not in args)
                continue
        if arg is not None and arg not in args:
            args.append(arg)
    if not args and pred.dep_ == "conj" and pred.sent.root.i != pred.i:
        # `X warned ..., saying ..., but had not imposed ...`: the parser may hang the last verb on
        # the wrong clause; the sentence's own subject is then the one that did not impose.
        root = pred.sent.root
        reported = any(pred.i in {t.i for t in c.subtree} for c in root.children if c.dep_ in ("ccomp", "parataxis"))
        for h in _subject(root):
            if reported:
                # `A policeman was killed and a second kidnapped ..., a security official said`: whoever
                # reports the event is not its actor.
                continue
            arg = _arg(ctx, h)
            if arg is not None and arg not in args:
                args.append(arg)
    return tuple(args)


def _recipients_and_place(ctx, tok, pred, subtype, item_tokens, actors) -> tuple[tuple[EventArg, ...], EventArg | None]:
    recipients: list[EventArg] = []
    location: EventArg | None = None
    holders = [pred, tok, *[c for c in pred.children if c.dep_ in ("dobj", "dative")]]
    if pred.i == tok.i and _pos(tok) == "verb":
        # `A policeman was killed`, `18 suspects were arrested`: who it was done to.
        for subj in (c for c in tok.children if c.dep_ == "nsubjpass"):
            for arg in filter(None, (_arg(ctx, t) for t in [subj, *_conjuncts(subj)])):
                if arg not in recipients:
                    recipients.append(arg)
    if _pos(tok) == "noun" and ctx.kb.trigger(tok.lemma_.lower(), "noun") is not None and ctx.kb.trigger(tok.lemma_.lower(), "noun").type in DONE_TO_TYPES:
        # `the murder of Pat Finucane`, `the arrest of two journalists`: whom it was done to
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                for obj in (o for o in p.children if o.dep_ == "pobj"):
                    recipients.extend(a for a in filter(None, (_arg(ctx, t) for t in [obj, *_conjuncts(obj)])) if a not in recipients)
    # `warned of possible sanctions against Turkey`: the object of the trigger's own preposition.
    holders += [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("of", "about", "over") for o in p.children if o.dep_ == "pobj"]
    item_ids = {t.i for t in item_tokens}
    seen: set[int] = set()
    for holder in holders:
        for child in holder.children:
            if child.i in seen:
                continue
            seen.add(child.i)
            if child.dep_ in ("dobj", "dative", "iobj") and holder.i == pred.i and child.i not in item_ids:
                arg = _arg(ctx, child)
                if arg is not None:
                    recipients.extend(a for a in [arg, *filter(None, (_arg(ctx, c) for c in _conjuncts(child)))] if a not in recipients)
            if child.dep_ != "prep":
                continue
            objects = [o for o in child.children if o.dep_ == "pobj"]
            objects += [c for o in objects for c in _conjuncts(o)]
            prep = child.lower_
            for obj in objects:
                arg = _arg(ctx, obj)
                if arg is None:
                    continue
                if prep in ("in", "at", "near", "inside") and location is None:
                    location = _place(ctx, obj) or arg
                elif prep == "from" and subtype in ("WITHDRAW", "DEPLOY", "TEST"):
                    location = location or _place(ctx, obj) or arg
                    if subtype == "WITHDRAW" and arg not in recipients:
                        recipients.append(arg)
                elif prep in ctx.words.recipient_prepositions and arg not in recipients:
                    recipients.append(arg)
    return tuple(r for r in recipients if r not in actors), location


def _place(ctx: _Context, tok: Token) -> EventArg | None:
    """A place by the name the text gives it: `the capital Ankara` is Ankara, `Turkish territory` is
    Turkey. A place that is one of the article's entities keeps that entity's id, so that the
    statements and the events that name it name one entity."""
    for t in [tok, *tok.children]:
        if t.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = ent_at(ctx.doc, t.i)
            if ent is None:
                continue
            country = ctx.kb.country(ent.text)
            if country is not None and ctx.kb.countries.get(_lower(ent.text)) is country:
                return EventArg(country.id, country.name)
            entity = ctx.entity_at.get(t.i)
            if entity is not None and entity.type == "location":
                return _entity_arg(ctx, entity)
            return EventArg(f"location:{_slug(ent.text)}", ent.text.removeprefix("the ").strip())
    return None


def _lower(text: str) -> str:
    return " ".join(text.split()).lower().removeprefix("the ")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _lower(text)).strip("-")


def _marked_origin(ctx: _Context, item_tokens: list[Token]) -> EventArg | None:
    """The country an item is said to come from (`the Russian system`), or that its antecedent was."""
    candidates = list(item_tokens)
    if item_tokens and item_tokens[0].pos_ == "NOUN":
        for i, _entity in ctx.weapon_starts:
            if i < item_tokens[0].i:
                candidates.append(ctx.doc[i])
    for t in candidates:
        head = t
        while head.dep_ in ("compound", "appos", "nmod") and head.head.i != head.i:
            head = head.head
        for c in [*head.children, *t.children]:
            if c.dep_ in ("amod", "compound", "nmod") and c.i not in ctx.weapon_at:
                entity = ctx.entity_at.get(c.i)
                if entity is not None and entity.type in ("country", "government"):
                    return _entity_arg(ctx, entity)
                country = ctx.kb.country(c.text) if entity is None and c.pos_ in ("PROPN", "ADJ") else None
                if country is not None:  # `the US Patriot system` where the mention went unlinked
                    return EventArg(country.id, country.name)
    return None


def _with_dative(ctx: _Context, pred: Token, recipients: tuple[EventArg, ...], actors: tuple[EventArg, ...], item_tokens: list[Token]) -> tuple[EventArg, ...]:
    """`delivering the S-400 system to India`, where the parser hangs `to India` on the verb as a
    dative: the object of that `to` is a recipient, as any `to` object is."""
    item_ids = {t.i for t in item_tokens}
    out = list(recipients)
    for prep in (c for c in pred.children if c.dep_ == "dative" and c.pos_ == "ADP" and c.lower_ in ctx.words.recipient_prepositions):
        for obj in (o for o in prep.children if o.dep_ == "pobj" and o.i not in item_ids):
            for arg in filter(None, (_arg(ctx, t) for t in [obj, *_conjuncts(obj)])):
                if arg not in out and arg not in actors:
                    out.append(arg)
    return tuple(out)


def _arms_parties(
    ctx: _Context, tok: Token, pred: Token, trigger: EventTrigger, item: EventArg | None, item_tokens: list[Token],
    actors: tuple[EventArg, ...], recipients: tuple[EventArg, ...], statement: Statement | None,
) -> tuple[tuple[EventArg, ...], tuple[EventArg, ...]] | None:
    """Who gives and who gets in an arms-layer event where the clause leaves it to the phrase around
    the weapon; None where the clause is no transfer of the weapon at all.

    - the weapon as the active subject of a giving verb gives nothing away (`This system will give
      our navy a deterrent`); a party as the object of `remove` is not a weapon withdrawn (`removing
      Turkey from the F-35 programme`);
    - a weapon that arrives (actor_role `item`) or is delivered with no agent named (`components
      of an S-400 system were flown to ...`): the weapon is the subject, whoever the clause above
      has for its subject is not the supplier;
    - a gerund with no subject in a speaker's own words is the speaker's side's act (`"Buying the
      S-400 was not a choice against any ally"`);
    - a delivery that names no supplier: the country the weapon is marked as from (`a Russian S-400
      missile system`, `tanks ordered from South Korea`); no recipient: the country of the place it
      goes to (`flown to an air base near Ankara`, `arrived in the Polish port of Gdynia`);
    - a purchase that names no seller: the `from` object of the verb the weapon is the object of
      (`signed a deal to buy 18 Rafale jets from France`), else the country the weapon is marked
      as from (`a deal for Indian BrahMos missiles`);
    - a buyer and a seller as one subject (`Saudi Arabia and the United States signed ... for the
      THAAD`): the system's country of origin is the seller.
    """
    role = trigger.actor_role
    item_ids = {t.i for t in item_tokens}
    verb = _pos(tok) == "verb" and pred.i == tok.i
    subject_ids = {t.i for c in tok.children if c.dep_ == "nsubj" for t in c.subtree} if verb else set()
    if role == "supplier" and item_ids & subject_ids:
        return None
    if trigger.subtype == "WITHDRAW" and verb and any(c.dep_ == "dobj" and c.i not in item_ids and _arg(ctx, c) is not None for c in tok.children):
        return None
    passive_subject = {t.i for c in tok.children if c.dep_ == "nsubjpass" for t in c.subtree} if verb else set()
    if role == "item" or (item_ids & passive_subject and not any(c.dep_ == "agent" for c in tok.children)):
        actors = ()
    if not actors and tok.tag_ == "VBG" and statement is not None and statement.kind in ("direct", "mixed") and statement.speaker_entity is not None:
        side = _side_of(ctx, statement.speaker_entity.affiliation)
        if side is not None:
            actors = (side,)
    if trigger.subtype == "DELIVER" and role in ("supplier", "item"):
        if not actors:
            supplier = _marked_origin(ctx, item_tokens) or _source_in_phrase(ctx, item_tokens) or next(
                (a for p in pred.children if p.dep_ == "prep" and p.lower_ == "from"
                 for o in p.children if o.dep_ == "pobj" for a in [_arg(ctx, o)] if a is not None),
                None,
            )  # `arrived in Norway from South Korea`
            if supplier is not None:
                actors = (supplier,)
        recipients = tuple(r for r in recipients if r not in actors)
        if not recipients:
            destination = _destination(ctx, pred, item_ids)
            if destination is not None and destination not in actors:
                recipients = (destination,)
    if trigger.subtype in ("PURCHASE", "ORDER") and role != "supplier" and not recipients:
        seller = _source_in_phrase(ctx, item_tokens) or _marked_origin(ctx, item_tokens)
        if seller is not None and seller not in actors:
            recipients = (seller,)
    weapon = ctx.kb.weapon(item.id) if item is not None and item.id.startswith("weapon:") else None
    origin = ctx.kb.countries_by_iso3.get(weapon.origin) if weapon is not None and weapon.origin else None
    if trigger.subtype in ("PURCHASE", "ORDER") and role != "supplier" and origin is not None and len(actors) > 1:
        seller = next((a for a in actors if a.id == origin.id), None)
        if seller is not None:
            actors = tuple(a for a in actors if a != seller)
            recipients = (seller, *(r for r in recipients if r != seller))
    return actors, tuple(r for r in recipients if r not in actors)


def _source_in_phrase(ctx: _Context, item_tokens: list[Token]) -> EventArg | None:
    """`the K2 tanks ordered from South Korea`: the `from` object inside the weapon's noun phrase, or
    of the verb it is the object of (`to buy 18 Rafale fighter jets from France`)."""
    if not item_tokens:
        return None
    head = item_tokens[0]
    while head.dep_ in ("compound", "amod", "nmod", "nummod") and head.head.i != head.i:
        head = head.head
    preps = [t for t in head.subtree if t.dep_ == "prep" and t.lower_ == "from"]
    if head.dep_ == "dobj" and _pos(head.head) == "verb":
        preps += [c for c in head.head.children if c.dep_ == "prep" and c.lower_ == "from"]
    for prep in preps:
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            arg = _arg(ctx, obj)
            if arg is not None:
                return arg
    return None


def _destination(ctx: _Context, pred: Token, item_ids: set[int]) -> EventArg | None:
    """The country of the place a delivery goes to: `to/in/at/into` a place the text ties to a
    country by name, capital or adjective (`an air base near Ankara`, `the Polish port of Gdynia`)."""
    for prep in (c for c in pred.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "in", "at", "into")):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            for t in obj.subtree:
                if t.i in item_ids:
                    break
                entity = ctx.entity_at.get(t.i)
                if entity is not None and entity.id.startswith("country:"):
                    return _entity_arg(ctx, entity)
                country = ctx.kb.country(t.text) if t.pos_ in ("PROPN", "ADJ") else None
                if country is not None:
                    return EventArg(country.id, country.name)
    return None


LIST_JOINERS = {",", "and", "or", "plus"}


def _listed_items(ctx: _Context, tok: Token, trigger: EventTrigger, event: Event) -> list[EventItem]:
    """The further systems of a list the event's system opens (`up to 980 K2 tanks, 648 K9 howitzers
    and 48 FA-50 light combat aircraft`; `Harpoon anti-ship missiles, Sidewinder air-to-air
    missiles`), read along the text: the parser often hangs a list's later members elsewhere."""
    if event.item is None or not event.item.id.startswith("weapon:"):
        return []
    _, _, item_tokens = _item(ctx, tok, _predicate(tok), trigger)
    if not item_tokens:
        return []
    seen = {event.item.id}
    out: list[EventItem] = []
    sent_end = tok.sent.end
    i = _after_phrase(ctx, item_tokens[0], sent_end)
    while i < sent_end and ctx.doc[i].lower_ in LIST_JOINERS:
        j = i
        while j < sent_end and ctx.doc[j].lower_ in LIST_JOINERS:
            j += 1
        k = j
        while k < min(j + 3, sent_end) and k not in ctx.weapon_at and (ctx.doc[k].like_num or ctx.doc[k].pos_ in ("DET", "ADJ")):
            k += 1  # `648 K9 howitzers`, `the K9`
        entity = ctx.weapon_at.get(k)
        if entity is None or not entity.id.startswith("weapon:"):
            break
        if entity.id not in seen:
            seen.add(entity.id)
            out.append(EventItem(entity.id, entity.name, _quantity(ctx.doc[k])))
        i = _after_phrase(ctx, ctx.doc[k], sent_end)
    return out


def _after_phrase(ctx: _Context, tok: Token, end: int) -> int:
    """The index after the noun phrase a weapon mention stands in (`F-35 jets`, `Harpoon anti-ship
    missiles`), read along the text: its words and what modifies them, hyphens included."""
    i = tok.i + 1
    while i < end and (
        ctx.weapon_at.get(i) is ctx.weapon_at.get(tok.i)
        or ctx.doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
        or ctx.doc[i].tag_ == "HYPH"
        or (i + 1 < end and ctx.doc[i + 1].tag_ == "HYPH")
        or ctx.doc[i - 1].tag_ == "HYPH"
    ) and ctx.doc[i].lower_ not in LIST_JOINERS:
        i += 1
    return i


def _statement_for(ctx: _Context, tok: Token) -> Statement | None:
    for st in ctx.statements:
        parts = st.content.parts or ((st.content.start, st.content.end),)
        if any(a <= tok.idx < b for a, b in parts):
            return st
    return None


def _modality(ctx: _Context, tok: Token, pred: Token, statement: Statement | None) -> str:
    """What the text commits to: a denial by the speaker first (`denied that it would deploy`),
    then governing words (`hopes to`, `plans to`, `would`, `if`, `possible`; `does not plan to` is
    negated), then negation of the trigger itself."""
    chain = [tok]
    cur = pred if pred.i != tok.i else tok
    if cur.i != tok.i:
        chain.append(cur)
    for _ in range(4):
        if cur.dep_ not in ("xcomp", "acl", "pcomp", "prep", "pobj", "dobj", "amod", "nsubj", "nsubjpass", "attr", "advcl") or cur.head.i == cur.i:
            break
        cur = cur.head
        chain.append(cur)
    if statement is not None:
        cue = ctx.doc.char_span(statement.cue.start, statement.cue.end, alignment_mode="expand")
        if cue is not None and any(t.lemma_.lower() in ctx.words.denial_verbs for t in cue):
            return "denied"
    negated = False
    # `Biden said the United States would send ...`: in reported speech `would` is the speaker's
    # `will`, unless a condition goes with it.
    reported = statement is not None and statement.kind == "indirect" and not any(
        (c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"))
        or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children))
        for t in chain for c in t.children
    )
    words = ctx.kb.modality_words
    auxiliaries = ctx.words.modal_auxiliaries
    for t in chain:
        lemma = t.lemma_.lower()
        governor_negated = any(c.dep_ == "neg" for c in t.children)
        governs = words.get(lemma) or words.get(t.lower_) if t.i != tok.i else None
        if governs in ("hoped", "planned"):
            return "negated" if governor_negated else governs  # `does not hope to` / `hopes to`
        if governs == "negated":
            return "asserted" if governor_negated else "negated"  # `failed to reach agreement`
        if governs == "hypothetical":
            return "hypothetical"
        for c in t.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in ("would", "'d") and reported:
                return "negated" if governor_negated else "planned"
            if c.dep_ in ("aux", "auxpass") and auxiliaries.get(c.lower_) == "deontic":
                return "demanded"
            if c.dep_ in ("aux", "auxpass") and auxiliaries.get(c.lower_) == "hypothetical":
                return "hypothetical"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return "hypothetical"
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                return "hypothetical"
            if c.dep_ in ("aux",) and auxiliaries.get(c.lower_) == "future":
                # `will not lift the ban`: what one says one will not do is negated
                return "negated" if governor_negated and t.i == tok.i else "planned"
            if c.dep_ == "amod" and words.get(c.lemma_.lower()) == "hypothetical" and t.i == tok.i:
                return "hypothetical"
            if (c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")) and (
                t.i == tok.i or (t.i == pred.i and pred.lemma_.lower() in ctx.kb.light_verbs)
            ):
                negated = True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        negated = True
    return "negated" if negated else "asserted"


def _time(ctx: _Context, tok: Token, pred: Token) -> EventTime | None:
    """The time expression in the event's clause nearest its trigger."""
    tokens = _clause_tokens(pred)
    if not tokens:
        return None
    lo, hi = min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
    inside = [t for t in ctx.times if lo <= t.start and t.end <= hi and t.value is not None]
    if not inside:
        return None
    best = min(inside, key=lambda t: abs(t.start - tok.idx))
    return EventTime(best.text, best.value, best.inferred)


def _stationed(ctx: _Context, be: Token, n: int) -> Event | None:
    """`there is an air defence system in Turkey, which is for Spain`: a deployment."""
    subjects = [c for c in be.children if c.dep_ in ("attr", "nsubj") and any(t.i in ctx.weapon_at for t in c.subtree)]
    if not subjects:
        return None
    subj = subjects[0]
    weapon_tok = next(t for t in subj.subtree if t.i in ctx.weapon_at)
    entity = ctx.weapon_at[weapon_tok.i]
    location = None
    owner = None
    for t in subj.subtree:
        obj = next((o for o in t.children if o.dep_ == "pobj"), None) if t.dep_ == "prep" else None
        if obj is None:
            continue
        if t.lower_ in ("in", "at") and location is None:
            location = _place(ctx, obj) or _arg(ctx, obj)
        elif t.lower_ == "for" and owner is None:  # `..., which is for Spain`
            owner = _arg(ctx, obj)
    for c in be.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at") and location is None:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                location = _place(ctx, obj) or _arg(ctx, obj)
    if owner is None or location is None:
        return None
    statement = _statement_for(ctx, be)
    sent = be.sent
    start, end = sent.start_char, sent.end_char
    text = doc_text(ctx.doc)
    while end > start and text[end - 1].isspace():
        end -= 1
    return Event(
        id=f"v{n}",
        type="MOBILIZE",
        subtype="DEPLOY",
        mode=None,
        actors=(owner,),
        recipients=(),
        item=EventItem(entity.id, entity.name, _quantity(weapon_tok)),
        location=location,
        time=_time(ctx, be, be),
        modality=_modality(ctx, be, be, statement),
        evidence=Span(start, end, text[start:end]),
        statement_id=statement.id if statement is not None else None,
        confidence=0.6,
        trigger=Span(be.idx, be.idx + len(be), be.text),
        actor_role="buyer",
    )
