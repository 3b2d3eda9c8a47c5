"""One document through the checks: text in, Result out (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import __version__
from .checks import Context, run_checks
from .document import Document
from .render import Result


@dataclass
class Options:
    lang: str = ""
    source_lang: str = ""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    fail_on: str = "major"
    severity_overrides: dict[str, str] = field(default_factory=dict)


def make_context(opts: Options, packs) -> Context:
    return Context(packs=packs, source_lang=opts.source_lang, select=opts.select,
                   ignore=opts.ignore, severity_overrides=opts.severity_overrides)


def check_text(text: str, path: str, ctx: Context, lang: str = "", src=None,
               source: Document | None = None) -> Result:
    """Check one article's text; src (a readers.Source) maps offsets back to its file.

    With a source document (the original, or the wire story it was derived from), the
    divergence checks run on the aligned pairs too.
    """
    doc = Document.build(text, path=path, lang=lang or None)
    findings = run_checks(doc, ctx)
    pair = None
    if source is not None:
        from .divergence import make_pair, run_divergence
        from .finding import dedupe

        pair = make_pair(source, doc)
        diverged = run_divergence(pair, ctx)
        # Where the source confirms a reference-free finding, report the divergence only.
        spans = {(f.start, f.end) for f in diverged}
        findings = dedupe([f for f in findings if (f.start, f.end) not in spans] + diverged)
    from .source_lang import active_source_langs
    langs = active_source_langs(doc, ctx)
    from .scoring.model import document_scores
    from .scoring.mqm import mqm_score
    info = {"source_lang": sorted(langs) if langs is not None else "any",
            "score": mqm_score(findings, doc.word_count).to_dict(),
            "quality": document_scores(doc, findings)}
    if pair is not None:
        info["source"] = {"path": source.path, "lang": source.lang, "sentences": len(source.sentences)}
        info["alignment"] = pair.alignment.to_json()
    return Result(doc, findings, info, src, source.text if source is not None else "", source)


def signature(opts: Options, packs) -> dict:
    """Everything that determines the findings, so two audits can be compared (cf. sacrebleu)."""
    options = {"lang": opts.lang or "auto", "source_lang": opts.source_lang or "auto",
               "select": list(opts.select), "ignore": list(opts.ignore), "fail_on": opts.fail_on}
    pack_part = ",".join(f"{k}@{v}" for k, v in sorted(packs.packs.items()))
    short = (f"mtqa:{__version__}|packs:{pack_part}|lang:{options['lang']}"
             f"|src:{options['source_lang']}|fail:{opts.fail_on}")
    if opts.select:
        short += "|select:" + ",".join(opts.select)
    if opts.ignore:
        short += "|ignore:" + ",".join(opts.ignore)
    if opts.severity_overrides:
        options["severity"] = dict(sorted(opts.severity_overrides.items()))
        short += "|severity:" + ",".join(f"{k}={v}" for k, v in sorted(opts.severity_overrides.items()))
    return {"mtqa": __version__, "packs": dict(sorted(packs.packs.items())),
            "options": options, "string": short}


def source_document(text: str, path: str, lang: str | None) -> Document:
    """A source article (original, wire story or bilingual file's source side), segmented."""
    return Document.build(text, path=path, lang=lang or None)


def check_input(src, ctx: Context, lang: str = "", source_lang: str = "",
                original: Document | None = None, index=None) -> Result:
    """One input (a readers.Source) checked against the best source available to it.

    The source is, in order: the --source document; the input's own source side (XLIFF,
    TMX); the likeliest story retrieved from a --candidates index (listed in the result).
    """
    orig, extra = original, {}
    if orig is None and src.source_text:
        orig = source_document(src.source_text, src.path + "#source", source_lang or src.src_lang)
    if orig is None and index is not None:
        hits = index.query(src.text, k=3)
        extra["candidates"] = [{"path": h.path, "score": round(h.score, 4), "title": h.title}
                               for h in hits]  # [] = no likely source in the archive
        if hits:
            orig = source_document(index.read(hits[0]), hits[0].path, source_lang)
    r = check_text(src.text, src.path, ctx, lang or src.tgt_lang or "", src=src, source=orig)
    r.info.update(extra)
    return r
