"""Synthetic Article 7 workbooks in layout ``ccm-a7/2``, written fast by templating sheet XML.

openpyxl needs about 30 ms to write one of these workbooks; formatting the XML of each sheet
directly and zipping it takes about 1 ms, which makes 20,000 files a matter of seconds rather
than minutes. The files follow ``/work/shared/spec/article7-workbook.md`` (sheet names, labels in
column A with values in column B, the cover's form-status table, every form's table headers) and
use shared strings and a date style as Excel does, so readers see what they would see in a file
saved by Excel.

Every file is a function of (seed, index, last reporting year) only: the first 200 files of a
2,000-file set are the 200 files of a 200-file set, byte for byte (fixed zip timestamps), so their
SHA-256 are stable. Dates are plausible on the day the set is written (``tracker.clock.today()``,
which the import's date rules also read): no reporting year after the last one whose reports are
all in (:func:`last_year`), no date of submission after today. File ``i`` is the annual report of
State ``i mod 198`` for reporting year ``2011 + (i // 198) mod Y`` (Y the years up to the last
one); beyond 198 × Y files the same reports come again as **revisions** (a new file for the same
State, year and type, submitted two weeks after the one before), never as future years.

Usage: python benchmarks/generate.py OUT_DIR [--n 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker import clock
from tracker.reference import StateRef, reference_states

LAYOUT = "ccm-a7/2"  # Form I with Assistance provided and Assistance received filled
FIRST_YEAR = 2011  # the first Article 7 reports were due in 2011
GENERATOR_VERSION = "3"  # bump when the content changes, so cached sets are regenerated
REVISION_GAP = dt.timedelta(days=14)  # between two revisions of one report
# Dates of submission fall within 40 days of 15 April of the next year (+ revisions): reports
# of the previous year are all in from this day of the current one.
ALL_IN = (9, 1)
SHEETS: tuple[str, ...] = ("Cover", *(f"Form {letter}" for letter in "ABCDEFGHIJ"))
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)

Value = str | int | float | dt.date | None
Row = Sequence[Value]

# ---------------------------------------------------------------------------------------------
# Realistic vocabulary
# ---------------------------------------------------------------------------------------------
_WORDS = (
    "the national authority continued survey and clearance operations in the affected provinces "
    "with the support of international partners and completed the destruction of stockpiled "
    "cluster munitions at the central demolition range while victim assistance services were "
    "extended to rural districts through mobile rehabilitation teams and community liaison "
    "officers delivered risk education sessions in schools and villages near confirmed hazardous "
    "areas the national mine action centre updated its information management database and "
    "released land to local communities for agriculture and infrastructure"
).split()
_MUNITIONS = (
    "M26 rocket",
    "BL755 bomb",
    "M483A1 projectile",
    "RBK-250",
    "CBU-87",
    "MK-20",
    "M42 submunition",
    "BLU-97",
    "ZAB-2.5",
    "M77 rocket",
)
_METHODS = ("open burning and detonation", "industrial demilitarisation", "disassembly")
_SITES = ("Central demolition range", "Army depot 4", "Industrial facility, north")
_PROVINCES = ("North", "South", "East", "West", "Central", "Highlands", "Coastal", "Border")
_AREAS = (
    "Stockpile destruction",
    "Clearance",
    "Risk reduction education",
    "Victim assistance",
    "Other",
)
_NEEDS = (
    "Funding for survey teams",
    "Demolition equipment and training",
    "Mobile rehabilitation units",
    "Technical advice on information management",
    "Prosthetic and orthotic services",
    "Community liaison capacity",
    "Mechanical clearance assets",
    "Storage and transport of munitions",
)
_CURRENCIES = ("USD", "USD", "USD", "EUR", "EUR", "CHF", "GBP", "NOK", "JPY")
_FIRST = ("Amina", "Jean", "Maria", "Sok", "Ali", "Elena", "Kofi", "Lina", "Tran", "Pedro")
_LAST = ("Diallo", "Martin", "Garcia", "Chea", "Haddad", "Novak", "Mensah", "Berg", "Nguyen")
_MEASURES = (
    "Law on the prohibition of cluster munitions",
    "Ministerial decree on destruction",
    "Amendment to the penal code",
    "Military directive on stockpile management",
)
_ACTIVITIES = (
    "School sessions",
    "Village meetings",
    "Radio campaign",
    "Leaflets",
    "Training of teachers",
)


def last_year(today: dt.date) -> int:
    """The last reporting year whose reports (and their revisions) are all submitted by today."""
    return today.year - 1 if (today.month, today.day) >= ALL_IN else today.year - 2


@dataclass(frozen=True)
class Spec:
    """What file ``index`` of a set holds."""

    index: int
    state: StateRef
    year: int
    revision: int = 0  # 0: the first version of the report; n: its n-th revision

    @property
    def file_name(self) -> str:
        tail = f"-r{self.revision}" if self.revision else ""
        return f"{self.state.iso3}-{self.year}-annual{tail}.xlsx"


def spec_for(index: int, states: Sequence[StateRef], last: int) -> Spec:
    """State ``index mod len(states)``, years ``FIRST_YEAR``…``last`` in turn, then revisions."""
    years = last - FIRST_YEAR + 1
    if years < 1:
        raise ValueError(f"no reporting year from {FIRST_YEAR} to {last}")
    revision, within = divmod(index, len(states) * years)
    return Spec(
        index=index,
        state=states[within % len(states)],
        year=FIRST_YEAR + within // len(states),
        revision=revision,
    )


def submitted_on(spec: Spec, seed: int) -> dt.date:
    """The date of submission: near 15 April of the next year, later for each revision.

    Drawn from the report (State and year), not the file, so that revisions never tie.
    """
    rng = random.Random(f"{seed}:{spec.state.iso3}:{spec.year}:submitted")
    return _date_near(rng, spec.year + 1, 4) + spec.revision * REVISION_GAP


def _summary(rng: random.Random, length: int = 500) -> str:
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(_WORDS)
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _date_near(rng: random.Random, year: int, month: int, spread: int = 40) -> dt.date:
    return dt.date(year, month, 15) + dt.timedelta(days=rng.randint(-spread, spread))


# ---------------------------------------------------------------------------------------------
# The forms' content (rows of values; None is an empty cell, dates become Excel dates)
# ---------------------------------------------------------------------------------------------
def _cover(spec: Spec, rng: random.Random, seed: int) -> list[Row]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    # Mostly the English name, sometimes the ISO3 code, as States do write both.
    state = spec.state.iso3 if rng.random() < 0.1 else spec.state.name_en
    submitted: Value = submitted_on(spec, seed)
    if rng.random() < 0.3:  # some submission dates typed as ISO text
        submitted = submitted.isoformat()
    rows: list[Row] = [
        ("State", state),
        ("Report type", "Annual"),
        ("Reporting period from", dt.date(spec.year, 1, 1)),
        ("Reporting period to", dt.date(spec.year, 12, 31)),
        ("Date of submission", submitted),
        ("Organisation", f"Ministry of Foreign Affairs of {spec.state.name_en}"),
        ("Contact name", f"{first} {last}"),
        ("Email", f"{first.lower()}.{last.lower()}@mfa.example.org"),
        ("Telephone", f"+41 22 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"),
        ("Layout", LAYOUT),
        (),
        ("Form", "Status", "Last reported"),
    ]
    rows.extend((letter, "changed", None) for letter in "ABCDEFGHIJ")
    return rows


def _form_a(spec: Spec, rng: random.Random) -> list[Row]:
    rows: list[Row] = [("Summary", _summary(rng)), (), ("Measure", "Type", "Date adopted")]
    for n, measure in enumerate(rng.sample(_MEASURES, 3)):
        adopted = dt.date(spec.year - n - 1, rng.randint(1, 12), rng.randint(1, 28))
        rows.append((measure, "legislation", adopted.isoformat()))
    return rows


def _form_b(spec: Spec, rng: random.Random) -> list[Row]:
    completed = rng.random() < 0.25
    rows: list[Row] = [
        ("Article 3 status", "destruction completed" if completed else "holds stockpiles"),
        ("Deadline", dt.date(2018 + spec.index % 8, 8, 1)),
        ("Extension granted until", dt.date(2022 + spec.index % 8, 8, 1) if completed else None),
    ]
    if completed:
        rows.append(("Destruction completed on", _date_near(rng, spec.year, 6)))
    rows += [(), ("Type", "Munitions held", "Submunitions held")]
    # Distinct types per table: a repeated row would be a (rightly warned) duplicate.
    for munition in rng.sample(_MUNITIONS, 5):
        held = 0 if completed else rng.randint(10, 5000)
        rows.append((munition, held, held * rng.randint(8, 650)))
    rows += [
        (),
        ("Type destroyed", "Munitions destroyed", "Submunitions destroyed", "Method", "Site"),
    ]
    for _ in range(5):
        destroyed = rng.randint(1, 2000)
        rows.append(
            (
                rng.choice(_MUNITIONS),
                destroyed,
                destroyed * rng.randint(8, 650),
                rng.choice(_METHODS),
                rng.choice(_SITES),
            )
        )
    return rows


def _form_f(spec: Spec, rng: random.Random, areas: int = 20) -> list[Row]:
    completed = rng.random() < 0.3
    rows: list[Row] = [
        ("Article 4 status", "clearance completed" if completed else "contaminated"),
        ("Deadline", dt.date(2020 + spec.index % 10, 8, 1)),
        ("Extension granted until", None if completed else dt.date(2026 + spec.index % 5, 8, 1)),
    ]
    if completed:
        rows.append(("Clearance completed on", _date_near(rng, spec.year, 9)))
    rows += [
        (),
        (
            "Location",
            "Area status",
            "Area (m2)",
            "Cleared in period (m2)",
            "Submunitions destroyed",
        ),
    ]
    for n in range(areas):
        area = round(rng.uniform(1_000, 2_000_000), 2)
        rows.append(
            (
                f"{rng.choice(_PROVINCES)} province, district {n + 1}",
                rng.choice(("confirmed", "suspected")),
                area,
                round(area * rng.random(), 2),
                rng.randint(0, 900),
            )
        )
    return rows


def _form_g(spec: Spec, rng: random.Random) -> list[Row]:
    rows: list[Row] = [("Summary", _summary(rng)), (), ("Activity", "Location", "People reached")]
    rows.extend(
        (rng.choice(_ACTIVITIES), f"{rng.choice(_PROVINCES)} province", rng.randint(50, 90_000))
        for _ in range(5)
    )
    return rows


def _form_h(spec: Spec, rng: random.Random) -> list[Row]:
    victims = rng.random() < 0.5
    return [
        ("Cluster munition victims under jurisdiction or control", "yes" if victims else "no"),
        ("Recorded victims", rng.randint(1, 4000) if victims else 0),
        ("Government focal point", f"Ministry of Social Affairs of {spec.state.name_en}"),
        ("National plan in place", rng.choice(("yes", "no"))),
    ]


def _form_i(spec: Spec, rng: random.Random, states: Sequence[StateRef]) -> list[Row]:
    rows: list[Row] = [("Area", "Assistance needed", "Description", "Estimated cost", "Currency")]
    for description in rng.sample(_NEEDS, 8):  # distinct rows (no duplicate-row warnings)
        needed = rng.random() < 0.6
        cost = round(rng.uniform(10_000, 5_000_000), 2) if needed else None
        rows.append(
            (
                rng.choice(_AREAS),
                "yes" if needed else "no",
                description,
                cost,
                rng.choice(_CURRENCIES) if needed else None,
            )
        )
    rows += [(), ("Article", "Amount", "Currency", "Type")]
    rows.extend(
        (
            rng.choice((3, 4, 5)),
            rng.randint(5_000, 3_000_000),
            "USD",
            rng.choice(("financial", "material", "in kind")),
        )
        for _ in range(4)
    )
    others = [state for state in states if state.iso3 != spec.state.iso3]
    flow_header = ("Area", "Year", "Amount", "Currency", "Type", "Channel", "Description")
    rows += [(), ("Assistance provided",), ("Recipient", *flow_header)]
    for _ in range(4):
        recipient = "Global" if rng.random() < 0.2 else rng.choice(others).name_en
        rows.append(_flow(recipient, spec, rng))
    rows += [(), ("Assistance received",), ("Donor", *flow_header)]
    for _ in range(4):
        donor = rng.choice(_ORGANISATIONS) if rng.random() < 0.3 else rng.choice(others).name_en
        rows.append(_flow(donor, spec, rng))
    return rows


_ORGANISATIONS = ("UNMAS", "European Union", "UNDP", "ICRC")
_TYPES = ("commitment", "disbursement", "disbursement", "pledge")


def _flow(party: str, spec: Spec, rng: random.Random) -> Row:
    """One row of a flow table: the counterpart, area, year, amount, currency, type, ..."""
    return (
        party,
        rng.choice(_AREAS[:4]),
        spec.year - rng.randint(0, 1),
        rng.randint(10_000, 2_000_000),
        rng.choice(_CURRENCIES),
        rng.choice(_TYPES),
        rng.choice(("", "UNMAS", "Mines Advisory Group")),
        rng.choice(("", "Survey and clearance", "Victim assistance programme")),
    )


def workbook_rows(
    spec: Spec, seed: int, states: Sequence[StateRef], areas: int = 20
) -> dict[str, list[Row]]:
    """The rows of every sheet of file ``spec.index`` (deterministic in seed and index).

    ``areas`` is the number of rows of Form F's table (a large file has tens of thousands).
    """
    rng = random.Random(f"{seed}:{spec.index}")
    return {
        "Cover": _cover(spec, rng, seed),
        "Form A": _form_a(spec, rng),
        "Form B": _form_b(spec, rng),
        "Form C": [("Summary", _summary(rng))],
        "Form D": [("Summary", _summary(rng))],
        "Form E": [("Summary", _summary(rng))],
        "Form F": _form_f(spec, rng, areas),
        "Form G": _form_g(spec, rng),
        "Form H": _form_h(spec, rng),
        "Form I": _form_i(spec, rng, states),
        "Form J": [("Summary", _summary(rng))],
    }


# ---------------------------------------------------------------------------------------------
# The xlsx package, as XML templates
# ---------------------------------------------------------------------------------------------
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_ROOT_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def _content_types(sheet_count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for n in range(1, sheet_count + 1)
    )
    return (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{sheets}'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>"
    )


def _workbook(names: Sequence[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    root = f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
    return f"{_XML_HEAD}{root}<sheets>{sheets}</sheets></workbook>"


def _workbook_rels(sheet_count: int) -> str:
    rels = [
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheet_count + 1)
    ]
    rels.append(
        f'<Relationship Id="rId{sheet_count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    )
    rels.append(
        f'<Relationship Id="rId{sheet_count + 2}" Type="{_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'


class _SharedStrings:
    """The workbook's shared-string table, as Excel writes it (each text stored once)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def ref(self, text: str) -> int:
        self.count += 1
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> str:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in self.index)
        return (
            f'{_XML_HEAD}<sst xmlns="{_MAIN}" count="{self.count}" '
            f'uniqueCount="{len(self.index)}">{items}</sst>'
        )


_COLUMNS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _cell(ref: str, value: Value, strings: _SharedStrings) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"><v>{strings.ref(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - EXCEL_EPOCH).days}</v></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'  # int or float


def _sheet(rows: Sequence[Row], strings: _SharedStrings) -> str:
    body: list[str] = []
    width = max((len(row) for row in rows), default=1)
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{_COLUMNS[col]}{number}", value, strings)
            for col, value in enumerate(row)
            if value is not None
        )
        if cells:
            body.append(f'<row r="{number}">{cells}</row>')
    dimension = f"A1:{_COLUMNS[width - 1]}{max(len(rows), 1)}"
    return (
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{dimension}"/>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def write_workbook(path: Path, sheets: dict[str, list[Row]]) -> None:
    """Write ``sheets`` (name → rows) as an .xlsx file with fixed timestamps (same bytes)."""
    strings = _SharedStrings()
    names = list(sheets)
    members: list[tuple[str, str]] = [
        (f"xl/worksheets/sheet{n}.xml", _sheet(sheets[name], strings))
        for n, name in enumerate(names, start=1)
    ]
    members = [
        ("[Content_Types].xml", _content_types(len(names))),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", _workbook(names)),
        ("xl/_rels/workbook.xml.rels", _workbook_rels(len(names))),
        ("xl/styles.xml", _STYLES),
        ("xl/sharedStrings.xml", strings.xml()),
        *members,
    ]
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"), compresslevel=6)


# ---------------------------------------------------------------------------------------------
# Sets of files
# ---------------------------------------------------------------------------------------------
def specs(n: int, today: dt.date | None = None) -> Iterator[Spec]:
    """The specs of the first ``n`` files of a set written on ``today`` (default: the clock's)."""
    states = reference_states()
    last = last_year(today or clock.today())
    for index in range(n):
        yield spec_for(index, states, last)


def generate(
    out_dir: Path, n: int, seed: int = 7, areas: int = 20, today: dt.date | None = None
) -> list[Path]:
    """Write ``n`` workbooks into ``out_dir`` (created); return their paths in index order.

    ``areas`` rows in Form F's table: 20 as in a real report; large files (the memory
    benchmark's batch of large files) have far more. Dates are plausible on ``today``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    states = reference_states()
    paths: list[Path] = []
    for spec in specs(n, today):
        path = out_dir / spec.file_name
        write_workbook(path, workbook_rows(spec, seed, states, areas))
        paths.append(path)
    return paths


def membership_csv(path: Path) -> Path:
    """A membership list making every reference State a State Party from 1 August 2010.

    Synthetic on purpose: every generated report then counts in the statistics, which is the
    heaviest case for ``tracker stats needs`` and ``tracker export donors``.
    """
    lines = ["State,Signed,Deposited,Deposit type,Withdrawal effective"]
    for n, state in enumerate(reference_states()):
        # Deposited by January 2010: in force from 1 August 2010, before the first report year.
        deposited = dt.date(2009, 1, 5) + dt.timedelta(days=2 * n)
        lines.append(f"{state.iso3},2008-12-03,{deposited.isoformat()},ratification,")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, default=2000, help="number of workbooks (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--areas", type=int, default=20, help="rows of Form F (default 20)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.out_dir, args.n, args.seed, args.areas)
    elapsed = time.perf_counter() - started
    print(f"{len(paths)} workbooks in {args.out_dir} ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
