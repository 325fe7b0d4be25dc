"""Loading the catalogues: the shipped ones, then each ``--catalogue FILE``, validated together.

Every command of ``tracker indicators`` starts here, before any database is opened. Each file is
read and checked on its own (:mod:`tracker.indicators.schema`), then the checks across files run:
duplicate catalogue keys and ids (naming the other ``FILE:LINE``), ``replaces`` cycles (errors)
and ``replaces`` naming no loaded indicator (warnings). Themes, plans and actions are checked
against the shipped plan data plus the files of ``--plans-dir`` — never the database — so a
catalogue for the next plan can be checked with the draft plan file beside it.

The selections the commands make (``--plan P``, ids with did-you-mean) are here too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracker.errors import UsageError
from tracker.indicators.located import parse_located
from tracker.indicators.model import (
    Catalogue,
    CatalogueError,
    CatalogueIssue,
    Indicator,
    Severity,
)
from tracker.indicators.schema import PlanData, parse_catalogue
from tracker.indicators.vocabulary import closest
from tracker.plans.schema import Plan, PlanDataError

#: The catalogues shipped with the package.
SHIPPED_DIR = Path(__file__).with_name("catalogues")
#: ``core`` first (its indicators open every chapter), then one per plan in name order.
CORE_FILE = "core.yaml"


def shipped_files() -> list[Path]:
    """The shipped catalogue files in load order: ``core.yaml``, then the others by name."""
    files = sorted(p for p in SHIPPED_DIR.iterdir() if p.suffix in (".yaml", ".yml"))
    return sorted(files, key=lambda p: (p.name != CORE_FILE, p.name))


@cache
def known_layout_ids() -> frozenset[str]:
    """The ids of the shipped workbook layouts and of their matrix sheets (``ccm-matrix/1``)."""
    from tracker.layouts import all_layouts

    ids: set[str] = set()
    for layout in all_layouts().values():
        ids.add(layout.id)
        if layout.matrix is not None:
            ids.add(layout.matrix.id)
    return frozenset(ids)


def plan_data(plans_dir: Path | None = None) -> PlanData:
    """The shipped plans, with those of ``plans_dir`` added (a plan of the same name replaced).

    Raises :class:`CatalogueError` with the plan files' problems.
    """
    from tracker.plans.files import read_plan_dir, shipped_plans

    plans: dict[str, Plan] = {p.name: p for p in shipped_plans()}
    if plans_dir is not None:
        try:
            extra = read_plan_dir(plans_dir)
        except PlanDataError as exc:
            raise CatalogueError(
                [CatalogueIssue(i.file, None, f"{i.field}: {i.message}") for i in exc.issues]
            ) from exc
        plans.update({p.name: p for p in extra})
    return PlanData(tuple(plans.values()))


@dataclass(frozen=True)
class FileReport:
    """One file as ``tracker indicators check`` reports it."""

    file: str
    indicators: int  # entries written in the file (valid or not)
    issues: tuple[CatalogueIssue, ...]

    @property
    def errors(self) -> int:
        """How many of its issues are errors."""
        return sum(1 for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many of its issues are warnings."""
        return len(self.issues) - self.errors


@dataclass(frozen=True)
class Loaded:
    """Every loaded catalogue, in load order, and every issue found."""

    catalogues: tuple[Catalogue, ...]
    files: tuple[FileReport, ...]
    plans: PlanData

    @property
    def issues(self) -> tuple[CatalogueIssue, ...]:
        """Every issue of every file, file by file."""
        return tuple(i for f in self.files for i in f.issues)

    @property
    def has_errors(self) -> bool:
        """True when any file has an error (then nothing may run)."""
        return any(f.errors for f in self.files)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator in load order."""
        return tuple(i for c in self.catalogues for i in c.indicators)

    def require_valid(self) -> Loaded:
        """Itself, or :class:`CatalogueError` with every issue when any is an error."""
        if self.has_errors:
            raise CatalogueError(self.issues)
        return self

    def get(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id (None when none is loaded)."""
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def catalogue(self, key: str) -> Catalogue | None:
        """The catalogue with this key."""
        return next((c for c in self.catalogues if c.key == key), None)


def _display(path: Path, shipped: bool) -> str:
    return path.name if shipped else str(path)


def load_catalogues(paths: Sequence[Path] = (), plans_dir: Path | None = None) -> Loaded:
    """The shipped catalogues, then ``paths`` in order (a file given twice is read once)."""
    plans = plan_data(plans_dir)
    seen: set[Path] = set()
    entries: list[tuple[Path, str]] = []
    for path, shipped in [*((p, True) for p in shipped_files()), *((p, False) for p in paths)]:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        entries.append((path, _display(path, shipped)))
    catalogues: list[Catalogue] = []
    reports: dict[str, list[CatalogueIssue]] = {}
    counts: dict[str, int] = {}
    for path, display in entries:
        catalogue, issues, count = _read(path, display, plans)
        reports[display] = issues
        counts[display] = count
        if catalogue is not None:
            catalogues.append(catalogue)
    for issue in cross_checks(catalogues):
        reports[issue.file].append(issue)
    files = tuple(
        FileReport(name, counts[name], tuple(sorted(issues, key=_issue_order)))
        for name, issues in reports.items()
    )
    return Loaded(tuple(catalogues), files, plans)


def _issue_order(issue: CatalogueIssue) -> tuple[int, int]:
    return (issue.line or 0, 0 if issue.severity is Severity.ERROR else 1)


def _read(
    path: Path, display: str, plans: PlanData
) -> tuple[Catalogue | None, list[CatalogueIssue], int]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, [CatalogueIssue(display, None, f"cannot be read: {reason}")], 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            None,
            [
                CatalogueIssue(
                    display,
                    data[: exc.start].count(b"\n") + 1,
                    "is not UTF-8 text: save the catalogue as UTF-8",
                )
            ],
            0,
        )
    root, problems = parse_located(text)
    issues = [CatalogueIssue(display, p.line, p.message) for p in problems]
    if root is None and not problems:
        issues.append(
            CatalogueIssue(
                display, 1, "the file is empty: a catalogue needs key:, plan: and indicators:"
            )
        )
    if root is None:
        return None, issues, 0
    items = root.value.get("indicators") if root.is_mapping else None
    count = len(items.value) if items is not None and items.is_list else 0
    catalogue, found = parse_catalogue(
        root, display, hashlib.sha256(data).hexdigest(), plans, known_layout_ids
    )
    return catalogue, issues + found, count


def cross_checks(catalogues: Sequence[Catalogue]) -> list[CatalogueIssue]:
    """Duplicate keys and ids, ``replaces`` cycles (errors) and dangling ``replaces`` (warnings)."""
    issues: list[CatalogueIssue] = []
    keys: dict[str, Catalogue] = {}
    for catalogue in catalogues:
        other = keys.get(catalogue.key)
        if other is not None:
            issues.append(
                CatalogueIssue(
                    catalogue.file,
                    1,
                    f"catalogue key {catalogue.key!r} is also the key of {other.file}: "
                    "give each catalogue its own key",
                )
            )
        else:
            keys[catalogue.key] = catalogue
    first: dict[str, Indicator] = {}
    for indicator in (i for c in catalogues for i in c.indicators):
        twin = first.get(indicator.id)
        if twin is not None:
            issues.append(
                CatalogueIssue(
                    indicator.file,
                    indicator.line,
                    f"duplicate id {indicator.id!r} (also {twin.location}): an id names one "
                    "indicator and is never reused",
                )
            )
        else:
            first[indicator.id] = indicator
    issues += _replaces_checks(first)
    return issues


def _replaces_checks(by_id: dict[str, Indicator]) -> list[CatalogueIssue]:
    issues: list[CatalogueIssue] = []
    reported: set[str] = set()
    for indicator in by_id.values():
        target = indicator.replaces
        if target is None:
            continue
        if target not in by_id:
            issues.append(
                CatalogueIssue(
                    indicator.file,
                    indicator.line,
                    f"{indicator.id} replaces {target!r}, which names no loaded indicator "
                    "(load its catalogue with --catalogue FILE)",
                    Severity.WARNING,
                )
            )
            continue
        chain = [indicator.id]
        current: str | None = target
        while current is not None and current in by_id and current not in chain:
            chain.append(current)
            current = by_id[current].replaces
        if current is not None and current == indicator.id and indicator.id not in reported:
            reported.update(chain)
            issues.append(
                CatalogueIssue(
                    indicator.file,
                    indicator.line,
                    f"replaces cycle: {' → '.join([*chain, indicator.id])} (an indicator "
                    "continues an earlier plan's, never a later one's)",
                )
            )
    return issues


# --- selections -------------------------------------------------------------------------------


def plan_key(loaded: Loaded, wanted: str) -> str:
    """The catalogue key ``--plan`` names: a key or a plan name, any case, or ``core``.

    Unknown: :class:`UsageError` ``unknown plan 'lausane' (did you mean lausanne?)``.
    """
    folded = wanted.strip().casefold()
    for catalogue in loaded.catalogues:
        if folded == catalogue.key or (
            catalogue.plan is not None and folded == catalogue.plan.casefold()
        ):
            return catalogue.key
    keys = [c.key for c in loaded.catalogues]
    names = {c.plan.casefold(): c.key for c in loaded.catalogues if c.plan}
    near = closest(folded, keys) or [names[n] for n in closest(folded, list(names))]
    if near:
        raise UsageError(f"unknown plan {wanted!r} (did you mean {', '.join(near)}?)")
    raise UsageError(f"unknown plan {wanted!r} (plans: {', '.join(keys)})")


def unknown_indicator_message(wanted: str, known: Iterable[str]) -> str:
    """``unknown indicator 'core.needs.art6' (did you mean core.needs.art5?)`` (≤ 3 closest)."""
    near = closest(wanted, list(known))
    if near:
        return f"unknown indicator {wanted!r} (did you mean {', '.join(near)}?)"
    return f"unknown indicator {wanted!r} (tracker indicators list shows them)"


def select(
    loaded: Loaded, ids: Collection[str] = (), plan: str | None = None
) -> tuple[Indicator, ...]:
    """IDs in the order given, or the indicators of ``--plan``, or all in load order."""
    if ids and plan is not None:
        raise UsageError("give indicator ids or --plan, not both")
    if plan is not None:
        key = plan_key(loaded, plan)
        return tuple(i for i in loaded.indicators if i.catalogue == key)
    if not ids:
        return loaded.indicators
    chosen: list[Indicator] = []
    for wanted in ids:
        indicator = loaded.get(wanted)
        if indicator is None:
            raise UsageError(unknown_indicator_message(wanted, (i.id for i in loaded.indicators)))
        if indicator not in chosen:
            chosen.append(indicator)
    return tuple(chosen)
