"""mtqa: translation-quality checks for machine-translated news."""

import os

# The aligner's matrix products are small: multithreaded BLAS only adds contention (seen
# turning a 1.3 s alignment into 4-29 s on a busy 2-core machine). Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"

__all__ = ["Engine", "Options", "__version__", "analyse"]


def __getattr__(name: str):
    """mtqa.analyse / mtqa.Options / mtqa.Engine, imported on first use (start-up stays cheap)."""
    if name in ("analyse", "Options", "Engine"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'mtqa' has no attribute {name!r}")
