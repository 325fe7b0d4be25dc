"""Creating or migrating the store and loading the shipped reference data."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker.models import State, StateAlias
from tracker.reference import reference_states
from tracker.text import normalize


def load_reference_states(session: Session) -> int:
    """Insert or update every State of the shipped list and its aliases (idempotent).

    The store has columns for the English, French and Spanish names; the Arabic, Chinese and
    Russian names go to the alias table with the other written forms (no schema change).
    """
    existing = {s.iso3: s for s in session.scalars(select(State))}
    known_aliases = {a.normalized: a for a in session.scalars(select(StateAlias))}
    for ref in reference_states():
        state = existing.get(ref.iso3) or State(iso3=ref.iso3)
        state.name_en, state.name_fr, state.name_es = ref.name_en, ref.name_fr, ref.name_es
        state.category = ref.category
        session.add(state)
        for alias in (ref.name_ar, ref.name_zh, ref.name_ru, *ref.aliases):
            key = normalize(alias)
            if key and key not in known_aliases:
                known_aliases[key] = StateAlias(iso3=ref.iso3, alias=alias, normalized=key)
                session.add(known_aliases[key])
    session.flush()
    return len(reference_states())


def upgrade_database(engine: Engine) -> None:
    """Migrate to the newest schema, then load States, action plans and extension decisions.

    Shipped extension decisions are inserted only where their key is absent (never over the
    ISU's own rows, see :func:`tracker.services.extensions.load_shipped_decisions`).
    """
    from tracker import migrate
    from tracker.db import transaction
    from tracker.services.extensions import load_shipped_decisions

    migrate.upgrade(engine)
    with transaction(engine) as session:
        load_reference_states(session)
        _load_shipped_plans(session)
        load_shipped_decisions(session)


def _load_shipped_plans(session: Session) -> None:
    """Load the action plans shipped in the package (``tracker/plans/data/``)."""
    from tracker.services.plans import load_shipped_plans

    load_shipped_plans(session)
