"""(Re)generate the bundled sample data: membership list, report workbooks, legacy matrix.

Run ``.venv/bin/python scripts/make_samples.py`` (or ``make samples``). Everything comes from the
intended model in ``scripts/samples/model.py`` with a fixed seed, so two runs write the same bytes
and ``imports/samples/MANIFEST`` is stable. ``--out DIR`` writes ``DIR/samples`` and
``DIR/membership`` instead of ``imports/``. Writing to ``imports/`` also writes the MANIFEST's
copy inside the package, ``tracker/data/samples.sha256``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import os
import sys
import time
from pathlib import Path

# The samples are committed byte for byte (the MANIFEST): they are written with openpyxl's plain
# XML writer, whichever writer openpyxl would choose (with lxml installed, it chooses lxml's,
# whose bytes differ). Read by openpyxl when first imported, so set before the imports below.
os.environ["OPENPYXL_LXML"] = "False"

sys.path.insert(0, str(Path(__file__).resolve().parent))

from samples.figures import check_targets, intended_figures
from samples.membership import REPO
from samples.model import build_model
from samples.records import Model
from samples.workbook import write_samples

ROOT_IMPORTS = REPO / "imports"
# The samples' SHA-256 list inside the package (tracker/samples.py reads it): written with the
# MANIFEST when the samples are written to imports/, so that the two never differ.
PACKAGE_LIST = REPO / "tracker" / "data" / "samples.sha256"

__all__ = ["build_model", "intended_figures", "main", "write_all"]

MEMBERSHIP_FILE = "sample-membership.csv"
MEMBERSHIP_HEADER = (
    "State",
    "Signed",
    "Deposited",
    "Deposit type",
    "Withdrawal effective",
    "Source",
)


def membership_csv(model: Model) -> bytes:
    """The sample membership list as CSV bytes (UTF-8, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MEMBERSHIP_HEADER)
    for row in model.members.values():
        writer.writerow(
            (
                row.name,
                row.signed.isoformat() if row.signed else "",
                row.deposited.isoformat() if row.deposited else "",
                row.deposit_type,
                row.withdrawal.isoformat() if row.withdrawal else "",
                row.source,
            )
        )
    return out.getvalue().encode("utf-8")


def manifest(folder: Path) -> bytes:
    """``sha256  filename`` of every file in ``folder`` but the MANIFEST, sorted by name."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != "MANIFEST":
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.name}\n")
    return "".join(lines).encode("utf-8")


def write_all(root: Path) -> Model:
    """Write ``root/samples`` (workbooks, matrix, MANIFEST) and ``root/membership``."""
    model = build_model()
    check_targets(model)
    samples = root / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    for old in samples.iterdir():  # files of an earlier run that the model no longer has
        if old.is_file() and (old.suffix == ".xlsx" or old.name == "MANIFEST"):
            old.unlink()
    write_samples(model, samples)
    listed = manifest(samples)
    (samples / "MANIFEST").write_bytes(listed)
    # The same list inside the package: an installed tracker knows the samples without imports/.
    if root.resolve() == ROOT_IMPORTS.resolve():
        PACKAGE_LIST.write_bytes(listed)
    membership = root / "membership"
    membership.mkdir(parents=True, exist_ok=True)
    (membership / MEMBERSHIP_FILE).write_bytes(membership_csv(model))
    return model


def summary(model: Model) -> str:
    """A few lines saying what was written."""
    workbooks = [r for r in model.reports if r.channel == "workbook"]
    matrix = [r for r in model.reports if r.channel == "matrix"]
    languages = collections.Counter(r.language for r in workbooks)
    states = {r.iso3 for r in model.reports}
    figures = intended_figures(2025, 2021, model)
    lines = [
        f"{len(workbooks)} report workbooks ({dict(sorted(languages.items()))}), "
        f"1 matrix with {len(matrix)} rows, {len(states)} States, "
        f"{len(model.members)} membership rows",
        "intended figures (as of 2025, since 2021): "
        + ", ".join(
            f"Article {a}: {f['denominator']}/{f['numerator']}" for a, f in figures.items()
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, write everything, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "imports",
        help="folder that receives samples/ and membership/ (default: imports/)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = write_all(args.out)
    print(summary(model))
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
