"""ETags from row versions, and `If-Match` for optimistic concurrency."""

from typing import Annotated

from fastapi import Depends, Header, Response

from app.core.errors import PreconditionFailed
from app.core.i18n import N_


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


async def _if_match_versions(
    if_match: Annotated[
        str | None,
        Header(
            description="An ETag from a previous GET; the change is refused with 412 "
            "if the object changed since.",
            examples=['"3"'],
        ),
    ] = None,
) -> frozenset[int] | None:
    """Parse `If-Match` into the versions the caller accepts (`None`: no precondition)."""
    if if_match is None or if_match.strip() == "*":
        return None
    tags = (tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(","))
    return frozenset(int(tag) for tag in tags if tag.isdigit())


IfMatch = Annotated[frozenset[int] | None, Depends(_if_match_versions)]


def ensure_version(current: int, accepted: frozenset[int] | None) -> None:
    if accepted is not None and current not in accepted:
        raise PreconditionFailed(
            N_("The object was changed by someone else (now version {current}); reload it."),
            params={"current": current},
        )
