"""The knowledge newsledger uses, loaded once from the data files in ``knowledge/data``.

Reporting cues, titles, unnamed-source nouns, countries (names, adjectives, capitals) and
organisations are data: adding one is an edit to a CSV file, never to code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterator

__all__ = ["Country", "Organization", "Knowledge", "load_knowledge"]


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str

    @property
    def id(self) -> str:
        return f"country:{self.iso3}"


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    type: str  # speaker type: government | organization
    country: str | None  # ISO3


@dataclass(frozen=True)
class Knowledge:
    cue_verbs: dict[str, str]  # lemma -> what else it takes as content ('', object, about, for)
    cue_particles: dict[str, str]  # lemma -> particle, for two-word cues ('point out')
    cue_phrases: tuple[str, ...]  # 'according to'
    titles: dict[str, str]  # lower-case title -> role kind
    unnamed_source_nouns: frozenset[str]
    countries: dict[str, Country] = field(repr=False)  # lower-case name or alias -> country
    country_adjectives: dict[str, Country] = field(repr=False)
    capitals: dict[str, Country] = field(repr=False)  # capitals and seats of government
    countries_by_iso3: dict[str, Country] = field(repr=False)
    organizations: dict[str, Organization] = field(repr=False)  # lower-case name or alias -> org
    debris_patterns: tuple[tuple[re.Pattern[str], str], ...] = field(repr=False)

    def country(self, surface: str) -> Country | None:
        """The country a name, alias, adjective or capital stands for (`Turkish`, `Ankara`)."""
        key = _key(surface)
        return self.countries.get(key) or self.country_adjectives.get(key) or self.capitals.get(key)

    def organization(self, surface: str) -> Organization | None:
        return self.organizations.get(_key(surface))

    def title(self, words: str) -> str | None:
        return self.titles.get(words.lower().strip())


def _key(surface: str) -> str:
    s = " ".join(surface.split()).strip(" ,.'’\"").lower()
    for prefix in ("the ",):
        if s.startswith(prefix):
            s = s[len(prefix):]
    s = re.sub(r"(?:'s|’s)$", "", s)
    return s


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    cue_verbs: dict[str, str] = {}
    cue_particles: dict[str, str] = {}
    phrases: list[str] = []
    for row in _rows("cues.csv"):
        cue, kind, takes = row["cue"].strip().lower(), row["kind"], (row.get("takes") or "").strip()
        if kind == "phrase":
            phrases.append(cue)
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
        country = Country(row["iso3"], row["name"])
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

    return Knowledge(
        cue_verbs=cue_verbs,
        cue_particles=cue_particles,
        cue_phrases=tuple(phrases),
        titles={row["title"].lower(): row["kind"] for row in _rows("titles.csv")},
        unnamed_source_nouns=frozenset(row["noun"].lower() for row in _rows("sources.csv")),
        countries=countries,
        country_adjectives=adjectives,
        capitals=capitals,
        countries_by_iso3=by_iso3,
        organizations=organizations,
        debris_patterns=tuple(
            (re.compile(rf"^(?:{row['pattern']})$", re.IGNORECASE), row["reason"]) for row in _rows("debris.csv")
        ),
    )
