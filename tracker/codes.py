"""Every issue code of the tracker, in one table: severity, message templates, a one-line doc.

The readers (workbooks, the membership list, extension decisions) and the loader raise issues by
code and parameters only (``ctx.error("bad-date", text=...)``); the message is this table's
template filled in, so that each message is written once, here, and can later be rendered in
another language through a message catalogue: the templates are plain ``str.format`` strings
with named placeholders, and every issue keeps its parameters. A code may have several
templates (variants) for the different situations it names; ``""`` is the usual one.
``docs/import.md`` documents every code (a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracker.issues import Issue, Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note (info)

SAVE_AS = "save it as .xlsx"
DATE_HELP = "write a date as 2025-04-30, 30/04/2025 or 30 April 2025"
STATE_HELP = (
    "write the State's name in English, French, Spanish, Arabic, Chinese or Russian, or its "
    "ISO 3166 alpha-3 code"
)
FILL_IN = "fill in cell {at}"
ADD_LABEL = "add the label {label!r} in column A with its value in column B"
TOO_LARGE = "; split it, remove images, or raise --max-unzipped-mb if the file is trusted"
DECISION_HEADER = "the header row needs State, Article, Extended until, Decided on, Meeting, Source"
SAVE_FLOWS = "save the table as CSV UTF-8 or as an .xlsx workbook"
RECIPIENT_HELP = "write a State's name or ISO3 code, {global_word}, or a region ({example}, …)"


@dataclass(frozen=True)
class Code:
    """One issue code: its severity, what it means in one line, and its message templates."""

    severity: Severity
    doc: str
    templates: Mapping[str, str]


def _one(severity: Severity, doc: str, template: str) -> Code:
    return Code(severity, doc, {"": template})


# What a file that is no readable workbook is told (also a flow file given as a workbook).
_NOT_A_WORKBOOK: dict[str, str] = {
    "password-or-xls": "this is a password-protected workbook or an old .xls file: "
    "save it as .xlsx without a password",
    "empty": f"the file is empty: {SAVE_AS}",
    "csv": f"this is a CSV or text file, not an Excel workbook: {SAVE_AS}",
    "text": f"this is a text file, not an Excel workbook: {SAVE_AS}",
    "unknown": f"this is not an Excel workbook: {SAVE_AS}",
    "ods": f"this is an OpenDocument (.ods) file: {SAVE_AS}",
    "xlsb": f"this is a binary workbook (.xlsb): {SAVE_AS}",
    "password": "this workbook is password-protected: save it as .xlsx without a password",
    "damaged": f"the zip file is damaged: {SAVE_AS}",
    "damaged-again": f"the zip file is damaged: {SAVE_AS} again",
    "damaged-because": f"the zip file is damaged ({{reason}}): {SAVE_AS} again",
    "compression": "part {part} uses a compression Excel never writes",
    "unreadable": f"the file cannot be read ({{reason}}): {SAVE_AS}",
    "zip": f"this zip file is not an Excel workbook: {SAVE_AS}",
    "cannot-open": "the workbook cannot be opened ({reason}): open it in Excel and "
    f"{SAVE_AS} again",
}


CODES: dict[str, Code] = {
    # --- files: which, and can they be opened (collect, guard, reader) ------------------------
    "file-not-found": _one(E, "a PATH argument names nothing", "no such file or folder"),
    "not-a-file": _one(
        E,
        "a PATH argument that is a pipe, a device or another special file (never opened)",
        "this is {kind}, not a workbook file: save the workbook as an .xlsx file and name "
        "that file",
    ),
    "not-a-workbook-skipped": _one(
        N,
        "a folder scan passes over a file that is no .xlsx or .xlsm workbook",
        "not an .xlsx or .xlsm workbook: skipped by the folder scan",
    ),
    "lock-file-skipped": _one(
        N,
        "a folder scan passes over an Office lock file",
        "Office lock file (the workbook is open in Excel): skipped",
    ),
    "broken-link-skipped": _one(
        N,
        "a folder scan passes over a link that leads nowhere",
        "{kind}, not a workbook file: skipped by the folder scan",
    ),
    "special-file-skipped": _one(
        N,
        "a folder scan passes over a pipe, a device or a socket",
        "{kind}, not a workbook file: skipped by the folder scan",
    ),
    "unreadable-file": _one(
        E,
        "the file cannot be opened at all",
        "the file cannot be read ({reason}): check the path and permissions",
    ),
    "read-failed": _one(
        E,
        "the reader stopped on an unexpected error (a bug: the file is rejected, the batch goes "
        "on)",
        "the file could not be read ({error}); please report this with the file",
    ),
    "not-a-workbook": Code(
        E,
        "the file is no readable .xlsx workbook (another format, a password, a damaged zip)",
        _NOT_A_WORKBOOK,
    ),
    "too-large": Code(
        E,
        "the workbook would inflate beyond the size guard (--max-unzipped-mb), or a CSV is "
        "larger than it",
        {
            "parts": "the workbook is too large to read safely: it has {parts} parts (a "
            "workbook has a few dozen)" + TOO_LARGE,
            "declared": "the workbook is too large to read safely: its parts declare more "
            "than {limit} uncompressed" + TOO_LARGE,
            "ratio": "the workbook is too large to read safely: part {part} is compressed "
            "{ratio} times (a zip bomb?)" + TOO_LARGE,
            "inflated": "the workbook is too large to read safely: its parts inflate to more "
            "than {limit} (more than its zip directory declares)" + TOO_LARGE,
            "csv": "the file is larger than {limit}: split it, or raise --max-unzipped-mb if the "
            "file is trusted",
        },
    ),
    "unsafe-xml": _one(
        E,
        "an XML part declares a DOCTYPE or ENTITY (never written by Excel)",
        "part {part} declares a DOCTYPE or ENTITY, which Excel never writes (an XML entity "
        f"attack?): open the file in Excel and {SAVE_AS} again",
    ),
    "damaged-workbook": _one(
        E,
        "a sheet cannot be read although the file opened",
        f"the sheet cannot be read ({{reason}}): the workbook is damaged; open it in Excel and "
        f"{SAVE_AS} again",
    ),
    "formula-without-value": _one(
        E,
        "a formula cell holds no calculated value",
        "this cell holds a formula Excel never calculated (={formula}): open the file in Excel "
        "or LibreOffice and save it, or type the value",
    ),
    "formula-error": _one(
        E,
        "a formula's saved value is an error (#REF!, #DIV/0!…)",
        "this cell's formula ={formula} gives the error {error}: fix the formula in Excel or "
        "LibreOffice and save the file, or type the value",
    ),
    "formula-value": _one(
        W,
        "a value the layout reads comes from a formula: its saved value is read",
        "this cell holds the formula ={formula}: the value it had when the file was last saved "
        "({shown}) is read",
    ),
    "external-link": Code(
        W,
        "the workbook or a formula refers to another workbook or a DDE source (never fetched)",
        {
            "workbook": "this workbook links to another workbook ({target}); nothing is ever "
            "fetched: cells that use the link are read by the values saved in this file; type "
            "the values if they must be current",
            "dde": "this workbook links to a DDE source ({target}); nothing is ever fetched: "
            "cells that use the link are read by the values saved in this file; type the "
            "values if they must be current",
            "cell": "this cell's formula ={formula} reads another workbook or a DDE source, "
            "which is never opened: the value saved in this file ({shown}) is read; type the "
            "value if it must be current",
        },
    ),
    "macro-sheet": _one(
        N,
        "an Excel 4 macro sheet (never read, never run)",
        "this is an Excel 4 macro sheet: it is not read and its macros are never run (move any "
        "report data to the layout's sheets)",
    ),
    # --- sheets and the cover (reader, cover) ------------------------------------------------
    "missing-cover": _one(
        E,
        "no cover sheet: the report cannot be identified",
        "the workbook has no cover sheet ({names}), so the report cannot be identified: add it "
        "(start from `tracker template`)",
    ),
    "unknown-layout": _one(
        E,
        "the cover names a layout this tracker does not know",
        "this tracker does not know the layout {written!r}: write {known!r}, or leave the cell "
        "blank, or update the tracker",
    ),
    "unknown-sheet": _one(
        N,
        "a sheet that is not part of the layout (not read)",
        "this sheet is not part of the layout and is not read (notes are fine here)",
    ),
    "misnamed-sheet": _one(
        E,
        "a sheet looks like a form but is not named as the layout names it",
        "this sheet looks like Form {letter} but is named {name!r}: rename it {expected!r}",
    ),
    "duplicate-sheet": Code(
        W,
        "two sheets for the same form: only one is read",
        {
            "": "sheet {other!r} is already read for the same form, so this one is not: merge "
            "the two sheets",
            "form-like": "this sheet looks like Form {letter}, but sheet {other!r} is the one "
            "read, so this one is not: merge the two sheets",
        },
    ),
    "missing-submission-date": _one(
        W,
        "the date of submission is blank",
        "the date of submission is blank: fill it in, or this version can never become current "
        "over a dated one",
    ),
    "missing-table": _one(
        W,
        "the cover has no Form | Status | Last reported table",
        "the cover has no Form | Status | Last reported table: every form counts as not "
        "provided unless its sheet is filled; add the table to say what each form holds",
    ),
    "bad-period": Code(
        E,
        "the reporting period cannot be right",
        {
            "": "the reporting period ends before it starts: check both dates",
            "year": "the reporting period ends in {year}: check the year of the date (reports "
            "count for years {first}–{last})",
        },
    ),
    "duplicate-form": _one(
        E,
        "a form has two rows in the cover's form table",
        "Form {letter} has two rows in the form table: keep one",
    ),
    "not-applicable-not-allowed": _one(
        E,
        "Form A marked not applicable",
        "Form {letter} always applies, it cannot be 'not applicable': mark it changed or unchanged",
    ),
    "missing-sheet": _one(
        W,
        "a form marked changed has no sheet",
        "Form {letter} is marked changed but the workbook has no sheet for it, so it counts as "
        "not provided: add the sheet {sheet_name!r}",
    ),
    "status-inferred": _one(
        N,
        "a form's status is blank but its sheet is filled: it counts as changed",
        "Form {letter}'s status is blank but its sheet is filled, so it counts as changed: "
        "write 'changed' on the cover to say so",
    ),
    "unsubmitted-template": _one(
        E,
        "a pre-filled template (tracker template --state, /entry) whose date of submission is "
        "still blank",
        "fill in the date of submission on the cover sheet",
    ),
    "edited-unchanged-form": _one(
        E,
        "a form of a pre-filled template was edited but is still marked unchanged",
        "Form {letter} was edited but is marked unchanged: mark it changed",
    ),
    "sheet-ignored": Code(
        N,
        "a filled sheet that is not read: a form marked unchanged or not applicable, or a flow "
        "file's sheet after the one read",
        {
            "": "Form {letter} is marked {status}, so its filled sheet is not read: mark it "
            "changed on the cover if the sheet holds this year's data",
            "flow-file": "only sheet {chosen!r} is read (the first holding the headers): this "
            "one is not",
        },
    ),
    "last-reported-ignored": _one(
        N,
        "Last reported given for a form that is not unchanged",
        "Last reported is only read for unchanged forms; Form {letter} is not unchanged",
    ),
    "unchanged-in-initial": _one(
        E,
        "an initial report marks a form unchanged",
        "an initial report cannot mark Form {letter} unchanged (there is no earlier report to "
        "carry forward): fill in its sheet and mark it changed",
    ),
    "bad-last-reported": Code(
        E,
        "an unchanged form's Last reported is blank or not earlier than the report's year",
        {
            "": "Form {letter}'s Last reported ({last}) must be earlier than this report's "
            "reporting year ({year}): write the year of the earlier report",
            "blank": "Form {letter} is unchanged but Last reported is blank: write the "
            "reporting year of the earlier report whose data still holds",
        },
    ),
    # --- dates that cannot be true (dates) ---------------------------------------------------
    "future-date": Code(
        E,
        "a date of submission or an end of period after today",
        {
            "submitted": "the date of submission {date} is after today ({today}): check the "
            "year (a date in the future would make this version current over every later one)",
            "period": "the reporting period ends on {date}, after today ({today}): a report "
            "covers a period that has ended; check the year",
        },
    ),
    "submitted-before-period-end": _one(
        E,
        "a date of submission before the end of the reporting period",
        "the date of submission {date} is before the end of the reporting period ({end}): a "
        "report is submitted after its period ends; check both dates",
    ),
    "date-before-convention": Code(
        E,
        "a date before 3 December 2008, when the Convention opened for signature",
        {
            "submitted": "the date of submission {date} is before 3 December 2008, when the "
            "Convention opened for signature: check the year",
            "period": "the reporting period ends on {date}, before 3 December 2008, when the "
            "Convention opened for signature: check the year",
        },
    ),
    "unusual-period": Code(
        W,
        "an annual report whose period is not the calendar year",
        {
            "long": "an annual report covers the calendar year, but this period covers "
            "{months} months ({span}): check both dates, or mark the report Initial if it is "
            "one",
            "end": "an annual report covers the calendar year, but this period does not end on "
            "31 December ({span}): check both dates, or mark the report Initial if it is one",
        },
    ),
    # --- labels, tables and rows (tables, records, matrix) -----------------------------------
    "duplicate-label": _one(
        W,
        "a label appears twice on a sheet (the first is read)",
        "this label is already on row {row}: the first one is read; delete this one",
    ),
    "unknown-label": _one(
        W,
        "a text in column A that is no label of the sheet (not read)",
        "this is not a label of this sheet and not part of a table, so it is not read: use one "
        "of {labels}",
    ),
    "missing-column": Code(
        E,
        "a table (or a list) lacks a required column",
        {
            "": "the table is missing its column {names}: add the header to row {row} (the "
            "table's rows are not read without it)",
            "membership": "missing column {names}: the header row needs State, Signed, "
            "Deposited, Deposit type, Withdrawal effective",
            "membership-plural": "missing columns {names}: the header row needs State, Signed, "
            "Deposited, Deposit type, Withdrawal effective",
            "decisions": "missing column {names}: " + DECISION_HEADER,
            "decisions-plural": "missing columns {names}: " + DECISION_HEADER,
        },
    ),
    "unknown-column": Code(
        W,
        "a column that is not part of the layout or the list (not read)",
        {
            "": "this column is not part of the layout, so it is not read: rename it to one of "
            "the table's headers ({headers}) or move it out of the table",
            "matrix": "this column is not a matrix column, so it is not read: rename it to one "
            "of {headers} or delete it",
            "membership": "column {header!r} is not used",
            "decisions": "column {header!r} is not read",
        },
    ),
    "rows-after-gap": _one(
        W,
        "a row after the blank row that ends a table (not read)",
        "this row comes after a blank row that ends the table above, so it is not read: delete "
        "the blank row(s) between row {row}'s table and this row",
    ),
    "duplicate-row": Code(
        W,
        "a row that repeats another in every cell (read once)",
        {
            "": "this row repeats row {row} in every cell: it is read once; delete it, or "
            "change it if it is a different entry",
            "matrix": "row {row} already holds this State and year: this copy is read once; "
            "delete it",
        },
    ),
    "duplicate-report": _one(
        E,
        "two different matrix rows for one State and year",
        "row {row} already holds this State and year: keep one row",
    ),
    "missing-required-value": Code(
        E,
        "a required value is blank",
        {
            "": "{label} is required: " + FILL_IN,
            "label": "{label} is required: " + ADD_LABEL,
            "when": "{label} is required when {other} is {choice!r}: " + FILL_IN,
            "when-label": "{label} is required when {other} is {choice!r}: " + ADD_LABEL,
            "one-of": "{label} is required (or {others}): " + FILL_IN,
            "one-of-label": "{label} is required (or {others}): " + ADD_LABEL,
            "matrix": "{label} is required on every row: " + FILL_IN,
        },
    ),
    "missing-currency": _one(
        E,
        "an estimated cost without its currency",
        "{column} is given without a currency: write the ISO 4217 code (USD, EUR, …) in the "
        "{currency} column",
    ),
    # --- values (values, cells) --------------------------------------------------------------
    "bad-date": Code(
        E,
        "a date that cannot be read, or a year where a whole date belongs",
        {
            "": "{text!r} is not a date: " + DATE_HELP,
            "calendar": "{text!r} is not a real calendar date: " + DATE_HELP,
            "year": "{year} looks like a year: write the whole date, such as 30/04/{year}",
            "number": "{text!r} is not a date: write it as YYYY-MM-DD (for example 2019-09-04)",
        },
    ),
    "bad-yes-no": _one(
        E,
        "a yes/no cell holds something else",
        "{text!r} is not yes or no: write yes/no (oui/non, sí/no) or 1/0",
    ),
    "bad-number": Code(
        E,
        "a number cell holds something else",
        {
            "": "{text} is not a number: write a plain number such as 1234.5",
            "comma": "{text} is not a number: write a plain number such as 1234,5",
        },
    ),
    "ambiguous-number": Code(
        E,
        "a number whose separators can be read more than one way",
        {
            "": "{text!r} can be read more than one way: in an English workbook ',' separates "
            "thousands (1,234) and '.' is the decimal point; write it as a plain number such "
            "as 1234.5 or make the cell numeric",
            "comma": "{text!r} can be read more than one way: in a French or Spanish workbook "
            "',' is the decimal separator (1 234,5) and '.' or a space separates thousands; "
            "write it as a plain number such as 1234,5 or make the cell numeric",
            "comma-ru": "{text!r} can be read more than one way: in a Russian workbook ',' is "
            "the decimal separator (1 234,5) and '.' or a space separates thousands; write it "
            "as a plain number such as 1234,5 or make the cell numeric",
            "point-ar": "{text!r} can be read more than one way: in an Arabic workbook ',' "
            "separates thousands (1,234) and '.' is the decimal point (or write the Arabic "
            "separators: ١٬٢٣٤٫٥); write it as a plain number such as 1234.5 or make the cell "
            "numeric",
            "point-zh": "{text!r} can be read more than one way: in a Chinese workbook ',' "
            "separates thousands (1,234) and '.' is the decimal point; write it as a plain "
            "number such as 1234.5 or make the cell numeric",
        },
    ),
    "negative-value": _one(
        E, "a quantity below zero", "{label} cannot be negative: write 0 or more"
    ),
    "number-too-large": _one(
        E,
        "a number larger than the store's columns hold (no real figure is)",
        "{label} is larger than any real figure (over {limit}): check the cell (a unit or a "
        "pasted code?)",
    ),
    "not-a-whole-number": _one(
        E, "a count with decimals", "{label} is a count: write a whole number"
    ),
    "bad-year": _one(E, "a year cell holds no year", "{text!r} is not a year: write it as 2024"),
    "unknown-state": Code(
        E,
        "a State name the tracker cannot place",
        {
            "": "unknown State {written!r}: did you mean {suggestions}? " + STATE_HELP,
            "no-suggestion": "unknown State {written!r}: " + STATE_HELP,
            "blank": "the State is blank: write its name",
            "blank-decision": "write the State's name",
        },
    ),
    "unknown-value": Code(
        E,
        "a value outside the layout's vocabulary",
        {
            "": "{label} must be one of {allowed}: pick one of them",
            "article": "Article must be 3, 4 or 5 (the treaty article)",
            "form": "write the form's letter, A to J",
        },
    ),
    "bad-currency": _one(
        E,
        "a currency that is no ISO 4217 code",
        "write the currency as an ISO 4217 code such as USD, EUR or CHF",
    ),
    # --- assistance flows (ingest/flows, ingest/flowfile; spec/assistance.md §1, §2) ----------
    "layout-assumed": Code(
        W,
        "a blank Layout cell (ccm-a7/1 assumed) over a table only a newer layout has (not read)",
        {
            "": "the Layout cell is blank, so {assumed} was assumed and this table is not read: "
            "write {layout} in {at}",
            "label": "the Layout cell is blank, so {assumed} was assumed and this table is not "
            "read: write {layout} in {at}, with the label {label!r} in {label_at}",
        },
    ),
    "unknown-recipient": Code(
        E,
        "a recipient of assistance that is no State, no Global and no UN M49 region",
        {
            "": "unknown recipient {written!r}: did you mean {suggestions}? " + RECIPIENT_HELP,
            "no-suggestion": "unknown recipient {written!r}: " + RECIPIENT_HELP,
        },
    ),
    "donor-not-a-state": _one(
        W,
        "a donor read as an organisation whose name looks like a misspelt State",
        "'{written}' is read as an organisation; if you meant '{meant}', write it so",
    ),
    "missing-flow-type": _one(
        E,
        "an amount of assistance without its type",
        "an amount needs its type: write commitment, disbursement or pledge",
    ),
    "unusual-year": Code(
        W,
        "a flow's year far from the reporting year (a flow file: after the import's year + 5)",
        {
            "": "{year} is more than {limit} years from the reporting year {base}: check the year",
            "import": "{year} is more than {limit} years from the import's year {base}: check "
            "the year",
        },
    ),
    "zero-amount": _one(
        N,
        "an amount of 0 (kept, never counted as support)",
        "an amount of 0 is not counted as support: leave Amount blank for support without a "
        "stated amount, or delete the row",
    ),
    "self-assistance": _one(
        W,
        "a flow whose counterpart is the reporting State (or donor = recipient): not read",
        "a State's own spending is not international assistance: move it to National resources",
    ),
    "possible-duplicate": _one(
        W,
        "a flow equal to an earlier row of the table but for channel and description (both kept)",
        "this row repeats row {row} except channel/description: delete one if it is the same flow",
    ),
    "not-a-flow-file": Code(
        E,
        "a flow file that is neither a CSV nor a readable workbook holding the flow table",
        {
            **_NOT_A_WORKBOOK,
            "old-xls": "this is an old .xls file or a password-protected workbook: " + SAVE_FLOWS,
            "binary": "this is not a text file: " + SAVE_FLOWS,
            "unopenable": "the workbook cannot be opened ({reason}): " + SAVE_FLOWS,
            "no-header": "no row holds the headers {headers} (Channel and Description may be "
            "added): " + SAVE_FLOWS,
        },
    ),
    "bad-encoding": _one(
        E,
        "a flow file (CSV) that is not UTF-8",
        "the file is not UTF-8 text (byte 0x{byte} on line {line}): save it as CSV UTF-8",
    ),
    "no-rows": _one(
        E,
        "a flow file with the header row only",
        "the table has headers but no rows under them: nothing to import",
    ),
    "duplicate-flow": _one(
        N,
        "a flow file's row equal to one of another stored flow file (a restatement, counted once)",
        "this row equals row {other_row} of {file}: counted once, as a restatement",
    ),
    "flow-file-withdrawn": _one(
        N,
        "the flow file is stored already and withdrawn: it stays so",
        "this file is stored already and withdrawn, so its flows are not counted: run {command} "
        "to count them again",
    ),
    "bad-rate": Code(
        E,
        "a row of a --rates file that cannot be used (the command stops)",
        {
            "header": "the first row must be {columns} (found {found!r})",
            "currency": "{text!r} is not an ISO 4217 currency code: write it as EUR, NOK, …",
            "year": "{text!r} is not a year: write it as 2024",
            "rate": "{text!r} is not a rate above 0: write the US dollars per unit, such as 1.08",
            "usd": "USD is the target currency: leave it out",
            "twice": "{currency} {year} is given on row {first} already: keep one row",
        },
    ),
    # --- loading (services/loading, services/imports) ----------------------------------------
    "no-reports": _one(
        E,
        "a readable file holds no report (a matrix sheet with headers only)",
        "the file holds no report (no rows under the headers): nothing was stored",
    ),
    "store-refused": _one(
        E,
        "the database refused a row (a constraint the reader did not check); nothing of the "
        "file is stored",
        "the database refused the file, nothing of it was stored ({reason})",
    ),
    "not-a-state-party": _one(
        N,
        "a report of a State that is not a party at the end of its period nor on its date of "
        "submission (stored, never counted as a party's)",
        "{state} is not a State Party on {day} ({why}): the report is stored but never counted "
        "as a State Party's",
    ),
    "not-current": _one(
        N,
        "a version stored but not current",
        "{label}: stored as an earlier version; the current version is {name} ({when}) by the "
        "latest date of submission",
    ),
    "stays-withdrawn": _one(
        N,
        "the file is stored already and withdrawn: it stays so (the message gives the command "
        "that counts it again)",
        "{what}{when}{why}: it stays withdrawn and is not counted; to count it again run: "
        "{command}",
    ),
    "original-kept": _one(
        N,
        "a file stored before originals were kept: its bytes are kept now",
        "this file was stored before originals were kept: its bytes are kept now, so tracker "
        "reports recheck can re-read it",
    ),
    "shadows-matrix": _one(
        N,
        "a workbook version is current over matrix rows",
        "{label}: this workbook is current over {rows}",
    ),
    "matrix-shadowed": _one(
        W,
        "a matrix row never current because a workbook version exists",
        "{label}: a report from a form workbook is in the store and always wins over matrix "
        "rows; this row is kept as history, never current",
    ),
    "carry-forward-missing": _one(
        W,
        "an unchanged form names a year whose report is not in the store",
        "Form {letter} is unchanged since {year}, but no {year} report of {state} is in the "
        "store: the form counts as not provided until that report is imported",
    ),
    "same-submission-date": _one(
        W,
        "two versions with the same date of submission (the higher SHA-256 is current)",
        "{label}: {others} {verb} the same date of submission ({day}); equal dates are decided "
        "by the higher SHA-256, so {current} is current: correct the date of the wrong version, "
        "or withdraw it (tracker reports withdraw)",
    ),
    # --- the membership list (services/membership) and extension decisions -------------------
    "not-utf8": _one(E, "a CSV that is not UTF-8", "the CSV is not UTF-8: save it as CSV UTF-8"),
    "unreadable": _one(
        E,
        "a list that cannot be read as CSV or as a workbook",
        "cannot read the file ({reason}): save it as CSV (UTF-8) or .xlsx",
    ),
    "empty-file": _one(E, "a list with nothing in it", "the file is empty"),
    "duplicate-state": _one(
        E,
        "a State on two rows of the membership list",
        "{written!r} appears again (first on row {row}): keep one row a State",
    ),
    "bad-deposit-type": _one(
        E,
        "a deposit type other than ratification, accession, approval or acceptance",
        "deposit type must be ratification, accession, approval or acceptance",
    ),
    "unknown-entry-into-force": _one(
        W,
        "a withdrawal without a deposit date (a former State Party whose entry into force is "
        "unknown)",
        "withdrawal without a deposit date: entry into force unknown",
    ),
    "missing-header": _one(
        E, "an extension-decisions file without its header row", "no header row: " + DECISION_HEADER
    ),
    "no-decisions": _one(
        E,
        "an extension-decisions file with a header row only",
        "no decisions below the header row: " + DECISION_HEADER,
    ),
    "duplicate-decision": _one(
        E,
        "the same decision (State, Article, Decided on) on two rows",
        "the same decision as row {row} ({name}, Article {article}, decided {decided}): keep "
        "one row per State, Article and Decided on",
    ),
    "bad-article": Code(
        E,
        "an extension decision's Article other than 3 or 4",
        {
            "": "{text!r} is not 3 or 4: write 3 (stockpile destruction) or 4 (clearance)",
            "blank": "write 3 (stockpile destruction) or 4 (clearance)",
        },
    ),
    "missing-date": _one(
        E,
        "an extension decision without one of its dates",
        "write the date as YYYY-MM-DD (for example 2019-09-04)",
    ),
    "decided-after-today": _one(
        E,
        "an extension decision dated after today",
        "{decided} is after today ({today}): record a decision once the meeting has taken it",
    ),
    "extension-not-after-decision": _one(
        E,
        "an extension that ends on or before the day it was decided",
        "{until} is not after the date decided ({decided}): an extension runs to a later date "
        "than the meeting that grants it; check the two dates are not swapped",
    ),
    "missing-meeting": _one(
        E,
        "an extension decision without its meeting",
        "write the meeting that took it (e.g. Ninth Meeting of States Parties)",
    ),
    "missing-source": _one(
        E,
        "an extension decision without its source",
        "write where the decision is recorded (the meeting's report, a URL)",
    ),
}


def severity(code: str) -> Severity:
    """The severity of ``code`` (an unknown code is a bug: KeyError)."""
    return CODES[code].severity


def message(code: str, variant: str = "", **params: object) -> str:
    """The message of ``code`` in its ``variant``, with ``params`` filled in."""
    return CODES[code].templates[variant].format(**params)


def issue(
    file: str,
    code: str,
    variant: str = "",
    /,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    field: str | None = None,
    value: str | None = None,
    **params: Any,
) -> Issue:
    """An :class:`Issue` of ``code`` with its message from the table; it keeps its parameters."""
    return Issue(
        file,
        code,
        severity(code),
        message(code, variant, **params),
        sheet,
        cell,
        field,
        value,
        variant,
        tuple((name, str(v)) for name, v in params.items()),
    )
