"""Builders for the division tests: a clean campaign that the health check finds nothing in."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.core.dates import today_in
from tests.api.helpers import assign, make_campaign, make_member
from tests.factories import Caller, created, unique

TODAY = today_in("UTC")


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def make_role(caller: Caller, *skills: tuple[dict[str, Any], int], **fields: Any) -> dict[str, Any]:
    """A role of our own (the seeded ones require skills), requiring `skills` if given."""
    key = unique("role").replace("-", "_")
    body = {
        "key": key,
        "name": key.replace("_", " ").title(),
        "required_skills": [{"skill_id": s["id"], "min_level": n} for s, n in skills],
        **fields,
    }
    return created(caller.post("roles", json=body))


def make_skill(caller: Caller, name: str | None = None) -> dict[str, Any]:
    key = unique("skill").replace("-", "_")
    return created(
        caller.post("skills", json={"key": key, "name": name or key, "category": "creative"})
    )


@dataclass(frozen=True)
class Scene:
    """A campaign with one scope: Lin accountable, Zhou responsible, in a plain role."""

    owner: Caller
    campaign: dict[str, Any]
    scope: dict[str, Any]
    role: dict[str, Any]
    lin: dict[str, Any]
    zhou: dict[str, Any]
    accountable: dict[str, Any]
    responsible: dict[str, Any]

    def health(self, **params: Any) -> dict[str, Any]:
        response = self.owner.get(f"campaigns/{self.campaign['id']}/health", params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def codes(self, **params: Any) -> list[str]:
        return sorted(f["code"] for f in self.health(**params)["findings"])

    def assign(self, member: dict[str, Any], raci: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("role", self.role)
        role = fields.pop("role")
        scope = fields.pop("scope", self.scope)
        return created(assign(self.owner, member, role, raci, self.campaign, scope, **fields))


def make_scene(owner: Caller, *scopes: str, starts_on: date | None = None) -> Scene:
    campaign = make_campaign(owner, *(scopes or ("Script",)), status="active")
    scope = campaign["scopes"][0]
    role = make_role(owner)
    lin = make_member(owner, display_name="Lin")
    zhou = make_member(owner, display_name="Zhou")
    since = (starts_on or TODAY - timedelta(days=30)).isoformat()
    accountable = created(assign(owner, lin, role, "accountable", campaign, scope, starts_on=since))
    responsible = created(
        assign(owner, zhou, role, "responsible", campaign, scope, starts_on=since)
    )
    return Scene(owner, campaign, scope, role, lin, zhou, accountable, responsible)
