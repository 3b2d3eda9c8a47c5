#!/usr/bin/env python3
"""Gather correctly written text in de, fr, es, it, pt, id, ru, ja and zh for MEASURING false
findings (scripts/measure_clean_langs.py). Nothing gathered here is ever committed: the script
reproduces it into OUT/<lang>/<source>.txt, one passage per line.

    python scripts/gather_clean.py --cache /tmp/clean-cache --out /tmp/clean-langs
    python scripts/measure_clean_langs.py /tmp/clean-langs

Sources (what, where, licence):

* esa       de, ja, zh: the human reference translations (system "refA") of the WMT23 en→de and
            WMT24 en→ja / en→zh ESA sets in ../shared/eval/esa/ — professional translations of
            news, social and speech segments, one segment per line. Licence: see that folder's
            PROVENANCE.md (evaluation only, never copied into the project).
* mqm       zh: the Chinese source side of ../shared/eval/mqm-news/ (WMT21 newstest zh→en,
            Xinhua and other Chinese news), one segment per line. Evaluation only.
* newsdev   de, it: the original articles ../shared/eval/news-dev/*.source.txt. Evaluation only.
* handbook  all nine languages: "The Debian Administrator's Handbook" (Raphaël Hertzog, Roland
            Mas; Debian package `debian-handbook`, fetched with `apt-get download`), a professionally
            edited book whose translations are reviewed by their teams. GPL-2.0+ or CC BY-SA 3.0.
            Only the prose chapters (the project, its history, derivatives, the case study) and
            only paragraphs without command lines, file names, URLs or e-mail addresses are kept;
            a paragraph that is identical in the English edition is untranslated and dropped, so
            that no check is blamed for flagging a real leftover.

No news of its own ships in a package reachable here for es, pt, id and ru, so for those the
handbook is the only source: expect more technical vocabulary than in news.
Words: whitespace-separated tokens; for ja and zh, non-space characters / 2.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

LANGS = ("de", "fr", "es", "it", "pt", "id", "ru", "ja", "zh")
CJK = ("ja", "zh")
HANDBOOK_DIRS = {"de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "pt": "pt-BR",
                 "id": "id-ID", "ru": "ru-RU", "ja": "ja-JP", "zh": "zh-CN", "en": "en-US"}
# Chapters that are prose rather than command reference.
HANDBOOK_PAGES = re.compile(
    r"^(foreword|preface|the-debian-project|case-study|existing-setup|derivative-distributions|"
    r"conclusion|sect\.(what-is-debian|foundation-documents|development|future-of-debian|"
    r"release-lifecycle|role-of-distributions|why-debian|why-gnu-linux|why-debian-stable|"
    r"who-is-this-book-for|book-structure|acknowledgments|follow-debian-news|contributing|"
    r"master-plan|selected-approach|how-to-migrate|fast-growing-it-services|ubuntu|knoppix|"
    r"linux-mint|tails|kali|devuan|raspbian|pureos|steamos|grml|aptosid|doudoulinux|"
    r"other-derivatives|future-of-this-book))\.html$")
# Inline markup of code, paths and addresses: a paragraph holding one is not prose.
CODE_CLASSES = {"command", "filename", "literal", "userinput", "computeroutput", "replaceable",
                "varname", "screen", "option", "systemitem", "email", "url", "programlisting",
                "uri", "envar", "code", "keycap", "guimenu", "guilabel", "package"}
ESA = {"de": "esa_wmt23_ende", "ja": "esa_wmt24_enja", "zh": "esa_wmt24_enzh"}


def words(text: str, lang: str) -> float:
    """Words as the measure counts them: characters / 2 for Japanese and Chinese."""
    if lang in CJK:
        return len(re.sub(r"\s", "", text)) / 2
    return len(text.split())


def esa_refs(eval_dir: Path, lang: str) -> Iterator[str]:
    if lang not in ESA:
        return
    seen: set[int] = set()
    with open(eval_dir / "esa" / f"{ESA[lang]}.dev.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["system"] == "refA" and rec["seg_id"] not in seen:
                seen.add(rec["seg_id"])
                yield rec["target"]


def mqm_sources(eval_dir: Path, lang: str) -> Iterator[str]:
    if lang != "zh":
        return
    seen: set[int] = set()
    for path in sorted((eval_dir / "mqm-news").glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec["lp"].startswith("zh-") and rec["seg_id"] not in seen:
                    seen.add(rec["seg_id"])
                    yield rec["source"]


def newsdev_sources(eval_dir: Path, lang: str) -> Iterator[str]:
    for path in sorted((eval_dir / "news-dev").glob(f"{lang}-*.source.txt")):
        yield " ".join(path.read_text(encoding="utf-8").split())


class _Paras(HTMLParser):
    """Text of each <div class="para"> (nested elements included), and whether it holds code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[tuple[str, bool]] = []
        self._depth = 0  # element depth inside the current para, 0 = outside
        self._buf: list[str] = []
        self._code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if self._depth:
            self._depth += 1
            self._code |= bool(classes & CODE_CLASSES) or tag in ("pre", "code")
        elif tag == "div" and "para" in classes:
            self._depth, self._buf, self._code = 1, [], False

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.paras.append((" ".join("".join(self._buf).split()), self._code))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._buf.append(data)


def fetch_deb(cache: Path, package: str) -> Path:
    """The package's files, extracted under the cache (apt-get download once)."""
    root = cache / package
    if not root.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        if not list(cache.glob(f"{package}_*.deb")):
            subprocess.run(["apt-get", "download", package], cwd=cache, check=True)
        deb = sorted(cache.glob(f"{package}_*.deb"))[-1]
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def _handbook_pages(folder: Path) -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    """(page name, [(paragraph, holds code)]) for each prose page of one edition."""
    for page in sorted(folder.glob("*.html")):
        if HANDBOOK_PAGES.match(page.name):
            parser = _Paras()
            parser.feed(page.read_text(encoding="utf-8"))
            yield page.name, [(html.unescape(t), code) for t, code in parser.paras]


def _untranslated(text: str, english: list[set[str]]) -> bool:
    """Most of the paragraph's words are those of one English paragraph of the same page
    (a translation keeps only names and numbers, and not most of the words)."""
    mine = re.findall(r"\w+", text.lower())
    return bool(mine) and any(sum(w in en for w in mine) > 0.6 * len(mine) for en in english)


def handbook(cache: Path, lang: str) -> Iterator[str]:
    base = fetch_deb(cache, "debian-handbook") / "usr/share/doc/debian-handbook/html"
    english = {name: [set(re.findall(r"\w+", t.lower())) for t, _ in paras]
               for name, paras in _handbook_pages(base / HANDBOOK_DIRS["en"])}
    for name, paras in _handbook_pages(base / HANDBOOK_DIRS[lang]):
        for text, code in paras:
            long_enough = len(text.split()) >= 8 or len(text) >= 40
            if long_enough and not code and not _untranslated(text, english.get(name, [])):
                yield text


def gather(lang: str, eval_dir: Path, cache: Path) -> dict[str, list[str]]:
    sources = {
        "esa": lambda: esa_refs(eval_dir, lang),
        "mqm": lambda: mqm_sources(eval_dir, lang),
        "newsdev": lambda: newsdev_sources(eval_dir, lang),
        "handbook": lambda: handbook(cache, lang),
    }
    out: dict[str, list[str]] = {}
    for name, source in sources.items():
        try:
            paras = [p.strip() for p in source() if p.strip()]
        except FileNotFoundError as e:  # ../shared/eval absent: the packaged source still works
            print(f"  {lang}/{name}: skipped ({e.filename} missing)", file=sys.stderr)
            continue
        if paras:
            out[name] = paras
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/clean-cache"), help="downloads go here")
    ap.add_argument("--out", type=Path, default=Path("/tmp/clean-langs"))
    ap.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    ap.add_argument("--langs", default=",".join(LANGS))
    args = ap.parse_args()
    for lang in args.langs.split(","):
        parts = gather(lang, args.eval, args.cache.resolve())
        (args.out / lang).mkdir(parents=True, exist_ok=True)
        total = 0.0
        for name, paras in parts.items():
            (args.out / lang / f"{name}.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
            n = sum(words(p, lang) for p in paras)
            total += n
            print(f"{lang}\t{name:9s}\t{len(paras):5d} passages\t{n:8.0f} words")
        print(f"{lang}\ttotal    \t{total:8.0f} words{'  (characters / 2)' if lang in CJK else ''}")


if __name__ == "__main__":
    main()
