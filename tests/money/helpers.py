"""Small builders for the money tests: partners, stages by name, deals."""

from typing import Any

import httpx

from tests.factories import Caller, created, unique


def cny(amount_minor: int) -> dict[str, Any]:
    return {"amount_minor": amount_minor, "currency": "CNY"}


def usd(amount_minor: int) -> dict[str, Any]:
    return {"amount_minor": amount_minor, "currency": "USD"}


def make_partner(caller: Caller, **fields: Any) -> dict[str, Any]:
    body = {"name": unique("Partner"), "kind": "sponsor", **fields}
    return created(caller.post("partners", json=body))


def stages(caller: Caller) -> dict[str, dict[str, Any]]:
    """The pipeline's stages by name (the default ones are in English)."""
    return {s["name"]: s for s in caller.get("pipeline-stages").json()["items"]}


def make_deal(
    caller: Caller, partner: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    partner = partner or make_partner(caller)
    body = {"title": unique("Deal"), "partner_id": partner["id"], **fields}
    return created(caller.post("deals", json=body))


def move(caller: Caller, deal: dict[str, Any], stage: str, **fields: Any) -> httpx.Response:
    """PATCH the deal into the stage named `stage`; the raw response (refusals are checked)."""
    stage_id = stages(caller)[stage]["id"]
    return caller.patch(f"deals/{deal['id']}", json={"stage_id": stage_id, **fields})
