"""`python -m newsledger ...`: the same command line as the `newsledger` script."""

from .cli import main

main()
