"""Directories: every file of a known kind beneath one, in a stable sorted order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import InputError
from .formats import format_of


def files_in(directory: str) -> Iterator[str | InputError]:
    """Paths of the files under ``directory``, recursively, sorted by their path parts (a FIFO or
    device among them is listed too, so that its reader refuses it in one line, not in silence).

    Files of unknown kinds are passed over, as are hidden files and folders (names starting
    with a dot, such as ``.git``). A folder that cannot be listed comes as an InputError.
    """
    errors: list[InputError] = []

    def report(err: OSError) -> None:
        problem = f"cannot be listed ({err.strerror})"
        errors.append(InputError(str(err.filename), problem, "check its permissions", kind="unreadable"))

    found: list[tuple[tuple[str, ...], str]] = []
    for folder, subfolders, names in os.walk(directory, onerror=report):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            path = os.path.join(folder, name)
            if not name.startswith(".") and format_of(name) and not os.path.isdir(path):
                found.append((tuple(os.path.relpath(path, directory).split(os.sep)), path))
    yield from errors
    for _, path in sorted(found):
        yield path
