"""The JSON text of the assistance outputs (``assistance.md`` §4).

Each pure package writes its own (as ``stats`` and ``indicators`` do), so that none imports the
command layer's listings. Their CSV is :func:`tracker.export.safety.to_csv`, which keeps text
from reports and flow files from running as a formula in Excel.
"""

from __future__ import annotations


def to_json(document: object) -> str:
    """The JSON text: indented, non-ASCII kept (State names, French file names)."""
    import json

    return json.dumps(document, indent=2, ensure_ascii=False)
