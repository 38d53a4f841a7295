"""Rebuild src/newsledger/knowledge/data/countries.csv from the mledoze countries gazetteer.

Run from the repository root with ../shared beside it:
    python tools/build_countries.py
Columns: iso3, name, aliases, adjectives, capitals, iso2 (ISO 3166-1 alpha-2, from `cca2`; last so
that readers of the older five columns keep working).
Our own corrections (names as news English uses them, seats of government) live in
knowledge/data/country_overrides.csv (lines starting with `#` are comments) and are applied on
top; its `drop` column removes upstream values that would mislead a lookup (ordinary words, a
territory's borrowed adjective). The output is a derived database under the ODbL 1.0 (see
knowledge/data/LICENSES.md).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared/eval-data/gazetteers/mledoze-countries/countries.json"
DATA = ROOT / "src/newsledger/knowledge/data"
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]{2,}$")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def build() -> list[dict[str, str]]:
    text = (DATA / "country_overrides.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    overrides = {row["iso3"]: row for row in csv.DictReader(lines)}
    rows = []
    for c in json.loads(SOURCE.read_text(encoding="utf-8")):
        iso3 = c["cca3"]
        over = overrides.get(iso3, {})
        name = over.get("name") or c["name"]["common"]
        demonyms = c.get("demonyms", {}).get("eng", {})
        drop = set(_split(over.get("drop", "")))

        def merge(upstream: list[str], ours: str, name: str = name, drop: set[str] = drop) -> str:
            # Upstream values must look like Latin-script names; our own overrides are taken as written.
            values = [v for v in upstream if v and LATIN_NAME.match(v)] + _split(ours)
            seen: list[str] = []
            for v in values:
                if v != name and v not in seen and v not in drop:
                    seen.append(v)
            return "|".join(seen)

        rows.append(
            {
                "iso3": iso3,
                "name": name,
                "aliases": merge(
                    [c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])],
                    over.get("aliases", ""),
                ),
                "adjectives": merge([demonyms.get("m", ""), demonyms.get("f", "")], over.get("adjectives", "")),
                "capitals": merge(list(c.get("capital", [])), over.get("capitals", "")),
                "iso2": c["cca2"],
            }
        )
    return sorted(rows, key=lambda r: r["name"])


def main() -> None:
    rows = build()
    with (DATA / "countries.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["iso3", "name", "aliases", "adjectives", "capitals", "iso2"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries")


if __name__ == "__main__":
    main()
