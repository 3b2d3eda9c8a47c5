"""Write reports atomically: a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile

from .errors import MtqaError


def write_atomic(path: str, data: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise MtqaError(f"{path}: folder does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".mtqa-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        # mkstemp makes the file private; a report gets the usual permissions (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
