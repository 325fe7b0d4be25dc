"""Column types for the store's closed vocabularies (the enums are in :mod:`tracker.enums`)."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, Enum

from tracker.enums import (
    FORMS,
    AreaStatus,
    Channel,
    DepositType,
    FlowArea,
    FlowSide,
    FlowType,
    FormStatus,
    NeedArea,
    ObligationStatus,
    RecipientKind,
    ReportType,
    ResourceType,
    WebRole,
)

__all__ = [
    "FORMS",
    "AreaStatus",
    "Channel",
    "DepositType",
    "FlowArea",
    "FlowSide",
    "FlowType",
    "FormStatus",
    "NeedArea",
    "ObligationStatus",
    "RecipientKind",
    "ReportType",
    "ResourceType",
    "WebRole",
    "db_bool",
    "db_enum",
]


def db_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A portable, named enum column type: VARCHAR plus a named CHECK on every backend."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def db_bool(name: str) -> Boolean:
    """A named boolean (a CHECK on backends without a native boolean)."""
    return Boolean(create_constraint=True, name=name)
