"""The README is part of the product: its opening commands are the ones CI runs (the tests with
every tier), and its Python example works as written."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")


def _opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_setup_then_tests():
    setup, tests = _opening_commands()
    assert "venv" in setup and "pip install -e '.[test,accurate]'" in setup and "newsledger extract samples/corpus" in setup
    assert tests == ".venv/bin/python -m pytest"


def test_ci_installs_what_the_readme_installs_and_the_engines():
    assert "pip install -q -e '.[test,accurate,spark,ray]'" in CI


def test_ci_runs_the_readme_test_command_with_every_tier():
    _, tests = _opening_commands()
    assert f"{tests} --all" in CI.splitlines()


def test_readme_python_example_runs(tmp_path, monkeypatch, nlp):
    block = re.search(r"```python\n(import newsledger\n.*?)```", README, re.S).group(1)
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    block = block.replace('db="sample.db"', f'db="{tmp_path / "sample.db"}"')
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # the example as a user would paste it
    record = namespace["record"]
    (s,) = record.statements
    assert (s.speaker_entity.name, s.speaker_entity.title, s.kind) == ("Mevlut Cavusoglu", "Foreign Minister", "direct")
    assert namespace["result"].added == 15
