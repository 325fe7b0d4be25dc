"""Which action plan governs a reporting year, and the statistics' default window.

Pure functions over anything with ``first_year`` and ``last_year`` (the plan data of
:mod:`tracker.plans.schema` or the stored rows), so that the periods stay in the plan files and
never in code (``spec/statistics.md``: the default ``--since``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class HasPeriod(Protocol):
    """Anything that governs the reporting years ``first_year``–``last_year``."""

    @property
    def first_year(self) -> int:
        """The first reporting year governed."""
        ...

    @property
    def last_year(self) -> int:
        """The last reporting year governed."""
        ...


P = TypeVar("P", bound=HasPeriod)

#: Width of the fallback window when no plan governs the as-of year (A − 4 … A: five years).
FALLBACK_YEARS = 4


def plan_for_year(plans: Iterable[P], year: int) -> P | None:
    """The plan whose period contains ``year`` (periods never overlap), else None."""
    for plan in plans:
        if plan.first_year <= year <= plan.last_year:
            return plan
    return None


def default_since(plans: Iterable[HasPeriod], as_of: int) -> int:
    """The default window start for as-of year ``as_of``.

    The first year of the plan whose period contains ``as_of``; ``as_of − 4`` when no plan
    does (before the first plan, or after the last one until the next plan is added).
    """
    plan = plan_for_year(plans, as_of)
    return plan.first_year if plan is not None else as_of - FALLBACK_YEARS
