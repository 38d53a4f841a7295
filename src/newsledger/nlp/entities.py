"""Resolve speakers to entities and gather an article's entities. Pure: works on a parsed Doc.

People are clustered by name within the article: a surname alone joins the full name, and
transliteration variants (`Mikhev`, `Mekhev`, `Mikheev`) join when their letters and consonant
skeletons agree. Pronouns go to the most recent person in subject position, respecting gender
once known. Capitals and country names that speak are governments; unnamed sources are typed
anonymous with the affiliation their phrase gives.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..knowledge import Country, Knowledge, Organization, load_words
from ..names import fold_name, spelling_variants
from ..records import Content, Entity, EntityRef, Span as TextSpan, Statement
from .char_ranges import CharRanges
from .debris import find_dateline
from .statements import FoundStatement, doc_text, ents_within

@lru_cache(maxsize=65536)
def _name_tokens(text: str) -> tuple[str, ...]:
    words = [w.strip(".,") for w in re.sub(r"(?:'s|’s)$", "", text).split()]
    honorifics = load_words().honorifics
    return tuple(w for w in words if w and w.lower() not in honorifics)


def _names_agree(words, known) -> bool:
    return _names_agree_cached(tuple(words), tuple(known))


@lru_cache(maxsize=65536)
def _names_agree_cached(words: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """Whether a name as written (``words``) may name a person known by ``known``: either may be
    the fuller form of the other."""
    if not known:
        return False
    if len(words) == 1:
        return (
            spelling_variants(words[0], known[-1])
            or (len(known) == 1 and spelling_variants(words[0], known[0]))
            or (len(known) > 1 and fold_name(words[0]) == fold_name(known[0]) and len(fold_name(words[0])) > 1)
        )
    if spelling_variants(words[-1], known[-1]) and (len(known) == 1 or words[0][0].lower() == known[0][0].lower()):
        return True
    shorter, longer = sorted(([fold_name(w) for w in words], [fold_name(w) for w in known]), key=len)
    n = len(shorter)
    return n >= 2 and (longer[:n] == shorter or longer[-n:] == shorter)


@dataclass
class _Builder:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    title: str | None = None
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    roles: set[str] = field(default_factory=set)  # role nouns the article gives the entity (`spokesperson`, `chief`)

    def add_mention(self, start: int, end: int, surface: str) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))
        if surface != self.name and surface not in self.aliases and surface.lower() not in load_words().person_pronouns:
            self.aliases.append(surface)

    def add_name_mention(self, start: int, end: int, surface: str, words: list[str]) -> None:
        """A mention by name; a fuller form of the name becomes the entity's name (`Kyi` ...
        `Aung San Suu Kyi`)."""
        if len(words) > len(self.words) and _names_agree(words, self.words):
            self.aliases.append(self.name)
            self.name = " ".join(words)
        self.add_mention(start, end, surface)

    @property
    def words(self) -> list[str]:
        return _name_tokens(self.name)

    def build(self) -> Entity:
        return Entity(
            id=self.id,
            name=self.name,
            type=self.type,
            aliases=tuple(a for a in self.aliases if a != self.name),
            title=self.title,
            affiliation=self.affiliation,
            mentions=tuple(sorted(self.mentions)),
        )


class EntityResolver:
    def __init__(self, knowledge: Knowledge):
        self.kb = knowledge

    def resolve(
        self, doc: Doc, found: list[FoundStatement], ignored: list[tuple[int, int]]
    ) -> tuple[list[Statement], list[Entity]]:
        speaker_heads = [st.resolution[1] for st in found if st.speaker and st.resolution[1] is not None]
        run = _ArticleRun(self.kb, doc, ignored, speaker_heads)
        run.quoted = CharRanges([part for q in (doc._.quotes or ()) for part in q.parts])
        statements = [run.statement(n, st) for n, st in enumerate(sorted(found, key=lambda s: s.cue), start=1)]
        run.resolve_references()
        merged = run.merge_people()
        entities = run.entities()
        # Refs carry the final name, title and affiliation, which later mentions may have filled in.
        final = {e.id: e.ref() for e in entities}
        final.update({old: final[new] for old, new in merged.items() if new in final})
        statements = [
            replace(s, speaker_entity=final[s.speaker_entity.id]) if s.speaker_entity else s for s in statements
        ]
        return statements, entities


class _ArticleRun:
    """The state of resolving one article: its people, organisations and governments."""

    def __init__(self, kb: Knowledge, doc: Doc, ignored: list[tuple[int, int]], speaker_heads: list[int]):
        self.kb = kb
        self.words = load_words()
        self.speaker_heads = speaker_heads
        self.doc = doc
        self.ignored = CharRanges(ignored)
        self.builders: dict[str, _Builder] = {}
        self.people: list[_Builder] = []
        self.subject_mentions: list[tuple[int, str]] = []  # (char offset, builder id), sorted
        self.any_mentions: list[tuple[int, str]] = []
        self.quoted = CharRanges([])  # the article's quotations
        self.body_speakers: list[tuple[int, str]] = []  # (char offset, builder id) of governments, organisations, media that spoke
        self._next = 0
        self.lead_end, self.lead_follow_end = _lead_bounds(doc_text(doc), self.ignored)
        self._collect_weapons()
        self._collect_people()
        self._collect_others()

    # -- building entities ------------------------------------------------------------------------

    def _new(self, type_: str, name: str, id_: str | None = None) -> _Builder:
        if id_ is None:
            self._next += 1
            id_ = f"e{self._next}"
        b = self.builders.get(id_)
        if b is None:
            b = self.builders[id_] = _Builder(id_, name, type_)
        return b

    @property
    def _generic_bodies(self) -> frozenset[str]:
        return self.kb.nouns("institution") | self.kb.nouns("body")

    def _weapon_at(self, start: int, end: int) -> bool:
        return any(
            s < end and start < e for b in self.builders.values() if b.type == "weapon_system" for s, e in b.mentions
        )

    def _ignored(self, start: int, end: int) -> bool:
        return self.ignored.overlaps(start, end)

    def _match_person(self, words: list[str]) -> _Builder | None:
        """The person a name refers to: the surname alone or with the first name (spelled either
        way), the name's first word alone (`Tan` for Tan Kok Liang, `Kim` for Kim Jung-bong: many
        naming traditions put the family name first), or a run of its words from either end
        (`Abdul Rashid` for Abdul Rashid Harun, `de La Sabliere` for Jean-Marc de La Sabliere).
        The most recent person named wins."""
        if not words:
            return None
        for person in reversed(self.people):
            if _names_agree(words, person.words) or _names_agree(words, self._without_particles(person.words)):
                return person
        return None

    def _without_particles(self, words: list[str]) -> list[str]:
        """`Abdel Fattah al-Sisi` -> `Abdel Fattah Sisi`."""
        if not any("-" in word for word in words):
            return words  # every particle is joined by a hyphen
        out = []
        for word in words:
            particle = next((p for p in self.kb.name_particles if word.lower().startswith(p) and len(word) > len(p) + 1), None)
            out.append(word[len(particle):] if particle else word)
        return out

    def _person_mention(self, span: Span, create: bool) -> _Builder | None:
        words = _name_tokens(span.text)
        person = self._match_person(words)
        if person is None:
            if not create:
                return None
            person = self._new("person", " ".join(words))
            self.people.append(person)
        elif len(words) > len(person.words):
            # A fuller form of a name seen first as a surname ("Pompeo" ... "Mike Pompeo").
            person.aliases.append(person.name)
            person.name = " ".join(words)
        person.add_mention(span.start_char, span.end_char, span.text)
        head = span.root
        honorific = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        if honorific in self.words.honorific_genders and person.gender is None:
            person.gender = self.words.honorific_genders[honorific]
        if person.gender is None and len(person.words) > 1:
            person.gender = self.kb.given_names.get(person.words[0].lower())
        self._describe(person, span)
        if _in_subject(head):
            bisect.insort(self.subject_mentions, (span.start_char, person.id))
        bisect.insort(self.any_mentions, (span.start_char, person.id))
        return person

    def _collect_people(self) -> None:
        """People in document order: the tagger's PERSON mentions, plus names in speaker position
        that it missed or took for organisations (`Olaf Scholz said`, `Mekhev said`)."""
        candidates: dict[tuple[int, int], tuple[Span, bool]] = {}
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                # `Lockheed Martin`: the tagger may cut a company's name and call its tail a person.
                full = _name_chain(ent.root) or ent
                if self.kb.country(ent.text) or self.kb.place(ent.text):
                    continue  # `Kiev has called for ...`: a capital or a place, never a person
                if self._weapon_at(ent.start_char, ent.end_char) or all(
                    self.kb.title(w) or self.kb.title(w + ".") for w in ent.text.split()
                ):
                    continue  # `Patriot`, `K9`; `Brig` of `Brig. Gen. Pat Ryder`
                if self.kb.organization(full.text) or any(
                    w.lower() in self.kb.nouns("institution") for w in [*ent.text.split(), full[-1].text]
                ):
                    continue
                candidates[(ent.start, ent.end)] = (ent, True)
            elif ent.label_ in ("ORG", "GPE", "NORP") and len(ent) <= 2:
                if not (self.kb.country(ent.text) or self.kb.organization(ent.text)):
                    candidates[(ent.start, ent.end)] = (ent, False)  # joins a known person only
        for head in self.speaker_heads:
            tok = self.doc[head]
            # The head, or a name set off in apposition within its phrase (`the head of the Federal
            # Service for Military-Technical Cooperation, Dmitry Shugaev`).
            for name_tok in [tok] + [c for c in tok.subtree if c.dep_ == "appos" and c.pos_ == "PROPN"]:
                chain = self._without_titles(_name_chain(name_tok))
                if chain is not None and self._looks_like_person_name(chain):
                    for key in [k for k in candidates if k[0] < chain.end and chain.start < k[1]]:
                        del candidates[key]
                    candidates[(chain.start, chain.end)] = (chain, True)
        for (_start, _end), (span, create) in sorted(candidates.items()):
            if not self._ignored(span.start_char, span.end_char):
                self._person_mention(span, create=create)

    def _without_titles(self, chain: Span | None) -> Span | None:
        """`Foreign Minister Mevlut Cavusoglu` -> `Mevlut Cavusoglu`; `US Secretary of State Mike Pompeo` -> `Mike Pompeo`."""
        if chain is None:
            return None
        doc = chain.doc
        window_start = max(0, chain.start - 6)
        words = [t.lower_ for t in doc[window_start : chain.end]]
        name_start = chain.start
        for a in range(len(words)):
            for b in range(a + 1, len(words) + 1):
                if " ".join(words[a:b]) in self.kb.titles and window_start + b > name_start:
                    name_start = window_start + b
        while name_start < chain.end and self.kb.country(doc[name_start].text):
            name_start += 1
        return doc[name_start : chain.end] if name_start < chain.end else None

    def _looks_like_person_name(self, chain: Span) -> bool:
        words = chain.text.split()
        if not 1 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
            return False
        if any(w.lower().strip(".") in self.kb.nouns("institution") for w in words):
            return False
        if any(self.kb.country(w) or self.kb.organization(w) for w in [chain.text, *words]):
            return False
        if len(words) == 1:
            # A lone capitalised word is a name when a title or honorific stands before it.
            before = chain.doc[chain.start - 1].lower_ if chain.start > 0 else ""
            return before in self.words.honorifics or before in self.kb.titles or chain.root.ent_type_ == "PERSON"
        return True

    def _collect_weapons(self) -> None:
        """Weapon systems under any of their names (`S400`, `SAMP-T`), and generic weapon phrases
        (`their defence systems`), which become one entity per kind of weapon."""
        for mention in self.kb.find_weapons(doc_text(self.doc)):
            if self._ignored(mention.start, mention.end):
                continue
            surface = doc_text(self.doc)[mention.start : mention.end]
            if mention.weapon is not None:
                w = mention.weapon
                b = self._new("weapon_system", w.designation, w.id)
                if w.origin and not b.affiliation and w.origin in self.kb.countries_by_iso3:
                    b.affiliation = self.kb.countries_by_iso3[w.origin].name
            else:
                b = self._new("weapon_system", mention.category, f"weapon-category:{mention.category}")
            b.add_mention(mention.start, mention.end, surface)

    def _collect_media(self) -> None:
        """Outlets named beside a word for one (`Kyodo news agency`, `the newspaper Al Akhbar`,
        `Dawn newspaper`), known or not, so that `the agency said` can take them up."""
        media_nouns = self.kb.nouns("media")
        for tok in self.doc:
            if tok.lower_ not in media_nouns or tok.pos_ != "NOUN":
                continue
            name_tok = None
            before = tok.i - 1
            if before > 0 and self.doc[before].lower_ == "news":
                before -= 1  # `Kyodo news agency`
            if before >= 0 and self.doc[before].pos_ == "PROPN":
                name_tok = self.doc[before]
            elif tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].pos_ == "PROPN":
                name_tok = self.doc[tok.i + 1]
                while name_tok.i + 1 < len(self.doc) and self.doc[name_tok.i + 1].pos_ == "PROPN" and self.doc[name_tok.i + 1].dep_ in ("compound", "flat", "appos") or (
                    name_tok.dep_ in ("compound", "flat") and name_tok.head.i == name_tok.i + 1
                ):
                    name_tok = self.doc[name_tok.i + 1]
            chain = _name_chain(name_tok) if name_tok is not None else None
            if chain is None or self._ignored(chain.start_char, chain.end_char) or self.kb.country(chain.text):
                continue
            self._outlet(chain.text).add_mention(chain.start_char, chain.end_char, chain.text)

    def _outlet(self, name: str) -> _Builder:
        """The news outlet of that name: the knowledge base's, else one of the article's own."""
        org = self.kb.organization(name)
        if org is not None:
            return self._new(org.type, org.name, org.id)
        name = _organization_name(name) or name
        b = next((b for b in self.builders.values() if b.type == "media" and b.name.lower() == name.lower()), None)
        return b or self._new("media", name)

    def _collect_dateline(self) -> None:
        """A dateline (`CAIRO, Egypt --`, `LAGOS, May 28 (Xinhua) --`) says where the story was
        filed, a mention of that country, and which agency filed it: an outlet of the article."""
        text = doc_text(self.doc)
        for ignored in self.doc._.ignored or ():
            if ignored.reason != "dateline":
                continue
            dateline = find_dateline(text, ignored.start, ignored.end + 1)
            if dateline is None:
                continue
            for start, end in dateline.places:
                country = self.kb.country(text[start:end]) or self._place_country(text[start:end])
                if country is not None:
                    self._new("country", country.name, country.id).add_mention(start, end, text[start:end])
                    break
            if dateline.agency is not None:
                start, end = dateline.agency
                self._outlet(text[start:end]).add_mention(start, end, text[start:end])

    def _place_country(self, surface: str) -> Country | None:
        place = self.kb.place(surface)
        return self.kb.countries_by_iso3.get(place.country) if place is not None and place.country else None

    def _collect_others(self) -> None:
        self._collect_dateline()
        self._collect_media()
        for ent in self.doc.ents:
            if self._ignored(ent.start_char, ent.end_char):
                continue
            if any((ent.start_char, ent.end_char) in p.mentions for p in self.people):
                continue
            label = ent.label_
            if label == "PERSON":
                # A capital or a place the tagger took for a person (`Dublin should assist`).
                if not (self.kb.country(ent.text) or self.kb.place(ent.text)):
                    continue
                label = "GPE"
            if any(
                s < ent.end_char and ent.start_char < e
                for b in self.builders.values()
                if b.type == "weapon_system"
                for s, e in b.mentions
            ):
                continue  # `S-400` or `Patriot` tagged as an organisation or product
            if label in ("GPE", "NORP", "LOC"):
                country = self.kb.country(ent.text)
                if country:
                    self._new("country", country.name, country.id).add_mention(ent.start_char, ent.end_char, ent.text)
                elif label in ("GPE", "LOC") and _organization_name(ent.text):
                    # A city or region the knowledge base does not hold: an article-level place.
                    name = _organization_name(ent.text)
                    b = next((b for b in self.builders.values() if b.type == "location" and b.name.lower() == name.lower()), None)
                    (b or self._new("location", name)).add_mention(ent.start_char, ent.end_char, ent.text)
            elif label == "ORG":
                org = self.kb.organization(ent.text)
                if org:
                    b = self._new(org.type, org.name, org.id)
                    if org.country and not b.affiliation:
                        b.affiliation = self.kb.countries_by_iso3[org.country].name
                    b.add_mention(ent.start_char, ent.end_char, ent.text)
                else:
                    country = self.kb.country(ent.text)
                    if country:
                        self._new("country", country.name, country.id).add_mention(ent.start_char, ent.end_char, ent.text)
                    elif _organization_name(ent.text) and _organization_name(ent.text).lower() not in self._generic_bodies:
                        # Not in the knowledge base: an article-level organisation (or an outlet
                        # named beside a word for one), one per name. A bare `Council` or `Army`
                        # is a body named elsewhere (see resolve_references).
                        name = _organization_name(ent.text)
                        b = next((b for b in self.builders.values() if b.type in ("organization", "media") and b.name.lower() == name.lower()), None)
                        (b or self._new("organization", name)).add_mention(ent.start_char, ent.end_char, ent.text)

    def _describe(self, person: _Builder, span: Span) -> None:
        """Title and affiliation from the words around a name: `Turkish Foreign Minister X`,
        `the head of Rosoboronexport, X`, `X, the head of Rosoboronexport`."""
        phrases: list[list[Token]] = []
        root = span.root
        # The words before the name inside its own phrase: `Turkish Foreign Minister`, `US Secretary of State`.
        left: list[Token] = []
        for tok in sorted((t for t in root.subtree if t.i < span.start), key=lambda t: -t.i):
            if tok.i != (left[0].i if left else span.start) - 1 or tok.is_punct or tok.is_space:
                break
            left.insert(0, tok)
        if left:
            phrases.append(left)
        if root.dep_ == "appos":
            phrases.append([t for t in root.head.subtree if t.i < span.start and not t.is_punct])
        for child in root.children:
            if child.dep_ == "appos" and child.i > span.end - 1:
                phrases.append([t for t in child.subtree if not t.is_punct])
        person.roles.update(self._roles_around(span))
        for phrase in phrases:
            title, affiliation = self._title_in(phrase)
            if title and not person.title:
                person.title = title
            if affiliation and not person.affiliation:
                person.affiliation = affiliation
            if person.title:
                break

    def _roles_around(self, span: Span) -> set[str]:
        """Role nouns written next to a name, read from the words rather than the parse, which
        often errs here: before it (`army chief General Raheel Sharif`, `Chairman Pakistan Peoples
        Party Bilawal Bhutto Zardari`), in a phrase set off after it (`Terna Tyopev, the state
        police spokesperson`, `Shahzeb Khandaza, senior journalist and host of ...`), or in
        `who is the ...`. A possessor (`the Secretary-General's`) and what follows `of` / `for`
        name someone or something else."""
        doc = span.doc
        words: list[Token] = []
        i = span.start - 1
        if i > 0 and doc[i].text == ",":
            i -= 1  # `The Judiciary's spokesman, Alireza Jamshidi`
        stop = i - 8
        while i >= 0 and i > stop and doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "PART") and not doc[i].is_punct:
            words.append(doc[i])
            i -= 1
        j = span.end
        if j < len(doc) and doc[j].text == ",":
            j += 1
            if j + 1 < len(doc) and doc[j].lower_ == "who" and doc[j + 1].lemma_ == "be":
                j += 2
            while j < len(doc) and j - span.end <= 10:
                tok = doc[j]
                if tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "PRON") and tok.lower_ not in ("'s", "’s"):
                    break
                words.append(tok)
                j += 1
        roles = set()
        for tok in words:
            following = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if tok.lower_ in self.kb.role_nouns and not (following is not None and following.lower_ in ("'s", "’s")):
                roles.add(tok.lower_)
        return roles

    def _title_in(self, tokens: list[Token]) -> tuple[str | None, str | None]:
        words = [t.text for t in tokens]
        lower = [w.lower() for w in words]
        best: tuple[int, int] | None = None
        for a in range(len(words)):
            for b in range(len(words), a, -1):
                if " ".join(lower[a:b]) in self.kb.titles:
                    if best is None or b - a > best[1] - best[0]:
                        best = (a, b)
                    break
        if best is None:
            return None, None
        title = " ".join(words[best[0] : best[1]])
        affiliation = None
        rest = [t for n, t in enumerate(tokens) if not best[0] <= n < best[1] and t.pos_ in ("PROPN", "ADJ", "NOUN")]
        for length in (3, 2, 1):
            for a in range(len(rest) - length + 1):
                surface = " ".join(t.text for t in rest[a : a + length])
                org = self.kb.organization(surface)
                country = self.kb.country(surface)
                if org:
                    return title, org.name
                if country:
                    affiliation = affiliation or country.name
        if affiliation is None:
            propn = [t.text for t in rest if t.pos_ == "PROPN"]
            affiliation = " ".join(propn) or None
        return title, affiliation

    # -- speakers ---------------------------------------------------------------------------------

    def statement(self, n: int, st: FoundStatement) -> Statement:
        text = doc_text(self.doc)
        entity = self._speaker_entity(st) if st.speaker else None
        if entity is not None and entity.type in BODY_TYPES:
            bisect.insort(self.body_speakers, (st.resolution[0][0], entity.id))
        confidence = st.confidence
        if st.speaker and entity is None:
            confidence *= 0.8
        parts = st.content_parts
        start, end = st.content
        return Statement(
            id=f"s{n}",
            speaker=_text_span(text, st.speaker),
            speaker_entity=entity,
            cue=_text_span(text, st.cue),
            content=Content(start, end, text[start:end], tuple(parts) if len(parts) > 1 else ()),
            kind=st.kind,
            addressee=_text_span(text, st.addressee),
            confidence=confidence,
        )

    def _speaker_entity(self, st: FoundStatement) -> EntityRef | None:
        doc = self.doc
        (start, end), head_i = st.resolution
        span = doc.char_span(start, end, alignment_mode="expand")
        head = doc[head_i] if head_i is not None else span.root
        antecedent = _relative_antecedent(head)
        if antecedent is not None:
            # `Sergei Lavrov, who said ...`: the speaker as written is `who`, the entity its antecedent.
            span, head = antecedent, antecedent.root
            start, end = span.start_char, span.end_char
        lower = head.lower_
        if antecedent is None and lower in self.words.relative_pronouns and len(span) == 1:
            return None  # `which` with nothing before it that it could stand for
        if lower in self.words.person_pronouns and len(span) == 1:
            return self._pronoun(span, self.words.person_pronouns[lower], st.content_parts)
        if lower == "it" and len(span) == 1:
            return self._it(span)
        if lower in self.words.not_person_pronouns:
            return None
        if lower in self.kb.nouns("document"):
            # `Her letter noted ...`, `Foster's statement said ...`: the writer speaks.
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            if owner is not None and owner.lower_ in self.words.gendered_possessives:
                return self._pronoun(doc[owner.i : owner.i + 1], self.words.gendered_possessives[owner.lower_], st.content_parts)
        # A person named in the phrase (`the head of Rosoboronexport, Alexander Mikhev`), unless
        # named only as whose or of whom the speaker is (`Obama's former campaign strategist`,
        # `a spokesman for Erdogan`): that is someone else.
        media = self._named_media(span, head)
        if media is not None:
            return media
        other = _possessor_chars(head)
        named = [
            (not (s <= head.idx < e), s, person)
            for person in self.people
            for s, e in person.mentions
            if start <= s and e <= end
            and (not any(a <= s and e <= b for a, b in other) or _set_off(doc_text(doc), s))
        ]
        if named:
            # The name the phrase is headed by, else the first one in it (`X, head of Sabah state`).
            return self._ref(min(named, key=lambda n: n[:2])[2])
        if head.pos_ == "PROPN" and (self.kb.organization(_phrase_text(span, head)) or self.kb.organization(span.text)):
            return self._organization(span, head)
        if head.pos_ == "PROPN" or head.is_title:
            # The tagger may take a surname for a common noun ("Price said"); a capital letter is enough to try.
            chain = self._without_titles(_name_chain(head)) or span
            words = _name_tokens(chain.text)
            person = self._match_person(words) or self._match_person([head.text])
            if person is not None:
                person.add_name_mention(chain.start_char, chain.end_char, chain.text, words)
                return self._ref(person)
        return (
            self._named_body(span, head)
            or self._by_role(span, head)
            or self._media_by_noun(span, head)
            or self._anonymous(span, head)
            or self._government(span, head)
            or self._body_taken_up(span, head)
            or self._organization(span, head)
            or self._other(span, head)
        )

    def merge_people(self) -> dict[str, str]:
        """People first met under part of a name that the article gives in full later (`Aung San`
        ... `Aung San Suu Kyi`) join the fuller one. Returns the ids merged away."""
        merged: dict[str, str] = {}
        for person in sorted(self.people, key=lambda p: len(p.words)):
            fuller = [q for q in self.people if q is not person and q.id not in merged and len(q.words) > len(person.words)
                      and _names_agree(person.words, q.words)]
            if len(fuller) != 1:
                continue  # none, or ambiguous between two people
            into = fuller[0]
            for start, end in person.mentions:
                into.add_mention(start, end, doc_text(self.doc)[start:end])
            into.roles |= person.roles
            into.title = into.title or person.title
            into.affiliation = into.affiliation or person.affiliation
            into.gender = into.gender or person.gender
            merged[person.id] = into.id
            person.mentions.clear()
        self.people = [p for p in self.people if p.id not in merged]
        return merged

    def resolve_references(self) -> None:
        """Beyond the speakers: who `he` and `she` are, and which body `the Council`, `the
        government` or `authorities` are, wherever they act in the article (events read their
        actors from these mentions). Runs after the speakers, so it never changes whom a statement
        is attributed to."""
        doc = self.doc
        taken = {s for b in self.builders.values() for s, _ in b.mentions}
        for tok in doc:
            if tok.idx in taken or self._ignored(tok.idx, tok.idx + len(tok)) or tok.dep_ not in REFERRING_DEPS:
                continue
            lower = tok.lower_
            if lower in self.words.person_pronouns and tok.pos_ == "PRON":
                person = self._antecedent(doc[tok.i : tok.i + 1], self.words.person_pronouns[lower], ())
                if person is not None:
                    person.add_mention(tok.idx, tok.idx + len(tok), tok.text)
                continue
            if tok.pos_ == "PROPN" and not any(s <= tok.idx < e for b in self.people for s, e in b.mentions):
                # `Tyopev called on ...`: a short name of someone the article names in full.
                chain = _name_chain(tok)
                words = _name_tokens(chain.text) if chain is not None else []
                if words and not (self.kb.country(chain.text) or self.kb.organization(chain.text) or self.kb.place(chain.text)):
                    person = self._match_person(words)
                    if person is not None:
                        person.add_name_mention(chain.start_char, chain.end_char, chain.text, words)
                        continue
            if tok.pos_ not in ("NOUN", "PROPN") or not (
                lower in self.kb.nouns("institution") or lower in self.kb.nouns("body") or lower in self.kb.nouns("government")
            ):
                continue
            left = [t for t in doc[max(0, tok.i - 3) : tok.i] if t.head.i == tok.i and t.dep_ in ("det", "amod", "compound", "poss")]
            if any(t.pos_ == "PROPN" for t in left) or any(t.ent_type_ for t in left if t.dep_ == "compound"):
                continue  # a named body (`the Pakistan Army`): the tagger's entity, if any
            span = doc[left[0].i if left else tok.i : tok.i + 1]
            if lower in self.kb.nouns("government"):
                self._government(span, tok)
            else:
                self._body_taken_up(span, tok)

    def _pronoun(self, span: Span, gender: str, content: tuple[tuple[int, int], ...]) -> EntityRef | None:
        person = self._antecedent(span, gender, content)
        if person is None:
            return None
        person.add_mention(span.start_char, span.end_char, span.text)
        person.gender = person.gender or gender
        bisect.insort(self.subject_mentions, (span.start_char, person.id))
        return self._ref(person)

    def _it(self, span: Span) -> EntityRef | None:
        """`it said`: the body that spoke last (a government, organisation or news outlet)."""
        i = bisect.bisect_left(self.body_speakers, (span.start_char, ""))
        if i == 0:
            return None
        b = self.builders[self.body_speakers[i - 1][1]]
        b.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(b)

    def _antecedent(self, span: Span, gender: str, content: tuple[tuple[int, int], ...]) -> _Builder | None:
        """The person `he` or `she` stands for: one named earlier in the same sentence, else the
        latest subject before it, else the latest person named. Never someone named only inside
        the words the pronoun's speaker says (`"... another Altaf Hussain is created," he added`)."""
        pos = span.start_char
        sent_start = span.sent.start_char

        def fits(at: int, id_: str, narrative: bool) -> bool:
            if any(a <= at < b for a, b in content) or (narrative and self.quoted.covers(at)):
                return False
            return self.builders[id_].gender in (None, gender)

        def latest(mentions: list[tuple[int, str]], narrative: bool) -> _Builder | None:
            i = bisect.bisect_left(mentions, (pos, ""))
            while i > 0:
                i -= 1
                if fits(*mentions[i], narrative):
                    return self.builders[mentions[i][1]]
            return None

        # In its own sentence the pronoun takes up the first person named there (`remarks by
        # Simon Coveney in which, referring to the murder of Pat Finucane, he said`).
        lo = bisect.bisect_left(self.any_mentions, (sent_start, ""))
        hi = bisect.bisect_left(self.any_mentions, (pos, ""))
        for at, id_ in self.any_mentions[lo:hi]:
            if fits(at, id_, False):
                return self.builders[id_]
        # Else the latest subject outside quotations (someone named inside what another person
        # said is not who goes on speaking), then the latest person named at all.
        return latest(self.subject_mentions, True) or latest(self.any_mentions, False)

    def _government(self, span: Span, head: Token) -> EntityRef | None:
        """A country or its capital speaking (`Washington warned`), or its government, named
        (`Spain's government`, `the Spanish cabinet`) or not (`the government said`: the
        country the article is about)."""
        surface = _phrase_text(span, head)
        country = self.kb.country(surface) if head.pos_ == "PROPN" else None
        if country is None and head.lower_ in self.kb.nouns("government"):
            owners = [self.kb.country(t.text) for t in span if t.i != head.i and t.dep_ in ("poss", "amod", "compound", "pobj")]
            country = next((c for c in owners if c), None) or self._main_country(span.start_char)
        if country is None:
            return None
        # One identity for a country and its government: the country's id, typed government once it speaks.
        b = self._new("government", country.name, country.id)
        b.type = "government"
        b.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(b)

    def _main_country(self, before: int) -> Country | None:
        """The country the article has named most often before ``before`` (ties: the first named)."""
        counts = [
            (sum(1 for s, _ in b.mentions if s < before), -min(b.mentions)[0], b.id)
            for b in self.builders.values()
            if b.type in ("country", "government") and b.mentions and min(b.mentions)[0] < before
        ]
        if not counts:
            return None
        best = max(counts)
        return self.kb.countries_by_iso3.get(best[2].split(":", 1)[1])

    def _body_taken_up(self, span: Span, head: Token) -> EntityRef | None:
        """`the ministry said`, `the Council said`: the body of that kind the article named last
        (`the South Korean Defence Ministry`, `the UN Security Council`)."""
        kind = head.lower_
        if (
            kind not in self.kb.nouns("institution") and kind not in self.kb.nouns("body")
        ) or len(span) > 3 or not any(t.lower_ == "the" and t.dep_ == "det" for t in span):
            return None
        named = [
            b for b in self.builders.values()
            if b.type in BODY_TYPES and b.mentions and min(b.mentions)[0] < span.start_char
            and any(name.lower().split()[-1:] == [kind] for name in [b.name, *b.aliases])
        ]
        if not named:
            return None
        latest = max(named, key=lambda b: max(s for s, _ in b.mentions if s < span.start_char))
        latest.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(latest)

    def _organization(self, span: Span, head: Token) -> EntityRef | None:
        surface = _phrase_text(span, head)
        org = (
            self.kb.organization(surface)
            or self.kb.organization(span.text)
            or self._known_prefix(span)
            # `Russia's FSB security service`: a known body named in the phrase's head
            or next((o for c in head.children if c.dep_ in ("compound", "appos") and (o := self.kb.organization(c.text))), None)
        )
        if org is not None:
            b = self._new(org.type, org.name, org.id)
            if org.country and not b.affiliation:
                b.affiliation = self.kb.countries_by_iso3[org.country].name
            b.add_mention(span.start_char, span.end_char, span.text)
            return self._ref(b)
        ent = next((e for e in ents_within(span) if e.label_ == "ORG" and e.root.i == head.i), None)
        if ent is not None:
            existing = next((b for b in self.builders.values() if b.name == ent.text and b.type == "organization"), None)
            b = existing or self._new("organization", ent.text)
            b.add_mention(span.start_char, span.end_char, span.text)
            return self._ref(b)
        return None

    def _anonymous(self, span: Span, head: Token) -> EntityRef | None:
        """An unnamed source (`a senior official`, `diplomatic sources`), or someone known only by a
        role the article never gives a name to (`the federal minister`, `an AP photographer`)."""
        other = _possessor_chars(head)
        role = head.lower_ in self.kb.role_nouns and head.tag_ not in ("NNS", "NNPS")
        if not (head.lower_ in self.kb.unnamed_source_nouns or role) or any(
            t.ent_type_ == "PERSON" and not any(a <= t.idx < b for a, b in other) for t in span
        ):
            return None
        if head.tag_ in ("NNS", "NNPS") and any(
            prep.lower_ == "of" and any(o.ent_type_ in ("GPE", "LOC", "NORP") for o in prep.children)
            for prep in head.children
        ):
            return None  # `the people of Balochistan` are a group, not an unnamed source
        name = _description(span, head)
        affiliation = None
        for ent in ents_within(span):
            org = self.kb.organization(ent.text)
            if org:
                affiliation = org.name
                break
            country = self.kb.country(ent.text)
            if country:
                affiliation = country.name
                break
            if ent.label_ == "ORG":
                affiliation = _named_object(head, span) or ent.text
                break
        else:
            affiliation = _named_object(head, span)
        definite = any(t.lower_ in ("the", "this", "that") for t in span if t.dep_ == "det")
        existing = None
        if definite:
            # "the official" takes up the unnamed source named most recently with the same noun.
            for b in reversed(list(self.builders.values())):
                if b.type == "anonymous" and b.name.split()[-1].lower() == head.lower_:
                    existing = b
                    break
        if existing is None:
            existing = next(
                (b for b in self.builders.values() if b.type == "anonymous" and b.name.lower() == name.lower()), None
            )
        b = existing or self._new("anonymous", name)
        b.affiliation = b.affiliation or affiliation
        b.add_mention(span.start_char, span.end_char, span.text)
        if head.tag_ not in ("NNS", "NNPS"):
            # One unnamed person (`the federal minister`) whom a later `he` may take up.
            bisect.insort(self.subject_mentions, (span.start_char, b.id))
            bisect.insort(self.any_mentions, (span.start_char, b.id))
        return self._ref(b)

    def _by_role(self, span: Span, head: Token) -> EntityRef | None:
        """`the army chief said`, `a police spokesperson told`: the person the article gives that
        role (`army chief General Raheel Sharif`, `Terna Tyopev, the state police spokesperson`),
        the latest one before the phrase, else the first after it. A lead that names its speaker
        only by role (`..., the senior United Nations envoy to the West African country said`)
        means the person the next paragraphs quote by name."""
        role = head.lower_
        if role not in self.kb.role_nouns or head.tag_ in ("NNS", "NNPS"):
            return None
        holders = [p for p in self.people if role in p.roles and p.mentions]
        before = [p for p in holders if min(p.mentions)[0] < span.start_char]
        after = sorted((p for p in holders if p not in before), key=lambda p: min(p.mentions))
        person = before[-1] if before else (after[0] if after else None)
        definite = any(t.lower_ == "the" and t.dep_ == "det" for t in span)
        if person is None and definite and span.end_char <= self.lead_end:
            person = next(
                (p for p in sorted(self.people, key=lambda p: min(p.mentions) if p.mentions else (0, 0))
                 if p.mentions and min(p.mentions)[0] >= span.end_char and self._speaks(p)),
                None,
            )
            if person is not None and min(person.mentions)[0] > self.lead_follow_end:
                person = None
        if person is None:
            return None
        person.roles.add(role)
        person.add_mention(span.start_char, span.end_char, span.text)
        bisect.insort(self.subject_mentions, (span.start_char, person.id))
        return self._ref(person)

    def _named_body(self, span: Span, head: Token) -> EntityRef | None:
        """A group the phrase names (`a protest group campaigning against the reform, named We Are
        Not a Crime`, `the rights group, Amnesty International`): that organisation."""
        if head.lower_ not in self.kb.nouns("body"):
            return None
        text = doc_text(self.doc)
        m = re.search(r"(?:,\s*|\b(?:named|called|known as)\s+)([A-Z][^,;:()\"“”]*?)\s*,?\s*$", text[span.start_char : span.end_char])
        namer = next((c for c in head.children if c.dep_ == "acl" and c.lower_ in ("named", "called")), None)
        if m is None and namer is not None:
            # The parser may leave the name outside the speaker phrase: read it up to the next comma.
            m = re.match(r"\s+([A-Z][^,;:()\"“”]*?)\s*,", text[namer.idx + len(namer) : span.sent.end_char])
        if m is None or not _organization_name(m.group(1)):
            return None
        org = self.kb.organization(m.group(1))
        name = org.name if org else _organization_name(m.group(1))
        b = self._new(org.type, org.name, org.id) if org else next(
            (b for b in self.builders.values() if b.type == "organization" and b.name.lower() == name.lower()), None
        ) or self._new("organization", name)
        b.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(b)

    def _speaks(self, person: _Builder) -> bool:
        """Whether a mention of the person heads a speaker phrase of the article."""
        return any(s <= self.doc[h].idx < e for h in self.speaker_heads for s, e in person.mentions)

    def _named_media(self, span: Span, head: Token) -> EntityRef | None:
        """A name written beside a word for a news outlet (`the semi-official newspaper Al Akhbar`,
        `Dawn newspaper`, `the Kyodo news agency`) is that outlet's, whoever the tagger takes it for."""
        media_nouns = self.kb.nouns("media")
        if head.pos_ != "PROPN" and head.lower_ in media_nouns:
            head = next((c for c in head.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"), head)
        chain = _name_chain(head)
        if chain is None:
            return None
        doc = self.doc
        beside = [doc[chain.start - 1]] if chain.start > 0 else []
        beside += [doc[i] for i in range(chain.end, min(chain.end + 2, len(doc)))]
        if not any(t.lower_ in media_nouns for t in beside):
            return None
        b = self._outlet(chain.text)
        b.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(b)

    def _media_by_noun(self, span: Span, head: Token) -> EntityRef | None:
        """`the newspaper said`, `the agency reported`: the news outlet the article named last."""
        if head.lower_ not in self.kb.nouns("media") or not any(t.lower_ == "the" and t.dep_ == "det" for t in span):
            return None
        latest = None
        for b in self.builders.values():
            if b.type == "media" and b.mentions and min(b.mentions)[0] < span.start_char:
                if latest is None or max(m for m in b.mentions if m[0] < span.start_char) > max(m for m in latest.mentions if m[0] < span.start_char):
                    latest = b
        if latest is None:
            return None
        latest.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(latest)

    def _known_prefix(self, span: Span) -> Organization | None:
        """A known body named at the start of a longer phrase (`Geo News research`)."""
        words = [t for t in span if t.dep_ != "det" and not t.is_punct]
        for n in range(len(words) - 1, 0, -1):
            org = self.kb.organization(_joined(words[:n]))
            if org is not None:
                return org
        return None

    def _other(self, span: Span, head: Token) -> EntityRef | None:
        if head.lower_ in self.kb.nouns("document"):
            type_ = "document"
        elif head.lower_ in self.kb.nouns("institution") or head.lower_ in self.kb.nouns("body"):
            type_ = "organization"  # `Nigeria's police`, `President Beji Caid Essebsi's office`
        elif head.tag_ in ("NNS", "NNPS"):
            type_ = "group"
        else:
            type_ = "unknown"
        name = _joined([t for t in span if t.dep_ != "det" and not t.is_punct]) or span.text
        b = next((b for b in self.builders.values() if b.type == type_ and b.name.lower() == name.lower()), None)
        b = b or self._new(type_, name)
        b.add_mention(span.start_char, span.end_char, span.text)
        return self._ref(b)

    def _ref(self, b: _Builder) -> EntityRef:
        return EntityRef(b.id, b.name, b.type, b.title, b.affiliation)

    def entities(self) -> list[Entity]:
        return [b.build() for b in self.builders.values() if b.mentions]


# Where a mention can stand for an actor or the one acted on.
REFERRING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "agent", "dative", "conj", "appos"})
BODY_TYPES = frozenset({"government", "organization", "media"})


def _lead_bounds(text: str, ignored: CharRanges) -> tuple[int, int]:
    """The end of the article's lead (its first paragraph of prose) and of the two paragraphs after it."""
    ends = []
    pos = 0
    for m in re.finditer(r"\n\s*\n", text):
        if text[pos : m.start()].strip() and not ignored.overlaps(pos, m.start()) or (ends and text[pos : m.start()].strip()):
            ends.append(m.start())
            if len(ends) == 3:
                break
        pos = m.end()
    ends += [len(text)] * (3 - len(ends))
    return ends[0], ends[2]


def _description(span: Span, head: Token) -> str:
    """How an unnamed source is described, without its article and the place or time it spoke
    (`an AP photographer at the scene` -> `AP photographer`, `the Judiciary's spokesman on May 2` ->
    `Judiciary's spokesman`, `officials in New Delhi` -> `officials`); what says who they are
    stays (`people familiar with the negotiations`, `spokesman for the Foreign Ministry`)."""
    dropped: set[int] = set()
    for prep in head.children:
        if prep.dep_ == "prep" and prep.i > head.i and prep.lower_ in load_words().place_time_prepositions:
            dropped.update(t.i for t in prep.subtree)
    keep = [t for t in span if t.i not in dropped and t.dep_ != "det" and not t.is_punct]
    return _joined(keep) or span.text


# Named things that `who` does not refer to (a government is named by its country, so GPE stays).
_NOT_PEOPLE = frozenset({"LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "DATE", "TIME", "LAW", "MONEY"})


def _joined(tokens: list[Token]) -> str:
    """Tokens as written, one space where the text had white space (`Obama's aide`, not `Obama 's
    aide`) or where a left-out token stood between two (`Military-Technical Cooperation` without
    its punctuation is `Military Technical Cooperation`, never `MilitaryTechnical Cooperation`)."""
    out = []
    for n, t in enumerate(tokens):
        out.append(t.text)
        if t.whitespace_ or (n + 1 < len(tokens) and tokens[n + 1].i != t.i + 1):
            out.append(" ")
    return " ".join("".join(out).split())


def _possessor_chars(head: Token) -> list[tuple[int, int]]:
    """Character spans of a common-noun head's possessor and prepositional phrases (`Obama's` in
    `Obama's strategist`, `for Erdogan` in `a spokesman for Erdogan`): people named there are
    not the head."""
    if head.pos_ == "PROPN":
        return []
    spans = []
    for child in head.children:
        if child.dep_ in ("poss", "prep"):
            sub = list(child.subtree)
            spans.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
    return spans


def _set_off(text: str, start: int) -> bool:
    """Whether a name stands after a comma, in apposition to the whole phrase (`the head of the
    Federal Service for Military-Technical Cooperation, Dmitry Shugaev`), whatever the parser hung it on."""
    return text[max(0, start - 3) : start].rstrip().endswith(",")


def _relative_antecedent(tok: Token) -> Span | None:
    """For a relative pronoun that is the subject of its clause (`Lavrov, who said`), the noun
    phrase the clause hangs on, up to the pronoun (`Foreign Minister Sergei Lavrov`); else None."""
    if tok.lower_ not in load_words().relative_pronouns or tok.tag_ not in ("WP", "WDT") or tok.head.dep_ != "relcl":
        return None
    noun = tok.head.head
    people = tok.lower_ in ("who", "whom")
    # `who` means people: from a named place, thing or body in a prepositional phrase the parser
    # attached it to (`Democrats on Capitol Hill, who`), go up to the noun the phrase modifies.
    while (
        people
        and (noun.ent_type_ in _NOT_PEOPLE or noun.ent_type_ == "ORG")  # `the head of Rostec, who`
        and noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.head.pos_ in ("NOUN", "PROPN")
    ):
        noun = noun.head.head
    if noun.pos_ not in ("NOUN", "PROPN", "PRON") or noun.i >= tok.i or (people and noun.ent_type_ in _NOT_PEOPLE):
        return None
    tokens = [t for t in tok.doc[noun.left_edge.i : tok.i]]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    if not tokens or noun not in tokens:
        return None
    return tok.doc[tokens[0].i : tokens[-1].i + 1]


def _name_chain(tok: Token) -> Span | None:
    """The run of proper nouns that ends at ``tok`` (`Dmitry Shugaev`), or None if ``tok`` is no proper noun."""
    if tok.pos_ != "PROPN":
        return None
    doc = tok.doc
    start = tok.i
    while start > 0:
        prev = doc[start - 1]
        if prev.text == "-" and start > 1 and not prev.whitespace_ and not doc[start - 2].whitespace_ and doc[start - 2].pos_ == "PROPN":
            start -= 2  # a hyphenated name, `Amir-Abdollahian`, is one word of the name
            continue
        if not (prev.pos_ == "PROPN" and prev.dep_ in ("compound", "flat")):
            break
        if prev.head.i not in range(start, tok.i + 1):
            break
        start -= 1
    return doc[start : tok.i + 1]


def _named_object(head: Token, span: Span) -> str | None:
    """The proper-noun phrase a source noun belongs to: `a spokesperson for the Group for a
    Switzerland without an Army` -> `Group for a Switzerland without an Army`. The parser often
    hangs each `for`/`without` on the noun, so the name runs from the object to the phrase's end
    while it holds only proper nouns and the little words between them."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "from", "with"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    doc = obj.doc
                    end = span.end
                    while end > obj.i + 1 and doc[end - 1].is_punct:
                        end -= 1
                    run = doc[obj.i : end]
                    if run[-1].pos_ == "PROPN" and all(t.pos_ in ("PROPN", "ADP", "DET", "CCONJ") for t in run):
                        return run.text
                    return obj.text
    return None


def _organization_name(surface: str) -> str | None:
    """An organisation's name as written, without a leading article or possessive; None for debris."""
    name = re.sub(r"(?:'s|’s)$", "", " ".join(surface.split())).strip(" ,.\"'“”")
    if name.lower().startswith("the "):
        name = name[4:]
    return name if len(name) >= 2 and any(c.isupper() for c in name) else None


def _in_subject(tok: Token) -> bool:
    while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
        if tok.dep_ == "compound" and tok.head.pos_ != "PROPN":
            return False  # a name modifying a common noun (`the Karachi operation`) is not the subject
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according")


def _phrase_text(span: Span, head: Token) -> str:
    ent = next((e for e in ents_within(span) if e.start <= head.i < e.end), None)
    return ent.text if ent is not None else head.text


def _text_span(text: str, chars: tuple[int, int] | None) -> TextSpan | None:
    if chars is None:
        return None
    return TextSpan(chars[0], chars[1], text[chars[0] : chars[1]])
