"""Run the command line as ``python -m tracker``."""

from tracker.cli import main

main()
