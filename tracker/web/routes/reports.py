"""``/reports``: the stored versions; one file; one report of it; withdraw and reinstate.

- ``/reports`` lists every version (the chains of ``tracker reports list``), filtered by
  ``year``, ``state``, ``type`` and ``status`` (current, superseded, withdrawn) by query
  parameters, and sorts, filters and pages like every table.
- ``/reports/{sha256}`` (a prefix of 8 or more characters naming one file will do) shows the
  file's reports (a matrix file holds many), the issues the reader finds in its kept original
  (re-read under today's rules, so they are exactly the import's codes and cells; a version
  stored before originals were kept says so), a download of the original, and for editors
  *withdraw* / *reinstate* with a required reason: the services of ``tracker reports
  withdraw|reinstate``, audited with the web user.
- ``/reports/{sha256}/{n}``: the n-th report of the file: cover, forms and statuses, facts
  and needs, each with its sheet and cell.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tracker.enums import WebRole
from tracker.web.pages import PageError, Visit, page
from tracker.web.tables import Column, table_view

COLUMNS = (
    Column("state", "State", link="state_href"),
    Column("year", "Year", "year"),
    Column("type", "Type"),
    Column("status", "Status"),
    Column("submitted", "Submitted", "date"),
    Column("channel", "Channel"),
    Column("file", "File", link="href"),
    Column("sha", "SHA-256 (start)", link="href"),
)
STATUSES = ("current", "superseded", "withdrawn")


def _status(v: Any) -> str:
    return "withdrawn" if v.is_withdrawn else "current" if v.is_current else "superseded"


def _filters(visit: Visit) -> dict[str, Any]:
    from tracker.errors import TrackerError
    from tracker.reference import require_state

    p = visit.params
    out: dict[str, Any] = {"year": None, "state": None, "type": "", "status": ""}
    if p.get("year", "").strip():
        try:
            out["year"] = int(p["year"])
        except ValueError:
            raise PageError("Not a year", f"year={p['year']} is not a year.", status=404) from None
    if p.get("state", "").strip():
        try:
            out["state"] = require_state(p["state"])
        except TrackerError as exc:
            raise PageError("Unknown State", str(exc), status=404) from exc
    if p.get("type", "") in ("initial", "annual"):
        out["type"] = p["type"]
    if p.get("status", "") in STATUSES:
        out["status"] = p["status"]
    return out


@page()
def reports_page(visit: Visit) -> Response:
    """Every stored version, filtered by query parameters."""
    from tracker.services.reports import list_reports

    f = _filters(visit)
    rows: list[dict[str, Any]] = []
    for chain in list_reports(visit.db, year=f["year"], state=f["state"]):
        if f["type"] and chain.key.report_type.value != f["type"]:
            continue
        for v in chain.versions:
            status = _status(v)
            if f["status"] and status != f["status"]:
                continue
            rows.append(
                {
                    "state": chain.key.state_iso3,
                    "state_href": f"/reports?state={chain.key.state_iso3}",
                    "year": chain.key.reporting_year,
                    "type": chain.key.report_type.value,
                    "status": status,
                    "submitted": v.submitted_on,
                    "channel": v.channel.value,
                    "file": v.where,
                    "sha": v.sha256[:12],
                    "href": f"/reports/{v.sha256}",
                }
            )
    return visit.render(
        "reports.html",
        title="Reports",
        filters=f,
        statuses=STATUSES,
        versions=table_view(
            rows, COLUMNS, visit.params, name="versions", path="/reports", default_sort="state"
        ),
    )


def _source(visit: Visit) -> Any:
    from tracker.errors import TrackerError
    from tracker.services.reports import find_source_file

    raw = visit.request.path_params["sha256"]
    try:
        return find_source_file(visit.db, raw)
    except TrackerError as exc:  # UsageError is one: not a SHA-256
        raise PageError(
            "No such file", f"{exc}. The Reports page lists them all.", status=404
        ) from exc


def _file_reports(visit: Visit, sha: str) -> list[Any]:
    from tracker.services.reports import list_reports

    found = []
    for chain in list_reports(visit.db):
        for v in chain.versions:
            if v.sha256 == sha:
                found.append((chain, v))
    return sorted(found, key=lambda cv: (cv[1].source_row, cv[0].key))


def _issues(visit: Visit, source: Any) -> tuple[list[Any] | None, str]:
    """The reader's issues in the kept original (None when the original was not kept)."""
    import tempfile
    from pathlib import Path

    from tracker.ingest.reader import read_file
    from tracker.services.uploads import original

    data = original(visit.db, source.sha256)
    if data is None:
        return None, ""
    with tempfile.TemporaryDirectory(prefix="tracker-original-") as tmp:
        path = Path(tmp) / f"{source.sha256}.xlsx"
        path.write_bytes(data)
        parsed = read_file(
            path,
            max_unzipped_bytes=visit.web.settings.max_upload_bytes * 20,
            display_path=source.file_name,
        )
    return parsed.issues, parsed.layout


@page()
def file_page(visit: Visit) -> Response:
    """One stored file: its reports, its issues, its original, withdraw / reinstate."""
    source = _source(visit)
    reports = _file_reports(visit, source.sha256)
    issues, _ = _issues(visit, source)
    withdrawn = bool(reports) and all(v.is_withdrawn for _, v in reports)
    return visit.render(
        "report_file.html",
        title=f"File {source.file_name}",
        source=source,
        reports=[
            {
                "n": n,
                "key": chain.key,
                "status": _status(v),
                "v": v,
                "href": f"/reports/{source.sha256}/{n}",
            }
            for n, (chain, v) in enumerate(reports, start=1)
        ],
        issues=issues,
        withdrawn=withdrawn,
        may_edit=visit.viewer is not None and visit.viewer.may(WebRole.EDITOR),
        done=visit.params.get("done", ""),
    )


@page()
def original_download(visit: Visit) -> Response:
    """The kept original, as an attachment under a name of our own."""
    from tracker.services.uploads import original

    source = _source(visit)
    data = original(visit.db, source.sha256)
    if data is None:
        raise PageError(
            "Original not kept",
            "This file was stored before the tracker kept originals: import it again to keep "
            "it (the outcome stays unchanged).",
            status=404,
        )
    name = f"{source.sha256[:12]}.xlsx"
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return visit.finish(Response(data, media_type=media, headers=headers))


@page(WebRole.EDITOR)
def change_page(visit: Visit) -> Response:
    """Withdraw or reinstate the file (editors), with the reason given."""
    from tracker.errors import TrackerError
    from tracker.services.reports import reinstate, withdraw

    source = _source(visit)
    action = visit.request.url.path.rsplit("/", 1)[-1]
    reason = str(visit.form.get("reason", "")) if visit.form is not None else ""
    if not reason.strip():
        raise PageError(
            "A reason is needed",
            "Say why in a few words (it goes into the audit trail), then send the form again.",
            status=400,
        )
    assert visit.viewer is not None
    change = withdraw if action == "withdraw" else reinstate
    try:
        done = change(visit.db, source.sha256, reason=reason, app_user=visit.viewer.name)
    except TrackerError as exc:
        raise PageError("Not done", str(exc), status=400) from exc
    word = "withdrawn" if action == "withdraw" else "reinstated"
    return visit.redirect(f"/reports/{source.sha256}?done={word}&n={done.changed}")


@page()
def report_page(visit: Visit) -> Response:
    """One report of a file: cover, forms and statuses, facts and needs, with their cells."""
    from tracker.services.report_view import report_view

    source = _source(visit)
    reports = _file_reports(visit, source.sha256)
    raw = visit.request.path_params["n"]
    n = int(raw) if raw.isdigit() else 0
    if not 1 <= n <= len(reports):
        raise PageError(
            "No such report",
            f"File {source.file_name} holds {len(reports)} report(s); there is no report {raw}.",
            status=404,
        )
    chain, version = reports[n - 1]
    view = report_view(visit.db, version.report_id)
    show_contacts = visit.viewer is not None and visit.viewer.may(WebRole.EDITOR)
    return visit.render(
        "report.html",
        title=f"{chain.key.state_iso3} {chain.key.reporting_year} {chain.key.report_type.value}",
        source=source,
        key=chain.key,
        v=version,
        version_status=_status(version),
        view=view,
        show_contacts=show_contacts,
    )


ROUTES = [
    Route("/reports", reports_page, methods=["GET"], name="reports"),
    Route("/reports/{sha256}", file_page, methods=["GET"], name="report-file"),
    Route("/reports/{sha256}/original", original_download, methods=["GET"], name="original"),
    Route("/reports/{sha256}/withdraw", change_page, methods=["POST"], name="withdraw"),
    Route("/reports/{sha256}/reinstate", change_page, methods=["POST"], name="reinstate"),
    Route("/reports/{sha256}/{n}", report_page, methods=["GET"], name="report"),
]
