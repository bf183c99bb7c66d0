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
    return {
        "partner": partner,
        "deal_partner": deal_partner,
        "stage": stage,
        "deal": deal,
        **_funding(owner, campaign),
        **_contract(owner),
    }


CNY_100 = {"amount_minor": 10_000, "currency": "CNY"}
TIER = {
    "name": "Backer",
    "kind": "reward",
    "amount_type": "flexible",
    "currency": "CNY",
    "preset_amounts_minor": [5000, 10000],
    "default_amount_minor": 10000,
    "minimum_amount_minor": 2000,
}


def _funding(owner: Caller, campaign: dict[str, Any]) -> MoneyObjects:
    """The world's campaign becomes a funding one with crowdfunding terms; a goal, a tier
    and a contribution to it."""
    assert owner.patch(f"campaigns/{campaign['id']}", json={"kind": "funding"}).status_code == 200
    terms = {"goal": CNY_100, "deadline": "2027-06-30T00:00:00Z"}
    assert (
        owner.request("PUT", f"campaigns/{campaign['id']}/crowdfunding", json=terms).status_code
        == 200
    )
    goal = created(
        owner.post("funding-goals", json={"name": "Film", "kind": "one_off", "target": CNY_100})
    )
    tier = created(owner.post("tiers", json={**TIER, "campaign_id": campaign["id"]}))
    contribution = created(
        owner.post(
            "contributions",
            json={"contributor_name": "Li Lei", "amount": CNY_100, "tier_id": tier["id"]},
        )
    )
    return {"goal": goal, "tier": tier, "contribution": contribution}


def _contract(owner: Caller) -> MoneyObjects:
    contract = created(
        owner.post(
            "contracts",
            json={"title": unique("Contract"), "type": "nda", "end_on": "2027-12-31"},
        )
    )
    asset = created(
        owner.post(
            "ip-assets",
            json={
                "title": unique("Work"),
                "kind": "work",
                "owners": [{"name": "Studio", "share_percent": 100}],
            },
        )
    )
    return {"contract": contract, "ip_asset": asset, **_paper(owner, contract, asset)}


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _upload(owner: Caller, path: str, kind: str) -> dict[str, Any]:
    return created(owner.post(path, files={"file": ("doc.pdf", PDF)}, data={"kind": kind}))


def _paper(owner: Caller, contract: dict[str, Any], asset: dict[str, Any]) -> MoneyObjects:
    """money13: a licence grant of the asset, an investor, an obligation of the contract
    and a document of each of the contract, the grant and the funding round."""
    grant = created(
        owner.post("licence-grants", json={"ip_asset_id": asset["id"], "licensee": "Lumen"})
    )
    investor = created(owner.post("investors", json={"name": unique("Investor")}))
    obligation = created(
        owner.post(
            "obligations",
            json={"contract_id": contract["id"], "description": "Report", "due_on": "2027-01-31"},
        )
    )
    return {
        "licence_grant": grant,
        "investor": investor,
        "obligation": obligation,
        "document": _upload(owner, f"contracts/{contract['id']}/documents", "contract"),
        "grant_document": _upload(
            owner, f"licence-grants/{grant['id']}/documents", "chain_of_title"
        ),
        "funding_document": _upload(owner, "funding-documents", "pitch_deck"),
    }


def money_paths(objects: MoneyObjects) -> dict[str, str]:
    return {
        "partner_id": objects["partner"]["id"],
        "stage_id": objects["stage"]["id"],
        "deal_id": objects["deal"]["id"],
        "funding_goal_id": objects["goal"]["id"],
        "tier_id": objects["tier"]["id"],
        "contribution_id": objects["contribution"]["id"],
        "contract_id": objects["contract"]["id"],
        "asset_id": objects["ip_asset"]["id"],
        # money13
        "grant_id": objects["licence_grant"]["id"],
        "investor_id": objects["investor"]["id"],
        "obligation_id": objects["obligation"]["id"],
        "document_id": objects["document"]["id"],
        "grant_document_id": objects["grant_document"]["id"],
        "funding_document_id": objects["funding_document"]["id"],
    }


def _deal_links(world: Any) -> dict[str, Any]:
    return {
        "partner_id": world.partner["id"],
        "owner_member_id": world.member["id"],
        "campaign_id": world.campaign["id"],
        "stage_id": world.stage["id"],
    }


def _contract_links(world: Any) -> dict[str, Any]:
    return {
        "partner_id": world.partner["id"],
        "signatory_member_id": world.member["id"],
        "owner_member_id": world.member["id"],
        "campaign_id": world.campaign["id"],
        "deal_id": world.deal["id"],
    }


MONEY_REQUESTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "partners_create": lambda w: {"json": {"name": "New partner", "kind": "platform"}},
    "partners_update": lambda w: {"json": {"notes": "Prefers WeChat"}},
    "pipeline_stages_create": lambda w: {"json": {"name": "New stage", "probability": 30}},
    "pipeline_stages_update": lambda w: {"json": {"probability": 35}},
    "deals_create": lambda w: {"json": {"title": "New deal", **_deal_links(w)}},
    "deals_update": lambda w: {"json": _deal_links(w)},
    "funding_goals_create": lambda w: {
        "json": {
            "name": "Tour",
            "kind": "yearly_budget",
            "target": CNY_100,
            "campaign_id": w.campaign["id"],
        }
    },
    "funding_goals_update": lambda w: {"json": {"priority": 1}},
    "tiers_create": lambda w: {"json": {**TIER, "campaign_id": w.campaign["id"]}},
    "tiers_update": lambda w: {"json": {"quantity_limit": 50}},
    "contributions_create": lambda w: {
        "json": {
            "contributor_name": "Han Meimei",
            "amount": CNY_100,
            "tier_id": w.tier["id"],
            "campaign_id": w.campaign["id"],
        }
    },
    "contributions_import": lambda w: {
        "json": {
            "source": "afdian",
            "items": [
                {
                    "external_id": unique("af"),
                    "contributor_name": "Han Meimei",
                    "amount": CNY_100,
                    "tier_id": w.tier["id"],
                    "campaign_id": w.campaign["id"],
                }
            ],
        }
    },
    "contributions_update": lambda w: {"json": {"status": "refunded"}},
    "contracts_create": lambda w: {
        "json": {
            "title": "Licence",
            "type": "licence_out",
            "end_on": "2027-06-30",
            "notice_period": 30,
            "parent_contract_id": w.contract["id"],
            **_contract_links(w),
        }
    },
    "contracts_update": lambda w: {
        "json": {"notes": "Counter-signed copy due", **_contract_links(w)}
    },
    "contracts_decide": lambda w: {"json": {"decision": "renegotiate"}},
    "ip_assets_create": lambda w: {
        "json": {
            "title": "Logo",
            "kind": "trademark",
            "owners": [{"name": "Studio", "share_percent": 100}],
        }
    },
    "ip_assets_update": lambda w: {"json": {"jurisdiction": "CN"}},
    # money13
    "licence_grants_create": lambda w: {
        "json": {
            "ip_asset_id": w.ip_asset["id"],
            "licensee": "Lumen Audio",
            "partner_id": w.partner["id"],
            "contract_id": w.contract["id"],
        }
    },
    "licence_grants_update": lambda w: {
        "json": {"partner_id": w.partner["id"], "contract_id": w.contract["id"]}
    },
    "investors_create": lambda w: {
        "json": {"name": "Hill Fund", "owner_member_id": w.member["id"]}
    },
    "investors_update": lambda w: {"json": {"stage": "meeting", "owner_member_id": w.member["id"]}},
    "obligations_create": lambda w: {
        "json": {
            "contract_id": w.contract["id"],
            "owner_member_id": w.member["id"],
            "description": "Deliver the logo files",
            "due_on": "2027-02-01",
        }
    },
    "obligations_update": lambda w: {"json": {"owner_member_id": w.member["id"]}},
    **{
        f"{resource}_documents_create": lambda w: {
            "files": {"file": ("doc.pdf", PDF)},
            "data": {"kind": "other"},
        }
        for resource in ("contracts", "licence_grants", "funding")
    },
    **{
        f"{resource}_documents_sign": lambda w: {"json": {"signed": True}}
        for resource in ("contracts", "licence_grants", "funding")
    },
    "crowdfunding_update": lambda w: {
        "json": {
            "goal": CNY_100,
            "deadline": "2027-07-31T00:00:00Z",
            "model": "keep_what_you_raise",
        }
    },
}
LINKS = {
    "partner_id": "partner",
    "owner_member_id": "member",
    "campaign_id": "campaign",
    "stage_id": "stage",
}
CONTRACT_LINKS = {
    "partner_id": "partner",
    "signatory_member_id": "member",
    "owner_member_id": "member",
    "campaign_id": "campaign",
    "deal_id": "deal",
}
MONEY_FOREIGN_ID_FIELDS: dict[str, dict[str, str]] = {
    "deals_create": LINKS,
    "deals_update": LINKS,
    "funding_goals_create": {"campaign_id": "campaign"},
    "tiers_create": {"campaign_id": "campaign"},
    "contributions_create": {"tier_id": "tier", "campaign_id": "campaign"},
    "contributions_import": {"items.0.tier_id": "tier", "items.0.campaign_id": "campaign"},
    "contracts_create": {**CONTRACT_LINKS, "parent_contract_id": "contract"},
    "contracts_update": CONTRACT_LINKS,
    # money13
    "licence_grants_create": {
        "ip_asset_id": "ip_asset",
        "partner_id": "partner",
        "contract_id": "contract",
    },
    "licence_grants_update": {"partner_id": "partner", "contract_id": "contract"},
    "investors_create": {"owner_member_id": "member"},
    "investors_update": {"owner_member_id": "member"},
    "obligations_create": {"contract_id": "contract", "owner_member_id": "member"},
    "obligations_update": {"owner_member_id": "member"},
}
