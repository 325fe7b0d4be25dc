"""Workbook layouts as data: sheets, labels, table headers and allowed values in every language.

A layout file (``tracker/layouts/*.yaml``) is loaded once per process into the frozen dataclasses
below, together with the normalised look-up maps the reader needs (label → field, header →
column, written value → code). The reader and the template writer only ever ask these objects, so
a new template version or language is a new data file, not new code.

A layout file may end with ``terms``: each entry gives one English text of the layout in more
languages (``{en: State, ar: الدولة, zh: 国家, ru: Государство, sources: …, aliases: …}``), and
:func:`apply_terms` adds them wherever that English text is written (labels, headers, titles,
sheet names, vocabulary values). So a language can be added, and reviewed, term by term, without
touching the sheets. ``writing`` says how the template writes a language (right to left, a font
that has its script).

A layout may ``extends:`` another (``ccm-a7/2`` extends ``ccm-a7/1``): it holds only what it
changes. Its vocabularies are added to (or replace, by name) the base's; a sheet it lists
replaces the base's keys it names, and its ``tables`` list is the sheet's new table order, where
``{inherit: NAME}`` takes the base's table unchanged; its ``terms`` are added to the base's (its
own term for an English text the base also has wins), so the base's translations reach every
text the two share; other top-level keys replace the base's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

import yaml

from tracker.text import normalize, parts

from .terms import TERM_KEYS, apply_terms, form_like_pattern, texts

__all__ = [
    "DEFAULT_LAYOUT",
    "TEMPLATE_LAYOUT",
    "TERM_KEYS",
    "FieldSpec",
    "FlowTableSpec",
    "Layout",
    "LayoutDataError",
    "MatrixColumn",
    "MatrixSpec",
    "SheetSpec",
    "TableSpec",
    "Vocabulary",
    "all_layouts",
    "apply_terms",
    "extend_layout",
    "extensions_of",
    "find_layout",
    "get_layout",
    "parse_layout",
]

DEFAULT_LAYOUT = "ccm-a7/1"  # what a blank Layout cell on the cover means
TEMPLATE_LAYOUT = "ccm-a7/2"  # what `tracker template` writes unless told otherwise


class LayoutDataError(ValueError):
    """A layout file that cannot be built (an unknown base layout or inherited table): a bug."""


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of values: code → written form per language, plus accepted aliases."""

    name: str
    labels: dict[str, dict[str, str]]  # code -> language -> text
    lookup: dict[str, str]  # normalised written form (any language or alias) -> code

    def code(self, written: str) -> str | None:
        """The code of a written value (any language, alias, or the code itself), else None.

        A value written in two languages at once (``confirmed / مؤكدة``) has the code both
        halves agree on.
        """
        found = self.lookup.get(normalize(written))  # cached: values repeat
        if found is None and (halves := parts(written)):
            codes = {self.lookup.get(normalize(half)) for half in halves}
            found = codes.pop() if len(codes) == 1 else None
        return found

    def label(self, code: str, lang: str) -> str:
        """How ``code`` is written in ``lang`` (English when the language lacks it)."""
        texts = self.labels[code]
        return texts.get(lang) or texts["en"]

    def written(self, lang: str) -> list[str]:
        """Every value as written in ``lang``, in file order (for drop-down lists)."""
        return [self.label(code, lang) for code in self.labels]


@dataclass(frozen=True)
class FieldSpec:
    """A key–value label or a table column, and the model columns its value fills."""

    name: str
    type: str
    columns: tuple[str, ...]
    texts: dict[str, str]  # language -> label or header as written in the template
    aliases: tuple[str, ...] = ()
    target: str = ""  # key–value fields: the fact table (or "report") the value goes to
    vocabulary: str | None = None
    required: bool = False
    header_required: bool = False
    required_if: dict[str, str] = field(default_factory=dict)
    tick: bool = False  # a tick column: blank means "no"
    if_yes: str | None = None  # yes/no fields stored as a code (Form H: yes → has)
    if_no: str | None = None
    currency: str | None = None  # an amount whose currency is in the named column
    # Key–value fields: a model column that keeps the value's own cell (Form B's deadline sits
    # on another row than the status the record's ``cell`` names).
    cell_column: str | None = None

    def text(self, lang: str) -> str:
        """The label or header in ``lang`` (English when the language lacks it)."""
        return self.texts.get(lang) or self.texts["en"]

    def matches(self) -> set[str]:
        """Every normalised form this label or header is recognised by."""
        return {normalize(t) for t in (*self.texts.values(), *self.aliases)}


@dataclass(frozen=True)
class FlowTableSpec:
    """What makes a table's rows assistance flows (``assistance.md`` §1).

    ``side`` is the flow's side; ``reporter`` is the party the reporting State is (``donor``
    for *Assistance provided*, ``recipient`` for *Assistance received*), the other party is read
    from the row; ``checked``: the flow rules of ``assistance.md`` §1 apply (an amount needs its
    type, self-assistance, unusual years, …); ``ccm-a7/1``'s rows are read as they always were.
    """

    side: str
    reporter: str
    checked: bool = False

    @property
    def counterpart(self) -> str:
        """The party read from the row (``recipient`` or ``donor``)."""
        return "recipient" if self.reporter == "donor" else "donor"


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per table of a layout
class TableSpec:
    """A table found by its required headers; rows go to one fact table."""

    name: str
    target: str
    title: dict[str, str]
    columns: tuple[FieldSpec, ...]
    require_one_of: tuple[str, ...] = ()  # at least one of these columns (header and value)
    cell: str | None = None  # the column whose cell is the row's provenance (else the first)
    header_lookup: dict[str, str] = field(default_factory=dict)  # normalised header -> column
    title_aliases: tuple[str, ...] = ()  # other ways of writing the title, read too
    flow: FlowTableSpec | None = None  # the rows are assistance flows

    @property
    def required_headers(self) -> tuple[FieldSpec, ...]:
        """The columns whose header must be present for the table to be found."""
        return tuple(c for c in self.columns if c.header_required)

    def column(self, name: str) -> FieldSpec:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per sheet of a layout
class SheetSpec:
    """The cover sheet or one form's sheet: its names, key–value labels and tables."""

    key: str  # "cover" or the form letter
    form: str | None
    names: dict[str, str]  # language -> sheet name written by the template
    aliases: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    tables: tuple[TableSpec, ...]
    records: dict[str, dict[str, Any]]  # fact table -> constant columns (article, form)
    not_applicable_allowed: bool = True
    label_lookup: dict[str, str] = field(default_factory=dict)  # normalised label -> field name
    title_lookup: frozenset[str] = frozenset()  # normalised table titles (allowed in column A)
    # A sheet of a layout that extends another: the tables it adds or replaces (not inherited).
    own_tables: frozenset[str] = frozenset()

    def table(self, name: str) -> TableSpec:
        """The table called ``name``."""
        return next(t for t in self.tables if t.name == name)

    def field(self, name: str) -> FieldSpec:
        """The key–value field called ``name``."""
        return next(f for f in self.fields if f.name == name)

    def name(self, lang: str) -> str:
        """The sheet's name in ``lang``."""
        return self.names.get(lang) or self.names["en"]


@dataclass(frozen=True, eq=False)
class MatrixColumn:
    """A column of the legacy matrix sheet."""

    name: str
    type: str
    header: str
    required: bool = False
    vocabulary: str | None = None
    form: str | None = None
    article: int | None = None
    area: str | None = None
    if_yes: str | None = None
    if_no: str | None = None


@dataclass(frozen=True)
class MatrixSpec:
    """The legacy matrix sheet: one annual report per row, found by its row-1 headers."""

    id: str
    columns: tuple[MatrixColumn, ...]

    def header_lookup(self) -> dict[str, MatrixColumn]:
        """Normalised header → column."""
        return {normalize(c.header): c for c in self.columns}


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per layout file
class Layout:
    """One workbook layout (template version) in all of its languages."""

    id: str
    title: dict[str, str]
    languages: tuple[str, ...]
    vocabularies: dict[str, Vocabulary]
    sheets: tuple[SheetSpec, ...]
    instructions_sheet: dict[str, str]
    instructions: dict[str, tuple[str, ...]]  # language -> lines of the template's instructions
    matrix: MatrixSpec | None
    sheet_lookup: dict[str, str]  # normalised sheet name or alias -> sheet key
    sheet_languages: dict[str, frozenset[str]]  # normalised sheet name -> languages using it
    # How the template writes each language: {"ar": {"direction": "rtl", "font": "Arial"}}.
    writing: dict[str, dict[str, str]] = field(default_factory=dict)
    # A sheet name that looks like a form's: one of the form words (``form``, ``formulaire``,
    # ``форма``, ``表``…) then one letter; group 1 is the word, group 2 the letter as written.
    form_like: re.Pattern[str] = re.compile(r"(?!)")
    form_words: dict[str, str] = field(default_factory=dict)  # normalised word -> language or ""
    letters: dict[str, str] = field(default_factory=dict)  # normalised letter -> form letter
    extends: str | None = None  # the id of the layout this one extends
    flow_file: TableSpec | None = None  # the table of a flow file from another source

    def sheet(self, key: str) -> SheetSpec:
        """The sheet with ``key`` ("cover" or a form letter)."""
        return self._sheets_by_key[key]

    @property
    def cover(self) -> SheetSpec:
        """The cover sheet."""
        return self.sheet("cover")

    # Asked for on every sheet of every workbook read: worked out once per layout (the layout is
    # frozen; a cached property keeps its value on the instance).
    @cached_property
    def forms(self) -> tuple[SheetSpec, ...]:
        """The form sheets, in letter order."""
        return tuple(s for s in self.sheets if s.form)

    @cached_property
    def _sheets_by_key(self) -> dict[str, SheetSpec]:
        found: dict[str, SheetSpec] = {}
        for sheet in self.sheets:
            found.setdefault(sheet.key, sheet)
        return found


_texts = texts  # a text mapping's texts by language, and its aliases


def _field(raw: dict[str, Any]) -> FieldSpec:
    texts, aliases = _texts(raw.get("labels") or raw.get("headers") or {})
    return FieldSpec(
        name=raw["name"],
        type=raw["type"],
        columns=tuple(raw["columns"]),
        texts=texts,
        aliases=aliases,
        target=raw.get("target", ""),
        vocabulary=raw.get("vocabulary"),
        required=bool(raw.get("required", False)),
        header_required=bool(raw.get("header_required", False)),
        required_if={str(k): str(v) for k, v in (raw.get("required_if") or {}).items()},
        tick=bool(raw.get("tick", False)),
        if_yes=raw.get("if_yes"),
        if_no=raw.get("if_no"),
        currency=raw.get("currency"),
        cell_column=raw.get("cell_column"),
    )


def _table(raw: dict[str, Any]) -> TableSpec:
    columns = tuple(_field(c) for c in raw["columns"])
    lookup = {m: c.name for c in columns for m in c.matches()}
    title, title_aliases = _texts(raw.get("title") or {})
    flow = raw.get("flow")
    return TableSpec(
        name=raw["name"],
        target=raw["target"],
        title=title,
        title_aliases=title_aliases,
        columns=columns,
        require_one_of=tuple(raw.get("require_one_of", ())),
        cell=raw.get("cell"),
        header_lookup=lookup,
        flow=(
            FlowTableSpec(
                side=str(flow["side"]),
                reporter=str(flow["reporter"]),
                checked=bool(flow.get("checked", False)),
            )
            if flow
            else None
        ),
    )


def _sheet(raw: dict[str, Any], form_sheet: dict[str, Any]) -> SheetSpec:
    form = raw.get("form")
    if form:
        templates, named_aliases = _texts(form_sheet["names"])
        names = {k: v.format(form=form) for k, v in templates.items()}
        # Other ways of writing the letter (a Cyrillic look-alike, the Arabic letter name)
        # combined with every name and alias.
        written = [form, *(str(w) for w in (form_sheet.get("letters") or {}).get(form, ()))]
        patterns = [*templates.values(), *named_aliases, *form_sheet.get("aliases", ())]
        every = dict.fromkeys(p.format(form=w) for p in patterns for w in written)
        aliases = tuple(a for a in every if a not in names.values())
    else:
        names, aliases = _texts(raw["names"])
    fields = tuple(_field(f) for f in raw.get("fields", ()))
    tables = tuple(_table(t) for t in raw.get("tables", ()))
    return SheetSpec(
        key=str(raw["key"]),
        form=form,
        names=names,
        aliases=aliases,
        fields=fields,
        tables=tables,
        records={k: dict(v) for k, v in (raw.get("records") or {}).items()},
        not_applicable_allowed=bool(raw.get("not_applicable_allowed", True)),
        label_lookup={m: f.name for f in fields for m in f.matches()},
        title_lookup=frozenset(
            normalize(t) for tb in tables for t in (*tb.title.values(), *tb.title_aliases)
        ),
        own_tables=frozenset(raw.get("own_tables", ())),
    )


def _vocabulary(name: str, raw: dict[str, Any]) -> Vocabulary:
    labels: dict[str, dict[str, str]] = {}
    lookup: dict[str, str] = {}
    for code, entry in raw.items():
        texts, aliases = _texts(entry)
        labels[str(code)] = texts
        for written in (str(code), *texts.values(), *aliases):
            lookup.setdefault(normalize(written), str(code))
    return Vocabulary(name=name, labels=labels, lookup=lookup)


def parse_layout(data: dict[str, Any]) -> Layout:
    """A :class:`Layout` from the parsed YAML of a layout file (its ``terms`` applied)."""
    data = apply_terms(data)
    sheets = tuple(_sheet(s, data.get("form_sheet", {})) for s in data["sheets"])
    sheet_lookup: dict[str, str] = {}
    sheet_languages: dict[str, set[str]] = {}
    for sheet in sheets:
        for lang, name in sheet.names.items():
            sheet_lookup.setdefault(normalize(name), sheet.key)
            sheet_languages.setdefault(normalize(name), set()).add(lang)
        for alias in sheet.aliases:
            sheet_lookup.setdefault(normalize(alias), sheet.key)
    matrix = data.get("matrix")
    writing = data.get("writing") or {}
    forms = tuple(s.form for s in sheets if s.form)
    form_like, form_words, letters = form_like_pattern(data.get("form_sheet") or {}, forms)
    return Layout(
        id=data["id"],
        title=_texts(data.get("title") or {})[0],
        languages=tuple(data["languages"]),
        vocabularies={n: _vocabulary(n, v) for n, v in data["vocabularies"].items()},
        sheets=sheets,
        instructions_sheet=_texts(data.get("instructions_sheet") or {"en": "Instructions"})[0],
        instructions={k: tuple(v) for k, v in data.get("instructions", {}).items()},
        matrix=(
            MatrixSpec(
                id=matrix["id"],
                columns=tuple(MatrixColumn(**c) for c in matrix["columns"]),
            )
            if matrix
            else None
        ),
        sheet_lookup=sheet_lookup,
        sheet_languages={k: frozenset(v) for k, v in sheet_languages.items()},
        writing={str(k): {str(a): str(b) for a, b in v.items()} for k, v in writing.items()},
        form_like=form_like,
        form_words=form_words,
        letters=letters,
        extends=data.get("extends"),
        flow_file=_table(data["flow_file"]) if data.get("flow_file") else None,
    )


def _merge_sheet(base: dict[str, Any], child: dict[str, Any], layout_id: str) -> dict[str, Any]:
    """A base sheet with an extending layout's changes (see the module docstring)."""
    merged = {**base, **{k: v for k, v in child.items() if k != "tables"}}
    if "tables" not in child:
        return merged
    base_tables = {t["name"]: t for t in base.get("tables", ())}
    tables: list[dict[str, Any]] = []
    own: list[str] = []
    for table in child["tables"]:
        if "inherit" in table:
            name = table["inherit"]
            if name not in base_tables:
                raise LayoutDataError(
                    f"layout {layout_id}: sheet {child['key']} inherits a table {name!r} that "
                    f"its base does not have (it has {', '.join(base_tables) or 'none'})"
                )
            tables.append(base_tables[name])
        else:
            tables.append(table)
            own.append(table["name"])
    merged["tables"] = tables
    merged["own_tables"] = own
    return merged


def extend_layout(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The parsed YAML of a layout that ``extends`` ``base`` (already resolved), made whole."""
    layout_id = str(child.get("id"))
    merged = dict(base)
    merged.pop("extends", None)
    for key, value in child.items():
        if key == "vocabularies":
            merged[key] = {**base.get(key, {}), **value}
        elif key == "terms":
            own = {str(t["en"]) for t in value}
            merged[key] = [t for t in base.get(key) or () if str(t["en"]) not in own] + list(value)
        elif key == "sheets":
            overrides = {str(s["key"]): s for s in value}
            known = {str(s["key"]) for s in base["sheets"]}
            merged[key] = [
                _merge_sheet(s, overrides[str(s["key"])], layout_id)
                if str(s["key"]) in overrides
                else s
                for s in base["sheets"]
            ] + [s for k, s in overrides.items() if k not in known]
        else:
            merged[key] = value
    return merged


def _resolve(
    name: str, raw: dict[str, dict[str, Any]], seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Layout ``name`` with its ``extends`` chain applied."""
    data = raw[name]
    base_id = data.get("extends")
    if base_id is None:
        return data
    if base_id not in raw or base_id in seen:
        why = "extends itself" if base_id in seen else "is not shipped"
        raise LayoutDataError(f"layout {name} extends {base_id!r}, which {why}")
    return extend_layout(_resolve(str(base_id), raw, (*seen, name)), data)


# libyaml's loader when PyYAML was built with it: the same safe constructor and resolver (same
# data), and much faster than the pure-Python parser on every import's start-up.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def all_layouts() -> dict[str, Layout]:
    """Every layout shipped in ``tracker/layouts``, by id (read once per process)."""
    raw: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
            raw[str(data["id"])] = data
    return {name: parse_layout(_resolve(name, raw)) for name in raw}


def extensions_of(layout: Layout) -> tuple[Layout, ...]:
    """The shipped layouts that extend ``layout`` directly (``ccm-a7/2`` for ``ccm-a7/1``)."""
    return tuple(lay for lay in all_layouts().values() if lay.extends == layout.id)


def get_layout(layout_id: str = DEFAULT_LAYOUT) -> Layout:
    """The layout with ``layout_id`` (KeyError when no shipped layout has it)."""
    return all_layouts()[layout_id]


def find_layout(written: str) -> Layout | None:
    """The layout a cover's ``Layout`` value names (case and spacing ignored), else None."""
    wanted = normalize(written)
    return next((lay for lid, lay in all_layouts().items() if normalize(lid) == wanted), None)
