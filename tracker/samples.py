"""Which stored files are the bundled sample data (their SHA-256 digests ship with the package).

``scripts/make_samples.py`` writes ``tracker/data/samples.sha256`` beside
``imports/samples/MANIFEST`` (a test keeps them equal), so an installed tracker knows the
samples without its source tree: the donor workbook and the web pages mark figures that rest on
them as illustrative.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

SAMPLES_SHA256 = "samples.sha256"  # in tracker/data: lines ``sha256  filename``


def parse_digests(text: str) -> frozenset[str]:
    """The SHA-256 digests of lines ``sha256  filename`` (comments and blank lines skipped)."""
    digests = set()
    for line in text.splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#") and len(parts[0]) == 64:
            digests.add(parts[0].lower())
    return frozenset(digests)


@cache
def sample_hashes() -> frozenset[str]:
    """The digests of every bundled sample file."""
    resource = resources.files("tracker.data").joinpath(SAMPLES_SHA256)
    return parse_digests(resource.read_text(encoding="utf-8"))
