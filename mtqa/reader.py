"""Read an input file as text: one clear error for anything that is not readable text."""

from __future__ import annotations

import codecs
import os
import sys

from .errors import InputError


def read_bytes(path: str) -> bytes:
    """The bytes of a file ('-' = stdin), or one clear InputError. Never modifies the file."""
    if path == "-":
        return sys.stdin.buffer.read()
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def read_text(path: str, encoding: str | None = None) -> str:
    """Text of a plain-text file ('-' = stdin)."""
    return decode(read_bytes(path), "<stdin>" if path == "-" else path, encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding '{encoding}'") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid {encoding} (byte {e.start})") from None
    else:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError(f"{name}: UTF-16 text; convert it or pass --encoding utf-16")
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: binary data, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(
                f"{name}: not UTF-8 (invalid byte 0x{data[e.start]:02x} at offset {e.start}); "
                "pass --encoding, e.g. --encoding latin-1") from None
    if not text.strip():
        raise InputError(f"{name}: empty file (no text to check)")
    return text
