"""``/entry``: the data-entry form, generated from the layout data, and the workbook it writes.

The form is the workbook as inputs: for every sheet of the layout (Cover, then each form), its
key–value fields and its tables, with the labels, headers and drop-down values of the layout in
the report's language. Each input is named ``<sheet>.<field>`` or ``<sheet>.<table>.<row>.<column>``
and knows the cell it is written to (:func:`tracker.template.place`), so that an issue of the
import (sheet!cell) is shown beside the input it concerns. A new layout or language is new
layout data, never a new page.

The values posted back become a :class:`tracker.template.Filled` (the same object ``tracker
template --state`` writes from :mod:`tracker.services.prefill`); a pre-filled form offered as
*unchanged* must be confirmed (ticked) or edited (which marks it *changed*) before the save.
Nothing here reads or writes the store: the route pre-fills, writes and imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from tracker.enums import FormStatus
from tracker.layouts import FieldSpec, Layout, SheetSpec, TableSpec
from tracker.services.prefill import Prefill
from tracker.template import Filled, place

#: Blank rows offered under each table's rows (the form's "More rows" adds this many again).
BLANK_ROWS = 3
#: Cover fields fixed by the choice of State, report type and year (shown, not edited).
FIXED = frozenset({"state", "report_type", "layout"})
CONFIRM = "confirm."  # the prefix of a form's "confirmed unchanged" tick


@dataclass
class Input:
    """One input of the form: its name, label, kind, choices, value, cell and issues."""

    name: str
    label: str
    kind: str  # text, long, date, number, select, fixed
    value: str
    cell: str  # "Form B!B3"
    choices: tuple[str, ...] = ()
    issues: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The HTML id (the name with its dots as dashes)."""
        return "in-" + self.name.replace(".", "-")


@dataclass
class TableForm:
    """A table of a sheet: its title, headers and rows of inputs."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: list[list[Input]]
    fixed_first: bool = False  # the cover's form table: one row per form, its letter fixed


@dataclass
class SheetForm:
    """A sheet of the form, with the pre-fill's offer and what became of it."""

    key: str
    title: str
    fields: list[Input]
    tables: list[TableForm]
    offered_year: int | None = None  # pre-filled as unchanged, last reported that year
    confirmed: bool = False
    edited: bool = False
    issues: list[str] = field(default_factory=list)  # issues of the sheet without an input

    @property
    def blocked(self) -> bool:
        """A pre-filled form neither confirmed nor edited: it blocks the save."""
        return self.offered_year is not None and not (self.confirmed or self.edited)


def shown(value: Any) -> str:
    """A cell value as an input shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell_value(spec: FieldSpec, raw: str) -> Any:
    """A posted string as the workbook cell holds it (what cannot be read stays text)."""
    text = raw.strip()
    if not text:
        return None
    if spec.type == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if spec.type in ("year", "whole") and text.isdigit():
        return int(text)
    if spec.type == "amount":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return int(number) if number == number.to_integral_value() else float(number)
    return text


def values_of(layout: Layout, fill: Filled) -> dict[str, str]:
    """The form's values (input name → text) of a filled workbook."""
    values: dict[str, str] = {}
    for sheet in layout.sheets:
        for name, value in fill.fields.get(sheet.key, {}).items():
            values[f"{sheet.key}.{name}"] = shown(value)
        for table in sheet.tables:
            fixed = table.target == "form_statuses"  # rows named by their form's letter
            for n, row in enumerate(fill.rows(sheet.key, table.name)):
                key = row.get("form") if fixed else n
                for column, value in row.items():
                    if not (fixed and column == "form"):
                        values[f"{sheet.key}.{table.name}.{key}.{column}"] = shown(value)
    return values


def _table_rows(
    sheet: SheetSpec, table: TableSpec, values: Mapping[str, str]
) -> list[dict[str, str]]:
    """The table's non-blank rows as posted, in order (blank rows dropped: none inside a table)."""
    prefix = f"{sheet.key}.{table.name}."
    indexes = sorted({int(k[len(prefix) :].split(".")[0]) for k in values if _row_key(k, prefix)})
    rows = []
    for n in indexes:
        row = {c.name: values.get(f"{prefix}{n}.{c.name}", "").strip() for c in table.columns}
        if any(row.values()):
            rows.append(row)
    return rows


def _row_key(key: str, prefix: str) -> bool:
    return key.startswith(prefix) and key[len(prefix) :].split(".")[0].isdigit()


def compact(layout: Layout, values: Mapping[str, str]) -> dict[str, str]:
    """The posted values with each table's blank rows dropped and its rows renumbered."""
    out: dict[str, str] = {}
    for sheet in layout.sheets:
        for spec in sheet.fields:
            key = f"{sheet.key}.{spec.name}"
            if values.get(key, "").strip():
                out[key] = values[key].strip()
        for table in sheet.tables:
            if table.target == "form_statuses":
                for form in layout.forms:
                    for column in table.columns:
                        key = f"cover.{table.name}.{form.form}.{column.name}"
                        if values.get(key, "").strip():
                            out[key] = values[key].strip()
                continue
            for n, row in enumerate(_table_rows(sheet, table, values)):
                for name, value in row.items():
                    if value:
                        out[f"{sheet.key}.{table.name}.{n}.{name}"] = value
    return out


def _forms_table(
    layout: Layout, values: Mapping[str, str], table: TableSpec
) -> list[dict[str, Any]]:
    rows = []
    for form in layout.forms:
        row: dict[str, Any] = {"form": form.form}
        for column in table.columns:
            raw = values.get(f"cover.{table.name}.{form.form}.{column.name}", "")
            if column.name != "form" and raw.strip():
                row[column.name] = _cell_value(column, raw)
        rows.append(row)
    return rows


def filled(layout: Layout, lang: str, values: Mapping[str, str], base: Filled) -> Filled:
    """The workbook to write: ``values`` (compacted) in the cells, ``base``'s marker kept."""
    fill = Filled(lang, marker=base.marker, marked_forms=base.marked_forms)
    for sheet in layout.sheets:
        fields = {}
        for spec in sheet.fields:
            value = _cell_value(spec, values.get(f"{sheet.key}.{spec.name}", ""))
            if value is not None:
                fields[spec.name] = value
        if sheet.key == "cover":  # the identity is the pre-fill's, whatever was posted
            fields |= {k: v for k, v in base.fields.get("cover", {}).items() if k in FIXED}
        fill.fields[sheet.key] = fields
        for table in sheet.tables:
            if table.target == "form_statuses":
                fill.tables[(sheet.key, table.name)] = _forms_table(layout, values, table)
                continue
            rows = []
            for row in _table_rows(sheet, table, values):
                cells = {c.name: _cell_value(c, row.get(c.name, "")) for c in table.columns}
                rows.append({k: v for k, v in cells.items() if v is not None})
            fill.tables[(sheet.key, table.name)] = rows
    return fill


def _sheet_values(layout: Layout, sheet: SheetSpec, values: Mapping[str, str]) -> dict[str, str]:
    """One form sheet's values (compacted), to tell an edit from the pre-fill."""
    prefix = sheet.key + "."
    return {k: v for k, v in compact(layout, values).items() if k.startswith(prefix)}


def confirm(
    layout: Layout, p: Prefill, values: dict[str, str], ticks: set[str]
) -> tuple[dict[str, str], dict[str, bool], list[str]]:
    """Settle the pre-filled forms: (values with edited forms marked changed, edited, blocked).

    A form offered as *unchanged* whose sheet differs from the pre-fill, or whose status was
    set otherwise on the cover, is *changed* (its "last reported" cleared) or as set; one that
    was ticked stays *unchanged*; any other blocks the save (its letter is returned).
    """
    before = values_of(layout, p.fill)
    status_label = layout.vocabularies["form_status"].label
    edited: dict[str, bool] = {}
    blocked = []
    out = dict(values)
    for letter, offer in p.offered.items():
        if offer.status is not FormStatus.UNCHANGED:
            continue
        sheet = layout.sheet(letter)
        status_key = f"cover.forms.{letter}.status"
        changed_sheet = _sheet_values(layout, sheet, values) != _sheet_values(layout, sheet, before)
        status_set = values.get(status_key, "").strip() != before.get(status_key, "")
        edited[letter] = changed_sheet or status_set
        if changed_sheet and not status_set:
            out[status_key] = status_label(FormStatus.CHANGED.value, p.lang)
            out.pop(f"cover.forms.{letter}.last_reported", None)
        elif not edited[letter] and letter not in ticks:
            blocked.append(letter)
    return out, edited, blocked


def _iso_date(value: str) -> bool:
    """Whether a date input can show ``value`` (blank or YYYY-MM-DD; else a text box keeps it)."""
    try:
        return not value or bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _input(layout: Layout, lang: str, spec: FieldSpec, name: str, value: str, cell: str) -> Input:
    choices: tuple[str, ...] = ()
    if spec.type == "choice" and spec.vocabulary:
        choices = tuple(layout.vocabularies[spec.vocabulary].written(lang))
    elif spec.type == "yes_no":
        choices = tuple(layout.vocabularies["yes_no"].written(lang))
    if choices:
        kind = "select"
        if value and value not in choices:
            choices = (*choices, value)  # never lose a value the list does not hold
    elif spec.type == "date" and _iso_date(value):
        kind = "date"
    elif spec.type in ("year", "whole", "amount"):
        kind = "number"
    elif spec.target == "form_texts":
        kind = "long"
    else:
        kind = "text"
    return Input(name, spec.text(lang), kind, value, cell, choices)


def build(
    layout: Layout,
    p: Prefill,
    values: Mapping[str, str],
    *,
    extra_rows: int = BLANK_ROWS,
    issues: Mapping[tuple[str, str], list[str]] | None = None,
    ticks: set[str] | None = None,
    edited: Mapping[str, bool] | None = None,
) -> tuple[list[SheetForm], list[str]]:
    """The form of ``layout`` in the Prefill's language showing ``values`` (compacted).

    ``issues`` maps (sheet name, cell) to messages; each lands beside the input of that cell,
    else under its sheet, else in the returned list of issues placed nowhere.
    """
    from openpyxl.utils import get_column_letter

    lang = p.lang
    issues = {k: list(v) for k, v in (issues or {}).items()}
    by_cell: dict[tuple[str, str], Input] = {}
    sheets = []
    for sheet in layout.sheets:
        title = sheet.name(lang)
        counts = {
            t.name: len({k.split(".")[2] for k in values if _row_key(k, f"{sheet.key}.{t.name}.")})
            for t in sheet.tables
        }
        where = place(layout, sheet, counts)
        inputs = []
        for spec in sheet.fields:
            name = f"{sheet.key}.{spec.name}"
            one = _input(layout, lang, spec, name, values.get(name, ""), "")
            one.cell = f"{title}!{where.fields[spec.name]}"
            if sheet.key == "cover" and spec.name in FIXED:
                one.kind = "fixed"
                one.value = shown(p.fill.fields.get("cover", {}).get(spec.name, one.value))
                if spec.name == "layout":
                    one.value = layout.id
            by_cell[(title, where.fields[spec.name])] = one
            inputs.append(one)
        tables = []
        for table in sheet.tables:
            spot = where.tables[table.name]
            fixed = table.target == "form_statuses"
            keys = (
                [s.form or "" for s in layout.forms]
                if fixed
                else [str(n) for n in range(counts[table.name] + extra_rows)]
            )
            rows = []
            for offset, key in enumerate(keys):
                row = []
                for col, spec in enumerate(table.columns, start=1):
                    name = f"{sheet.key}.{table.name}.{key}.{spec.name}"
                    ref = f"{get_column_letter(col)}{spot.first_row + offset}"
                    one = _input(layout, lang, spec, name, values.get(name, ""), f"{title}!{ref}")
                    if fixed and spec.name == "form":
                        one.kind, one.value = "fixed", key
                    by_cell[(title, ref)] = one
                    row.append(one)
                rows.append(row)
            headers = tuple(c.text(lang) for c in table.columns)
            tables.append(
                TableForm(table.name, table.title.get(lang) or table.name, headers, rows, fixed)
            )
        offer = p.offered.get(sheet.key)
        form = SheetForm(sheet.key, title, inputs, tables)
        if offer is not None and offer.status is FormStatus.UNCHANGED:
            form.offered_year = offer.last_reported
            form.confirmed = sheet.key in (ticks or set())
            form.edited = bool((edited or {}).get(sheet.key))
        sheets.append(form)
    nowhere = []
    titles = {s.title: s for s in sheets}
    for (sheet_name, cell), messages in issues.items():
        if (sheet_name, cell) in by_cell:
            by_cell[(sheet_name, cell)].issues.extend(messages)
        elif sheet_name in titles:
            titles[sheet_name].issues.extend(f"{cell}: {m}" if cell else m for m in messages)
        else:
            nowhere.extend(messages)
    return sheets, nowhere
