"""The knowledge newsledger uses, loaded once from the data files in ``knowledge/data``.

Reporting cues, titles, unnamed-source nouns, countries (names, adjectives, capitals),
organisations, weapon systems, generic weapon words, event triggers and the CAMEO verb patterns are
data: adding one is an edit to a CSV file, never to code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Iterator

__all__ = [
    "Country", "Place", "Organization", "Weapon", "EventTrigger", "EventVerbPattern", "EventVerbs", "WeaponMention",
    "Knowledge", "load_knowledge",
]


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    iso2: str | None = field(default=None, compare=False)
    adjective: str | None = field(default=None, compare=False)  # the first of its adjectives (`Egyptian`)

    @property
    def id(self) -> str:
        return f"country:{self.iso3}"


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # city | region | island | district
    country: str | None  # ISO3


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    type: str  # speaker type: government | organization
    country: str | None  # ISO3


@dataclass(frozen=True)
class Weapon:
    id: str  # weapon:<slug>
    designation: str  # the canonical name (`S-400`, `Patriot`, `SAMP/T`)
    category: str  # `air defence system`, `fighter aircraft`, ...
    sipri_category: str  # SIPRI's weapon category (`Air defence systems`, `Aircraft`, ...)
    maker: str | None  # organisation id
    origin: str | None  # ISO3 of the country of origin
    nato_name: str | None = None

    @property
    def is_platform(self) -> bool:
        return self.category in load_words().platform_categories


@dataclass(frozen=True)
class WeaponMention:
    start: int
    end: int
    weapon: Weapon | None  # None for a generic mention (`air defence system`), typed by ``category``
    category: str


@dataclass(frozen=True)
class EventTrigger:
    """A word that may report an event: its PLOVER type and mode, its arms-transfer subtype, and
    whether its grammatical subject is the supplier or the buyer in an arms transfer."""

    lemma: str
    pos: str  # verb | noun
    type: str
    subtype: str | None
    mode: str | None
    actor_role: str | None  # supplier | buyer | item (the weapon is the subject: `arrived`) | None
    needs: str | None  # weapon: only with a weapon as item; arms: only with a weapon or arms word nearby


# A phrase a verb pattern requires: its alternatives, each a tuple of words with the head last
# (`humanitarian aid`, `prime minister`); empty when the pattern requires none.
Phrase = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class EventVerbPattern:
    """A CAMEO verb pattern (event_verbs.csv): a verb lemma and the words its frame must hold, with
    the PLOVER type it reports (None: in this frame the verb reports no event, whatever it reports alone)."""

    lemma: str
    particle: str | None  # a word right after the verb (`off` in `call off`, `for` in `ask for`)
    subject: Phrase
    object: Phrase
    prepositions: frozenset[str]  # any of them (`by|with`); empty when none is required
    prep_object: Phrase
    cameo: str  # the CAMEO code, `---` for none
    type: str | None  # PLOVER type
    mode: str | None
    source: str | None  # where CAMEO's source stands: before | after the verb
    target: str | None
    order: int = 0  # its row in the file: the first of two equally specific patterns wins
    # How much of the frame it names (words of its phrases as written, a synset one word; particle;
    # preposition): the longest, most specific pattern that matches wins.
    specificity: int = 0


@dataclass(frozen=True)
class Knowledge:
    cue_verbs: dict[str, str]  # lemma -> what else it takes as content ('', object, about, for)
    cue_particles: dict[str, str]  # lemma -> particle, for two-word cues ('point out')
    cue_phrases: tuple[str, ...]  # 'according to'
    # lemma -> the dependents that make it a cue ('show' only with a that-clause: ccomp), for verbs
    # that report only in some frames; their content is that dependent
    cue_frames: dict[str, frozenset[str]]
    titles: dict[str, str]  # lower-case title -> role kind
    unnamed_source_nouns: frozenset[str]
    countries: dict[str, Country] = field(repr=False)  # lower-case name or alias -> country
    country_adjectives: dict[str, Country] = field(repr=False)
    capitals: dict[str, Country] = field(repr=False)  # capitals and seats of government
    countries_by_iso3: dict[str, Country] = field(repr=False)
    organizations: dict[str, Organization] = field(repr=False)  # lower-case name or alias -> org
    debris_patterns: tuple[tuple[re.Pattern[str], str], ...] = field(repr=False)
    weapons_by_id: dict[str, Weapon] = field(default_factory=dict, repr=False)
    weapon_surfaces: dict[str, Weapon] = field(default_factory=dict, repr=False)  # folded surface -> weapon
    ambiguous_weapon_names: dict[str, Weapon] = field(default_factory=dict, repr=False)  # exact surface -> weapon
    weapon_words: dict[str, str] = field(default_factory=dict, repr=False)  # lower-case generic phrase -> category
    event_triggers: dict[tuple[str, str], EventTrigger] = field(default_factory=dict, repr=False)  # (lemma, pos)
    event_verbs: EventVerbs | None = field(default=None, repr=False)  # CAMEO verb patterns (event_verbs.csv)
    # Head nouns of roles one person holds (`spokesperson`, `envoy`, `chief`): the heads of the
    # titles, and the unnamed-source nouns marked as roles. `the army chief` names whoever the
    # article calls army chief.
    role_nouns: frozenset[str] = field(default_factory=frozenset, repr=False)
    given_names: dict[str, str] = field(default_factory=dict, repr=False)  # lower-case first name -> m | f
    # Common nouns by what they tell of the entity a phrase names: media, government, body,
    # institution, document (entity_nouns.csv).
    entity_nouns: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    name_particles: tuple[str, ...] = field(default=(), repr=False)  # `al-`: `Sisi` names al-Sisi
    places: dict[str, Place] = field(default_factory=dict, repr=False)  # lower-case name or alias -> place
    undergo_verbs: frozenset[str] = field(default_factory=frozenset, repr=False)  # `suffered attacks`: the subject is hit
    light_verbs: frozenset[str] = field(default_factory=frozenset, repr=False)  # `imposed sanctions`: the object is the event
    agent_verbs: frozenset[str] = field(default_factory=frozenset, repr=False)  # `led the massacre`: the subject did it
    no_comment_verbs: frozenset[str] = field(default_factory=frozenset, repr=False)  # `declined to comment`: no event
    appeal_words: frozenset[str] = field(default_factory=frozenset, repr=False)  # `urged`: a request that is an appeal
    modality_words: dict[str, str] = field(default_factory=dict, repr=False)  # `hopes` -> hoped, `plans` -> planned
    weapon_names: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # weapon id -> its spellings, designation first

    def place(self, surface: str) -> Place | None:
        """A city, region or island (`Karachi`, `Sabah`, `Mindanao`) and the country it lies in."""
        return self.places.get(_key(surface))

    def nouns(self, kind: str) -> frozenset[str]:
        return self.entity_nouns.get(kind, frozenset())

    def country(self, surface: str) -> Country | None:
        """The country a name, alias, adjective or capital stands for (`Turkish`, `Ankara`)."""
        key = _key(surface)
        return self.countries.get(key) or self.country_adjectives.get(key) or self.capitals.get(key)

    def organization(self, surface: str) -> Organization | None:
        return self.organizations.get(_key(surface))

    def title(self, words: str) -> str | None:
        return self.titles.get(words.lower().strip())

    def weapon(self, id_or_surface: str) -> Weapon | None:
        """A weapon system by id (`weapon:s-400`) or by any of its spellings (`S400`, `Triumf`)."""
        return self.weapons_by_id.get(id_or_surface) or self.weapon_surfaces.get(_fold_designation(id_or_surface))

    def names_of_weapon(self, id_or_surface: str) -> tuple[str, ...]:
        """Every spelling of the weapon that an id or any spelling names (`S400` -> `S-400`, `S400`,
        `S-400 Triumf`, `SA-21 Growler`, ...), designation first; () for no known weapon: what a
        search for one spelling also looks for."""
        weapon = self.weapon(id_or_surface)
        return self.weapon_names.get(weapon.id, (weapon.designation,)) if weapon else ()

    def _weapon_surface(self, surface: str) -> Weapon | None:
        folded = _fold_designation(surface)
        weapon = self.weapon_surfaces.get(folded)
        if weapon is None and folded.endswith("s"):
            weapon = self.weapon_surfaces.get(folded[:-1])  # `S-400s`, `Rafales`
        return weapon

    def trigger(self, lemma: str, pos: str) -> EventTrigger | None:
        return self.event_triggers.get((lemma.lower(), pos))

    @cached_property
    def _weapon_prefixes(self) -> frozenset[str]:
        """Every beginning of every weapon name and phrase, folded as `find_weapons` folds them: a
        word that begins none of them starts no mention, which skips nearly every word of a text."""
        surfaces = [*self.weapon_surfaces, *self.ambiguous_weapon_names, *self.weapon_words]
        prefixes: set[str] = set()
        for surface in surfaces:
            folded = _fold_designation(surface)
            prefixes.update(folded[:k] for k in range(1, len(folded) + 1))
        return frozenset(prefixes)

    def find_weapons(self, text: str) -> list[WeaponMention]:
        """Weapon systems (`S-400`, `SAMP-T`, `Patriot missiles`) and generic weapon phrases
        (`air defence system`, `fighter jets`) in ``text``, longest first, not overlapping.
        A name that is also an ordinary word counts only when capitalised and next to a weapon word.
        Looks up runs of up to four words in dictionaries (one pass over the words, no big regex)."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[WeaponMention] = []
        starts = self._weapon_prefixes
        for i, (start, first_end) in enumerate(words):
            first = _fold_designation(text[start:first_end])
            if first not in starts and _singular(first) not in starts:
                continue  # no weapon name or phrase begins with this word
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                end = words[i + n - 1][1]
                if n > 1 and any(words[k + 1][0] - words[k][1] > 2 for k in range(i, i + n - 1)):
                    continue  # the words must stand together (one space or joiner between them)
                surface = text[start:end]
                weapon = self._weapon_surface(surface)
                if weapon is not None:
                    found.append(WeaponMention(start, end, weapon, weapon.category))
                    break
                weapon = self.ambiguous_weapon_names.get(surface) or self.ambiguous_weapon_names.get(_singular(surface))
                if weapon is not None and _beside_weapon_word(text, start, end):
                    found.append(WeaponMention(start, end, weapon, weapon.category))
                    break
                category = self.weapon_words.get(" ".join(surface.split()).lower())
                if category is not None:
                    found.append(WeaponMention(start, end, None, category))
                    break
        found.sort(key=lambda w: (w.start, -(w.end - w.start), w.weapon is None))
        kept: list[WeaponMention] = []
        for w in found:
            if kept and w.start < kept[-1].end:
                continue
            kept.append(w)
        return kept


def _key(surface: str) -> str:
    s = " ".join(surface.split()).strip(" ,.'’\"").lower()
    for prefix in ("the ",):
        if s.startswith(prefix):
            s = s[len(prefix):]
    s = re.sub(r"(?:'s|’s)$", "", s)
    return s


_WORD = re.compile(r"[^\W_]+(?:[\-‐‑–/.][^\W_]+)*")
_MAX_WORDS = 4


def _singular(surface: str) -> str:
    return surface[:-1] if surface.endswith("s") else surface


_DESIGNATION_JOINERS = re.compile(r"[\s\-‐‑–/.]+")


def _fold_designation(surface: str) -> str:
    """`S-400`, `S400`, `S 400` and `s-400` fold alike; so do `SAMP/T` and `SAMP-T`."""
    return _DESIGNATION_JOINERS.sub("", surface).lower()


def _beside_weapon_word(text: str, start: int, end: int) -> bool:
    after = re.match(r"[\s\-]*([A-Za-z\-]+)(?:\s+([A-Za-z\-]+))?", text[end : end + 40])
    before = re.search(r"([A-Za-z\-]+)[\s]*$", text[max(0, start - 30) : start])
    words = {m.group(1).lower() for m in (after, before) if m}
    if after and after.group(2) and "-" in after.group(1):
        words.add(after.group(2).lower())  # `Harpoon anti-ship missiles`, `Sidewinder air-to-air missiles`
    return bool(words & load_words().weapon_context_words)


def _grouped(pairs: Iterator[tuple[str, str]]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, value in pairs:
        groups.setdefault(key, set()).add(value)
    return {key: frozenset(values) for key, values in groups.items()}


def _title_head(title: str) -> str:
    """The noun a title is headed by: `chief of army staff` -> `chief`, `foreign minister` -> `minister`."""
    words = re.split(r" (?:of|for) ", title)[0].split()
    return words[-1].rstrip(".") if words else title


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = resources.files(__package__).joinpath("data", name)
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


# --- Word lists: the word classes the stages' rules name (pronouns, auxiliaries, prepositions, nouns
# and verbs of one use each), each from its file in knowledge/data; read through ``load_words()``.

PRONOUN_GROUPS = frozenset({"person", "possessive", "speaker", "first_singular", "relative", "thing", "not_person"})
PREPOSITION_USES = frozenset({"time", "recipient", "place_time"})
AUXILIARY_MODALITIES = frozenset({"hypothetical", "deontic", "future"})
TENSES = frozenset({"future", "past"})
COUNT_WORD_KINDS = frozenset({"unit", "modifier", "of"})
QUANTITY_LEAD_KINDS = frozenset({"change", "measure"})


@dataclass(frozen=True)
class Words:
    """The small word lists of knowledge/data that rules test a token against (`would` is
    hypothetical, `police` a state's force); pronouns.csv, prepositions.csv and honorifics.csv
    give several lists each."""

    modal_auxiliaries: dict[str, str]  # `would` -> hypothetical, `must` -> deontic, `will` -> future
    person_pronouns: dict[str, str]  # `he` -> m: resolved to a person of that gender
    possessive_pronouns: frozenset[str]  # `his`, `our`: whose
    gendered_possessives: dict[str, str]  # `his` -> m, `her` -> f
    speaker_pronouns: frozenset[str]  # `we`, `i`, `us`: inside a quotation, the speaker's side
    first_singular_pronouns: frozenset[str]  # `i`, `me`: inside a quotation, the speaker alone
    relative_pronouns: frozenset[str]  # `who`, `which`: stand for the noun their clause hangs on
    thing_pronouns: frozenset[str]  # `it`, `they`: a thing or body named before
    not_person_pronouns: frozenset[str]  # `we`, `they`: never a person named in the article
    subject_persons: dict[str, str]  # `we` -> first: the cue-verb model's subject_pronoun feature
    time_prepositions: frozenset[str]  # `after meeting ...`: an act told as the time of another
    recipient_prepositions: frozenset[str]  # `sold to India`: who an event is done to or with
    place_time_prepositions: frozenset[str]  # `officials in New Delhi`: where or when a source spoke
    honorifics: frozenset[str]  # `mr`, `dr.`: before a name, not part of it
    honorific_genders: dict[str, str]  # `mrs` -> f
    number_words: dict[str, int]  # `two` -> 2, `dozen` -> 12
    denial_verbs: frozenset[str]  # `denied that ...`: the content is denied
    cancel_verbs: frozenset[str]  # `cancelled its order`: the deal reads as cancelled
    object_only_verbs: frozenset[str]  # `backed the rebels`: an event only with an object
    choice_stems: tuple[str, ...]  # `chose`, `selected`: a system chosen, no deal yet
    weapon_anaphors: frozenset[str]  # `the system`: the weapon named last
    state_forces: frozenset[str]  # `police`, `troops`: act for the state
    quantity_nouns: frozenset[str]  # `thousands of students`: the people follow `of`
    own_country_nouns: frozenset[str]  # `his country`: the speaker's side
    speech_act_nouns: frozenset[str]  # `issued a statement`: the act of speaking, not what was said
    weapon_context_words: frozenset[str]  # `Patriot missiles`: makes an ordinary-word name a weapon
    platform_categories: frozenset[str]  # weapon categories that are platforms (re3d's MilitaryPlatform)
    # The time tagger's words (events/time.py), in file order: it builds its patterns from them.
    tense_cues: dict[str, str]  # `will` -> future, `said` -> past
    count_words: dict[str, str]  # `troops` -> unit, `more` -> modifier, `them` -> of: `2000 more troops` is no year
    quantity_leads: dict[str, str]  # `rose` -> change (`rose by 2000`), `total` -> measure (`a total of 2000`)
    duration_context_words: tuple[str, ...]  # `the first time in three years`: a length, not a date


def _word_list(name: str, column: str) -> frozenset[str]:
    return frozenset(row[column].strip().lower() for row in _rows(name))


def _word_kinds(name: str, column: str, known: frozenset[str]) -> dict[str, str]:
    """word -> its kind, in file order."""
    return {row["word"].strip().lower(): _checked(name, row[column].strip(), known) for row in _rows(name)}


def _checked(name: str, value: str, known: frozenset[str]) -> str:
    if value not in known:
        raise ValueError(f"{name}: unknown value {value!r}; use one of: {', '.join(sorted(known))}")
    return value


@lru_cache(maxsize=1)
def load_words() -> Words:
    """The word lists, read once; a group, use or kind that the code does not know is an error naming the file."""
    pronouns = [
        (row["pronoun"].strip().lower(), {_checked("pronouns.csv", g, PRONOUN_GROUPS) for g in _split(row["groups"])}, row)
        for row in _rows("pronouns.csv")
    ]

    def group(name: str) -> frozenset[str]:
        return frozenset(p for p, groups, _ in pronouns if name in groups)

    uses = [
        (row["preposition"].strip().lower(), _checked("prepositions.csv", row["use"].strip(), PREPOSITION_USES))
        for row in _rows("prepositions.csv")
    ]
    honorifics = {row["honorific"].strip().lower(): row["gender"].strip() for row in _rows("honorifics.csv")}
    return Words(
        modal_auxiliaries=_word_kinds("modal_auxiliaries.csv", "modality", AUXILIARY_MODALITIES),
        person_pronouns={p: row["gender"] for p, groups, row in pronouns if "person" in groups},
        possessive_pronouns=group("possessive"),
        gendered_possessives={p: row["gender"] for p, groups, row in pronouns if "possessive" in groups and row["gender"]},
        speaker_pronouns=group("speaker"),
        first_singular_pronouns=group("first_singular"),
        relative_pronouns=group("relative"),
        thing_pronouns=group("thing"),
        not_person_pronouns=group("not_person"),
        subject_persons={p: row["subject_person"] for p, _, row in pronouns if row["subject_person"]},
        time_prepositions=frozenset(p for p, use in uses if use == "time"),
        recipient_prepositions=frozenset(p for p, use in uses if use == "recipient"),
        place_time_prepositions=frozenset(p for p, use in uses if use == "place_time"),
        honorifics=frozenset(honorifics),
        honorific_genders={h: gender for h, gender in honorifics.items() if gender},
        number_words={row["word"].strip().lower(): int(row["value"]) for row in _rows("number_words.csv")},
        denial_verbs=_word_list("denial_verbs.csv", "verb"),
        cancel_verbs=_word_list("cancel_verbs.csv", "verb"),
        object_only_verbs=_word_list("object_only_verbs.csv", "verb"),
        choice_stems=tuple(sorted(_word_list("choice_stems.csv", "stem"))),
        weapon_anaphors=_word_list("weapon_anaphors.csv", "noun"),
        state_forces=_word_list("state_forces.csv", "noun"),
        quantity_nouns=_word_list("quantity_nouns.csv", "noun"),
        own_country_nouns=_word_list("own_country_nouns.csv", "noun"),
        speech_act_nouns=_word_list("speech_act_nouns.csv", "noun"),
        weapon_context_words=_word_list("weapon_context_words.csv", "word"),
        platform_categories=_word_list("platform_categories.csv", "category"),
        tense_cues=_word_kinds("tense_cues.csv", "tense", TENSES),
        count_words=_word_kinds("count_words.csv", "kind", COUNT_WORD_KINDS),
        quantity_leads=_word_kinds("quantity_leads.csv", "kind", QUANTITY_LEAD_KINDS),
        duration_context_words=tuple(row["word"].strip().lower() for row in _rows("duration_context_words.csv")),
    )


# --- end of the word lists --------------------------------------------------------------------

# The frames of cues.csv's `framed` verbs, as spaCy dependency labels; a preposition (`about`)
# stands for a prepositional phrase it opens (`talked about the plan`), kept as `prep:about`.
CUE_FRAMES = {"clause": "ccomp", "infinitive": "xcomp", "object": "dobj"}
PREPOSITION_FRAME = "prep:"
FRAME_PREPOSITIONS = frozenset("about against as at by for from in into of on over to with".split())


def _frame(name: str) -> str:
    if name in CUE_FRAMES:
        return CUE_FRAMES[name]
    if name in FRAME_PREPOSITIONS:
        return PREPOSITION_FRAME + name
    raise ValueError(
        f"cues.csv: unknown frame {name!r}; use clause, infinitive, object or one of: {', '.join(sorted(FRAME_PREPOSITIONS))}"
    )



# -- the statement stage's words (nlp/statements) ---------------------------------------------


@dataclass(frozen=True)
class StatementWords:
    """The word lists the statement rules read (``nlp/statements``), each from its data file."""

    kicker_labels: frozenset[str]  # `The Latest:`, `UPDATE:`: a line label that names no speaker (line_labels.csv)
    source_label_nouns: frozenset[str]  # `Poll:`, `Officials:`: a line label that is a source (line_labels.csv)
    addressee_cues: frozenset[str]  # `tell`, `assure`: the cue's object is who is spoken to (addressee_cues.csv)
    non_speaker_subjects: frozenset[str]  # `there`, `this`: a subject that names no speaker (non_speaker_subjects.csv)
    object_prepositions: frozenset[str]  # `blamed Ankara for ...`: kept after a stance object (object_prepositions.csv)
    cue_prepositions: dict[str, frozenset[str]]  # cues.csv's takes (about, for) -> `warned of`, `called for` (cue_prepositions.csv)
    contrast_marks: frozenset[str]  # `while`, `whereas`: a contrast cut off the content (contrast_marks.csv)
    signature_name_words: tuple[str, ...]  # `bin` in `― Mohammed bin Salman` (name_words.csv)
    label_name_words: tuple[str, ...]  # `of` in `Secretary of State:` (name_words.csv)


@lru_cache(maxsize=1)
def load_statement_words() -> StatementWords:
    labels = list(_rows("line_labels.csv"))
    name_words = list(_rows("name_words.csv"))
    return StatementWords(
        kicker_labels=frozenset(row["label"].lower() for row in labels if row["kind"] == "kicker"),
        source_label_nouns=frozenset(row["label"].lower() for row in labels if row["kind"] == "source"),
        addressee_cues=frozenset(row["verb"].lower() for row in _rows("addressee_cues.csv")),
        non_speaker_subjects=frozenset(row["word"].lower() for row in _rows("non_speaker_subjects.csv")),
        object_prepositions=frozenset(row["preposition"].lower() for row in _rows("object_prepositions.csv")),
        cue_prepositions=_grouped((row["takes"], row["preposition"].lower()) for row in _rows("cue_prepositions.csv")),
        contrast_marks=frozenset(row["word"].lower() for row in _rows("contrast_marks.csv")),
        signature_name_words=tuple(row["word"] for row in name_words if row["where"] in ("signature", "both")),
        label_name_words=tuple(row["word"] for row in name_words if row["where"] in ("label", "both")),
    )


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    cue_verbs: dict[str, str] = {}
    cue_particles: dict[str, str] = {}
    cue_frames: dict[str, frozenset[str]] = {}
    phrases: list[str] = []
    for row in _rows("cues.csv"):
        cue, kind, takes = row["cue"].strip().lower(), row["kind"], (row.get("takes") or "").strip()
        if kind == "phrase":  # read by nlp/statements/according_to.py as two words: the cue, then the source
            if len(cue.split()) != 2:
                raise ValueError(f"cues.csv: the phrase {cue!r} is not two words; a cue phrase is two words followed by its source")
            phrases.append(" ".join(cue.split()))
        elif kind == "framed":
            cue_frames[cue] = frozenset(_frame(frame) for frame in _split(takes))
        elif " " in cue:
            verb, particle = cue.split(" ", 1)
            cue_particles[verb] = particle
        else:
            cue_verbs[cue] = takes

    countries: dict[str, Country] = {}
    adjectives: dict[str, Country] = {}
    capitals: dict[str, Country] = {}
    by_iso3: dict[str, Country] = {}
    for row in _rows("countries.csv"):
        country = Country(row["iso3"], row["name"], row.get("iso2") or None, next(iter(_split(row["adjectives"])), None))
        by_iso3[country.iso3] = country
        for surface in [row["name"], *_split(row["aliases"])]:
            countries.setdefault(_key(surface), country)
        for surface in _split(row["adjectives"]):
            adjectives.setdefault(_key(surface), country)
        for surface in _split(row["capitals"]):
            capitals.setdefault(_key(surface), country)

    organizations: dict[str, Organization] = {}
    for row in _rows("organizations.csv"):
        org = Organization(row["id"], row["name"], row["type"], row.get("country") or None)
        for surface in [row["name"], *_split(row["aliases"])]:
            organizations.setdefault(_key(surface), org)
    # News agencies, newspapers and broadcasters speak as media.
    for row in _rows("media.csv"):
        org = Organization(row["id"], row["name"], "media", row.get("country") or None)
        for surface in [row["name"], *_split(row["aliases"])]:
            organizations.setdefault(_key(surface), org)

    weapons_by_id: dict[str, Weapon] = {}
    surfaces: dict[str, Weapon] = {}
    ambiguous: dict[str, Weapon] = {}
    weapon_names: dict[str, tuple[str, ...]] = {}
    for row in _rows("weapons.csv"):
        weapon = Weapon(
            id=row["id"],
            designation=row["designation"],
            category=row["category"],
            sipri_category=row.get("sipri_category") or "Other",
            maker=row.get("maker") or None,
            origin=row.get("origin") or None,
            nato_name=row.get("nato_name") or None,
        )
        weapons_by_id[weapon.id] = weapon
        names = [row["designation"], *_split(row.get("aliases")), *_split(row.get("names")), *_split(row.get("nato_name"))]
        weapon_names[weapon.id] = tuple(dict.fromkeys(names))
        for surface in names:
            surfaces.setdefault(_fold_designation(surface), weapon)
        for surface in _split(row.get("ambiguous_names")):
            ambiguous.setdefault(surface, weapon)
    # A designation that is an ordinary word (`Patriot`) must not match lower-case prose.
    for surface, weapon in ambiguous.items():
        if surfaces.get(_fold_designation(surface)) is weapon:
            del surfaces[_fold_designation(surface)]
    weapon_words = {row["phrase"].lower(): row["category"] for row in _rows("weapon_words.csv")}
    triggers: dict[tuple[str, str], EventTrigger] = {}
    for row in _rows("events.csv"):
        trigger = EventTrigger(
            lemma=row["trigger"].strip().lower(),
            pos=row["pos"],
            type=row["type"],
            subtype=row.get("subtype") or None,
            mode=row.get("mode") or None,
            actor_role=row.get("actor_role") or None,
            needs=row.get("needs") or None,
        )
        triggers.setdefault((trigger.lemma, trigger.pos), trigger)

    places: dict[str, Place] = {}
    for row in _rows("places.csv"):
        place = Place(row["name"], row["kind"], row.get("country") or None)
        for surface in [row["name"], *_split(row.get("aliases"))]:
            places.setdefault(_key(surface), place)
    titles = {row["title"].lower(): row["kind"] for row in _rows("titles.csv")}
    sources = list(_rows("sources.csv"))
    return Knowledge(
        cue_verbs=cue_verbs,
        cue_particles=cue_particles,
        cue_phrases=tuple(phrases),
        cue_frames=cue_frames,
        titles=titles,
        unnamed_source_nouns=frozenset(row["noun"].lower() for row in sources),
        role_nouns=frozenset(
            {_title_head(title) for title in titles} - {row["noun"].lower() for row in sources if row.get("role") != "yes"}
        ),
        given_names={row["name"].lower(): row["gender"] for row in _rows("given_names.csv")},
        places=places,
        modality_words={row["word"].lower(): row["modality"] for row in _rows("modality_words.csv")},
        undergo_verbs=frozenset(row["verb"].lower() for row in _rows("undergo_verbs.csv")),
        light_verbs=frozenset(row["verb"].lower() for row in _rows("light_verbs.csv")),
        agent_verbs=frozenset(row["verb"].lower() for row in _rows("agent_verbs.csv")),
        no_comment_verbs=frozenset(row["verb"].lower() for row in _rows("no_comment_verbs.csv")),
        appeal_words=frozenset(row["word"].lower() for row in _rows("appeal_words.csv")),
        name_particles=tuple(row["particle"].lower() for row in _rows("name_particles.csv")),
        entity_nouns=_grouped((row["kind"], row["noun"].lower()) for row in _rows("entity_nouns.csv")),
        countries=countries,
        country_adjectives=adjectives,
        capitals=capitals,
        countries_by_iso3=by_iso3,
        organizations=organizations,
        debris_patterns=tuple(
            (re.compile(rf"^(?:{row['pattern']})$", re.IGNORECASE), row["reason"]) for row in _rows("debris.csv")
        ),
        weapons_by_id=weapons_by_id,
        weapon_surfaces=surfaces,
        weapon_names=weapon_names,
        ambiguous_weapon_names=ambiguous,
        weapon_words=weapon_words,
        event_triggers=triggers,
        event_verbs=_event_verbs(),
    )


def _event_verbs() -> EventVerbs:
    synsets = {row["synset"]: [tuple(w.split()) for w in _split(row["words"])] for row in _rows("event_verb_synsets.csv")}
    text = resources.files(__package__).joinpath("data", "event_verbs.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    columns = lines[0].split(",") if lines else []
    by_lemma: dict[str, list[tuple[int, str]]] = {}
    for order, line in enumerate(lines[1:]):
        by_lemma.setdefault(line[: line.find(",")], []).append((order, line))
    return EventVerbs(columns, by_lemma, synsets)


class EventVerbs:
    """The CAMEO verb patterns of event_verbs.csv, by verb lemma. The file is read once; a lemma's
    rows become patterns the first time a text uses that verb (most of its thousand verbs never occur
    in a run), indexed by the word that anchors each: (`object`, head word), (`prep_object`, head
    word), (`preposition`, word), (`particle`, word), (`subject`, head word), or ('', '') for the
    verb alone. A token then looks up only the words around it (events/patterns.py)."""

    def __init__(
        self, columns: list[str], rows: dict[str, list[tuple[int, str]]], synsets: dict[str, list[tuple[str, ...]]]
    ):
        self._columns = columns
        self._rows = rows
        self._synsets = synsets
        self._phrases: dict[str, Phrase] = {}
        self._built: dict[str, dict[tuple[str, str], tuple[EventVerbPattern, ...]]] = {}

    def __contains__(self, lemma: str) -> bool:
        return lemma in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def anchored(self, lemma: str) -> dict[tuple[str, str], tuple[EventVerbPattern, ...]]:
        """The lemma's patterns by anchor, each list most specific first; empty for an unknown verb."""
        built = self._built.get(lemma)
        if built is None:
            if lemma not in self._rows:
                return {}
            built = self._built[lemma] = self._build(lemma)
        return built

    def _phrase(self, cell: str) -> Phrase:
        """The alternatives a cell names, a synset (`&WEAPON`) standing for each of its words."""
        phrase = self._phrases.get(cell)
        if phrase is None:
            options: list[tuple[str, ...]] = []
            for alternative in _split(cell):
                expanded: list[tuple[str, ...]] = [()]
                for word in alternative.split():
                    fills = self._synsets.get(word, [(word,)]) if word.startswith("&") else [(word,)]
                    expanded = [e + f for e in expanded for f in fills]
                options.extend(expanded)
            phrase = self._phrases[cell] = tuple(dict.fromkeys(options))
        return phrase

    def _build(self, lemma: str) -> dict[tuple[str, str], tuple[EventVerbPattern, ...]]:
        index: dict[tuple[str, str], list[EventVerbPattern]] = {}
        for order, line in self._rows[lemma]:
            row = dict(zip(self._columns, next(csv.reader([line]))))
            plover = row["plover"]
            cells = (row["subject"], row["object"], row["prep_object"])
            pattern = EventVerbPattern(
                lemma=lemma,
                particle=row["particle"] or None,
                subject=self._phrase(row["subject"]),
                object=self._phrase(row["object"]),
                prepositions=frozenset(_split(row["preposition"])),
                prep_object=self._phrase(row["prep_object"]),
                cameo=row["cameo"],
                type=None if plover == "none" else plover,
                mode=row["mode"] or None,
                source=row["source"] or None,
                target=row["target"] or None,
                order=order,
                specificity=sum(max((len(a.split()) for a in _split(c)), default=0) for c in cells)
                + bool(row["particle"]) + bool(row["preposition"]),
            )
            if pattern.object:
                anchors = {("object", o[-1]) for o in pattern.object}
            elif pattern.prep_object:
                anchors = {("prep_object", o[-1]) for o in pattern.prep_object}
            elif pattern.prepositions:
                anchors = {("preposition", p) for p in pattern.prepositions}
            elif pattern.particle:
                anchors = {("particle", pattern.particle)}
            elif pattern.subject:
                anchors = {("subject", o[-1]) for o in pattern.subject}
            else:
                anchors = {("", "")}
            for anchor in anchors:
                index.setdefault(anchor, []).append(pattern)
        return {anchor: tuple(sorted(ps, key=lambda p: (-p.specificity, p.order))) for anchor, ps in index.items()}
