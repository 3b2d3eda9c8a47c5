"""Build corpora/mechanics/typography.tsv: each language's typographic conventions.

Reads Unicode CLDR at build time and never at run time:
- quotation marks from CLDR's XML (Debian package unicode-cldr-core, /usr/share/unicode/cldr;
  babel does not carry CLDR's <delimiters>);
- decimal and group symbols, month names and date patterns through babel (PyPI, BSD; its
  locale data is CLDR, Unicode licence).
Hand-written facts (French spacing, Spanish ¿¡, marks accepted besides CLDR's) are added
below with their references. Usage: python scripts/build_typography.py [OUT]
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from babel import Locale, localedata

LANGS = ("en", "de", "fr", "es", "it", "pt", "id", "ru", "ja", "zh")
CLDR_MAIN = Path("/usr/share/unicode/cldr/common/main")
OUT = Path(__file__).resolve().parent.parent / "corpora" / "mechanics" / "typography.tsv"

# Marks in use besides CLDR's pair, per language: (value, reference).
HAND = {
    ("de", "quotes-also"): ("»« «» ›‹ ‹›", "Duden, Die deutsche Rechtschreibung, 28th ed., "
                            "'Anführungszeichen' (»…« in print; «…» in Switzerland)"),
    ("fr", "quotes-inner"): ("“” ‹›", "Imprimerie nationale, Lexique des règles typographiques "
                             "en usage à l'Imprimerie nationale (2002), 'guillemets'"),
    ("es", "quotes-also"): ("“”", "RAE, Ortografía de la lengua española (2010), 3.4.8 comillas"),
    ("it", "quotes-also"): ("“”", "R. Lesina, Il nuovo manuale di stile (2009), 'virgolette'"),
    ("pt", "quotes-also"): ("«»", "Portuguese (Portugal) usage: Acordo Ortográfico 1990, "
                            "Base XXI; CLDR pt_PT"),
    ("zh", "quotes-also"): ("「」 『』 《》 〈〉", "GB/T 15834-2011, 标点符号用法 "
                            "(书名号《》〈〉; 「」 in Taiwan and Hong Kong)"),
    ("ja", "quotes-also"): ("『』", "JIS X 4051:2004, 日本語文書の組版方法 (『』 for titles of "
                            "works and quotations inside 「」)"),
    ("fr", "space-before"): (";:!?»", "Imprimerie nationale, Lexique des règles typographiques "
                             "(2002): espace insécable avant ; : ! ? » et après «"),
    ("fr", "space-after"): ("«", "Imprimerie nationale, Lexique (2002), as above"),
    ("es", "inverted"): ("¿? ¡!", "RAE, Ortografía de la lengua española (2010), 3.4.4 "
                         "signos de interrogación y exclamación"),
}


def cldr_quotes(lang: str) -> tuple[str, str]:
    """(primary pair, inner pair) as two-character strings, from CLDR (root as fallback)."""
    found: dict[str, str] = {}
    for name in (lang, "root"):
        p = CLDR_MAIN / f"{name}.xml"
        if not p.exists():
            continue
        d = ET.parse(p).getroot().find("delimiters")
        if d is None:
            continue
        for el in d:
            found.setdefault(el.tag, el.text or "")
    return (found["quotationStart"] + found["quotationEnd"],
            found["alternateQuotationStart"] + found["alternateQuotationEnd"])


def point_regions(lang: str) -> str:
    """Share of the language's regional locales whose decimal symbol is '.' (es_MX, de_CH)."""
    regions = [n for n in localedata.locale_identifiers()
               if n.startswith(lang + "_") and n.count("_") == 1 and len(n) <= 6]
    point = [n for n in regions if Locale.parse(n).number_symbols["latn"]["decimal"] == "."]
    return f"{len(point)}/{len(regions)}"


def rows(lang: str):
    loc = Locale.parse(lang)
    sym = loc.number_symbols["latn"]
    primary, inner = cldr_quotes(lang)
    yield "quotes", primary, "CLDR 41 delimiters quotationStart/End"
    yield "quotes-inner", inner, "CLDR 41 delimiters alternateQuotationStart/End"
    yield "decimal", sym["decimal"], "CLDR number symbols (babel)"
    # A space symbol is written as its code point: a TSV reader strips spaces.
    group = sym["group"]
    yield "group", f"U+{ord(group):04X}" if group.isspace() else group, \
        "CLDR number symbols (babel)"
    yield "decimal-point-regions", point_regions(lang), "CLDR regional locales (babel)"
    wide = loc.months["format"]["wide"]
    abbr = loc.months["format"]["abbreviated"]
    alone = loc.months["stand-alone"]["wide"]
    for m in range(1, 13):
        names = dict.fromkeys([wide[m], alone[m], abbr[m].rstrip(".")])
        yield f"month-{m}", "|".join(names), "CLDR Gregorian month names (babel)"
    yield "date-long", loc.date_formats["long"].pattern, "CLDR Gregorian date format long"
    yield "date-short", loc.date_formats["short"].pattern, "CLDR Gregorian date format short"
    units = loc._data["unit_patterns"].get("concentr-percent", {}).get("long", {})
    percent = dict.fromkeys(v.replace("{0}", "").strip() for v in units.values())
    if percent:
        yield "percent-word", "|".join(percent), "CLDR unit pattern concentr-percent (babel)"
    scale = loc._data["compact_decimal_formats"].get("long", {})
    words = dict.fromkeys(str(pat.pattern).replace("0", "").replace("'", "").strip()
                          for form in scale.values() for mag, pat in form.items()
                          if mag in ("1000000", "1000000000"))
    if any(words):
        yield "scale-words", "|".join(w for w in words if w), \
            "CLDR compact decimal formats, long (babel)"
    for key in ("quotes-also", "quotes-inner", "space-before", "space-after", "inverted"):
        if (lang, key) in HAND:
            value, ref = HAND[lang, key]
            yield key + ("-hand" if key == "quotes-inner" else ""), value, ref


def main(out: Path = OUT) -> None:
    lines = [
        "# mtqa typography: each language's quotation marks, decimal and group symbols, month",
        "# names, date patterns, French spacing and Spanish opening marks.",
        "# version: 1",
        "# built by scripts/build_typography.py from Unicode CLDR 41 (quotation marks from the",
        "#   CLDR XML of Debian unicode-cldr-core; numbers, months, dates via babel "
        f"{__import__('babel').__version__});",
        "#   hand-written rows name their reference in the source column. Unicode licence (CLDR).",
        "# columns: lang<TAB>key<TAB>value<TAB>source; pairs are two characters, space-separated",
        "lang\tkey\tvalue\tsource",
    ]
    for lang in LANGS:
        for key, value, src in rows(lang):
            lines.append(f"{lang}\t{key}\t{value}\t{src}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(lines)} lines)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
