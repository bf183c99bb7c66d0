"""One tree of domain errors; each knows its HTTP status and RFC 9457 problem type.

Services raise these; `app.core.problems` turns them into `application/problem+json`.
Messages are English templates with `{placeholders}` so they can be translated at the
edge, in the caller's language.
"""

from typing import Any

from app.core.i18n import N_


class DomainError(Exception):
    status_code: int = 500
    problem_type: str = "internal-error"
    title: str = N_("Internal server error")

    def __init__(
        self,
        message: str | None = None,
        *,
        params: dict[str, Any] | None = None,
        errors: list[dict[str, Any]] | None = None,
        extensions: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.title
        self.params = params or {}
        self.errors = errors
        self.extensions = extensions or {}
        self.headers = headers or {}
        super().__init__(self.message.format(**self.params))


class BadRequest(DomainError):
    status_code = 400
    problem_type = "bad-request"
    title = N_("Bad request")


class InvalidCursor(BadRequest):
    problem_type = "invalid-cursor"
    title = N_("Invalid cursor")


class Unauthorized(DomainError):
    status_code = 401
    problem_type = "unauthorized"
    title = N_("Not authenticated")

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"}, **kwargs)


class Forbidden(DomainError):
    status_code = 403
    problem_type = "forbidden"
    title = N_("Forbidden")


class NotFound(DomainError):
    status_code = 404
    problem_type = "not-found"
    title = N_("Not found")


class Conflict(DomainError):
    status_code = 409
    problem_type = "conflict"
    title = N_("Conflict")


class AlreadyExists(Conflict):
    problem_type = "already-exists"
    title = N_("Already exists")


class InUse(Conflict):
    problem_type = "in-use"
    title = N_("Still in use")


class MultipleAccountable(Conflict):
    problem_type = "multiple-accountable"
    title = N_("Scope already has an accountable")


class InvalidTransition(Conflict):
    problem_type = "invalid-status-transition"
    title = N_("Status change not allowed")


class PreconditionFailed(DomainError):
    status_code = 412
    problem_type = "precondition-failed"
    title = N_("Precondition failed")


class InvalidInput(DomainError):
    """Input that is well-formed but breaks a rule; `errors` name the fields."""

    status_code = 422
    problem_type = "validation-error"
    title = N_("Invalid input")


class IdempotencyKeyReused(InvalidInput):
    problem_type = "idempotency-key-reused"
    title = N_("Idempotency key reused with another request")


class InviteGone(DomainError):
    status_code = 410
    problem_type = "invite-gone"
    title = N_("Invite can no longer be used")


def field_error(
    loc: tuple[str | int, ...], msg: str, type_: str, /, **params: Any
) -> dict[str, Any]:
    """One field's error; `msg` is an English template, `params` fill it after translation."""
    error: dict[str, Any] = {"loc": list(loc), "msg": msg, "type": type_}
    if params:
        error["params"] = params
    return error
