"""Tables that sort, filter and page by query parameters: every view has a URL, no JavaScript.

:func:`table_view` takes the rows (plain mappings), the columns and the request's query, and
gives what the ``table`` macro of ``templates/macros.html`` renders: the page of rows as text,
the headers with their sort links, the filter box and the page links. Several tables on one
page keep apart by their ``name``, which prefixes their parameters (``runs.sort``,
``runs.dir``, ``runs.q``, ``runs.page``); every link keeps the other tables' parameters.

Sorting compares the values themselves (numbers as numbers, dates as dates, text without case),
blanks last whichever the direction. The filter keeps the rows whose shown text contains every
word typed, in any column, without case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tracker.web.formats import display

PER_PAGE = 50


@dataclass(frozen=True)
class Column:
    """A column: the row key it shows, its heading, its kind, and the key of its link."""

    key: str
    label: str
    kind: str = "text"  # text | number | year | date | datetime
    link: str | None = None  # the row key holding this cell's URL

    @property
    def numeric(self) -> bool:
        """Numbers and years are right-aligned."""
        return self.kind in ("number", "year")


@dataclass(frozen=True)
class Cell:
    """One shown cell."""

    text: str
    href: str | None
    numeric: bool


@dataclass(frozen=True)
class Header:
    """A column heading with the link that sorts by it (and its current sort state)."""

    label: str
    href: str
    numeric: bool
    sort: str | None  # "ascending" / "descending" (aria-sort) when the table is sorted by it


@dataclass(frozen=True)
class TableView:
    """One page of a table, ready for the ``table`` macro."""

    name: str
    headers: tuple[Header, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: int
    matched: int
    first: int
    last: int
    page: int
    pages: int
    query: str
    query_param: str
    keep: tuple[tuple[str, str], ...]  # the other parameters, for the filter form
    clear_href: str
    prev_href: str | None
    next_href: str | None


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


def table_view(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    params: Mapping[str, str],
    *,
    name: str,
    path: str,
    default_sort: str,
    default_desc: bool = False,
    per_page: int = PER_PAGE,
) -> TableView:
    """The page of ``rows`` that ``params`` asks for (bad parameters fall back to defaults)."""
    p = {k: f"{name}.{k}" for k in ("sort", "dir", "q", "page")}
    keys = {c.key for c in columns}
    sort = params.get(p["sort"], default_sort)
    if sort not in keys:
        sort = default_sort
    wanted_dir = params.get(p["dir"])
    desc = default_desc if wanted_dir not in ("asc", "desc") else wanted_dir == "desc"
    if sort != default_sort and wanted_dir not in ("asc", "desc"):
        desc = False
    query = params.get(p["q"], "").strip()

    shown = [(row, tuple(display(row.get(c.key), c.kind) for c in columns)) for row in rows]
    words = query.casefold().split()
    if words:
        shown = [
            (row, texts)
            for row, texts in shown
            if all(any(w in t.casefold() for t in texts) for w in words)
        ]
    present = [x for x in shown if _sort_key(x[0].get(sort))[0] == 0]
    blank = [x for x in shown if _sort_key(x[0].get(sort))[0] == 1]
    present.sort(key=lambda x: _sort_key(x[0].get(sort)), reverse=desc)
    ordered = present + blank

    matched = len(ordered)
    pages = max(1, math.ceil(matched / per_page))
    try:
        page = min(max(1, int(params.get(p["page"], "1"))), pages)
    except ValueError:
        page = 1
    start = (page - 1) * per_page
    visible = ordered[start : start + per_page]

    def href(**changes: str | None) -> str:
        merged = {k: v for k, v in params.items()}
        for key, value in changes.items():
            if value is None:
                merged.pop(p[key], None)
            else:
                merged[p[key]] = value
        text = urlencode(sorted(merged.items()))
        return f"{path}?{text}" if text else path

    headers = []
    for column in columns:
        current = column.key == sort
        flip = "asc" if current and desc else "desc" if current else "asc"
        headers.append(
            Header(
                column.label,
                href(sort=column.key, dir=flip, page=None),
                column.numeric,
                ("descending" if desc else "ascending") if current else None,
            )
        )
    cells = tuple(
        tuple(
            Cell(text, str(row[c.link]) if c.link and row.get(c.link) else None, c.numeric)
            for c, text in zip(columns, texts, strict=True)
        )
        for row, texts in visible
    )
    keep = tuple(sorted((k, v) for k, v in params.items() if k not in (p["q"], p["page"])))
    return TableView(
        name=name,
        headers=tuple(headers),
        rows=cells,
        total=len(rows),
        matched=matched,
        first=start + 1 if visible else 0,
        last=start + len(visible),
        page=page,
        pages=pages,
        query=query,
        query_param=p["q"],
        keep=keep,
        clear_href=href(q=None, page=None),
        prev_href=href(page=str(page - 1)) if page > 1 else None,
        next_href=href(page=str(page + 1)) if page < pages else None,
    )
