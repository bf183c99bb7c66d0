"""A new assignment is checked in one statement (its references, its campaign's dates and
an active twin), with or without a campaign and a scope; the checks still refuse."""

from typing import Any

import pytest
from sqlalchemy import Connection

from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, count_statements, created


@pytest.fixture
def parts(owner: Caller) -> dict[str, Any]:
    campaign = make_campaign(owner, "Script", starts_on="2026-01-01", ends_on="2026-12-31")
    return {
        "member": make_member(owner),
        "role": seeded(owner, "roles", "creator"),
        "campaign": campaign,
        "scope": campaign["scopes"][0],
    }


SHAPES = {
    "standing": (False, False),
    "campaign": (True, False),
    "scope": (True, True),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_new_assignment_is_checked_in_one_statement_before_its_insert(
    owner: Caller, connection: Connection, parts: dict[str, Any], shape: str
) -> None:
    with_campaign, with_scope = SHAPES[shape]
    statements = count_statements(connection)

    created(
        assign(
            owner,
            parts["member"],
            parts["role"],
            "responsible",
            parts["campaign"] if with_campaign else None,
            parts["scope"] if with_scope else None,
            allocation_percent=10,
        )
    )

    insert = next(i for i, s in enumerate(statements) if s.startswith("INSERT INTO assignments"))
    checks = [
        s for s in statements[:insert] if s.lstrip().startswith("SELECT") and "token" not in s
    ]
    assert len(checks) == 1, checks


@pytest.mark.parametrize("shape", SHAPES)
def test_an_exact_twin_is_a_conflict_in_every_shape(
    owner: Caller, parts: dict[str, Any], shape: str
) -> None:
    with_campaign, with_scope = SHAPES[shape]
    args = (
        parts["member"],
        parts["role"],
        "consulted",
        parts["campaign"] if with_campaign else None,
        parts["scope"] if with_scope else None,
    )
    assert assign(owner, *args).status_code == 201

    assert assign(owner, *args).status_code == 409
    assert assign(owner, *args[:2], "informed", *args[3:]).status_code == 201


def test_a_new_campaign_assignment_defaults_to_its_campaigns_end(
    owner: Caller, parts: dict[str, Any]
) -> None:
    body = created(assign(owner, parts["member"], parts["role"], "informed", parts["campaign"]))

    assert body["ends_on"] == "2026-12-31"


def test_references_are_refused_before_a_twin(owner: Caller, parts: dict[str, Any]) -> None:
    other = make_campaign(owner, "Other")
    scope_elsewhere = other["scopes"][0]

    response = assign(
        owner, parts["member"], parts["role"], "informed", parts["campaign"], scope_elsewhere
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "scope_id"]
