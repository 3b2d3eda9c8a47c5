"""Build corpora/names/spellings.tsv: how each target language's press spells known names.

Merges two sources, keyed by the English canonical name of corpora/names/gazetteer.tsv:
- CLDR (Unicode CLDR via the `babel` package, a build-time dependency only): territory
  names and time-zone exemplar city names in de fr es it pt (Brazil and Portugal) id ru ja
  zh (Simplified, with Traditional as accepted variants). Only territories and cities the
  gazetteer knows as places are kept.
- corpora/names/spellings-curated.tsv: persons, places and organisations written by hand
  from the agencies' usage (the provenance column names the agency or style guide). A
  curated cell replaces CLDR's for that entity and language.

Usage: python scripts/build_name_spellings.py  (needs `pip install babel`)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT / "corpora" / "names"
LANGS = ("de", "fr", "es", "it", "pt", "id", "ru", "ja", "zh")
# Locales read per target language; the first gives the preferred form.
LOCALES = {"pt": ("pt", "pt_PT"), "zh": ("zh", "zh_Hant")}
COLUMNS = ("name", "kind", "en", *LANGS, "provenance")


def read_rows(p: Path) -> list[dict[str, str]]:
    rows, cols = [], None
    for line in p.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cols is None:
            cols = cells
            continue
        rows.append(dict(zip(cols, cells + [""] * (len(cols) - len(cells)))))
    return rows


def gazetteer_places() -> dict[str, str]:
    """Any form of a gazetteer place (lowercased) -> the place's canonical name."""
    out: dict[str, str] = {}
    for r in read_rows(NAMES / "gazetteer.tsv"):
        if r["kind"] == "place":
            for f in [r["name"], *r["accepted"].split("|")]:
                if f.strip():
                    out.setdefault(f.strip().lower(), r["name"])
    return out


def _forms(name: str) -> list[str]:
    """'Myanmar (Burma)' -> ['Myanmar', 'Burma']; CLDR's typographic apostrophe kept."""
    m = re.fullmatch(r"(.+?)\s*[(（](.+)[)）]", name)
    return [m.group(1), m.group(2)] if m else [name]


def cldr_rows() -> dict[str, dict[str, str]]:
    from babel import Locale  # build time only

    places = gazetteer_places()
    en = Locale.parse("en")
    entries: dict[str, dict[str, list[str]]] = {}

    def add(english: str, lang: str, names: list[str]) -> None:
        key = places.get(english.lower())
        if key:
            cell = entries.setdefault(key, {}).setdefault(lang, [])
            cell += [n for n in names if n and n not in cell]

    for code, english in en.territories.items():
        if not code.isalpha():  # regions such as '001' world, '150' Europe
            continue
        for lang in LANGS:
            for loc in LOCALES.get(lang, (lang,)):
                name = Locale.parse(loc).territories.get(code)
                if name:
                    add(english, lang, _forms(name))
    zones = Locale.parse("de").time_zones.keys() | en.time_zones.keys()
    for zone in sorted(zones):
        english = en.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        for lang in LANGS:
            for loc in LOCALES.get(lang, (lang,)):
                city = Locale.parse(loc).time_zones.get(zone, {}).get("city")
                add(english, lang, [city or english])  # no entry: CLDR keeps the English name
    return {k: {lang: "|".join(v) for lang, v in cells.items()} for k, cells in entries.items()}


def main() -> int:
    curated = read_rows(NAMES / "spellings-curated.tsv")
    cldr = cldr_rows()
    kinds = {r["name"]: r["kind"] for r in read_rows(NAMES / "gazetteer.tsv")}
    out: dict[str, dict[str, str]] = {}
    for key, cells in sorted(cldr.items()):
        out[key] = {"name": key, "kind": kinds.get(key, "place"), "en": key, **cells,
                    "provenance": "CLDR (babel)"}
    for r in curated:
        row = out.setdefault(r["name"], {"name": r["name"], "kind": r["kind"], "en": r["name"]})
        row.update({c: r[c] for c in ("en", *LANGS) if r.get(c)})
        row["kind"] = r["kind"]
        row["provenance"] = r["provenance"] if row.get("provenance") is None \
            else f"{r['provenance']}; CLDR (babel)"
    missing = sorted(k for k in out if k not in kinds)
    if missing:
        print("not in the gazetteer:", ", ".join(missing), file=sys.stderr)
    lines = [
        "# mtqa name spellings per target language: how each language's press writes persons,",
        "# places and organisations in the news. BUILT by scripts/build_name_spellings.py from",
        "# corpora/names/spellings-curated.tsv (hand-curated, agencies' usage) and CLDR territory",
        "# and exemplar-city names (via babel; Unicode licence). Do not edit: edit the curated file.",
        f"# entities: {len(out)}",
        "# columns: as spellings-curated.tsv (name = gazetteer key; one cell per language,",
        "#   |-separated, preferred spelling first; empty = unknown for that language)",
    ]
    lines.append("\t".join(COLUMNS))
    for row in out.values():
        lines.append("\t".join(row.get(c, "") for c in COLUMNS))
    (NAMES / "spellings.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(out)} entities -> {NAMES / 'spellings.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
