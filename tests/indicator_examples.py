"""Hand-made indicator results: the worked example of spec/indicators.md §10, with evidence.

The engine that computes indicators from the store comes later (phase 2); until then every output
is tested on these results, whose States and sets are the spec's own (five States, as of 2024,
judged on 31 December 2025). ``scripts/make_indicator_pictures.py`` draws the guide's pictures
from them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from tracker.indicators.catalogue import Loaded, load_catalogues
from tracker.indicators.results import (
    AbsenceEvidence,
    CatalogueRef,
    CellEvidence,
    DecisionEvidence,
    Evidence,
    Excluded,
    MembershipEvidence,
    Run,
    Series,
    SourceReport,
    build_result,
    not_computable,
)
from tracker.wording import Style

AS_OF, SINCE, ON = 2024, 2021, dt.date(2025, 12, 31)
ALL = ("CPV", "HRV", "MRT", "TCD", "TGO")

IN_FORCE = {
    "HRV": dt.date(2010, 8, 1),
    "TCD": dt.date(2013, 9, 1),
    "MRT": dt.date(2012, 8, 1),
    "TGO": dt.date(2012, 12, 1),
    "CPV": dt.date(2011, 4, 1),
}
# (file, reporting year, type, submitted) of the reports of §10.
REPORTS = {
    "HRV-2010": ("HRV-2010-initial.xlsx", 2010, "initial", dt.date(2011, 1, 20)),
    "HRV-2023": ("HRV-2023.xlsx", 2023, "annual", dt.date(2024, 4, 15)),
    "HRV-2024": ("HRV-2024.xlsx", 2024, "annual", dt.date(2025, 4, 28)),
    "TCD-2013": ("TCD-2013-initial.xlsx", 2013, "initial", dt.date(2014, 2, 20)),
    "TCD-2022": ("TCD-2022.xlsx", 2022, "annual", dt.date(2023, 4, 30)),
    "TCD-2024": ("TCD-2024.xlsx", 2024, "annual", dt.date(2025, 5, 20)),
    "MRT-2012": ("MRT-2012-initial.xlsx", 2012, "initial", dt.date(2013, 3, 1)),
    "MRT-2024": ("MRT-2024.xlsx", 2024, "annual", dt.date(2025, 3, 31)),
    "TGO-2024": ("TGO-2024.xlsx", 2024, "annual", dt.date(2025, 6, 10)),
}


def cell(report: str, sheet: str, at: str, carried_from: int | None = None) -> CellEvidence:
    file, year, kind, submitted = REPORTS[report]
    if carried_from is not None:
        origin = REPORTS[f"{report[:3]}-{carried_from}"]
        return CellEvidence(
            origin[0], origin[1], origin[2], origin[3], sheet, at, carried_from, (year, kind, file)
        )
    return CellEvidence(file, year, kind, submitted, sheet, at)


def member(state: str) -> MembershipEvidence:
    return MembershipEvidence(IN_FORCE[state])


STATUS = {  # the status cell that puts a State in an article's denominator
    (3, "HRV"): cell("HRV-2024", "Form B", "B1", carried_from=2023),
    (3, "TGO"): cell("TGO-2024", "Form B", "B1"),
    (4, "HRV"): cell("HRV-2024", "Form F", "B1", carried_from=2023),
    (4, "MRT"): cell("MRT-2024", "Form F", "B1"),
    (4, "TCD"): cell("TCD-2024", "Form F", "B1"),
    (5, "HRV"): cell("HRV-2024", "Form H", "B1", carried_from=2023),
    (5, "TCD"): cell("TCD-2024", "Form H", "B1"),
}
NEED = {
    (3, "TGO"): cell("TGO-2024", "Form I", "B7"),
    (4, "MRT"): cell("MRT-2024", "Form I", "B8"),
    (4, "TCD"): cell("TCD-2022", "Form I", "B7"),
    (5, "HRV"): cell("HRV-2023", "Form I", "B9"),
    (5, "TCD"): cell("TCD-2024", "Form I", "B9"),
}
DEADLINE = {
    (3, "TGO"): cell("TGO-2024", "Form B", "B4"),
    (4, "TCD"): cell("TCD-2024", "Form F", "B4"),
    (4, "MRT"): member("MRT"),
}
RECEIVED = {
    "HRV": cell("HRV-2024", "Cover", "B5"),
    "MRT": cell("MRT-2024", "Cover", "B5"),
    "TCD": cell("TCD-2024", "Cover", "B5"),
    "TGO": cell("TGO-2024", "Cover", "B5"),
}
INITIAL = {
    "HRV": cell("HRV-2010", "Cover", "B5"),
    "TCD": cell("TCD-2013", "Cover", "B5"),
    "MRT": cell("MRT-2012", "Cover", "B5"),
}


def _by(states, evidence) -> dict[str, Evidence]:
    return {s: evidence(s) for s in states}


def sets(indicator_id: str) -> tuple[dict[str, Evidence], dict[str, Evidence]]:
    """Denominator and numerator of each computable indicator of the shipped catalogues."""
    parts = indicator_id.split(".")
    article = int(parts[2][3]) if len(parts) > 2 and parts[2].startswith("art") else 0
    if parts[1] == "needs":
        current = indicator_id.endswith(".current")
        d = [s for a, s in STATUS if a == article and not (current and s == "HRV" and article != 5)]
        n = [s for a, s in NEED if a == article and s in d]
        return _by(d, lambda s: STATUS[article, s]), _by(n, lambda s: NEED[article, s])
    if parts[1] == "obligations":
        has = {3: ["TGO"], 4: ["MRT", "TCD"], 5: ["HRV", "TCD"]}[article]
        return _by(ALL, member), _by(has, lambda s: STATUS[article, s])
    if parts[1] == "completed":
        d = [s for a, s in STATUS if a == article]
        return _by(d, lambda s: STATUS[article, s]), {"HRV": STATUS[article, "HRV"]}
    if parts[1] == "deadline":
        article = int(parts[3][3])
        d = {3: ["TGO"], 4: ["MRT", "TCD"]}[article]
        n = {
            ("approaching", 3): ["TGO"],
            ("approaching", 4): ["TCD"],
            ("passed", 3): [],
            ("passed", 4): ["MRT"],
        }[parts[2], article]
        return _by(d, lambda s: STATUS[article, s]), _by(n, lambda s: DEADLINE[article, s])
    if indicator_id in ("core.reporting.on_time", "lausanne.43b"):
        return _by(ALL, member), _by(["HRV", "MRT"], RECEIVED.__getitem__)
    if indicator_id == "core.reporting.received":
        return _by(ALL, member), dict(RECEIVED)
    if indicator_id == "core.reporting.initial_overdue":
        detail = "no initial report received by 2025-12-31"
        return _by(ALL, member), _by(["CPV", "TGO"], lambda s: AbsenceEvidence(detail))
    if indicator_id == "lausanne.43a":
        return _by(ALL, member), _by(["HRV", "TCD"], INITIAL.__getitem__)
    if indicator_id == "lausanne.44":
        d = {"TGO": STATUS[3, "TGO"], "MRT": STATUS[4, "MRT"], "TCD": STATUS[4, "TCD"]}
        return d, {s: RECEIVED[s] for s in d}
    raise KeyError(indicator_id)


CATALOGUES = None


def catalogues() -> Loaded:
    global CATALOGUES
    if CATALOGUES is None:
        CATALOGUES = load_catalogues().require_valid()
    return CATALOGUES


def worked_run(
    ids: list[str] | None = None,
    *,
    as_of: int = AS_OF,
    on: dt.date = ON,
    style: Style = Style.WORDS,
    lang: str = "en",
    sample: bool = False,
) -> Run:
    """The worked example as one run, for the indicators ``ids`` (default: all shipped)."""
    loaded = catalogues()
    chosen = [loaded.get(i) for i in ids] if ids else list(loaded.indicators)
    results = []
    for indicator in chosen:
        assert indicator is not None
        if not indicator.computable:
            results.append(not_computable(indicator, lang))
            continue
        d, n = sets(indicator.id)
        results.append(
            build_result(
                indicator,
                as_of=as_of,
                since=SINCE,
                on=on,
                denominator=d,
                numerator=n,
                lang=lang,
                style=style,
            )
        )
    return Run(
        as_of=as_of,
        since=SINCE,
        on=on,
        style=style,
        lang=lang,
        catalogues=tuple(CatalogueRef(c.key, c.file, c.sha256) for c in loaded.catalogues),
        results=tuple(results),
        excluded=(
            Excluded(
                "AGO",
                2022,
                "AGO-2022.xlsx",
                "not a State Party in 2022",
                "annual",
                "not-a-state-party",
            ),
        ),
        sources=tuple(
            SourceReport(file, hashlib.sha256(file.encode()).hexdigest(), key[:3], year, kind, day)
            for key, (file, year, kind, day) in sorted(REPORTS.items())
        ),
        sample=sample,
        generated=dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC),
        version="0.1.0",
        database="tracker.db",
    )


def worked_series(ids: list[str] | None = None, first: int = 2021, last: int = 2024) -> Series:
    """A series over ``first``–``last``: the worked example's sets each year, each judged on
    31 December of the next year (the figures do not change: hand-made, not computed)."""
    runs = tuple(
        worked_run(ids, as_of=year, on=min(dt.date(year + 1, 12, 31), ON))
        for year in range(first, last + 1)
    )
    return Series(first, last, Style.WORDS, "en", runs)


DECISION = DecisionEvidence("9MSP", dt.date(2019, 9, 4), "CCM/MSP/2019/9")
