"""Read an input file as text: one clear error for anything that is not readable text.

Only regular files (a symlink to one is fine) and standard input ('-') are read: a FIFO,
a device, a socket or a folder is refused without being opened, so nothing can block or
read forever. An input holds at most max_input_bytes() (16 MB by default, which a
news story never nears and which keeps a check within about 0.5 GB of memory; raise it with
--max-input-size MB or MTQA_MAX_INPUT_MB), and at most that much plus one byte is ever read.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys

from .errors import InputError, MtqaError

DEFAULT_MAX_INPUT_MB = 16
MAX_INPUT_ENV = "MTQA_MAX_INPUT_MB"
_MB = 1024 * 1024
_MAX_BYTES = float(sys.maxsize)
_CHUNK = 8 * _MB  # read in chunks: a huge limit must not become one huge allocation
_max_input_mb: float | None = None  # set by the CLI's --max-input-size (None: env or default)

_KINDS = ((stat.S_ISDIR, "is a directory, not a text file"),
          (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
          (stat.S_ISCHR, "is a character device, not a regular file"),
          (stat.S_ISBLK, "is a block device, not a regular file"),
          (stat.S_ISSOCK, "is a socket, not a regular file"))


def set_max_input_mb(mb: float | None) -> None:
    """The per-input size limit in MB for this process (None: MTQA_MAX_INPUT_MB or the default)."""
    global _max_input_mb
    if mb is not None and not 0 < mb < float("inf"):  # click's FloatRange lets inf and nan through
        raise MtqaError(f"--max-input-size must be a positive number of megabytes, not '{mb}'")
    _max_input_mb = mb


def parse_mb(value: str, what: str) -> float:
    """A positive number of megabytes, or MtqaError naming where it came from."""
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not 0 < mb < float("inf"):
        raise MtqaError(f"{what} must be a positive number of megabytes, not '{value}'")
    return mb


def max_input_mb() -> float:
    """The per-input limit in MB: --max-input-size, else MTQA_MAX_INPUT_MB, else DEFAULT_MAX_INPUT_MB."""
    if _max_input_mb is not None:
        return _max_input_mb
    env = os.environ.get(MAX_INPUT_ENV, "").strip()
    return parse_mb(env, MAX_INPUT_ENV) if env else DEFAULT_MAX_INPUT_MB


def max_input_bytes() -> int:
    return int(min(max_input_mb() * _MB, _MAX_BYTES))  # 1e308 MB is finite, its bytes are not


def not_regular(mode: int) -> str:
    """Why a file of this st_mode is not read or written ("" for a regular file)."""
    for test, why in _KINDS:
        if test(mode):
            return why
    return "" if stat.S_ISREG(mode) else "is not a regular file"


def _too_large(name: str, limit: int, hint: bool) -> InputError:
    """hint: the limit is the user's (--max-input-size), so say how to raise it."""
    if hint:
        return InputError(f"{name}: larger than the input limit of {max_input_mb():g} MB "
                          f"(raise it with --max-input-size MB or {MAX_INPUT_ENV})")
    return InputError(f"{name}: larger than the limit of {limit / _MB:g} MB")


def input_too_large(name: str) -> InputError:
    """The error of an input (a file, or a story inside one) over the per-input limit."""
    return _too_large(name, max_input_bytes(), True)


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """The bytes of a file ('-' = stdin), or one clear InputError. Never modifies the file.

    limit: the most bytes accepted (default max_input_bytes()); larger inputs are refused
    after reading limit + 1 bytes at most, so /dev/zero on stdin ends too."""
    hint = limit is None
    limit = max_input_bytes() if limit is None else limit
    if path == "-":
        return _read_stdin(limit, hint)
    try:
        st = os.stat(path)  # follows symlinks: a link to a regular file is read
        why = not_regular(st.st_mode)
        if why:
            raise InputError(f"{path}: {why}")
        if st.st_size > limit:
            raise _too_large(path, limit, hint)
        # O_NONBLOCK: if the file was swapped for a FIFO since the stat, open must not block.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            why = not_regular(os.fstat(fd).st_mode)
            if why:
                raise InputError(f"{path}: {why}")
            data = _read_upto(fh, limit)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise _too_large(path, limit, hint)
    return data


def _read_upto(fh, limit: int) -> bytes:
    """At most limit + 1 bytes of fh, to its end."""
    chunks, got = [], 0
    while got <= limit:
        chunk = fh.read(min(limit + 1 - got, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_stdin(limit: int, hint: bool) -> bytes:
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False) or not hasattr(stream, "buffer"):
        raise InputError("<stdin>: standard input is closed (nothing to read)")
    try:
        data = _read_upto(stream.buffer, limit)
    except OSError as e:  # e.g. stdin redirected from a folder
        raise InputError(f"<stdin>: cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise _too_large("<stdin>", limit, hint)
    return data


def read_text(path: str, encoding: str | None = None) -> str:
    """Text of a plain-text file ('-' = stdin)."""
    return decode(read_bytes(path), "<stdin>" if path == "-" else path, encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    if encoding:
        if text_codec(encoding) is None:
            raise InputError(f"unknown encoding '{encoding}'" if _lookup(encoding) is None
                             else f"'{encoding}' is not a text encoding")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid {encoding} (byte {e.start})") from None
        except UnicodeError as e:  # e.g. idna's own errors carry no byte offset
            raise InputError(f"{name}: not valid {encoding} ({e})") from None
    else:
        # UTF-32 first: its little-endian BOM begins with UTF-16's.
        for boms, utf in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "UTF-32"),
                          ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "UTF-16")):
            if data.startswith(boms):
                raise InputError(f"{name}: {utf} text; convert it or pass --encoding {utf.lower()}")
        if b"\x00" in data:  # anywhere, not just near the start: one linear scan
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


def _lookup(encoding: str) -> codecs.CodecInfo | None:
    try:
        return codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):  # e.g. a NUL in the name
        return None


def text_codec(encoding: str) -> str | None:
    """The codec name of a bytes-to-text encoding; None for an unknown name, a bytes-to-bytes
    codec (rot13, base64, zlib...) or 'undefined', which only ever raises."""
    info = _lookup(encoding)
    if info is None or not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return None
    return info.name
