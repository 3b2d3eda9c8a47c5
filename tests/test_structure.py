"""The package's shape: no import cycles (imports inside functions included) and layers
that only import downwards, as DESIGN.md draws them. Read from the source with ast."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "mtqa"

# Layers, lowest first; a module may import its own layer's modules and the ones below.
LAYERS = [
    ("errors", "finding", "rules", "resources", "languages", "output", "tokens", "reader", "lm",
     "regexguard", "quotes", "cjk", "sortedtext", "rx", "lazylines"),
    ("segment", "langid", "document", "report", "readers", "bilingual"),
    ("gazetteer", "packs", "termbank", "source_lang", "annotate", "align"),
    ("checks", "divergence"),
    ("scoring", "render", "registry", "candidates"),
    ("pipeline", "batch"),
    ("archive",),  # batches on a Dask cluster, built on batch
    ("cli", "config", "commands", "service", "__main__"),
]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}


def modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of mtqa this module imports, anywhere in it (functions included). Importing
    a submodule imports its packages first, so those count too."""
    is_pkg = path.name == "__init__.py"
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for t in targets:
            parts = t.split(".")
            for k in range(1, len(parts) + 1):
                cand = ".".join(parts[:k])
                if cand in known and cand != name:
                    found.add(cand)
    return {m for m in found if not name.startswith(m + ".")}  # a package is not a dependency


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {n: imports(n, p, set(mods)) for n, p in mods.items()}


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_cycles():
    g = graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(g[n]):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m])
            elif not state.get(m):
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(g):
        if not state.get(n):
            visit(n)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_every_module_has_a_layer():
    missing = sorted({layer(n) for n in graph() if layer(n) and layer(n) not in RANK})
    assert missing == [], f"add these to LAYERS: {missing}"


def test_layers_only_import_downwards():
    bad = []
    for n, deps in graph().items():
        if not layer(n):
            continue
        for d in deps:
            if layer(d) and RANK[layer(d)] > RANK[layer(n)]:
                bad.append(f"{n} -> {d}")
    assert bad == []


def test_checks_alignment_and_scoring_never_reach_up_to_rendering_or_the_cli():
    for n, deps in graph().items():
        if layer(n) in ("checks", "divergence", "align", "scoring"):
            up = [d for d in deps if layer(d) in ("render", "commands", "cli", "pipeline")]
            assert up == [], f"{n} imports {up}"


def test_graph_sees_imports_inside_functions():
    # commands.check imports the pipeline only inside its function body.
    assert "mtqa.readers" in graph()["mtqa.commands.check"]
