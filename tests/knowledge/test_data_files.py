"""Integrity of the knowledge-base CSV files shipped in ``newsledger/knowledge/data``.

The files are read the way the package ships them (``importlib.resources``), with ``#`` comment
lines skipped, so a broken row fails here rather than deep inside a pipeline run.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from importlib.resources import files

import pytest

WEAPON_COLUMNS = [
    "id",
    "designation",
    "aliases",
    "names",
    "ambiguous_names",
    "nato_name",
    "category",
    "sipri_category",
    "maker",
    "origin",
]

CATEGORIES = {
    "air defence system",
    "fighter aircraft",
    "bomber aircraft",
    "transport aircraft",
    "tanker aircraft",
    "trainer aircraft",
    "patrol aircraft",
    "airborne early warning aircraft",
    "helicopter",
    "combat helicopter",
    "unmanned aerial vehicle",
    "loitering munition",
    "main battle tank",
    "armoured vehicle",
    "self-propelled artillery",
    "towed artillery",
    "multiple rocket launcher",
    "ballistic missile",
    "cruise missile",
    "anti-ship missile",
    "anti-tank missile",
    "air-to-air missile",
    "surface-to-air missile",
    "portable air defence system",
    "guided bomb",
    "frigate",
    "destroyer",
    "corvette",
    "submarine",
    "aircraft carrier",
    "patrol vessel",
    "amphibious ship",
    "radar",
    "engine",
    "small arms",
}

# The weapon categories of the SIPRI Arms Transfers Database.
SIPRI_CATEGORIES = {
    "Aircraft",
    "Air defence systems",
    "Anti-submarine warfare weapons",
    "Armoured vehicles",
    "Artillery",
    "Engines",
    "Missiles",
    "Naval weapons",
    "Satellites",
    "Sensors",
    "Ships",
    "Other",
}

# Ordinary English words (and very common given names) that a case-insensitive whole-word
# matcher must never take for a weapon. Many are real weapon names: those belong in
# ambiguous_names, never in aliases or names.
_COMMON_WORDS_TEXT = """
    a an the and or of in on at to for by with from as is are was be it its this that not no
    air land sea army navy force forces missile missiles rocket rockets tank tanks drone drones
    jet jets plane aircraft ship ships boat submarine system systems gun guns bomb bombs radar
    weapon weapons launcher battery defence defense strike attack class type model block mark
    new old light heavy long short range fire storm shadow iron dome sling arrow shield sword
    spear star sun moon sky cloud wind thunder lightning rain snow ice stone rock steel gold
    eagle hawk falcon kite raven crow owl condor vulture osprey harrier sparrow swan pelican
    tiger lion leopard panther jaguar puma lynx cougar cheetah wolf fox bear bull bison buffalo
    boxer fighter warrior knight archer hunter ranger raider reaper predator sentinel sentry
    guardian patriot avenger defender protector champion spirit phantom ghost viper cobra python
    mamba adder hornet wasp bee scorpion spider dolphin shark whale barracuda piranha stingray
    stinger javelin harpoon trident tomahawk hammer spike arrowhead spice meteor comet mistral
    typhoon tornado hurricane cyclone tempest blizzard growler flanker fulcrum foxhound fencer
    fullback felon candid mainstay midas halo hip hind havoc bear blackjack backfire mitten
    lancer galaxy hercules pegasus millennium spartan atlas titan triton poseidon neptune orion
    hermes heron harpy lancet switchblade caesar dana paladin challenger bradley abrams patton
    fuchs marder dingo griffon piranha bushmaster ajax jackal mastiff rhino vampire
    tor grad pion metis milan astros atmos krab zuzana triumph prometheus
    kilo yuan jin shang sigma aegis aster mica tow nag hellfire brimstone sidewinder derby
    checkmate alligator caiman merlin wildcat hawkeye chinook apache lakota raptor eagle
    tejas arjun akash agni prithvi dhruv rudra astra shaheen ghauri babur fattah emad qadr
    jericho bora tayfun karrar altay kaplan korkut pars redback borsuk eitan haider som uran
    onyx zircon scud sizzler minuteman stunner spyder phalanx tamir kaan
    bayraktar gabriel topol severodvinsk bohdana bogdana
    malka khorramshahr hoveyzeh ababeel
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())

SLUG = re.compile(r"^weapon:[a-z0-9]+(?:-[a-z0-9]+)*$")
ORG_ID = re.compile(r"^org:[a-z0-9]+(?:-[a-z0-9]+)*$")


def _rows(name: str) -> list[dict[str, str]]:
    text = files("newsledger.knowledge").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _header(name: str) -> list[str]:
    text = files("newsledger.knowledge").joinpath("data", name).read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return next(csv.reader([first]))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _norm(surface: str) -> str:
    """Case, spaces, hyphens, slashes and dots do not tell two surface forms apart."""
    return re.sub(r"[\s\-/.]", "", surface.casefold())


@cache
def weapons() -> list[dict[str, str]]:
    return _rows("weapons.csv")


@cache
def organizations() -> list[dict[str, str]]:
    return _rows("organizations.csv")


@cache
def countries() -> list[dict[str, str]]:
    return _rows("countries.csv")


def _surfaces(row: dict[str, str]) -> list[str]:
    return [
        row["designation"],
        *_split(row["aliases"]),
        *_split(row["names"]),
        *_split(row["ambiguous_names"]),
        *_split(row["nato_name"]),
    ]


# --- weapons.csv ---------------------------------------------------------------------------


def test_weapons_header_and_every_row_has_all_columns():
    assert _header("weapons.csv") == WEAPON_COLUMNS
    for row in weapons():
        assert None not in row, f"too many cells: {row}"
        assert all(row[c] is not None for c in WEAPON_COLUMNS), f"missing cells: {row}"
        assert row["id"] and row["designation"], row


def test_weapons_cover_at_least_200_systems():
    assert len(weapons()) >= 200


def test_weapon_ids_are_unique_slugs():
    ids = Counter(row["id"] for row in weapons())
    assert not [i for i, n in ids.items() if n > 1]
    assert not [i for i in ids if not SLUG.match(i)]


def test_weapon_categories_come_from_the_allowed_lists():
    assert not [(r["id"], r["category"]) for r in weapons() if r["category"] not in CATEGORIES]
    assert not [(r["id"], r["sipri_category"]) for r in weapons() if r["sipri_category"] not in SIPRI_CATEGORIES]


def test_weapon_origins_are_iso3_codes_of_known_countries():
    iso3 = {row["iso3"] for row in countries()}
    assert not [(r["id"], r["origin"]) for r in weapons() if r["origin"] not in iso3]


def test_weapon_makers_are_known_organizations():
    org_ids = {row["id"] for row in organizations()}
    assert not [(r["id"], r["maker"]) for r in weapons() if r["maker"] not in org_ids]


def test_no_surface_form_belongs_to_two_systems():
    owner: dict[str, str] = {}
    clashes = []
    for row in weapons():
        for surface in _surfaces(row):
            key = _norm(surface)
            if owner.setdefault(key, row["id"]) != row["id"]:
                clashes.append((surface, owner[key], row["id"]))
    assert not clashes


def test_aliases_and_names_are_never_short_numbers_or_ordinary_words():
    ambiguous = {n.casefold() for row in weapons() for n in _split(row["ambiguous_names"])}
    bad = []
    for row in weapons():
        for surface in [*_split(row["aliases"]), *_split(row["names"])]:
            folded = surface.casefold()
            if len(_norm(surface)) <= 2 or _norm(surface).isdigit():
                bad.append((row["id"], surface, "too short or a number"))
            elif folded in COMMON_WORDS:
                bad.append((row["id"], surface, "ordinary word"))
            elif folded in ambiguous:
                bad.append((row["id"], surface, "listed as an ambiguous name"))
    assert not bad


def test_an_ordinary_word_designation_or_nato_name_is_also_an_ambiguous_name():
    bad = []
    for row in weapons():
        ambiguous = {n.casefold() for n in _split(row["ambiguous_names"])}
        for surface in [row["designation"], *_split(row["nato_name"])]:
            if surface.casefold() in COMMON_WORDS and surface.casefold() not in ambiguous:
                bad.append((row["id"], surface))
    assert not bad


def test_ambiguous_names_are_capitalised_names():
    bad = [
        (row["id"], name)
        for row in weapons()
        for name in _split(row["ambiguous_names"])
        if not name[0].isupper()
    ]
    assert not bad


@pytest.mark.parametrize(
    ("weapon_id", "designation", "surface"),
    [
        ("weapon:s-400", "S-400", "S400"),
        ("weapon:samp-t", "SAMP/T", "SAMP-T"),
        ("weapon:patriot", "Patriot", "PAC-3"),
    ],
)
def test_the_families_in_the_news_are_present(weapon_id, designation, surface):
    row = next((r for r in weapons() if r["id"] == weapon_id), None)
    assert row is not None
    assert row["designation"] == designation
    assert surface.casefold() in {s.casefold() for s in _surfaces(row)}


# --- organizations.csv ---------------------------------------------------------------------


def test_organizations_have_unique_ids_and_known_types_and_countries():
    ids = Counter(row["id"] for row in organizations())
    assert not [i for i, n in ids.items() if n > 1]
    assert not [i for i in ids if not ORG_ID.match(i)]
    iso3 = {row["iso3"] for row in countries()}
    for row in organizations():
        assert row["type"] in {"government", "organization", "media"}, row
        assert not row["country"] or row["country"] in iso3, row


def test_no_organization_name_or_alias_is_shared_by_two_organizations():
    from newsledger.knowledge import _key  # the lookup key the loader uses

    owner: dict[str, str] = {}
    clashes = []
    for row in organizations():
        for surface in [row["name"], *_split(row["aliases"])]:
            key = _key(surface)
            if owner.setdefault(key, row["id"]) != row["id"]:
                clashes.append((surface, owner[key], row["id"]))
    assert not clashes


# --- countries.csv -------------------------------------------------------------------------


def test_every_country_has_a_two_letter_iso2_code_in_the_last_column():
    assert _header("countries.csv")[-1] == "iso2"
    rows = countries()
    assert len(rows) > 200
    assert not [r["iso3"] for r in rows if not re.fullmatch(r"[A-Z]{2}", r["iso2"] or "")]
    assert len({r["iso2"] for r in rows}) == len(rows)


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Czech Republic", "CZE"),
        ("Ivory Coast", "CIV"),
        ("Burma", "MMR"),
        ("Kiev", "UKR"),
        ("Kyiv", "UKR"),
        ("Delhi", "IND"),
        ("Indian", "IND"),
        ("American", "USA"),
        ("Dutch", "NLD"),
    ],
)
def test_news_names_resolve_to_their_country(surface, iso3):
    from newsledger.knowledge import load_knowledge

    country = load_knowledge().country(surface)
    assert country is not None and country.iso3 == iso3


# --- titles.csv ----------------------------------------------------------------------------


def test_titles_are_lower_case_unique_and_of_known_kinds():
    rows = _rows("titles.csv")
    titles = [row["title"] for row in rows]
    assert titles == [t.lower() for t in titles]
    assert not [t for t, n in Counter(titles).items() if n > 1]
    kinds = {
        "minister",
        "head of government",
        "head of state",
        "diplomat",
        "spokesperson",
        "head",
        "military",
        "legislator",
        "official",
        "expert",
        "profession",
    }
    assert not [(r["title"], r["kind"]) for r in rows if r["kind"] not in kinds]


def test_cue_rows_are_of_known_kinds_and_frames_and_unique():
    """Every cue row is a verb, a phrase or a framed verb; a framed verb names only the frames the
    statement finder reads (clause, infinitive, object, or a preposition that opens the content);
    no cue is listed twice with one kind."""
    from newsledger.knowledge import CUE_FRAMES, FRAME_PREPOSITIONS

    rows = _rows("cues.csv")
    assert {row["kind"] for row in rows} <= {"verb", "phrase", "framed"}
    for row in rows:
        if row["kind"] == "framed":
            assert row["takes"] and set(_split(row["takes"])) <= set(CUE_FRAMES) | FRAME_PREPOSITIONS, row
    counts = Counter((row["cue"], row["kind"]) for row in rows)
    assert not [key for key, n in counts.items() if n > 1]


# --- media.csv, places.csv, given_names.csv, entity_nouns.csv, sources.csv ------------------


def _lookup_key(surface: str) -> str:
    """How the knowledge module looks a name up: folded case and spaces, no leading `the`."""
    key = " ".join(surface.split()).strip(" ,.'’\"").lower()
    return key[4:] if key.startswith("the ") else key


def test_media_rows_are_unique_and_never_repeat_an_organization():
    rows = _rows("media.csv")
    assert len(rows) >= 200
    ids = Counter(row["id"] for row in rows)
    assert not [i for i, n in ids.items() if n > 1]
    assert all(row["id"].startswith("media:") for row in rows)
    assert all(row["kind"] in {"agency", "newspaper", "broadcaster", "online", "magazine"} for row in rows)
    iso3 = {row["iso3"] for row in countries()}
    assert not [row for row in rows if row["country"] and row["country"] not in iso3]
    org_keys = {_lookup_key(s) for row in organizations() for s in [row["name"], *_split(row["aliases"])]}
    owners: dict[str, str] = {}
    for row in rows:
        for surface in [row["name"], *_split(row["aliases"])]:
            key = _lookup_key(surface)
            assert key not in org_keys, (surface, "is in organizations.csv: add the alias there instead")
            assert owners.setdefault(key, row["id"]) == row["id"], (surface, owners[key], row["id"])


@pytest.mark.parametrize("surface", ["Hindu", "spa", "Dawn", "Times", "Post", "Nation", "Star"])
def test_no_outlet_is_named_by_an_ordinary_word_alone(surface):
    keys = {_lookup_key(s) for row in _rows("media.csv") + organizations() for s in [row["name"], *_split(row["aliases"])]}
    assert _lookup_key(surface) not in keys


def test_places_never_contradict_the_countries():
    country_keys = {
        _lookup_key(s)
        for row in countries()
        for s in [row["name"], *_split(row["aliases"]), *_split(row["adjectives"]), *_split(row["capitals"])]
    }
    rows = _rows("places.csv")
    assert len(rows) >= 1000
    iso3 = {row["iso3"] for row in countries()}
    for row in rows:
        assert row["kind"] in {"city", "region", "island", "district"}, row
        assert not row["country"] or row["country"] in iso3, row
        for surface in [row["name"], *_split(row["aliases"])]:
            assert _lookup_key(surface) not in country_keys, surface


def test_given_names_have_one_gender_each():
    rows = _rows("given_names.csv")
    genders: dict[str, set[str]] = {}
    for row in rows:
        assert row["gender"] in {"m", "f"}, row
        genders.setdefault(row["name"].lower(), set()).add(row["gender"])
    assert not [n for n, g in genders.items() if len(g) > 1]


def test_entity_nouns_have_one_kind_each_and_source_roles_are_marked():
    rows = _rows("entity_nouns.csv")
    assert {row["kind"] for row in rows} == {"media", "government", "body", "institution", "document", "group", "norm", "delegation", "hazard"}
    kinds = Counter(row["noun"] for row in rows)
    assert not [n for n, c in kinds.items() if c > 1]
    sources = _rows("sources.csv")
    assert all(row["role"] in {"", "yes"} for row in sources)
    # a plural never names one person's role
    assert not [row["noun"] for row in sources if row["role"] == "yes" and row["noun"].endswith("s") and row["noun"][:-1] in {r["noun"] for r in sources}]


# --- the word lists: light_verbs.csv ... platform_categories.csv ----------------------------

# Each word-list file and the columns that make a row one entry. A file read into a dict (a word and
# its modality, gender or value) has the word alone as its key, so a word listed twice with two
# values (`seek` both hoped and planned) is caught as a contradiction, not silently overridden.
WORD_LISTS = {
    "light_verbs.csv": ("verb",),
    "agent_verbs.csv": ("verb",),
    "undergo_verbs.csv": ("verb",),
    "no_comment_verbs.csv": ("verb",),
    "appeal_words.csv": ("word",),
    "modality_words.csv": ("word",),
    "name_particles.csv": ("particle",),
    "modal_auxiliaries.csv": ("word",),
    "pronouns.csv": ("pronoun",),
    "prepositions.csv": ("preposition", "use"),
    "honorifics.csv": ("honorific",),
    "number_words.csv": ("word",),
    "denial_verbs.csv": ("verb",),
    "cancel_verbs.csv": ("verb",),
    "object_only_verbs.csv": ("verb",),
    "choice_stems.csv": ("stem",),
    "weapon_anaphors.csv": ("noun",),
    "state_forces.csv": ("noun",),
    "quantity_nouns.csv": ("noun",),
    "own_country_nouns.csv": ("noun",),
    "speech_act_nouns.csv": ("noun",),
    "weapon_context_words.csv": ("word",),
    "platform_categories.csv": ("category",),
    "tense_cues.csv": ("word",),
    "count_words.csv": ("word",),
    "quantity_leads.csv": ("word",),
    "duration_context_words.csv": ("word",),
    # the statement rules' words (nlp/statements)
    "line_labels.csv": ("label",),
    "addressee_cues.csv": ("verb",),
    "non_speaker_subjects.csv": ("word",),
    "object_prepositions.csv": ("preposition",),
    "cue_prepositions.csv": ("takes", "preposition"),
    "contrast_marks.csv": ("word",),
    "name_words.csv": ("word",),
}


@pytest.mark.parametrize(("name", "key"), WORD_LISTS.items(), ids=list(WORD_LISTS))
def test_no_word_list_names_a_word_twice(name, key):
    rows = _rows(name)
    assert rows, f"{name} is empty"
    entries = Counter(tuple(row[column].strip().lower() for column in key) for row in rows)
    assert not [entry for entry, n in entries.items() if n > 1], name
    assert all(all(entry) for entry in entries), f"{name}: a row with an empty {key}"


@pytest.mark.parametrize("name", WORD_LISTS)
def test_every_word_list_says_what_it_is_and_where_it_comes_from(name):
    text = files("newsledger.knowledge").joinpath("data", name).read_text(encoding="utf-8")
    comment = " ".join(line for line in text.splitlines() if line.startswith("#"))
    assert "Written by" in comment, f"{name}: the header comment names no source"
    assert f"`{name}`" in files("newsledger.knowledge").joinpath("data", "LICENSES.md").read_text(encoding="utf-8")


def _words(name: str) -> set[str]:
    column = WORD_LISTS[name][0]
    return {row[column].strip().lower() for row in _rows(name)}


# Lists whose words must not overlap: a word in both would be read two contrary ways, or (agent beside
# light verbs) is listed for nothing in the second.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("light_verbs.csv", "agent_verbs.csv"),  # the object's event carried vs done: agent verbs are the others
        ("light_verbs.csv", "undergo_verbs.csv"),  # the subject does the event vs has it done to it
        ("agent_verbs.csv", "undergo_verbs.csv"),
        ("state_forces.csv", "quantity_nouns.csv"),  # who acts vs how many act
        ("cancel_verbs.csv", "light_verbs.csv"),  # the verb is the trigger vs its object is
        ("modality_words.csv", "modal_auxiliaries.csv"),  # a governing word vs an auxiliary: one reading each
    ],
)
def test_lists_of_contrary_readings_do_not_overlap(first, second):
    assert not _words(first) & _words(second)


def _groups(name: str, key: str, column: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for row in _rows(name):
        for group in _split(row[column]):
            groups.setdefault(group, set()).add(row[key].strip().lower())
    return groups


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("person", "not_person"),  # resolved to a person of its gender vs never to a person
        ("person", "thing"),
        ("speaker", "thing"),  # `we` is the speaker's side; `they` is not
        ("relative", "person"),
        ("relative", "thing"),
        ("relative", "speaker"),
    ],
)
def test_pronoun_groups_of_contrary_readings_do_not_overlap(first, second):
    groups = _groups("pronouns.csv", "pronoun", "groups")
    assert groups[first] and groups[second]
    assert not groups[first] & groups[second]


def test_time_prepositions_never_name_a_recipient():
    """The object of `after` is an act told as a time, never the one an event is done to."""
    uses = _groups("prepositions.csv", "preposition", "use")
    assert not uses["time"] & uses["recipient"]


def test_the_word_lists_load_with_known_groups_and_values():
    from newsledger.knowledge import AUXILIARY_MODALITIES, PREPOSITION_USES, PRONOUN_GROUPS, load_words

    assert set(_groups("pronouns.csv", "pronoun", "groups")) == PRONOUN_GROUPS
    assert {row["use"] for row in _rows("prepositions.csv")} == PREPOSITION_USES
    assert {row["modality"] for row in _rows("modal_auxiliaries.csv")} == AUXILIARY_MODALITIES
    assert {row["gender"] for row in _rows("pronouns.csv") + _rows("honorifics.csv")} <= {"m", "f", ""}
    words = load_words()
    assert words.modal_auxiliaries["would"] == "hypothetical" and words.person_pronouns["her"] == "f"
    assert words.number_words["dozen"] == 12
    assert {row["tense"] for row in _rows("tense_cues.csv")} == {"future", "past"}
    assert {row["kind"] for row in _rows("count_words.csv")} == {"unit", "modifier", "of"}
    assert {row["kind"] for row in _rows("quantity_leads.csv")} == {"change", "measure"}
