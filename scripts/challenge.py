#!/usr/bin/env python3
"""A challenge set for source comparison: professional translation pairs, and copies of
them with one injected error each, whose target span is recorded.

    python scripts/challenge.py --out challenge.jsonl        # every corpus found
    python scripts/challenge.py --corpus textberg --stats    # counts per type only

Clean pairs (read at run time from ../shared/eval, never copied into the project):
- textberg: Text+Berg de->fr test0..6 (``--dev``: the 1957 dev article), cut at gold links
  into windows of about WINDOW_WORDS target words (a news story's length);
- parice: ParIce en->is, the 10 documents, windowed the same way;
- wmt21-zhen: WMT21 news zh->en, the human reference against the source, by document;
- esa-ende, esa-enja, esa-enzh: WMT23/24 en->de/ja/zh, the human reference (refA) against
  the source, by document.

Injected error types, one per copy, each with the rule meant to catch it (TYPES):
number, negation-removed, negation-added, antonym, name, omission, addition, date, quote.
The injection tables below are the injector's own, written from grammars of each language
and independent of mtqa's cue files (so the recall it measures is not the detector
agreeing with itself); where the two share a word, it is because the language has one.
A type that finds nothing to change in a window is skipped for it (counts show how many).
Deterministic: the random choices are seeded by corpus, document and type.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from eval_align import read_gold, read_indexed, read_lines  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
WINDOW_WORDS = 160

# type -> the rule meant to catch it
TYPES = {
    "number": "diverge.number",
    "negation-removed": "diverge.negation",
    "negation-added": "diverge.negation",
    "antonym": "diverge.antonym",
    "name": "diverge.name",
    "omission": "diverge.omission",
    "addition": "diverge.addition",
    "date": "diverge.date",
    "quote": "diverge.quote",
}


@dataclass
class Pair:
    corpus: str
    lp: str
    doc: str
    src_lang: str
    tgt_lang: str
    source: str
    target: str


@dataclass
class Copy:
    pair: Pair
    type: str
    target: str  # the target with the error
    start: int  # the error's span in `target` (zero-width for an omission's gap)
    end: int
    note: str  # what was changed, for reading a miss


# -- clean pairs ----------------------------------------------------------------------------

def _windows(src: list[str], tgt: list[str], gold) -> Iterator[tuple[list[int], list[int]]]:
    """Source and target line ranges cut where the gold alignment allows a clean cut."""
    links = sorted((lk for lk in gold if lk[0] and lk[1]), key=lambda lk: (min(lk[0]), min(lk[1])))
    start_s = start_t = 0
    words = 0
    for i, (s, t) in enumerate(links):
        words += sum(len(tgt[k].split()) for k in t)
        nxt = links[i + 1] if i + 1 < len(links) else None
        clean_cut = nxt is None or (min(nxt[0]) > max(s) and min(nxt[1]) > max(t))
        if words >= WINDOW_WORDS and clean_cut and nxt is not None:
            end_s, end_t = min(nxt[0]), min(nxt[1])
            yield list(range(start_s, end_s)), list(range(start_t, end_t))
            start_s, start_t, words = end_s, end_t, 0
    if start_s < len(src) and start_t < len(tgt):
        yield list(range(start_s, len(src))), list(range(start_t, len(tgt)))


def _line_pairs(corpus, lp, sl, tl, docs) -> Iterator[Pair]:
    """Windows of a document pair, without the sentences the gold alignment leaves
    unmatched (a translator's own omissions and additions): the clean pair is faithful."""
    for name, src, tgt, gold in docs:
        s_linked = {i for s, t in gold if s and t for i in s}
        t_linked = {i for s, t in gold if s and t for i in t}
        for k, (si, ti) in enumerate(_windows(src, tgt, gold)):
            # one sentence a line: a blank line between them, so that segmentation keeps them
            # (Text+Berg's lines are tokenized, "end .", and a title has no full stop)
            s = "\n\n".join(src[i] for i in si if src[i].strip() and i in s_linked)
            t = "\n\n".join(tgt[i] for i in ti if tgt[i].strip() and i in t_linked)
            if s and t:
                yield Pair(corpus, lp, f"{name}#{k}", sl, tl, s, t)


def _textberg(dev: bool) -> Iterator[Pair]:
    tb = EVAL / "align" / "textberg-de-fr"
    names = ["dev"] if dev else [f"test{k}" for k in range(7)]
    docs = [(n, read_lines(tb / f"{n}.de"), read_lines(tb / f"{n}.fr"), read_gold(tb / f"{n}.defr"))
            for n in names if (tb / f"{n}.de").exists()]
    yield from _line_pairs("textberg", "de-fr", "de", "fr", docs)


def _parice(dev: bool) -> Iterator[Pair]:
    pi = EVAL / "align" / "parice-en-is"
    if not pi.is_dir():
        return
    docs = [(p.name, read_indexed(pi / "eng" / p.name), read_indexed(pi / "isl" / p.name),
             read_gold(p)) for p in sorted((pi / "gold").glob("*.txt"))]
    yield from _line_pairs("parice", "en-is", "en", "is", docs)


def _jsonl_docs(path: pathlib.Path, corpus: str, lp: str, target_field: str,
                keep=lambda r: True, per_window: int = 6) -> Iterator[Pair]:
    if not path.exists():
        return
    segs: dict[str, dict[int, tuple[str, str]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if keep(r) and r.get(target_field):
                segs.setdefault(r["doc"], {})[int(r["seg_id"])] = (r["source"], r[target_field])
    sl, tl = lp.split("-")
    for doc in sorted(segs):
        rows = [segs[doc][k] for k in sorted(segs[doc])]
        for k in range(0, len(rows), per_window):
            chunk = rows[k:k + per_window]
            yield Pair(corpus, lp, f"{doc}#{k // per_window}", sl, tl,
                       "\n\n".join(s for s, _ in chunk), "\n\n".join(t for _, t in chunk))


def _wmt21(dev: bool) -> Iterator[Pair]:
    yield from _jsonl_docs(EVAL / "mqm-news" / "mqm_news2021_zhen.dev.jsonl", "wmt21-zhen", "zh-en",
                           "reference")


def _esa(name: str, lp: str, per_window: int):
    def gen(dev: bool) -> Iterator[Pair]:
        yield from _jsonl_docs(EVAL / "esa" / name, f"esa-{lp.replace('-', '')}", lp, "target",
                               keep=lambda r: r.get("system") == "refA", per_window=per_window)
    return gen


CORPORA = {
    "textberg": _textberg,
    "parice": _parice,
    "wmt21-zhen": _wmt21,
    "esa-ende": _esa("esa_wmt23_ende.dev.jsonl", "en-de", 2),
    "esa-enja": _esa("esa_wmt24_enja.dev.jsonl", "en-ja", 6),
    "esa-enzh": _esa("esa_wmt24_enzh.dev.jsonl", "en-zh", 6),
}


def pairs(corpora=None, dev: bool = False) -> Iterator[Pair]:
    for name in corpora or CORPORA:
        yield from CORPORA[name](dev)


# -- the injector's tables ------------------------------------------------------------------

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "is": "janúar febrúar mars apríl maí júní júlí ágúst september október nóvember desember",
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "is": "mánudagur þriðjudagur miðvikudagur fimmtudagur föstudagur laugardagur sunnudagur",
}
# (pattern, replacement): removing the negation of a clause.
NEG_REMOVE = {
    "en": [(r"\b(is|are|was|were|do|does|did|has|have|had|will|would|could|should|must|may|might) not\b", r"\1"),
           (r"\b(ca|wo|do|does|did|is|are|was|were|has|have|had|could|should|would)n't\b",
            lambda m: {"ca": "can", "wo": "will"}.get(m.group(1), m.group(1))),
           (r"\bcannot\b", "can"), (r"\bnever\b", "")],
    "de": [(r" nicht\b", ""), (r"\bkein(e|en|em|er|es)?\b", r"ein\1"), (r" nie\b", "")],
    "fr": [(r"\bne (\w+) (pas|jamais|plus)\b", r"\1"), (r"\bn['’](\w+) (pas|jamais|plus)\b", r"\1")],
    "is": [(r" ekki\b", ""), (r" aldrei\b", "")],
    "ja": [(r"ません", "ます"), (r"ではない", "である"), (r"しない", "する"), (r"できない", "できる")],
    "zh": [(r"没有", "有"), (r"不是", "是"), (r"不(会|能|要|可能|应该|愿意)", r"\1")],
}
# (pattern, replacement): negating a clause that was positive.
NEG_ADD = {
    "en": [(r"\b(is|are|was|were|will|would|can|could|should|has|have|had)\b(?! not)", r"\1 not")],
    "de": [(r"\b(ist|sind|war|waren|wird|werden|kann|können|hat|haben|hatte)\b(?! nicht)", r"\1 nicht")],
    "fr": [(r"\b(est|sont|était|étaient|sera|peut|peuvent|doit)\b", r"ne \1 pas"),
           (r"\b(a|ont|avait)\b(?= \w+é)", r"n'\1 pas")],
    "is": [(r"\b(er|eru|var|voru|hefur|hafa|getur|mun|verður)\b(?! ekki)", r"\1 ekki")],
    "ja": [(r"(?<!ま)ます(?=[。、])", "ません"), (r"です(?=[。、])", "ではありません")],
    "zh": [(r"(?<![不没])是(?!否)", "不是"), (r"(?<![没])有(?![关些])", "没有"), (r"(?<!不)会(?![议])", "不会")],
}
# word -> its antonym, both ways; written for the injector (common news pairs).
ANTONYMS = {
    "en": "increase decrease|rise fall|more less|higher lower|large small|before after|first last|"
          "win lose|support oppose|accept reject|strong weak|open closed|early late|new old|"
          "increased decreased|rose fell|major minor|best worst|long short|high low|better worse",
    "de": "mehr weniger|höher niedriger|groß klein|große kleine|vor nach|erste letzte|neue alte|"
          "stark schwach|starke schwache|früh spät|lang kurz|lange kurze|hoch niedrig|oben unten|"
          "leicht schwer|besser schlechter|steigt sinkt|viel wenig|viele wenige",
    "fr": "plus moins|grand petit|grande petite|avant après|premier dernier|première dernière|"
          "nouveau ancien|fort faible|tôt tard|long court|longue courte|haut bas|haute basse|"
          "facile difficile|meilleur pire|beaucoup peu|monter descendre|montée descente",
    "is": "meira minna|stór lítil|stórt lítið|stóra litla|fyrir eftir|fyrsta síðasta|nýja gamla|"
          "langt stutt|hátt lágt|mikið lítið|góð slæm|gott slæmt|auðvelt erfitt",
    "ja": "増加 減少|上昇 下落|多い 少ない|高い 低い|大きな 小さな|大きい 小さい|最初 最後|"
          "新しい 古い|強い 弱い|勝利 敗北|賛成 反対|長い 短い|早い 遅い|以前 以後",
    # Two-character words only: a single character is too often part of another word.
    "zh": "增加 减少|上升 下降|更多 更少|之前 之后|第一 最后|胜利 失败|支持 反对|上涨 下跌|"
          "提高 降低|扩大 缩小|开放 关闭|成功 失败|同意 反对",
}
QUOTES = re.compile(r"“([^”]{8,})”|\"([^\"]{8,})\"|«\s*([^»]{8,}?)\s*»|„([^“”]{8,})[“”]|「([^」]{6,})」")
_SPACED = {"de", "fr", "en", "is"}


def _antonyms(lang: str) -> dict[str, str]:
    out = {}
    for pair in ANTONYMS.get(lang, "").split("|"):
        if pair:
            a, b = pair.split(" ")
            out[a], out[b] = b, a
    return out


# -- injection ------------------------------------------------------------------------------

def _sub_at(text: str, m: re.Match, new: str) -> tuple[str, int, int]:
    return text[:m.start()] + new + text[m.end():], m.start(), m.start() + len(new)


def _pick(rng, items):
    return items[rng.randrange(len(items))] if items else None


def _number(p: Pair, rng) -> tuple[str, int, int, str] | None:
    ms = list(re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)?(?!\w)", p.target))
    m = _pick(rng, ms)
    if m is None:
        return None
    raw = m.group()
    digits = [i for i, c in enumerate(raw) if c.isdigit()]
    i = digits[-1] if len(digits) > 1 or raw != "0" else digits[0]
    if len(raw) == 4 and raw[:2] in ("19", "20"):
        i = 3  # a year: change its last digit
    d = int(raw[i])
    new_d = (d + rng.randrange(1, 9)) % 10
    if i == 0 and new_d == 0:
        new_d = 1 if d != 1 else 2
    new = raw[:i] + str(new_d) + raw[i + 1:]
    t, s, e = _sub_at(p.target, m, new)
    return t, s, e, f"{raw} -> {new}"


def _regex_choices(text: str, table) -> list[tuple[re.Match, object]]:
    return [(m, rep) for pat, rep in table for m in re.finditer(pat, text)]


def _apply(p: Pair, rng, table) -> tuple[str, int, int, str] | None:
    choice = _pick(rng, _regex_choices(p.target, table))
    if choice is None:
        return None
    m, rep = choice
    new = rep(m) if callable(rep) else m.expand(rep)
    new = re.sub(r"  +", " ", new)
    t, s, e = _sub_at(p.target, m, new)
    if s == e:  # a removal: the span is the word before the gap
        w = re.search(r"\w+\W*$", t[:s])
        s = w.start() if w else max(0, s - 1)
        e = max(e, s + 1)
    return t, s, e, f"{m.group()!r} -> {new!r}"


def _antonym(p: Pair, rng) -> tuple[str, int, int, str] | None:
    table = _antonyms(p.tgt_lang)
    if p.tgt_lang in _SPACED:
        ms = [m for m in re.finditer(r"\w+", p.target) if m.group().lower() in table]
        m = _pick(rng, ms)
        if m is None:
            return None
        new = table[m.group().lower()]
        if m.group()[0].isupper():
            new = new[0].upper() + new[1:]
    else:
        keys = sorted(table, key=len, reverse=True)
        ms = list(re.finditer("|".join(map(re.escape, keys)), p.target)) if keys else []
        m = _pick(rng, ms)
        if m is None:
            return None
        new = table[m.group()]
    t, s, e = _sub_at(p.target, m, new)
    return t, s, e, f"{m.group()} -> {new}"


def _name(p: Pair, rng) -> tuple[str, int, int, str] | None:
    if p.tgt_lang not in _SPACED:
        return None
    src_words = set(re.findall(r"\w+", p.source))
    ms = [m for m in re.finditer(r"(?<=[\w,;] )[A-ZÀ-ÞŁŚŻ][a-zà-ÿ]{4,}\b", p.target)
          if m.group() in src_words]
    m = _pick(rng, ms)
    if m is None:
        return None
    w = m.group()
    k = rng.randrange(1, len(w) - 2)
    new = w[:k] + w[k + 1] + w[k] + w[k + 2:] if w[k] != w[k + 1] else w[:k] + w[k + 1:]
    t, s, e = _sub_at(p.target, m, new)
    return t, s, e, f"{w} -> {new}"


_SENT = re.compile(r"[^\n]+")


def _lines(text: str) -> list[re.Match]:
    return [m for m in _SENT.finditer(text) if m.group().strip()]


def _omission(p: Pair, rng) -> tuple[str, int, int, str] | None:
    """A whole line (sentence or segment) of at least 6 words left out, not the first."""
    lines = [m for m in _lines(p.target)[1:]
             if len(m.group().split()) >= 6 or (p.tgt_lang not in _SPACED and len(m.group()) >= 20)]
    m = _pick(rng, lines)
    if m is None:
        return None
    before = p.target[:m.start()].rstrip()
    after = p.target[m.end():].lstrip("\n")
    sep = "\n\n" if "\n\n" in p.target else "\n"
    t = before + (sep + after if after else "")
    gap = len(before)
    return t, gap, gap, f"left out: {m.group()[:60]!r}"


def _addition(p: Pair, rng, donor: str) -> tuple[str, int, int, str] | None:
    donors = [m.group() for m in _lines(donor)
              if len(m.group().split()) >= 6 or (p.tgt_lang not in _SPACED and len(m.group()) >= 20)]
    lines = _lines(p.target)
    extra = _pick(rng, donors)
    if extra is None or not lines:
        return None
    m = _pick(rng, lines)
    sep = "\n\n" if "\n\n" in p.target else "\n"
    t = p.target[:m.end()] + sep + extra + p.target[m.end():]
    s = m.end() + len(sep)
    return t, s, s + len(extra), f"added: {extra[:60]!r}"


def _date(p: Pair, rng) -> tuple[str, int, int, str] | None:
    lang = p.tgt_lang
    if lang in ("ja", "zh"):
        ms = list(re.finditer(r"(?<![\d０-９])(1[0-2]|[1-9])(?=月)", p.target))
        m = _pick(rng, ms)
        if m is None:
            return None
        new = str(int(m.group()) % 12 + 1)
    else:
        names = (MONTHS.get(lang, "") + " " + WEEKDAYS.get(lang, "")).split()
        low = {n.lower(): n for n in names}
        ms = [m for m in re.finditer(r"\w+", p.target) if m.group().lower() in low
              and not (lang == "en" and m.group() == "may")]
        m = _pick(rng, ms)
        if m is None:
            return None
        group = MONTHS[lang].split() if m.group().lower() in MONTHS[lang].lower().split() else WEEKDAYS[lang].split()
        k = [g.lower() for g in group].index(m.group().lower())
        new = group[(k + 1 + rng.randrange(len(group) - 1)) % len(group)]
        if m.group()[0].isupper():
            new = new[0].upper() + new[1:]
    t, s, e = _sub_at(p.target, m, new)
    return t, s, e, f"{m.group()} -> {new}"


def _quote(p: Pair, rng) -> tuple[str, int, int, str] | None:
    """One content word of a quotation replaced by another word of the same text."""
    spans = []
    for q in QUOTES.finditer(p.target):
        g = next(i for i in range(1, 6) if q.group(i) is not None)
        spans.append((q.start(g), q.end(g)))
    if p.tgt_lang in _SPACED:
        words = [(a, m) for a, b in spans for m in re.finditer(r"\b[^\W\d]{4,}\b", p.target[a:b])]
        pool = sorted(set(re.findall(r"\b[^\W\d]{4,}\b", p.target)))
    else:
        words = [(a, m) for a, b in spans for m in re.finditer(r"[\u4e00-\u9fff]{2}", p.target[a:b])]
        pool = sorted(set(re.findall(r"[\u4e00-\u9fff]{2}", p.target)))
    choice = _pick(rng, words)
    if choice is None:
        return None
    a, m = choice
    others = [w for w in pool if w.lower() != m.group().lower()]
    new = _pick(rng, others)
    if new is None:
        return None
    s = a + m.start()
    t = p.target[:s] + new + p.target[a + m.end():]
    return t, s, s + len(new), f"{m.group()} -> {new} (in a quotation)"


def _seed(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16)


def inject(p: Pair, kind: str, donor: str = "") -> Copy | None:
    rng = random.Random(_seed(p.corpus, p.doc, kind))
    if kind == "number":
        got = _number(p, rng)
    elif kind == "negation-removed":
        got = _apply(p, rng, NEG_REMOVE.get(p.tgt_lang, []))
    elif kind == "negation-added":
        got = _apply(p, rng, NEG_ADD.get(p.tgt_lang, []))
    elif kind == "antonym":
        got = _antonym(p, rng)
    elif kind == "name":
        got = _name(p, rng)
    elif kind == "omission":
        got = _omission(p, rng)
    elif kind == "addition":
        got = _addition(p, rng, donor)
    elif kind == "date":
        got = _date(p, rng)
    elif kind == "quote":
        got = _quote(p, rng)
    else:
        raise ValueError(kind)
    if got is None:
        return None
    text, s, e, note = got
    return Copy(p, kind, text, s, e, note)


def challenge(corpora=None, dev: bool = False, types=None) -> Iterator[tuple[Pair, list[Copy]]]:
    """Each clean pair with its copies (one per type that found something to change).
    The addition donor is the next window of the same corpus (other text, same language)."""
    by_corpus: dict[str, list[Pair]] = {}
    for p in pairs(corpora, dev):
        by_corpus.setdefault(p.corpus, []).append(p)
    for ps in by_corpus.values():
        for i, p in enumerate(ps):
            donor = ps[(i + 1) % len(ps)].target if len(ps) > 1 else ""
            copies = [c for k in (types or TYPES) if (c := inject(p, k, donor)) is not None]
            yield p, copies


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    ap.add_argument("--dev", action="store_true", help="Text+Berg's dev article instead of test")
    ap.add_argument("--out", help="write the copies as JSON lines here")
    ap.add_argument("--stats", action="store_true", help="print counts per corpus and type")
    a = ap.parse_args(argv)
    counts: dict[tuple[str, str], int] = {}
    out = []
    for p, copies in challenge(a.corpus, a.dev):
        counts[(p.corpus, "clean")] = counts.get((p.corpus, "clean"), 0) + 1
        for c in copies:
            counts[(p.corpus, c.type)] = counts.get((p.corpus, c.type), 0) + 1
            out.append({**asdict(c.pair), "type": c.type, "rule": TYPES[c.type],
                        "injected": c.target, "start": c.start, "end": c.end, "note": c.note})
    if a.out:
        tmp = pathlib.Path(a.out + ".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
        tmp.replace(a.out)
    if a.stats or not a.out:
        corpora = sorted({c for c, _ in counts})
        print("corpus".ljust(12), *(k[:8].rjust(8) for k in ["clean", *TYPES]))
        for c in corpora:
            print(c.ljust(12), *(str(counts.get((c, k), 0)).rjust(8) for k in ["clean", *TYPES]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
