"""Where reports go: regular files written atomically (a reader never sees half a file), or
standard output. Nothing here ever writes over an input.

-o rules: '-' (or no -o) is standard output; a symlink is followed (its target is replaced
atomically, the link itself is kept); a folder, a device, a FIFO or a socket is refused, as
is a missing or unwritable folder, and any path that is (or, for input folders, lies
inside) an input of the run. All of that is checked before anything is read or written.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterable
from typing import BinaryIO

from .errors import MtqaError
from .reader import not_regular

STDOUT = "-"
OUTPUT_HELP = ("Write to this file (atomically; '-' = standard output). It must not be an "
               "input of the run; a symlink is followed and its target replaced (the link is "
               "kept); folders, devices and FIFOs are refused.")
ESCAPE_ERRORS = "mtqa-escape"
TEMP_PREFIX = ".mtqa-"  # write_atomic's temporary files: .mtqa-<pid>-<12 hex digits>
_TEMP_NAME = re.compile(r"\.mtqa-(\d+)-[0-9a-f]{12}\Z", re.ASCII)


def _escape(err: UnicodeError) -> tuple[str, int]:
    """Characters the stream's encoding lacks (or lone surrogates) as JSON-style \\uXXXX escapes,
    so a report still goes out whole, and a JSON report stays valid JSON."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start:err.end]:
        cp = ord(ch)
        if cp > 0xFFFF:  # a surrogate pair, as JSON spells it
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
        else:
            out.append(f"\\u{cp:04x}")
    return "".join(out), err.end


codecs.register_error(ESCAPE_ERRORS, _escape)


def escape_text(text: str) -> str:
    """text with lone surrogates (a file name that is not UTF-8) as \\udcXX escapes, as every
    report file and stream shows them: safe to encode as UTF-8 and to hash."""
    return text.encode("utf-8", ESCAPE_ERRORS).decode("utf-8")


def guard_stdio() -> None:
    """Standard output and error never fail on a character their encoding can't show
    (PYTHONIOENCODING=latin-1, ascii, lone surrogates from a JSON input)."""
    for stream in (sys.stdout, sys.stderr):
        # surrogateescape is what a C/POSIX locale gives stdout: it still fails on '→'.
        if stream is not None and getattr(stream, "errors", None) in ("strict", "surrogateescape"):
            try:
                stream.reconfigure(errors=ESCAPE_ERRORS)  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass


def write_stdout(text: str) -> None:
    """Write and flush to standard output; a closed or full stdout is one MtqaError.
    BrokenPipeError passes through (the CLI ends quietly: `mtqa ... | head` is fine)."""
    stream = sys.stdout
    if stream is None or getattr(stream, "closed", False):
        raise MtqaError("cannot write to standard output: it is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise MtqaError(f"cannot write to standard output: {e.strerror or e}") from None


def flush_stdout() -> None:
    """The final flush of whatever a command printed (click.echo buffers)."""
    if sys.stdout is not None and not getattr(sys.stdout, "closed", False):
        write_stdout("")


def silence_stdout() -> None:
    """After a broken pipe: point fd 1 at /dev/null so the interpreter's own last flush
    stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno() if sys.stdout is not None else 1)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _std_stream(st: os.stat_result) -> str:
    """"stdout" or "stderr" when st is the file that stream is open on, else ""."""
    for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
        try:
            if stream is not None and os.path.samestat(st, os.fstat(stream.fileno())):
                return name
        except (OSError, ValueError, AttributeError):
            continue
    return ""


def _target(path: str, label: str) -> str:
    """The regular file a write to path lands on (symlinks followed), or MtqaError whose
    message starts with label (the path, or "-o PATH")."""
    if path.endswith(("/", os.sep)) and not os.path.isdir(path):  # realpath drops the slash
        raise MtqaError(f"{label}: names a folder (it ends with '/'); reports are written to "
                        "regular files only")
    real = os.path.realpath(path)
    try:
        st = os.stat(path)  # the kernel's resolution: right for /dev/fd/N links too
    except FileNotFoundError:
        pass
    except OSError as e:
        raise MtqaError(f"{label}: {e.strerror or e}") from None
    else:
        why = not_regular(st.st_mode)
        if why:
            raise MtqaError(f"{label}: {why}; reports are written to regular files only "
                            "('-o -' is standard output)")
        if _std_stream(st) == "stderr":  # replacing it would lose every later message
            raise MtqaError(f"{label}: is standard error, not a place for reports")
        if not (os.path.exists(real) and os.path.samestat(st, os.stat(real))):
            raise MtqaError(f"{label}: cannot tell which file this names")
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise MtqaError(f"{label}: folder {os.path.dirname(path) or '.'} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise MtqaError(f"{label}: cannot write in folder {os.path.dirname(path) or '.'}: "
                        "permission denied")
    return real


def _same_file(a: str, real: str) -> bool:
    try:
        return os.path.samefile(a, real)
    except OSError:  # a missing input is reported when it is read
        return False


def _is_stdin(real: str) -> bool:
    """True when standard input is redirected from this very file."""
    try:
        return sys.stdin is not None and os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(real))
    except (OSError, ValueError, AttributeError):
        return False


def _inside(real: str, folder: str) -> bool:
    root = os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def output_path(output: str, files: Iterable[str] = (), folders: Iterable[str] = ()) -> str:
    """Where -o output writes ("" = standard output: '-', the default), checked before the
    run reads anything; an empty -o is refused.

    files: the run's input files ('-' = stdin), compared by identity (symlinks, hard links);
    folders: its input folders (rule packs, candidates): nothing is written inside them.
    """
    if output == STDOUT:
        return ""
    if not output:
        raise MtqaError("-o '': an empty path (use '-o -' for standard output)")
    try:  # -o /dev/stdout, or the very file stdout is redirected to: that is stdout
        if _std_stream(os.stat(output)) == "stdout":
            return ""
    except OSError:
        pass
    real = _target(output, f"-o {output}")
    if os.path.exists(real):
        for f in files:
            if f and (_is_stdin(real) if f == STDOUT else _same_file(f, real)):
                raise MtqaError(f"-o {output} is an input of this run; refusing to overwrite it")
    for d in folders:
        if d and _inside(real, d):
            raise MtqaError(f"-o {output} is inside the input folder {d}; refusing to write there")
    return real


def own_target(path: str, inside: str) -> str:
    """path with its folder resolved, its last part kept as is, or MtqaError unless that
    folder lies in inside (checked before folders are made: none is made elsewhere)."""
    real = os.path.join(os.path.realpath(os.path.dirname(path) or "."), os.path.basename(path))
    if not _inside(os.path.dirname(real), inside):
        raise MtqaError(f"{path}: lies outside the output folder {inside} (a symlinked folder?); "
                        "refusing to write there")
    if os.path.isdir(real) and not os.path.islink(real):  # os.replace cannot replace it
        raise MtqaError(f"{path}: {not_regular(os.lstat(real).st_mode)}; reports are written to "
                        "regular files only")
    return real


def write_atomic(path: str, data: str | bytes | Callable[[BinaryIO], object], inside: str = "") -> None:
    """Replace the regular file at path (a symlink's target) with data, all or nothing.

    data: the text, the bytes, or a function that writes the file's bytes to the binary
    file it is given (a long CSV, a part at a time). inside: a folder mtqa owns (audit's
    -o): path is then never followed, a link there is replaced itself (it may point at an
    input), and a folder of path that resolves outside it (a symlinked subfolder) is
    refused."""
    real = own_target(path, inside) if inside else _target(path, path)
    # The name is known before the file exists, so a signal at any point after it is made
    # (a stopped worker raises SystemExit) still removes it below.
    tmp = os.path.join(os.path.dirname(real), f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as e:
        raise MtqaError(f"{path}: cannot write: {e.strerror or e}") from None
    except BaseException:
        _remove(tmp)
        raise
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, str):
                fh.write(data.encode("utf-8", ESCAPE_ERRORS))
            elif isinstance(data, bytes):
                fh.write(data)
            else:
                data(fh)
        # Made private at first; a report gets the usual permissions (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, real)
    except BaseException as e:
        _remove(tmp)
        if isinstance(e, OSError):
            raise MtqaError(f"{path}: cannot write: {e.strerror or e}") from None
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def remove_temp_files(folder: str, pids: Iterable[int] | None, walk: bool = True) -> None:
    """Remove what write_atomic left in folder (its whole tree when walk) from processes
    that were killed (SIGKILL runs no clean-up): only their own files, named by process id
    (pids=None: any process's, when no writer can still be at work there)."""
    wanted = None if pids is None else {str(p) for p in pids}
    if wanted is not None and not wanted:
        return
    for root, _dirs, files in os.walk(folder) if walk else [(folder, (), _names(folder))]:
        for name in files:
            m = _TEMP_NAME.match(name)
            if m and (wanted is None or m.group(1) in wanted):
                _remove(os.path.join(root, name))


def _names(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def is_inside(path: str, folder: str) -> bool:
    """Whether path (its real path: links followed) lies in folder, or is it."""
    return _inside(os.path.realpath(path), folder)
