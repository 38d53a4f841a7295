"""How quickly the command line answers, beside a bare `import newsledger`, in one run.

    python bench/startup.py [--repeat N]

Prints the best wall time of each over N runs (fresh processes) and the ratio to the bare import.
Goal (issue 23): `newsledger --help` well under a second; spaCy, torch and the ledger's MinHash load
only inside the commands that need them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

NEWSLEDGER = Path(sys.executable).with_name("newsledger")
RUNS = {
    "python -c 'import newsledger'": [sys.executable, "-c", "import newsledger"],
    "newsledger --help": [str(NEWSLEDGER), "--help"],
    "newsledger statements --help": [str(NEWSLEDGER), "statements", "--help"],
    "python -c 'import newsledger.pipeline' (spaCy)": [sys.executable, "-c", "import newsledger.pipeline"],
}


def best_of(command: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base = None
    for label, command in RUNS.items():
        seconds = best_of(command, args.repeat)
        base = base or seconds
        print(f"{label:50s} {seconds:6.3f} s   {seconds / base:5.1f}x the bare import")


if __name__ == "__main__":
    main()
