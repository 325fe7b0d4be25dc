"""``/import``: editors upload workbooks, read the dry run's outcomes and issues, then store.

Step 1 (``POST /import``) holds each uploaded file under its SHA-256 for an hour
(:mod:`tracker.services.uploads`) and runs the import's dry run over those bytes: one line per
file with its outcome, then every issue (file, sheet!cell, severity, code, message, value), the
codes and cells of ``tracker import``, each message in the workbook's language with the English
one beside it. Step 2 (``POST /import/store``) stores exactly the held
bytes named by their SHA-256, one transaction per file, and links to the stored versions. The
request's size limit (``--max-upload-mb``) is enforced before the body is read whole (the
Guard); the import's own guards run before any workbook is parsed.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response
from starlette.routing import Route

from tracker.db import transaction
from tracker.enums import WebRole
from tracker.web.pages import PageError, Visit, page

STORED = ("imported", "revision", "unchanged")


def _rows(result: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The outcome lines and the issue rows of a batch result.

    Each issue's message is in the workbook's language (:func:`tracker.messages.message_pair`),
    with the English one beside it when that differs; codes and cells never change.
    """
    from tracker.messages import message_pair, shown_in

    files, issues = [], []
    for f in result.files:
        one = f.single
        files.append(
            {
                "name": f.path,
                "sha256": f.sha256,
                "outcome": f.outcome.value,
                "what": (
                    f"{one.state_iso3} {one.reporting_year} {one.report_type}"
                    if one
                    else ", ".join(
                        f"{r.state_iso3} {r.reporting_year} {r.report_type}" for r in f.reports
                    )
                ),
                "stored": f.outcome.value in STORED,
            }
        )
        lang = shown_in(f.language)
        for i in f.issues:
            message, english = message_pair(i, f.language)
            issues.append(
                {
                    "file": f.path,
                    "where": (i.sheet or "") + (f"!{i.cell}" if i.cell else ""),
                    "severity": i.severity.value,
                    "code": i.code,
                    "message": message,
                    "lang": lang,
                    "english": english if english != message else None,
                    "value": i.value or "",
                }
            )
    return files, issues


def unzipped_limit() -> int:
    """The size guard of ``tracker import`` (``TRACKER_MAX_UNZIPPED_MB``, default 100 MB)."""
    import os

    from tracker.services.imports import DEFAULT_MAX_UNZIPPED_BYTES

    raw = os.environ.get("TRACKER_MAX_UNZIPPED_MB", "")
    return int(raw) * 1024 * 1024 if raw.isdigit() else DEFAULT_MAX_UNZIPPED_BYTES


@page(WebRole.EDITOR)
def import_form(visit: Visit) -> Response:
    """The upload form."""
    return visit.render("import.html", title="Import", step="upload", files=[], issues=[])


@page(WebRole.EDITOR)
def check_uploads(visit: Visit) -> Response:
    """Step 1: hold the uploaded files and show the dry run."""
    from tracker.services.uploads import hold, run_import

    assert visit.form is not None and visit.viewer is not None
    uploads = [u for u in visit.form.getlist("files") if isinstance(u, UploadFile)]
    uploads = [u for u in uploads if u.filename]
    if not uploads:
        raise PageError(
            "No file chosen",
            "Choose one or more .xlsx workbooks to upload, then Check.",
            status=400,
        )
    # The holds are committed on their own (they outlive this request, and the dry run's own
    # transaction must not wait for this page's).
    with transaction(visit.web.engine) as db:
        held = [hold(db, u.filename or "", u.file.read(), visit.viewer.name) for u in uploads]
    result = run_import(
        visit.web.engine,
        held,
        dry_run=True,
        app_user=visit.viewer.name,
        max_unzipped_bytes=unzipped_limit(),
    )
    files, issues = _rows(result)
    storable = [f["sha256"] for f in files if f["outcome"] in ("imported", "revision")]
    return visit.render(
        "import.html",
        title="Import: dry run",
        step="checked",
        files=files,
        issues=issues,
        summary=result.summary.as_text(),
        storable=storable,
    )


@page(WebRole.EDITOR)
def store_uploads(visit: Visit) -> Response:
    """Step 2: store the held files named by their SHA-256."""
    from tracker.services.uploads import held, release, run_import

    assert visit.form is not None and visit.viewer is not None
    digests = [str(d) for d in visit.form.getlist("sha256")]
    with transaction(visit.web.engine) as db:
        files, gone = held(db, digests)
    if gone or not files:
        raise PageError(
            "Upload no longer held",
            "The checked files are held for one hour and this one is no longer (or was already "
            "stored): upload it again and check it, then store it. Nothing was stored.",
            status=410,
        )
    result = run_import(
        visit.web.engine,
        files,
        dry_run=False,
        app_user=visit.viewer.name,
        max_unzipped_bytes=unzipped_limit(),
    )
    with transaction(visit.web.engine) as db:
        # Stored files are let go; a file whose store failed stays held for another try.
        release(db, [f.sha256 for f in result.files if f.sha256 and f.outcome.value in STORED])
    rows, issues = _rows(result)
    return visit.render(
        "import.html",
        title="Import: stored",
        step="stored",
        files=rows,
        issues=issues,
        summary=result.summary.as_text(),
        storable=[],
    )


ROUTES = [
    Route("/import", import_form, methods=["GET"], name="import"),
    Route("/import", check_uploads, methods=["POST"], name="import-check"),
    Route("/import/store", store_uploads, methods=["POST"], name="import-store"),
]
