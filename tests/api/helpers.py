"""Lookups and small builders on top of the API, shared by the API tests."""

from typing import Any

import httpx

from tests.factories import Caller, created, unique


def seeded(caller: Caller, resource: str, key: str) -> dict[str, Any]:
    """A seeded skill, role or metric of the caller's workspace, by key."""
    items = caller.get(resource, params={"q": key, "limit": 200}).json()["items"]
    return next(item for item in items if item["key"] == key)


def make_member(caller: Caller, **fields: Any) -> dict[str, Any]:
    return created(caller.post("members", json={"display_name": unique("Member"), **fields}))


def make_campaign(caller: Caller, *scopes: str, **fields: Any) -> dict[str, Any]:
    body = {"name": unique("Campaign"), "scopes": [{"name": s} for s in scopes], **fields}
    return created(caller.post("campaigns", json=body))


def assign(
    caller: Caller,
    member: dict[str, Any],
    role: dict[str, Any],
    raci: str,
    campaign: dict[str, Any] | None = None,
    scope: dict[str, Any] | None = None,
    **fields: Any,
) -> httpx.Response:
    """POST an assignment; returns the raw response so refusals can be checked."""
    body = {
        "member_id": member["id"],
        "role_id": role["id"],
        "campaign_id": campaign["id"] if campaign else None,
        "scope_id": scope["id"] if scope else None,
        "raci": raci,
        **fields,
    }
    return caller.post("assignments", json=body)
