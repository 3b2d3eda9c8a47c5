"""Errors that the CLI turns into one line on stderr and exit code 2."""


class MtqaError(Exception):
    """A problem with the user's input or options (never a bug in mtqa)."""


class InputError(MtqaError):
    """An input file that cannot be read as text."""


class PackError(MtqaError):
    """A malformed rule pack; the message names the file and line."""


# Line breaks, other control characters and bidi controls in a user string (a file name, an
# option value) would split an error message or forge a line of its own on the terminal.
_UNSAFE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_UNSAFE.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, 0x061C, 0x200E, 0x200F,
                                             *range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def one_line(message: str) -> str:
    """A message safe to print as exactly one line: unsafe characters shown escaped."""
    return message.translate(_UNSAFE)


def first_line(e: BaseException) -> str:
    """An exception's message as one short line (its first), or its type when it has none."""
    return (str(e).strip().splitlines() or [type(e).__name__])[0]
