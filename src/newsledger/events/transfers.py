"""Arms-transfer records in the layout of SIPRI's database, built from the events of many articles.

One record per (supplier, recipient, weapon system). Each arms-layer event about a named system
adds evidence and moves the status along negotiating < ordered < delivering < delivered; an
asserted cancellation ends it. Events that are only hoped, planned or hypothetical, negotiations
and a system chosen or selected never make a deal: on a record that is already ordered they show
as a follow-on under negotiation. A supplier's own word that it will send (`Slovakia will give
Ukraine its MiG-29 jets`) is a commitment, as SIPRI dates aid from the pledge: ordered. An event
about a kind of weapon (`supplied Russia with drones`) counts for the one system of that kind from
that supplier the article names (`Iranian-designed Shahed drones`). Every record keeps the
evidence it rests on: article, sentence and who said it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..knowledge import Knowledge, load_knowledge, load_words
from ..records import ArticleRecord, Entity, Event, EventArg, EventItem, Transfer

STATUS_ORDER = ("negotiating", "ordered", "delivering", "delivered")
TRANSFER_SUBTYPES = {"PURCHASE", "ORDER", "DELIVER", "PRODUCE_UNDER_LICENCE", "NEGOTIATE", "TEST", "DEPLOY"}
# Licensed production is evidence on a deal, never a deal of its own.
# Evidence of possession: the recipient tests or deploys the system it bought.
POSSESSION_SUBTYPES = {"TEST", "DEPLOY"}
UNCOMMITTED = {"hoped", "planned", "hypothetical"}
_YEAR = re.compile(r"^(\d{4})")


@dataclass
class _Draft:
    supplier: EventArg | None
    recipient: EventArg
    item: EventArg
    statuses: list[str] = field(default_factory=list)
    follow_on: bool = False
    cancelled: bool = False
    order_years: list[int] = field(default_factory=list)
    delivery_years: set[int] = field(default_factory=set)
    quantities: list[int] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)


def build_transfers(records: Iterable[ArticleRecord], knowledge: Knowledge | None = None) -> list[Transfer]:
    kb = knowledge or load_knowledge()
    drafts: dict[tuple[str | None, str, str], _Draft] = {}
    possession: list[tuple[ArticleRecord, Event, EventArg]] = []
    for record in records:
        entities = {e.id: e for e in record.entities}
        for event in record.events:
            if event.subtype not in TRANSFER_SUBTYPES or event.item is None:
                continue
            if event.item.id.startswith("weapon-category:") and event.subtype not in POSSESSION_SUBTYPES:
                event = _named_system(record, event, entities, kb)
            if not event.item.id.startswith("weapon:"):
                continue
            weapon = kb.weapon(event.item.id)
            if event.subtype in POSSESSION_SUBTYPES:
                holder = next(iter(countries_of(event.actors, entities, kb)), None)
                if holder is not None and event.modality == "asserted":
                    possession.append((record, event, holder))
                continue
            sides = _sides(event, entities, kb, weapon.origin if weapon else None)
            if sides is None:
                continue
            supplier, recipient = sides
            key = (supplier.id if supplier else None, recipient.id, event.item.id)
            draft = drafts.get(key)
            if draft is None:
                draft = drafts[key] = _Draft(supplier, recipient, EventArg(event.item.id, event.item.name))
            _add(draft, record, event)
    # A record needs a deal, a delivery or talks; production or a denial alone is no transfer.
    drafts = {k: d for k, d in drafts.items() if d.statuses or d.follow_on or d.cancelled}
    for record, event, holder in possession:
        for draft in drafts.values():
            if draft.recipient.id == holder.id and draft.item.id == event.item.id and draft.statuses:
                draft.statuses.append("delivered")
                year = _year(event)
                if year:
                    draft.delivery_years.add(year)
                draft.evidence.append(_evidence(record, event, "delivered"))
    transfers = [_finish(d, kb) for d in drafts.values()]
    return sorted(transfers, key=lambda t: (t.recipient.name, t.item.name, t.supplier.name if t.supplier else ""))


def countries_of(args: Iterable[EventArg], entities: dict[str, Entity], kb: Knowledge) -> list[EventArg]:
    """Parties as countries: a government or capital is its country (``country:ISO3``); a maker or ministry is the
    country it belongs to; a person is the country of their affiliation."""
    out: list[EventArg] = []
    for arg in args:
        country = None
        if arg.id.startswith("country:"):
            iso3 = arg.id.split(":", 1)[1]
            country = kb.countries_by_iso3.get(iso3)
        elif arg.id.startswith("org:"):
            org = next((o for o in kb.organizations.values() if o.id == arg.id), None)
            if org is not None and org.country:
                country = kb.countries_by_iso3.get(org.country)
        else:
            entity = entities.get(arg.id)
            if entity is not None and entity.affiliation:
                country = kb.country(entity.affiliation)
                if country is None:
                    org = kb.organization(entity.affiliation)
                    country = kb.countries_by_iso3.get(org.country) if org and org.country else None
        if country is not None:
            found = EventArg(country.id, country.name)
            if found not in out:
                out.append(found)
    return out


def _sides(event: Event, entities: dict[str, Entity], kb: Knowledge, origin: str | None) -> tuple[EventArg | None, EventArg] | None:
    """(supplier, recipient) of an arms-layer event, or None when the recipient is unknown."""
    actors = countries_of(event.actors, entities, kb)
    others = countries_of(event.recipients, entities, kb)
    origin_arg = None
    if origin and origin in kb.countries_by_iso3:
        c = kb.countries_by_iso3[origin]
        origin_arg = EventArg(c.id, c.name)
    if event.actor_role == "supplier":
        supplier, recipient = (actors[0] if actors else None), (others[0] if others else None)
    elif event.actor_role == "buyer":
        recipient = actors[0] if actors else None
        supplier = others[0] if others else None
        if event.subtype == "PRODUCE_UNDER_LICENCE" and supplier is None:
            supplier = origin_arg
    else:
        # A deal or talks name both sides alike: the system's country of origin sells, the other
        # side buys; where neither is its maker, the one who signs buys (`Romania signed a deal with
        # Norway for F-16 jets`), and a deal with only the buyer named is with the maker's country
        # (`Greece signed a deal to buy Rafale jets`).
        parties = actors + [o for o in others if o not in actors]
        if not parties:
            return None
        if origin_arg is not None and origin_arg in parties:
            supplier = origin_arg
            rest = [p for p in parties if p != origin_arg]
            recipient = rest[0] if rest else None
        elif actors:
            recipient = actors[0]
            supplier = next((o for o in others if o != recipient), None)
        else:
            recipient, supplier = others[0], None
    if recipient is None:
        return None
    if supplier is None and origin_arg is not None and origin_arg != recipient:
        supplier = origin_arg  # the text names no supplier: the system's country of origin, as SIPRI records it
    if supplier is not None and supplier == recipient:
        return None
    return supplier, recipient


def _named_system(record: ArticleRecord, event: Event, entities: dict[str, Entity], kb: Knowledge) -> Event:
    """An event about a kind of weapon, as an event about the one named system of that kind from the
    supplier's country that the article names: the same category, or mentions ending in the same
    word (`drones` and `Shahed drones`). The event unchanged where there is none or more than one."""
    sides = _sides(event, entities, kb, None)
    supplier = sides[0] if sides else None
    kind = entities.get(event.item.id)
    if supplier is None or kind is None or not supplier.id.startswith("country:"):
        return event
    text = record.article.text
    words = {text[a:b].split()[-1].lower() for a, b in kind.mentions if text[a:b].split()}
    iso3 = supplier.id.split(":", 1)[1]
    found = []
    for entity in record.entities:
        weapon = kb.weapon(entity.id) if entity.id.startswith("weapon:") else None
        if weapon is None or weapon.origin != iso3:
            continue
        named_words = {text[a:b].split()[-1].lower() for a, b in entity.mentions if text[a:b].split()}
        if weapon.category == event.item.name or words & named_words:
            found.append(weapon)
    if len(found) != 1:
        return event
    return replace(event, item=EventItem(found[0].id, found[0].designation, event.item.quantity))


def _cancel_stems() -> tuple[str, ...]:
    """The cancel verbs (cancel_verbs.csv) as the start of any of their forms: `terminat` for
    `terminated` and `termination`, `revok` for `revoking`."""
    return tuple(sorted(verb[:-1] if verb.endswith("e") else verb for verb in load_words().cancel_verbs))


def _status(event: Event) -> str | None:
    trigger = event.trigger.text.lower() if event.trigger is not None else None
    if trigger is not None and trigger.startswith(_cancel_stems()):
        return "cancelled"
    # a type chosen (choice_stems.csv): the contract is still to come
    if event.subtype == "NEGOTIATE" or (trigger is not None and trigger.startswith(load_words().choice_stems)):
        return "negotiating"
    if event.subtype in ("PURCHASE", "ORDER"):
        return "ordered"
    if event.subtype == "DELIVER":
        text = event.trigger.text.lower() if event.trigger else ""
        return "delivering" if text.endswith(("ing", "ies", "y", "s")) and not text.endswith("ed") else "delivered"
    return None


def _add(draft: _Draft, record: ArticleRecord, event: Event) -> None:
    status = _status(event)
    modality = event.modality
    if event.modality in UNCOMMITTED and event.subtype == "PRODUCE_UNDER_LICENCE":
        status = "negotiating"  # licensed production as part of a deal still to be signed
    if modality == "planned" and event.subtype == "DELIVER" and event.actor_role == "supplier" and status is not None:
        status, modality = "ordered", "asserted"  # the supplier says it will send: a commitment
    if status is None:
        if event.subtype == "PRODUCE_UNDER_LICENCE" and event.modality == "asserted":
            draft.evidence.append(_evidence(record, event, None))
        return
    if modality in ("negated", "denied"):
        draft.evidence.append(_evidence(record, event, None))
        return
    if modality in UNCOMMITTED or status == "negotiating":
        draft.follow_on = True
        draft.evidence.append(_evidence(record, event, "negotiating"))
        return
    if status == "cancelled":
        draft.cancelled = True
    else:
        draft.statuses.append(status)
    year = _year(event)
    if year and status == "ordered":
        draft.order_years.append(year)
    if year and status in ("delivering", "delivered"):
        draft.delivery_years.add(year)
    if event.item and event.item.quantity:
        draft.quantities.append(event.item.quantity)
    draft.evidence.append(_evidence(record, event, status))


def _year(event: Event) -> int | None:
    if event.time is None or not event.time.value:
        return None
    m = _YEAR.match(event.time.value)
    return int(m.group(1)) if m else None


def _evidence(record: ArticleRecord, event: Event, status: str | None) -> dict:
    speaker = None
    if event.statement_id:
        st = next((s for s in record.statements if s.id == event.statement_id), None)
        if st is not None and st.speaker_entity is not None:
            speaker = st.speaker_entity.name
        elif st is not None and st.speaker is not None:
            speaker = st.speaker.text
    return {
        "article": record.article.id,
        "source": record.article.source,
        "published": record.article.published,
        "event": event.id,
        "subtype": event.subtype,
        "modality": event.modality,
        "status": status,
        "statement": event.statement_id,
        "speaker": speaker,
        "start": event.evidence.start,
        "end": event.evidence.end,
        "text": event.evidence.text,
    }


def _finish(d: _Draft, kb: Knowledge) -> Transfer:
    weapon = kb.weapon(d.item.id)
    if d.cancelled:
        status = "cancelled"
    elif d.statuses:
        status = max(d.statuses, key=STATUS_ORDER.index)
    else:
        status = "negotiating"
    follow_on = "negotiating" if d.follow_on and status != "negotiating" else None
    return Transfer(
        supplier=d.supplier,
        recipient=d.recipient,
        item=d.item,
        category=weapon.category if weapon else None,
        sipri_category=weapon.sipri_category if weapon else None,
        status=status,
        order_year=min(d.order_years) if d.order_years else None,
        delivery_years=tuple(sorted(d.delivery_years)),
        quantity=max(d.quantities) if d.quantities else None,
        follow_on=follow_on,
        evidence=tuple(d.evidence),
    )
