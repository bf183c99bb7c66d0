from fastapi import APIRouter, Request
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from app.core.errors import DomainError
from app.core.i18n import N_
from app.core.openapi import problem_responses
from app.core.schemas import ReadModel

router = APIRouter(tags=["health"])


class Health(ReadModel):
    status: str
    database: str


class DatabaseUnavailable(DomainError):
    status_code = 503
    problem_type = "database-unavailable"
    title = N_("Database unavailable")


@router.get(
    "/healthz",
    summary="Liveness and database reachability",
    responses={503: problem_responses(422)[422] | {"description": "The database is unreachable"}},
)
async def health_check(request: Request) -> Health:
    def ping() -> None:
        with request.app.state.session_factory() as session:
            session.execute(text("SELECT 1"))

    try:
        await run_in_threadpool(ping)
    except Exception as exc:
        raise DatabaseUnavailable(N_("The database did not answer.")) from exc
    return Health(status="ok", database="ok")
