"""The command line answers without loading what only extraction needs (spaCy, torch) or what only
the ledger needs (its MinHash, which pulls in SciPy): `newsledger --help` and a bad option stay quick."""

import subprocess
import sys

import pytest

HEAVY = ("spacy", "torch", "thinc", "datasketch", "starlette")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return {m.split(".")[0] for m in out}


def test_importing_the_package_and_the_cli_loads_nothing_heavy():
    assert _loaded_after("import newsledger, newsledger.cli") == set()


def test_help_runs_without_loading_spacy():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from newsledger.cli import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        "assert result.exit_code == 0 and 'extract' in result.output, result.output"
    )
    assert _loaded_after(code) == set()


def test_the_public_api_still_loads_on_first_use():
    code = "import newsledger\nassert callable(newsledger.extract) and callable(newsledger.load_pipeline)"
    assert "spacy" in _loaded_after(code)


@pytest.mark.parametrize("first", ["extract", "read_articles", "ingest"])
def test_the_ingest_command_keeps_its_name_beside_the_readers_subpackage(first):
    code = (
        "import newsledger\n"
        f"assert callable(newsledger.{first})\n"
        "assert callable(newsledger.ingest) and callable(newsledger.statements) and callable(newsledger.read_articles)"
    )
    _loaded_after(code)  # raises if an assertion fails
