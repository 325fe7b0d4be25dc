"""``/healthz``: is the store reachable and at the newest migration (for a proxy or monitor)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tracker.db import SCHEMA_HEAD
from tracker.web.pages import StoreUnavailable, WebState, check_store, unreachable


def _check(web: WebState) -> tuple[int, dict[str, str]]:
    from sqlalchemy.exc import DBAPIError

    from tracker.db import transaction

    try:
        with transaction(web.engine) as db:
            check_store(db)
    except StoreUnavailable as exc:
        return 503, {"status": "unavailable", "reason": exc.message}
    except DBAPIError as exc:
        return 503, {"status": "unavailable", "reason": unreachable(exc).message}
    return 200, {"status": "ok", "schema": SCHEMA_HEAD}


async def healthz(request: Request) -> JSONResponse:
    """``200 {"status": "ok", "schema": REVISION}``, or ``503`` with the reason."""
    status, body = await run_in_threadpool(_check, request.app.state.web)
    return JSONResponse(body, status_code=status)


ROUTES = [Route("/healthz", healthz, methods=["GET"], name="healthz")]
