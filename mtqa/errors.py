"""Errors that the CLI turns into one line on stderr and exit code 2."""


class MtqaError(Exception):
    """A problem with the user's input or options (never a bug in mtqa)."""


class InputError(MtqaError):
    """An input file that cannot be read as text."""


class PackError(MtqaError):
    """A malformed rule pack; the message names the file and line."""
