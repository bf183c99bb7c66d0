"""RFC 9457 problem details: the schema, the exception handlers, and their OpenAPI docs."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core import validation_messages
from app.core.errors import Conflict, DomainError, PreconditionFailed
from app.core.i18n import N_, fill, locale_from_accept_language, translate
from app.core.validation import TEMPLATE_KEY

logger = logging.getLogger("troupe.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "/problems/"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description='Where the error is, e.g. `["body", "email"]`.')
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem; some problem types add members (e.g. `existing_assignment_id`)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["/problems/not-found"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = Field(
        default=None, description="Per-field errors of a validation problem."
    )


_STATUS_TYPES = {
    400: ("bad-request", N_("Bad request")),
    401: ("unauthorized", N_("Not authenticated")),
    403: ("forbidden", N_("Forbidden")),
    404: ("not-found", N_("Not found")),
    405: ("method-not-allowed", N_("Method not allowed")),
    406: ("not-acceptable", N_("Not acceptable")),
    409: ("conflict", N_("Conflict")),
    412: ("precondition-failed", N_("Precondition failed")),
    413: ("payload-too-large", N_("Payload too large")),
    415: ("unsupported-media-type", N_("Unsupported media type")),
    422: ("validation-error", N_("Invalid input")),
    429: ("too-many-requests", N_("Too many requests")),
}


def request_locale(request: Request) -> str:
    """The language a request asks for (`Accept-Language`: a page sends its own), else the
    caller's stored language, else English."""
    header = request.headers.get("accept-language")
    if header:
        return locale_from_accept_language(header)
    return getattr(request.state, "locale", None) or locale_from_accept_language(None)


def problem_response(
    request: Request,
    *,
    status: int,
    problem_type: str,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    extensions: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    locale = request_locale(request)
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + problem_type,
        "title": translate(title, locale),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extensions or {})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return domain_problem(request, exc)


def domain_problem(request: Request, exc: DomainError) -> JSONResponse:
    """The problem+json answer to a domain error, in the caller's language."""
    locale = request_locale(request)
    errors = exc.errors
    if errors is not None:
        errors = [
            {
                "loc": e["loc"],
                "msg": fill(e["msg"], e.get("params", {}), locale),
                "type": e["type"],
            }
            for e in errors
        ]
    return problem_response(
        request,
        status=exc.status_code,
        problem_type=exc.problem_type,
        title=exc.title,
        detail=fill(exc.message, exc.params, locale),
        errors=errors,
        extensions=exc.extensions,
        headers=exc.headers,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = exc.errors()
    if any(e.get("type") == "json_invalid" for e in raw):
        return problem_response(
            request,
            status=400,
            problem_type="invalid-json",
            title=N_("Malformed JSON"),
            detail=translate(N_("The request body is not valid JSON."), request_locale(request)),
        )
    locale = request_locale(request)
    errors = [
        {"loc": validation_messages.location(e), "msg": _message(e, locale), "type": e["type"]}
        for e in raw
    ]
    return problem_response(
        request,
        status=422,
        problem_type="validation-error",
        title=N_("Invalid input"),
        detail=translate(N_("The request has invalid fields."), locale),
        errors=errors,
    )


def _message(error: Any, locale: str) -> str:
    """Pydantic's message, or a translatable one (`app.core.validation.invalid`) translated."""
    context = error.get("ctx") or {}
    template = context.get(TEMPLATE_KEY)
    if isinstance(template, str):
        return fill(template, context, locale)
    return validation_messages.message(error, locale) or str(error["msg"])


async def http_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug, title = _STATUS_TYPES.get(exc.status_code, ("http-error", N_("HTTP error")))
    return problem_response(
        request,
        status=exc.status_code,
        problem_type=slug,
        title=title,
        detail=str(exc.detail) if exc.detail else title,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _stale_data(request: Request, exc: Exception) -> JSONResponse:
    return await _domain_error(
        request, PreconditionFailed(N_("The object was changed by someone else; reload it."))
    )


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    """A constraint caught what the services' checks could not see (a concurrent write)."""
    logger.info("integrity error on %s %s: %s", request.method, request.url.path, exc)
    return await _domain_error(
        request, Conflict(N_("This conflicts with a change made at the same moment; try again."))
    )


async def unhandled_problem(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        request,
        status=500,
        problem_type="internal-error",
        title=N_("Internal server error"),
        detail=translate(N_("Something went wrong on our side."), request_locale(request)),
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, http_problem)
    app.add_exception_handler(StaleDataError, _stale_data)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(Exception, unhandled_problem)
