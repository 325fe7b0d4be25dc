"""LibreOffice headless as the tests run it: a private profile per run, so parallel runs never
share one (a shared profile makes a second ``soffice`` wait for or hand its work to the first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def soffice(
    *files: Path, to: str, outdir: Path, profile: Path, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """Convert ``files`` to the format ``to`` (``pdf``, ``xlsx``) into ``outdir``; never raises."""
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(profile)},
        timeout=timeout,
        check=False,
    )
