#!/usr/bin/env python3
"""Build the canon of official names and the tables its garble detectors need.

What it builds (in corpora/packs/terms/)
    canon.tsv
        ``name<TAB>short<TAB>native<TAB>country<TAB>kind<TAB>provenance``: official names of
        organisations, agencies, legislatures, parties and treaties that WordNet 3.0 lists as
        capitalised multi-word nouns under organization, agency, legislature, treaty, written
        agreement or meeting (short: the synset's other capitalised lemmas, e.g. acronyms;
        country: ISO 3166-1 alpha-2 of the first country the WordNet gloss names, from Debian
        iso-codes; provenance: the WordNet synset), and the political parties of two extracts
        of Party Facts (github.com/hdigital/partyfactsdata) made for mtqa, facts only:
        corpora/names/parties-vparty.tsv (V-Party: 1,860 parties of 171 countries active since
        1990) and corpora/names/parties-parlgov.tsv (ParlGov: 957 parties of 38 countries, with
        native names). One row per English name and country ("Farmers' League / Centre Party"
        gives two), acronyms with two or more capitals as short forms ("SPD", "PiS", not
        "Smer"), ParlGov's native names as native forms ("Keskusta"). The checks merge this with
        the termbank and the gazetteer's organisations.
    canon-synonyms.tsv
        ``word<TAB>synonyms``: for each content word of an official name (canon, termbank and
        gazetteer organisations), its single-word WordNet 3.0 synonyms (same synset, nouns and
        adjectives, plus adjective similar-to links), lowercase: what a translation that renders
        a name word for word may put instead ("Coalition" -> "alliance").
    attested-modifiers.tsv
        ``head<TAB>modifiers``: for each head noun of the termbank, the modifiers m with "m head"
        in the web bigram table (symspellpy's bigram dictionary, Norvig's count_2w x 64, cut at
        6.4M): a quoted modifier the web writes before the head is an ordinary description
        ("strategic" partnership), not a garble of a fixed phrase.
    native-glosses.tsv
        ``id<TAB>name<TAB>country<TAB>native<TAB>glosses``: for each canon or gazetteer name with a native
        form in a language FreeDict covers, that form's content words, each with its English
        glosses (FreeDict X-eng definitions and inverted eng-X entries, single words, lower
        case): the words a translation that renders the native name word for word puts down
        ("Partij voor de Vrijheid" -> "party|political group / liberty|freedom").

Usage
    apt-get install wordnet-base iso-codes dict-freedict-{fra,deu,...}-eng
        dict-freedict-eng-{fra,...}; pip install symspellpy   (build time only; FREEDICT below)
    python scripts/build_canon.py [--wordnet /usr/share/wordnet] [--vparty FILE] [--parlgov FILE]

Licences: WordNet 3.0 (Princeton; use, copy, modify and distribute with the notice kept),
iso-codes (LGPL-2.1; country codes are facts), FreeDict dictionaries (GPL-2+/GPL-3+ or
CC BY-SA, per dictionary: see NOTICE; glosses are single-word translations), symspellpy dictionaries (MIT), Party Facts
(repository MIT; V-Party and ParlGov data CC BY-SA 4.0; names are facts). See NOTICE.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import os
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa import gazetteer as gaz  # noqa: E402
from mtqa import resources  # noqa: E402

OUT = ROOT / "corpora" / "packs" / "terms"
ROOTS = {"organization": "organisation", "agency": "agency", "legislature": "legislature",
         "treaty": "treaty", "written_agreement": "treaty", "meeting": "event",
         "political_party": "party"}
FUNCTION = {"of", "the", "for", "and", "in", "on", "to", "a", "an", "de", "la", "le", "du", "der"}


def read_wordnet(folder: Path, pos: str) -> dict[str, tuple[list[str], str, list[tuple[str, str]]]]:
    """offset -> (lemmas, gloss, [(pointer symbol, target offset)]) of data.<pos>."""
    out = {}
    with open(folder / f"data.{pos}", encoding="latin-1") as fh:
        for line in fh:
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition(" | ")
            p = head.split()
            n = int(p[3], 16)
            lemmas = [re.sub(r"\(.*\)$", "", p[4 + 2 * i]) for i in range(n)]
            rest = p[4 + 2 * n:]
            ptrs = [(rest[1 + 4 * i], rest[2 + 4 * i]) for i in range(int(rest[0]))]
            out[p[0]] = (lemmas, gloss.strip(), ptrs)
    return out


def hypernyms(nouns, off: str) -> set[str]:
    seen: set[str] = set()
    stack = [off]
    while stack:
        for sym, h in nouns[stack.pop()][2]:
            if sym in ("@", "@i") and h not in seen:
                seen.add(h)
                stack.append(h)
    return seen


def countries() -> list[tuple[str, str]]:
    """(English country name, alpha-2), longest first, from Debian iso-codes."""
    data = json.loads(Path("/usr/share/iso-codes/json/iso_3166-1.json").read_text())["3166-1"]
    out = []
    for c in data:
        for k in ("name", "common_name"):
            if k in c:
                out.append((c[k], c["alpha_2"]))
    out += [("United States", "US"), ("Britain", "GB"), ("England", "GB"), ("Soviet Union", "SU")]
    return sorted(set(out), key=lambda x: -len(x[0]))


def wordnet_canon(nouns) -> list[dict]:
    roots = {o: ROOTS[v[0][0]] for o, v in nouns.items() if v[0][0] in ROOTS}
    cc = countries()
    rows = []
    for off, (lemmas, gloss, _) in sorted(nouns.items()):
        names = [w.replace("_", " ") for w in lemmas if w[0].isupper()]
        if not names or " " not in names[0]:
            continue
        kinds = [roots[h] for h in hypernyms(nouns, off) if h in roots]
        if not kinds:
            continue
        kind = "party" if "party" in kinds else kinds[0]
        country = next((code for name, code in cc if re.search(rf"\b{re.escape(name)}\b", gloss)), "")
        rows.append({"name": names[0], "short": "|".join(names[1:]), "native": "",
                     "country": country, "kind": kind, "provenance": f"WordNet 3.0 noun {off}"})
    return rows


def alpha2() -> dict[str, str]:
    """ISO alpha-3 -> alpha-2 (Debian iso-codes), plus the codes Party Facts uses for former or
    disputed states: their parties belong to the country that has their press today."""
    data = json.loads(Path("/usr/share/iso-codes/json/iso_3166-1.json").read_text())["3166-1"]
    return {c["alpha_3"]: c["alpha_2"] for c in data} | {"DDR": "DE", "XKX": "XK", "ZZB": "TZ",
                                                        "SML": "SO", "VNR": "VN"}


def party_names(english: str, min_words: int = 2) -> list[str]:
    """The names of one party row: " / " separates successive names, a spaced dash a name's
    parts ("NEOS -- The New Austria"); bracketed glosses ("Centre [Agrarian] Party") and
    dated or acronym parentheses ("(2003)", "(PPB)") are not part of any name."""
    s = re.sub(r"\s*\[[^\]]*\]", "", english)
    s = re.sub(r"\s*\((?:[^)]*\d[^)]*|[A-Z]{2,})\)", "", s)
    s = s.replace('"', "").replace("’", "'")
    out = []
    for alt in s.split(" / "):
        alt = " ".join(alt.split())
        parts = [alt, *re.split(r"\s+(?:--|–|—)\s+", alt)] if re.search(r"\s(?:--|–|—)\s", alt) else [alt]
        # A parenthesis may be part of the name or a gloss ("Fine Gael (Family of the Irish)"):
        # the name without it is a form too.
        parts += [re.sub(r"\s*\([^)]*\)", "", x) for x in parts if "(" in x]
        out += [x.strip(" -") for x in parts if len(x.split()) >= min_words]
    return list(dict.fromkeys(out))


def acronyms(short: str) -> list[str]:
    """The short forms that are acronyms (two or more capitals, no space: "SPD", "PiS", "N-VA"):
    a short form that is a word ("Smer", "Freedom") would match ordinary English, and so would
    an acronym that spells a common word in a headline's capitals ("THE", "ACT", "CAR")."""
    common = resources.word_freqs("en")
    out = [a.strip() for a in re.split(r"[/|]", short)]
    return [a for a in out if " " not in a and len(a) >= 2 and sum(c.isupper() for c in a) >= 2
            and common.get(a.lower(), 0.0) < 3.5]


def party_canon(vparty: Path, parlgov: Path) -> list[dict]:
    """One row per (English name, country) of the two extracts: V-Party's names with their
    acronyms, then ParlGov's, which add native names (aligned with the English ones when both
    list the same number of successive names) and the parties V-Party lacks."""
    a2 = alpha2()
    rows: dict[tuple[str, str], dict] = {}

    def add(name: str, country: str, shorts: list[str], natives: list[str], prov: str) -> None:
        row = rows.setdefault((name, country), {"name": name, "short": [], "native": [],
                                                "country": country, "kind": "party",
                                                "provenance": prov})
        row["short"] += [x for x in shorts if x not in row["short"]]
        row["native"] += [x for x in natives if x not in row["native"] and x != name]

    for r in resources.read_tsv(vparty):
        for name in party_names(r["name_english"]):
            add(name, a2.get(r["country"], ""), acronyms(r["short"]), [],
                f"Party Facts {r['partyfacts_id']} (V-Party)")
    for r in resources.read_tsv(parlgov):
        english = r["name_english"].split(" | ")
        native, short = r["name_native"].split(" | "), r["short"].split("|")
        for k, alt in enumerate(english):
            natives = [x for n in _aligned(native, k, len(english)) for x in party_names(n, min_words=1)]
            for name in party_names(alt):
                add(name, a2.get(r["country"], ""), acronyms("|".join(_aligned(short, k, len(english)))),
                    natives, f"ParlGov {r['parlgov_id']} (Party Facts)")
    return [r | {"short": "|".join(r["short"]), "native": "|".join(r["native"])} for r in rows.values()]


def canon_id(name: str, country: str) -> str:
    """The id mtqa.termbank gives a canon.tsv row."""
    from mtqa.termbank import canon_row_id

    return canon_row_id(name, country)


def _aligned(xs: list[str], k: int, n: int) -> list[str]:
    """The k-th of n successive names' forms, when xs lists one per name; else all of xs."""
    return xs[k:k + 1] if len(xs) == n else xs


def synonyms(folder: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for pos in ("noun", "adj"):
        data = read_wordnet(folder, pos)
        for lemmas, _, ptrs in data.values():
            words = {w.lower() for w in lemmas if "_" not in w and "-" not in w}
            group = set(words)
            if pos == "adj":  # similar-to satellites ("unbowed" ~ "undefeated")
                for sym, t in ptrs:
                    if sym == "&":
                        group |= {w.lower() for w in data[t][0] if "_" not in w}
            for w in words:
                out.setdefault(w, set()).update(group - {w})
    return out


def content_words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]+", name) if w.lower() not in FUNCTION]


def termbank() -> list[dict]:
    with open(OUT / "termbank.toml", "rb") as fh:
        return tomllib.load(fh)["term"]


def attested(heads: set[str]) -> dict[str, list[str]]:
    from symspellpy import SymSpell  # noqa: F401  (build time only: locates its dictionary)

    p = importlib.resources.files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt"
    out: dict[str, list[str]] = {}
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            m, h, _ = line.split()
            if h in heads and m.isalpha():
                out.setdefault(h, []).append(m)
    return out


# FreeDict (Debian dict-freedict-*) by the language of a country's national press; a country
# of several languages tries each. Official languages: iso-codes / the countries' constitutions.
FREEDICT = {"fr": "fra", "de": "deu", "it": "ita", "es": "spa", "nl": "nld", "fi": "fin", "sv": "swe",
            "pt": "por", "pl": "pol", "cs": "ces", "da": "dan", "hu": "hun", "lt": "lit", "el": "ell",
            "hr": "hrv", "tr": "tur", "sk": "slk", "sl": "slv", "is": "isl", "bg": "bul", "no": "nor",
            "sr": "srp"}
PRESS_LANGS = {"FR": "fr", "DE": "de", "AT": "de", "IT": "it", "ES": "es", "NL": "nl", "BE": "nl fr",
               "CH": "de fr it", "LU": "fr de", "FI": "fi sv", "SE": "sv", "PT": "pt", "BR": "pt",
               "PL": "pl", "CZ": "cs", "DK": "da", "HU": "hu", "LT": "lt", "GR": "el", "CY": "el tr",
               "HR": "hr", "TR": "tr", "SK": "sk", "SI": "sl", "IS": "is", "BG": "bg", "NO": "no",
               "RS": "sr", "ME": "sr", "BA": "hr sr", "MX": "es", "AR": "es", "CL": "es", "CO": "es",
               "PE": "es", "VE": "es", "UY": "es", "BO": "es", "EC": "es", "PY": "es"}
DICTD = Path("/usr/share/dictd")


def _b64(s: str) -> int:
    """A dictd index offset or length (base64 digits, most significant first)."""
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    n = 0
    for ch in s:
        n = n * 64 + digits.index(ch)
    return n


def _dictd(name: str):
    """(headword, definition text) of a dictd dictionary (index + dictzip, which gzip reads)."""
    import gzip

    idx, dz = DICTD / f"freedict-{name}.index", DICTD / f"freedict-{name}.dict.dz"
    if not idx.exists() or not dz.exists():
        return
    data = gzip.open(dz).read()
    with open(idx, encoding="utf-8") as fh:
        for line in fh:
            head, off, size = line.rstrip("\n").split("\t")
            if not head.startswith("00"):  # 00-database-info etc.
                # (NFKC: the Dutch dictionaries spell "partĳ" with the ligature)
                body = data[_b64(off):_b64(off) + _b64(size)].decode("utf-8", "replace")
                yield unicodedata.normalize("NFKC", head).lower(), unicodedata.normalize("NFKC", body)


def _senses(definition: str) -> list[str]:
    """The single-word translations of one entry: its body's comma- or number-separated items
    (the first line is the headword with pronunciation and part of speech)."""
    out = []
    for line in definition.split("\n")[1:]:
        for item in re.split(r"[,;]|\b\d+\.(?:\s|$)", line):
            item = re.sub(r"\([^)]*\)|<[^>]*>", "", item).strip().lower()
            if re.fullmatch(r"[^\W\d_]+", item):
                out.append(item)
    return out


def bilingual(code: str, english: frozenset[str]) -> dict[str, set[str]]:
    """native word -> English single-word glosses, from FreeDict code-eng and inverted eng-code.
    A gloss must be an English word (definitions also hold native explanations)."""
    out: dict[str, set[str]] = {}
    for head, body in _dictd(f"{code}-eng"):
        if " " not in head:
            out.setdefault(head, set()).update(w for w in _senses(body) if w in english)
    for head, body in _dictd(f"eng-{code}"):
        if " " not in head and head in english:
            for w in _senses(body):
                out.setdefault(w, set()).add(head)
    return out


def _english_singular(w: str, english: frozenset[str]) -> str:
    for cut, add in (("ies", "y"), ("s", "")):
        if w.endswith(cut) and w[: -len(cut)] + add in english and len(w) > 4:
            return w[: -len(cut)] + add
    return w


def native_glosses(rows: list[dict], gazetteer_rows: list[dict], syn: dict[str, set[str]]) -> list[str]:
    """One row per native form whose every content word FreeDict glosses (or that is a
    cognate of a word of the English name, "Italia" ~ "Italy"); a native word glossed as an
    English function word ("voor" -> "for") is a function word of the name."""
    freqs = resources.word_freqs("en")
    english = frozenset(w for w, z in freqs.items() if z >= 2.5 and w.isalpha())
    dicts: dict[str, dict[str, set[str]]] = {}
    sorted_heads: dict[str, list[str]] = {}
    out = []
    for r in rows + gazetteer_rows:
        for lang in PRESS_LANGS.get(r["country"], "").split():
            code = FREEDICT.get(lang)
            if code is None:
                continue
            if code not in dicts:
                dicts[code] = bilingual(code, english)
                sorted_heads[code] = sorted(dicts[code])
            done = False
            for native in (x for x in r["native"].split("|") if x and not _is_english(x)):
                row = _gloss_row(r, native, dicts[code], sorted_heads[code], english, syn)
                if row:
                    out.append(row)
                    done = True
            if done:
                break
    return list(dict.fromkeys(out))


def _is_english(form: str) -> bool:
    freqs = resources.word_freqs("en")
    return all(freqs.get(w.lower(), 0.0) >= 2.5 for w in re.findall(r"[^\W\d_]+", form))


def _english_form(e) -> str:
    """A gazetteer organisation's English name: its name may be the native one (Kokoomus)."""
    return next((f for f in e.forms if " " in f and _is_english(f)), e.name)


def _lookup(w: str, d: dict[str, set[str]], heads: list[str]) -> set[str]:
    """The glosses of a native word, or of the one headword it inflects ("fratelli" ->
    "fratello"): same stem but the last two letters, length within two."""
    if d.get(w):
        return d[w]
    import bisect

    stem = w[: max(4, len(w) - 2)]
    if len(stem) < 4:
        return set()
    k = bisect.bisect_left(heads, stem)
    found = []
    while k < len(heads) and heads[k].startswith(stem):
        if abs(len(heads[k]) - len(w)) <= 2 and d[heads[k]]:
            found.append(heads[k])
        k += 1
    return d[found[0]] if len(found) == 1 else set()


_EN_FUNCTION = FUNCTION | {"with", "by", "at", "from", "all", "not", "who", "that"}


def _gloss_row(r: dict, native: str, d: dict[str, set[str]], heads: list[str],
               english: frozenset[str], syn: dict[str, set[str]]) -> str:
    ws = [w.lower() for w in re.findall(r"[^\W\d_]+", native)]
    name_words = set(content_words(r["name"]))
    groups = []
    for w in ws:
        glosses = {_english_singular(g, english) for g in _lookup(w, d, heads)}
        if w in _EN_FUNCTION or len(w) <= 2 or (glosses and glosses <= _EN_FUNCTION) \
                or (glosses & _EN_FUNCTION and len(w) <= 4):
            continue  # a function word of the native name ("de", "voor", "pour")
        glosses -= _EN_FUNCTION
        glosses |= {e for e in name_words if e[:4] == w[:4]}  # cognates: italia ~ italy
        # The English name's word for it has WordNet synonyms a translation may pick instead
        # ("vrijheid": freedom, so also liberty).
        glosses |= {x for g in glosses & name_words for x in syn.get(g, ()) if x in english}
        if not glosses:
            return ""
        groups.append(f"{w}:{' '.join(sorted(glosses)[:16])}")
    # (a form FreeDict glosses only as itself, "Fidesz", has no rendering to catch)
    if not any(set(g.split(":")[1].split()) - {g.split(":")[0]} - name_words for g in groups):
        return ""
    return "\t".join([r["id"], r["name"], r["country"], native, "|".join(groups)])


def write(path: Path, header: list[str], rows: list[str]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(f"# {h}\n" for h in header) + "\n".join(rows) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--vparty", type=Path, default=ROOT / "corpora" / "names" / "parties-vparty.tsv")
    ap.add_argument("--parlgov", type=Path, default=ROOT / "corpora" / "names" / "parties-parlgov.tsv")
    args = ap.parse_args()
    nouns = read_wordnet(args.wordnet, "noun")
    rows = wordnet_canon(nouns) + party_canon(args.vparty, args.parlgov)
    cols = ["name", "short", "native", "country", "kind", "provenance"]
    lic = ("licence: facts (official names); WordNet 3.0 Copyright 2006 by Princeton University, "
           "used under the WordNet 3.0 licence; country codes: Debian iso-codes; party names: Party "
           "Facts (MIT), V-Party (V-Dem) and ParlGov, both CC BY-SA 4.0")
    write(OUT / "canon.tsv", [
        "mtqa canon of official names: organisations, agencies, legislatures, parties, treaties",
        "format-version: 1", "built by scripts/build_canon.py from WordNet 3.0 (Debian wordnet-base)"
        + " and Party Facts' V-Party and ParlGov imports (corpora/names/parties-*.tsv)", lic,
        "columns: name (English), short (|-separated short forms), native (|-separated), country (ISO 3166-1 "
        "alpha-2: from the WordNet gloss, or the party's country), kind, provenance"],
        ["\t".join(cols)] + ["\t".join(r[c] for c in cols) for r in rows])
    # Content words of every official name the checks know.
    names = [r["name"] for r in rows]
    terms = termbank()
    names += [t["canonical"] for t in terms]
    names += [e.name for e in gaz.read_entities(ROOT / "corpora" / "names" / "gazetteer.tsv")
              if e.kind in ("organisation", "agency")]
    names += [f for e in gaz.read_entities(ROOT / "corpora" / "names" / "gazetteer.tsv")
              if e.kind in ("organisation", "agency") for f in e.accepted]
    wanted = {w for n in names for w in content_words(n)}
    syn = synonyms(args.wordnet)
    syn_rows = [f"{w}\t{' '.join(sorted(syn[w]))}" for w in sorted(wanted) if syn.get(w)]
    write(OUT / "canon-synonyms.tsv", [
        "mtqa: WordNet 3.0 synonyms of the content words of official names (canon.tsv, "
        "termbank.toml, gazetteer organisations)", "format-version: 1",
        "source: Debian wordnet-base 1:3.0 data.noun, data.adj (synsets and similar-to)",
        "licence: WordNet 3.0 Copyright 2006 by Princeton University, used under the WordNet 3.0 licence",
        "columns: word, synonyms (space-separated)"], syn_rows)
    heads = {t["head"].lower() for t in terms if t.get("head")}
    att = attested(heads)
    write(OUT / "attested-modifiers.tsv", [
        "mtqa: modifiers the web writes before the head nouns of termbank.toml",
        "format-version: 1",
        "source: symspellpy frequency_bigramdictionary_en_243_342.txt (Norvig count_2w x 64, "
        "Google Web 1T 2006; pairs of at least 6,400,000 raw x 64)",
        "licence: symspellpy dictionaries, MIT licence", "columns: head, modifiers (space-separated)"],
        [f"{h}\t{' '.join(sorted(ms))}" for h, ms in sorted(att.items())])
    gz_rows = [{"id": e.id, "name": _english_form(e), "country": e.country, "native": "|".join(e.forms)}
               for e in gaz.read_entities(ROOT / "corpora" / "names" / "gazetteer.tsv")
               if e.kind in ("organisation", "agency") and e.country]
    canon_rows = [r | {"id": canon_id(r["name"], r["country"])} for r in rows if r["native"]]
    glosses = native_glosses(canon_rows, gz_rows, syn)
    write(OUT / "native-glosses.tsv", [
        "mtqa: English glosses of the content words of official names' native forms",
        "format-version: 1",
        "source: canon.tsv native names and gazetteer organisations' forms; glosses from the FreeDict "
        "dictionaries of Debian dict-freedict-XXX-eng and dict-freedict-eng-XXX 2022.04.21",
        "licence: names are facts; FreeDict dictionaries GPL-2+/GPL-3+ or CC BY-SA 3.0 (see NOTICE)",
        "columns: id (canon or gazetteer id), name (English), country, native, glosses (|-separated "
        "native-word:space-separated English glosses, in the native order)"], glosses)
    print(f"native-glosses.tsv: {len(glosses)} native forms")
    print(f"canon.tsv: {len(rows)} names; canon-synonyms.tsv: {len(syn_rows)} words; "
          f"attested-modifiers.tsv: {len(att)} heads")


if __name__ == "__main__":
    main()
