"""The relational model: every table of the store, importable from one place."""

from tracker.models.audit import AuditEvent, ImportRun, ImportRunFile
from tracker.models.decisions import ExtensionDecision
from tracker.models.facts import (
    ArticleFact,
    ContaminatedArea,
    Destruction,
    FormText,
    ImplementationMeasure,
    NationalResource,
    Need,
    RiskEducationActivity,
    Stockpile,
)
from tracker.models.flows import Flow, FlowFile
from tracker.models.plans import ActionPlan, PlanAction, PlanSection
from tracker.models.reference import Membership, State, StateAlias
from tracker.models.reports import FormStatusRow, Original, Report, SourceFile
from tracker.models.web import EndedSession, LoginFailure, PendingUpload, StoreGeneration, User

__all__ = [
    "ActionPlan",
    "ArticleFact",
    "AuditEvent",
    "ContaminatedArea",
    "Destruction",
    "EndedSession",
    "ExtensionDecision",
    "Flow",
    "FlowFile",
    "FormStatusRow",
    "FormText",
    "ImplementationMeasure",
    "ImportRun",
    "ImportRunFile",
    "LoginFailure",
    "Membership",
    "NationalResource",
    "Need",
    "Original",
    "PendingUpload",
    "PlanAction",
    "PlanSection",
    "Report",
    "RiskEducationActivity",
    "SourceFile",
    "State",
    "StateAlias",
    "Stockpile",
    "StoreGeneration",
    "User",
]
