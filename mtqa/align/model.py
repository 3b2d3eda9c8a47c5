"""The result of a sentence alignment: links between sentence index sets."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    """src and tgt are 0-based sentence indices (sorted); () on one side for 0-1 / 1-0 links.

    score is in [0, 1]: the link's similarity as the method measures it (chrF / 100 of the
    joined sentences for "chrf", a lexical-and-length confidence for "crosslingual"); 0.0
    for unaligned sentences.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        """'1-1', '2-1', '0-1', … (source count first)."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def to_json(self) -> dict:
        return {"source": list(self.src), "target": list(self.tgt),
                "score": round(float(self.score), 4)}


@dataclass
class Alignment:
    links: list[Link]
    method: str  # "chrf" or "crosslingual"
    n_src: int = 0
    n_tgt: int = 0
    info: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"links": [link.to_json() for link in self.links], "method": self.method}

    # -- helpers for consumers --------------------------------------------------------------
    def pairs(self) -> list[Link]:
        """Links with sentences on both sides."""
        return [link for link in self.links if link.src and link.tgt]

    def src_to_link(self) -> dict[int, Link]:
        return {i: link for link in self.links for i in link.src}



def sort_links(links: list[Link]) -> list[Link]:
    """Links sorted by min target index, then min source index.

    A 1-0 link (source sentence with no target) is placed after the link that holds the
    closest preceding source sentence, so that dropped sentences appear where they were
    dropped; with no such link it goes first.
    """
    paired = sorted((lk for lk in links if lk.tgt),
                    key=lambda lk: (min(lk.tgt), min(lk.src, default=-1)))
    dropped = sorted((lk for lk in links if not lk.tgt), key=lambda lk: lk.src[0])
    if not dropped:
        return paired
    # position of each source sentence's link in `paired`
    where: dict[int, int] = {}
    for pos, lk in enumerate(paired):
        for i in lk.src:
            where[i] = pos
    after: dict[int, list[Link]] = {}
    for lk in dropped:
        i = lk.src[0]
        pos = -1
        for k in range(i - 1, -1, -1):
            if k in where:
                pos = where[k]
                break
        after.setdefault(pos, []).append(lk)
    out = list(after.get(-1, []))
    for pos, lk in enumerate(paired):
        out.append(lk)
        out.extend(after.get(pos, []))
    return out
