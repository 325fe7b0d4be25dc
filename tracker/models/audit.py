"""The audit trail: every import run and what happened to each file in it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base


class ImportRun(Base):
    """One ``tracker import`` (dry runs are not recorded)."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    os_user: Mapped[str] = mapped_column(String(120))
    host: Mapped[str] = mapped_column(String(255))
    tracker_version: Mapped[str] = mapped_column(String(40))
    arguments: Mapped[str] = mapped_column(Text)
    app_user: Mapped[str | None] = mapped_column(String(120))  # the web user, for web imports

    files: Mapped[list[ImportRunFile]] = relationship(
        back_populates="run", cascade="all, delete-orphan"
    )


class ImportRunFile(Base):
    """The outcome of one file in an import run (also written for rejected files)."""

    __tablename__ = "import_run_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("import_runs.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    state_iso3: Mapped[str | None] = mapped_column(String(3))
    reporting_year: Mapped[int | None] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    run: Mapped[ImportRun] = relationship(back_populates="files")


class AuditEvent(Base):
    """A write other than an import: a withdrawal, a reinstatement, an extension decision...

    ``action`` is a stable word (``withdraw``, ``reinstate``, ``extensions-import``,
    ``extensions-remove``, ...), ``subject`` what it acted on (a SHA-256, a decision's key),
    ``reason`` the person's own words, ``detail`` what changed, in words. ``app_user`` is the
    web app's user when the write came through it (the OS user and host are always kept).
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    os_user: Mapped[str] = mapped_column(String(120))
    host: Mapped[str] = mapped_column(String(255))
    app_user: Mapped[str | None] = mapped_column(String(120))
    tracker_version: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
