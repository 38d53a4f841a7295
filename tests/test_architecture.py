"""The import rule of docs/architecture.md holds: every import in src/newsledger goes down the
layers (or stays inside its own package), and no module imports another package's private name.

Read from the source with ``ast``, so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "newsledger"

# Lowest first. A package may import its own modules and any package of a lower layer; never one
# of its own layer or above. "newsledger" is the package's __init__ (the public API).
LAYERS: list[set[str]] = [
    {"errors", "records", "settings"},
    {"dates", "names", "knowledge", "rows"},
    {"ingest", "ledger"},
    {"nlp"},
    {"attribution", "events"},
    {"pipeline"},
    {"extraction"},
    {"evaluation", "batch"},
    {"training"},
    {"commands", "tables"},
    {"web"},
    {"cli"},
    {"newsledger", "__main__"},
]

# (importing module, imported package): why it may run against the rule. Keep it short.
EXCEPTIONS: dict[tuple[str, str], str] = {}

LAYER_OF = {package: n for n, layer in enumerate(LAYERS) for package in layer}


def modules() -> list[tuple[str, Path]]:
    """Every module under src/newsledger as (dotted name, path)."""
    found = []
    for path in sorted((SRC / ROOT).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path))
    return found


def package_of(module: str) -> str:
    """``newsledger.nlp.entities`` -> ``nlp``; ``newsledger.records`` -> ``records``; ``newsledger`` -> ``newsledger``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports(module: str, path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) for each newsledger import in the module."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names if alias.name.split(".")[0] == ROOT]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != ROOT:
                continue
            names = [alias.name for alias in node.names]
            if target == ROOT:  # `from . import commands` at the top: each name is a module of its own
                found += [(node.lineno, f"{ROOT}.{name}", []) for name in names]
            else:
                found.append((node.lineno, target, names))
    return found


def violations(module: str, path: Path) -> list[str]:
    own = package_of(module)
    out = []
    for line, target, names in imports(module, path):
        theirs = package_of(target)
        shown = path.relative_to(SRC.parent) if path.is_relative_to(SRC.parent) else path
        where = f"{shown}:{line}: {module} imports {target}"
        if theirs == own:
            continue
        if own not in LAYER_OF or theirs not in LAYER_OF:
            unknown = own if own not in LAYER_OF else theirs
            out.append(f"{where}: package {unknown!r} has no layer; add it to LAYERS here and to docs/architecture.md")
            continue
        private = [n for n in names if n.startswith("_")] + [p for p in target.split(".")[1:] if p.startswith("_") and not p.startswith("__")]
        if private:
            out.append(f"{where}: {', '.join(private)} is private to {theirs}; make it public there or keep the code in {theirs}")
        if LAYER_OF[theirs] >= LAYER_OF[own] and (module, theirs) not in EXCEPTIONS:
            relation = "the same layer as" if LAYER_OF[theirs] == LAYER_OF[own] else "a layer above"
            out.append(
                f"{where}: {theirs} is {relation} {own}; a package imports only the layers below it "
                "(docs/architecture.md): move the shared code down, or have the caller pass it in"
            )
    return out


def test_every_package_has_a_layer():
    packages = {package_of(module) for module, _ in modules()}
    assert packages - set(LAYER_OF) == set(), "packages without a layer in LAYERS (and docs/architecture.md)"


def test_imports_go_down_the_layers_and_take_no_private_names():
    problems = [problem for module, path in modules() for problem in violations(module, path)]
    assert problems == [], "imports against docs/architecture.md:\n" + "\n".join(problems)


def test_exceptions_are_still_needed():
    used = {(module, package_of(target)) for module, path in modules() for _, target, _ in imports(module, path)}
    assert set(EXCEPTIONS) <= used, f"exceptions no import needs any more: {set(EXCEPTIONS) - used}; remove them"


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("newsledger.nlp.stage", "from ..pipeline import load_pipeline\n", "pipeline is a layer above nlp"),
        ("newsledger.ledger.store", "from newsledger.nlp.entities import fold_name\n", "nlp is a layer above ledger"),
        ("newsledger.events.finder", "from ..attribution import linking\n", "attribution is the same layer as events"),
        ("newsledger.attribution.x", "from ..nlp.statements import _subject\n", "_subject is private to nlp"),
        ("newsledger.nlp.entities", "from .statements import _subject\n", None),
        ("newsledger.pipeline.components", "from ..nlp.debris import find_ignored_spans\n", None),
    ],
)
def test_the_check_catches_a_bad_import(tmp_path, module, source, expected):
    path = tmp_path / "x.py"
    path.write_text(source)
    found = violations(module, path)
    if expected is None:
        assert found == []
    else:
        assert any(expected in problem for problem in found), found
