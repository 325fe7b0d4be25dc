"""Closed vocabularies of the store. Values are the stored strings (never translated).

Plain enums without SQLAlchemy, so that the workbook reader (which runs in worker processes during
a large import) can use them without loading the ORM; :mod:`tracker.models.enums` adds the
column types.
"""

from __future__ import annotations

import enum


class DepositType(enum.StrEnum):
    """How a State deposited its instrument."""

    RATIFICATION = "ratification"
    ACCESSION = "accession"
    APPROVAL = "approval"
    ACCEPTANCE = "acceptance"


class ReportType(enum.StrEnum):
    """Initial or annual Article 7 report."""

    INITIAL = "initial"
    ANNUAL = "annual"


class Channel(enum.StrEnum):
    """How a report reached the tracker.

    ``entered``: transcribed in the web app's data entry (``/entry``), which writes a workbook
    and imports it through the same pipeline.
    """

    WORKBOOK = "workbook"
    MATRIX = "matrix"
    ENTERED = "entered"


class FormStatus(enum.StrEnum):
    """What the cover page says of a form."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_APPLICABLE = "not_applicable"
    NOT_PROVIDED = "not_provided"


class ObligationStatus(enum.StrEnum):
    """An article's status in one report: none, has (ongoing) or had (completed)."""

    NONE = "none"
    HAS = "has"
    HAD = "had"


class NeedArea(enum.StrEnum):
    """Areas of assistance on Form I."""

    STOCKPILE_DESTRUCTION = "stockpile_destruction"
    CLEARANCE = "clearance"
    RISK_REDUCTION_EDUCATION = "risk_reduction_education"
    VICTIM_ASSISTANCE = "victim_assistance"
    OTHER = "other"


class AreaStatus(enum.StrEnum):
    """Form F: confirmed or suspected hazardous area."""

    CONFIRMED = "confirmed"
    SUSPECTED = "suspected"


class ResourceType(enum.StrEnum):
    """Form I national resources: kind of contribution."""

    FINANCIAL = "financial"
    MATERIAL = "material"
    IN_KIND = "in_kind"


class FlowType(enum.StrEnum):
    """Stage of the money of an assistance flow (IATI transaction types 2 and 3, and pledges).

    A flow whose type is not stated (a blank ``Flow`` cell of layout ``ccm-a7/1``) has none.
    """

    COMMITMENT = "commitment"
    DISBURSEMENT = "disbursement"
    PLEDGE = "pledge"


class FlowArea(enum.StrEnum):
    """Area of an assistance flow: the needs table's areas, plus ``unspecified``.

    ``unspecified`` is what a flow says when it names no area (a blank Area cell, or mine action
    as a whole: DAC sector 15250 spans every pillar).
    """

    STOCKPILE_DESTRUCTION = "stockpile_destruction"
    CLEARANCE = "clearance"
    RISK_REDUCTION_EDUCATION = "risk_reduction_education"
    VICTIM_ASSISTANCE = "victim_assistance"
    OTHER = "other"
    UNSPECIFIED = "unspecified"


class FlowSide(enum.StrEnum):
    """Who reported a flow: its donor (Article 7), its recipient (Article 7), or another source."""

    DONOR_REPORT = "donor_report"
    RECIPIENT_REPORT = "recipient_report"
    OTHER_SOURCE = "other_source"


class RecipientKind(enum.StrEnum):
    """What a flow's recipient is: a State, every State (``Global``), or a UN M49 region."""

    STATE = "state"
    GLOBAL = "global"
    REGION = "region"


class WebRole(enum.StrEnum):
    """What a web user may do.

    Readers see and download; editors also change the store's reports; admins also manage
    users (on the command line).
    """

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Order of the roles: each can do everything the ones below it can."""
        return list(WebRole).index(self)


FORMS: tuple[str, ...] = tuple("ABCDEFGHIJ")
