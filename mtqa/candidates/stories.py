"""Which files of a wire folder are stories, and what text each one contributes.

A story is read by mtqa.readers, exactly as ``mtqa check --source FILE`` reads it (format
recognised by content, then extension): what is retrieved, compared and aligned is the
same article text either way, for plain text, Markdown, HTML, ninjs and NewsML-G2.
"""

from __future__ import annotations

import os

from ..errors import InputError
from ..readers import EXTENSIONS, FORMAT_NAMES, read_input

# Formats that hold one article. XLIFF and TMX are translations, not wire copy, and a
# JSONL file holds many records: none of them is a story to retrieve.
STORY_FORMATS = ("text", "markdown", "html", "ninjs", "newsml")
STORY_SUFFIXES = tuple(sorted(e for e, f in EXTENSIONS.items() if f in STORY_FORMATS))
KINDS = ", ".join(FORMAT_NAMES[f] for f in STORY_FORMATS)  # for messages
MAX_FILE_BYTES = 16 * 1024 * 1024  # larger files are not news stories: skipped


class Unreadable(Exception):
    """A file that is not a readable story; the message says why (no file name)."""


def read_file(path: str) -> tuple[bytes, os.stat_result]:
    """The bytes (at most MAX_FILE_BYTES + 1) and the stat of the file they were read from."""
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1), os.fstat(fh.fileno())
    except OSError as e:
        raise Unreadable(e.strerror or str(e)) from None


def story(path: str, data: bytes, fmt: str | None = None) -> tuple[str, str, str]:
    """(title, text, format) of a story's bytes.

    fmt is the format the readers recognised in these same bytes before (the index keeps
    it): giving it only skips recognising it again.
    """
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable("too large")
    try:
        src = read_input(path, data=data, fmt=fmt)
    except (InputError, ValueError, RecursionError) as e:  # one bad file: skipped, not fatal
        msg = str(e)
        raise Unreadable(msg.removeprefix(f"{path}: ")) from None
    if src.format not in STORY_FORMATS:  # e.g. a .txt that holds XLIFF
        raise Unreadable(f"{FORMAT_NAMES[src.format]}, not a story")
    return (src.headline or _title_of(src.text))[:200], src.text, src.format


def _title_of(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""
