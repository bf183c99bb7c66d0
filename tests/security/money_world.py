"""The money lane's part of the security world: partners, a spare stage and a deal."""

from collections.abc import Callable
from typing import Any

from tests.factories import Caller, created, unique

MoneyObjects = dict[str, dict[str, Any]]


def build_money(owner: Caller, campaign: dict[str, Any], member: dict[str, Any]) -> MoneyObjects:
    """`partner` has no deal (may be deleted); `stage` is unused (may be deleted);
    `deal` is with `deal_partner`, on the world's campaign."""
    partner = created(owner.post("partners", json={"name": unique("Partner"), "kind": "brand"}))
    deal_partner = created(owner.post("partners", json={"name": unique("Sponsor")}))
    stage = created(owner.post("pipeline-stages", json={"name": unique("Spare"), "probability": 5}))
    deal = created(
        owner.post(
            "deals",
            json={
                "title": unique("Deal"),
                "partner_id": deal_partner["id"],
                "campaign_id": campaign["id"],
                "owner_member_id": member["id"],
                "value": {"amount_minor": 100_000, "currency": "CNY"},
            },
        )
    )
    return {"partner": partner, "deal_partner": deal_partner, "stage": stage, "deal": deal}


def money_paths(objects: MoneyObjects) -> dict[str, str]:
    return {
        "partner_id": objects["partner"]["id"],
        "stage_id": objects["stage"]["id"],
        "deal_id": objects["deal"]["id"],
    }


def _deal_links(world: Any) -> dict[str, Any]:
    return {
        "partner_id": world.partner["id"],
        "owner_member_id": world.member["id"],
        "campaign_id": world.campaign["id"],
        "stage_id": world.stage["id"],
    }


MONEY_REQUESTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "partners_create": lambda w: {"json": {"name": "New partner", "kind": "platform"}},
    "partners_update": lambda w: {"json": {"notes": "Prefers WeChat"}},
    "pipeline_stages_create": lambda w: {"json": {"name": "New stage", "probability": 30}},
    "pipeline_stages_update": lambda w: {"json": {"probability": 35}},
    "deals_create": lambda w: {"json": {"title": "New deal", **_deal_links(w)}},
    "deals_update": lambda w: {"json": _deal_links(w)},
}
LINKS = {
    "partner_id": "partner",
    "owner_member_id": "member",
    "campaign_id": "campaign",
    "stage_id": "stage",
}
MONEY_FOREIGN_ID_FIELDS: dict[str, dict[str, str]] = {
    "deals_create": LINKS,
    "deals_update": LINKS,
}
