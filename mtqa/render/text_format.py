"""Plain text: one line per finding, `path:line:col: severity rule message → suggestion`."""

from __future__ import annotations

from collections import Counter


def render(results, signature) -> str:
    lines = []
    total = Counter()
    for r in results:
        for f in r.findings:
            _, _, line, col = r.locate(f)
            msg = f"{r.doc.path}:{line}:{col}: {f.severity} {f.rule} {f.message}"
            if f.suggestion:
                msg += f" → {f.suggestion}"
            lines.append(msg)
            total[f.severity] += 1
        sc = r.info.get("score")
        if sc:
            verdict = "pass" if sc["pass"] else "FAIL"
            line = (f"{r.doc.path}: MQM score {sc['score']:.1f}/100 {verdict} "
                    f"(penalty {sc['penalty']:g} over {sc['words']} words, threshold {sc['threshold']:g})")
            q = r.info.get("quality")
            if q:
                line += f"; fluency {q['fluency']['value']:.2f}"
            lines.append(line)
    n = sum(total.values())
    parts = ", ".join(f"{total[s]} {s}" for s in ("critical", "major", "minor", "info") if total[s])
    files = len(results)
    summary = f"{n} finding{'s' if n != 1 else ''}" + (f" ({parts})" if parts else "")
    summary += f" in {files} file{'s' if files != 1 else ''}"
    lines.append(summary)
    return "\n".join(lines) + "\n"
