"""Every command, walked from the CLI itself, with a path that does not exist, an output it cannot
write and option values it cannot take: each fails (exit code not 0) with one `error:` line on
stderr that names the path or option and says what to do, and never a traceback.

A new command or option is held to the same checks: the test fails until it has a row in
``GOOD_ARGS`` (for a new command) and its parameters are known kinds (``INPUT_PATHS`` ...)."""

from __future__ import annotations

import os

import click
import pytest

from newsledger.cli import main

from .conftest import stderr_lines, write
from .test_help_and_usage import COMMANDS
from .texts import LOPEZ

MISSING = "/nonexistent/in.txt"  # an input that is not there
# Outputs that cannot be written: in a folder that is not there (no command makes a missing folder
# other than its own output folder: batch --out makes /nonexistent/dir/out as mkdir -p would), and
# under a file, which not even root can write.
UNWRITABLE = ["/nonexistent/dir/x.csv", "{article}/x.csv"]
LEDGER = "{ledger}"  # stands for a ledger with one article in it
ARTICLE = "{article}"  # stands for a readable article

# Arguments with which each command would run; each case below spoils one thing in them.
GOOD_ARGS: dict[tuple[str, ...], list[str]] = {
    ("extract",): [ARTICLE],
    ("ingest",): [ARTICLE, "--db", "{tmp}/new.db"],
    ("batch",): [ARTICLE, "--out", "{tmp}/out"],
    ("statements",): ["--db", LEDGER],
    ("timeline",): ["person:ana-lopez", "--db", LEDGER],
    ("positions",): ["talks", "--db", LEDGER],
    ("entities",): ["--db", LEDGER],
    ("export",): ["--db", LEDGER],
    ("transfers",): [ARTICLE, "--db", LEDGER],
    ("evaluate", "polnear"): [],
    ("evaluate", "sample"): [],
    ("evaluate", "plover"): [],
    ("evaluate", "cameo"): [],
    ("evaluate", "news"): [],
    ("evaluate", "re3d"): [],
    ("train", "attribution"): [],
    ("train", "cues"): [],
    ("serve",): ["--db", LEDGER],
}

# Parameters by what they name: read (must exist), write (a file or folder made there), or neither.
INPUT_PATHS = {"paths", "inputs", "data", "corpus", "gold", "transfers_gold", "events_gold"}
OUTPUT_PATHS = {"out"}
LEDGERS_READ = {"statements", "timeline", "positions", "entities", "export", "transfers"}  # --db (serve and ingest make one)
NOT_PATHS = {
    "fmt", "published", "model", "profile", "engine", "workers", "shard_size", "address", "speaker", "text",
    "entity", "since", "until", "limit", "offset", "distinct_claims", "topic", "query", "kind", "what", "split",
    "errors", "as_json", "folders", "epochs", "members", "seed", "features", "c", "host", "port", "allow_hosts",
    "wide",
}

# Option values no command can take, by option; each must fail with one line naming the option.
BAD_VALUES: dict[str, list[str]] = {
    "--format": ["bogus"],
    "--limit": ["-1", "many"],
    "--offset": ["-1"],
    "--published": ["yesterday"],
    "--since": ["last week"],
    "--until": ["2024-13-01"],
    "--profile": ["fastest"],
    "--engine": ["dask"],
    "--workers": ["0"],
    "--shard-size": ["0"],
    "--what": ["everything"],
    "--errors": ["-2"],
    "--epochs": ["0"],
    "--members": ["0"],
    "--c": ["0"],
    "--port": ["70000"],
    "--allow-host": ["bad host!"],
    "--model": ["/nonexistent/model"],
    "--split": ["test2"],
    "--features": ["maybe"],
    "--entity": ["nobody:none"],
    "--type": ["planet"],
    "--folder": ["NOPE"],
}


def command_of(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def test_every_command_has_good_args_and_known_parameters():
    assert set(GOOD_ARGS) == set(COMMANDS)
    for path in COMMANDS:
        names = {p.name for p in command_of(path).params if p.name != "help"}
        unknown = names - INPUT_PATHS - OUTPUT_PATHS - NOT_PATHS - {"db"}
        assert not unknown, f"{' '.join(path)}: say which kind of parameter {unknown} is"


def cases() -> list[tuple[tuple[str, ...], str, str, str]]:
    """(command, what is spoiled, value that must be named, ...) for every command and parameter."""
    found = []
    for path in COMMANDS:
        for param in command_of(path).params:
            if param.name in INPUT_PATHS:
                found.append((path, param.name, "missing input", MISSING))
            elif param.name in OUTPUT_PATHS or (param.name == "db" and path[0] not in LEDGERS_READ):
                for value in UNWRITABLE[1:] if path == ("batch",) else UNWRITABLE:
                    found.append((path, param.name, "unwritable output", value))
            elif param.name == "db":
                found.append((path, "db", "missing input", MISSING))
            elif isinstance(param, click.Option):
                for value in BAD_VALUES.get(param.opts[0], []):
                    found.append((path, param.name, "bad value", value))
    return found


CASES = cases()


def args_for(path: tuple[str, ...], spoiled: str, value: str, tmp, ledger, article) -> list[str]:
    args = [a.format(tmp=tmp, ledger=ledger, article=article) for a in GOOD_ARGS[path]]
    value = value.format(article=article)
    param = next(p for p in command_of(path).params if p.name == spoiled)
    if isinstance(param, click.Argument):
        if args and not args[0].startswith("-"):
            args[0] = value
        else:
            args.insert(0, value)
        return [*path, *args]
    option = param.opts[0]
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    return [*path, *args]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, nlp):
    from newsledger.commands import ingest

    folder = tmp_path_factory.mktemp("walk")
    db = folder / "ledger.db"
    ingest([str(write(folder / "lopez.txt", LOPEZ))], db=str(db))
    return db


@pytest.fixture
def never_start(monkeypatch):
    """Long work (the web server, training) must never start with a bad argument: fail if it does."""
    import uvicorn

    def started(*args, **kwargs):
        raise AssertionError("the long work started although an argument was bad")

    monkeypatch.setattr(uvicorn, "run", started)
    import newsledger.training.cue_verbs as cue_verbs

    monkeypatch.setattr(cue_verbs, "train_cues", started)
    try:
        import newsledger.training.attribution as attribution
    except ImportError:  # the accurate extra is not installed: the command says so in one line
        return
    monkeypatch.setattr(attribution, "train_ensemble", started)


@pytest.mark.parametrize(
    "path, spoiled, kind, value", CASES, ids=[f"{' '.join(c[0])}-{c[1]}-{c[3]}" for c in CASES]
)
def test_one_line_error_naming_the_path_or_option(cli, tmp_path, ledger, never_start, path, spoiled, kind, value):
    assert not os.path.exists("/nonexistent"), "a command made /nonexistent: remove it and fix that command"
    article = write(tmp_path / "lopez.txt", LOPEZ)
    args = args_for(path, spoiled, value, tmp_path, ledger, article)
    value = value.format(article=article)

    result = cli(*args, catch_exceptions=True)

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code != 0, (args, result.output)
    assert "Traceback" not in result.stderr
    errors = [line for line in stderr_lines(result) if line.startswith("error: ")]
    assert len(errors) == 1, (args, result.stderr)
    line = errors[0]
    option = next(p for p in command_of(path).params if p.name == spoiled)
    named = value if kind != "bad value" else (option.opts[0] if isinstance(option, click.Option) else value)
    assert named in line or value in line, (args, line)
    assert "; " in line.split(named, 1)[-1] or "; " in line.split(value, 1)[-1], f"the line says no fix: {line}"


def test_export_to_a_missing_folder_says_so_in_one_line(cli, ledger):
    result = cli("export", "--format", "csv", "--db", ledger, "--out", "/nonexistent/dir/x.csv")

    assert result.exit_code == 2
    assert stderr_lines(result) == [
        "error: /nonexistent/dir/x.csv: cannot be written: there is no folder /nonexistent/dir; "
        "create the folder first, or give another --out"
    ]


def test_evaluate_sample_on_a_missing_corpus_fails_instead_of_scoring_zero(cli):
    result = cli("evaluate", "sample", "--corpus", "/nonexistent")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert stderr_lines(result) == ["error: /nonexistent: no such file or folder; give a folder of articles with --corpus"]


def test_a_bad_option_value_is_one_line_that_points_to_help(cli):
    result = cli("statements", "--limit", "many")

    assert result.exit_code == 2
    assert stderr_lines(result) == [
        "error: Invalid value for '--limit': 'many' is not a valid integer range; see main statements --help"
    ]
