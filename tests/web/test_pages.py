"""The pages, through the in-process API: status, content, fragments and refusals."""

import ast
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import User
from app.models.enums import Access, Locale
from tests.api.helpers import assign, make_campaign, make_member, seeded
from tests.factories import Caller, join
from tests.web.conftest import Browser, sign_in


def test_signing_in_leads_to_the_workspace(web: Browser) -> None:
    start = web.get("/", follow_redirects=False)

    assert start.status_code == 303
    assert start.headers["location"] == f"/w/{web.workspace}"
    home = web.get(f"/w/{web.workspace}")
    assert "My active assignments" in home.text


def test_wrong_password_stays_on_the_form_with_the_apis_message(client: TestClient) -> None:
    web = Browser(client, "")
    web.get("/signin")

    response = web.post("/signin", {"email": "nobody@example.com", "password": "wrong"})

    assert response.status_code == 401
    assert "Incorrect email or password." in response.text


def test_session_cookie_is_httponly_and_lax(client: TestClient) -> None:
    response = client.get("/signin")

    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_form_post_without_csrf_token_is_refused(web: Browser, owner: Caller) -> None:
    response = web.client.post(
        web.page("/members"), data={"display_name": "Sneaky"}, follow_redirects=False
    )

    assert response.status_code == 403
    names = [m["display_name"] for m in owner.get("members").json()["items"]]
    assert "Sneaky" not in names


def test_signed_out_visitor_is_sent_to_sign_in_and_back(client: TestClient, owner: Caller) -> None:
    response = client.get(f"/w/{owner.workspace}/members", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/signin?next=/w/{owner.workspace}/members"


def test_expired_session_goes_to_sign_in(web: Browser) -> None:
    web.post("/signout")
    response = web.client.get(web.page("/campaigns"), follow_redirects=False)

    assert response.headers["location"].startswith("/signin?next=")


def test_signing_out_revokes_the_api_token(web: Browser, owner: Caller, session: Session) -> None:
    from app.models import AccessToken
    from app.models.enums import TokenKind

    def live_sign_ins() -> int:
        session.expire_all()
        tokens = session.query(AccessToken).filter_by(user_id=owner.user_id, kind=TokenKind.session)
        return sum(1 for t in tokens if t.name == "sign-in" and t.revoked_at is None)

    before = live_sign_ins()
    assert web.post("/signout").status_code == 303

    assert live_sign_ins() == before - 1


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/members",
        "/members/new",
        "/roles",
        "/campaigns",
        "/campaigns/board",
        "/campaigns/new",
        "/metrics",
        "/settings",
    ],
)
def test_main_pages_render(web: Browser, path: str) -> None:
    response = web.get(web.page(path))

    assert response.status_code == 200, response.text[:500]
    assert "<main" in response.text


def test_another_workspaces_pages_are_not_found(web: Browser, outsider: Caller) -> None:
    member = make_member(outsider)

    for path in ("", "/members", f"/members/{member['id']}", "/settings"):
        response = web.get(f"/w/{outsider.workspace}{path}")
        assert response.status_code == 404, path
        assert member["display_name"] not in response.text


def test_unknown_page_is_a_friendly_404(web: Browser) -> None:
    response = web.get("/no/such/page")

    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]


def test_member_form_shows_the_apis_errors_next_to_fields(web: Browser) -> None:
    response = web.post(web.page("/members"), {"display_name": "", "weekly_capacity_hours": "500"})

    assert response.status_code == 422
    assert 'id="e-display_name"' in response.text
    assert 'id="e-weekly_capacity_hours"' in response.text
    assert "This field is required." in response.text


def test_member_is_created_and_shown_with_skill_levels(web: Browser, owner: Caller) -> None:
    skill = seeded(owner, "skills", "negotiation")

    response = web.post(
        web.page("/members"),
        {"display_name": "Guo Meng", "weekly_capacity_hours": "20", f"level-{skill['id']}": "4"},
    )

    assert response.status_code == 303
    page = web.get(response.headers["location"])
    assert "Guo Meng" in page.text
    assert 'aria-label="Level 4 of 5"' in page.text


def test_user_text_is_escaped(web: Browser, owner: Caller) -> None:
    make_member(owner, display_name="<script>alert('x')</script>")

    page = web.get(web.page("/members"))

    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;alert(" in page.text


def test_member_search_answers_htmx_with_a_fragment(web: Browser, owner: Caller) -> None:
    make_member(owner, display_name="Findable Fang")

    response = web.get(web.page("/members?q=findable"), headers={"HX-Request": "true"})

    assert "Findable Fang" in response.text
    assert "<html" not in response.text


def raci_cell(
    web: Browser,
    campaign: dict[str, Any],
    scope: dict[str, Any],
    member: dict[str, Any],
    role: dict[str, Any],
    raci: str,
) -> httpx.Response:
    return web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci"),
        {"scope_id": scope["id"], "member_id": member["id"], "role_id": role["id"], "raci": raci},
    )


def test_raci_cells_change_in_place_and_a_second_a_is_refused(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script", "Filming")
    script = campaign["scopes"][0]
    lin, zhou = make_member(owner, display_name="Lin"), make_member(owner, display_name="Zhou")
    creator = seeded(owner, "roles", "creator")

    responsible = raci_cell(web, campaign, script, lin, creator, "responsible")
    accountable = raci_cell(web, campaign, script, zhou, creator, "accountable")
    refused = raci_cell(
        web, campaign, script, lin, seeded(owner, "roles", "data_analysis"), "accountable"
    )

    assert responsible.status_code == 200
    assert '<td class="raci-cell"' in responsible.text
    assert accountable.status_code == 200
    assert refused.status_code == 409
    assert "Zhou is already accountable here" in refused.text
    letters = {
        a["member_name"]: a["raci"]
        for a in owner.get("assignments", params={"scope_id": script["id"]}).json()["items"]
    }
    assert letters == {"Lin": "responsible", "Zhou": "accountable"}


def test_emptying_a_cell_ends_the_assignment(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")
    member, role = make_member(owner), seeded(owner, "roles", "creator")
    created = assign(owner, member, role, "consulted", campaign, campaign["scopes"][0]).json()

    response = web.htmx_post(
        web.page(f"/campaigns/{campaign['id']}/raci"),
        {
            "scope_id": campaign["scopes"][0]["id"],
            "member_id": member["id"],
            "role_id": role["id"],
            "assignment_id": created["id"],
            "raci": "",
        },
    )

    assert response.status_code == 200
    assert owner.get(f"assignments/{created['id']}").json()["status"] == "ended"


def test_campaign_page_shows_the_matrix(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script", "Venue")
    assign(
        owner,
        make_member(owner, display_name="Chen"),
        seeded(owner, "roles", "creator"),
        "accountable",
        campaign,
        campaign["scopes"][0],
    )

    page = web.get(web.page(f"/campaigns/{campaign['id']}"))

    assert "Script" in page.text
    assert "Venue" in page.text
    assert "Chen" in page.text


def test_board_moves_a_card_along_allowed_transitions_only(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, status="active")
    path = web.page(f"/campaigns/{campaign['id']}/status")

    moved = web.htmx_post(path, {"status": "paused"})
    refused = web.htmx_post(path, {"status": "draft"})

    assert moved.status_code == 200
    assert 'id="board"' in moved.text
    assert "cannot become" in refused.text
    assert owner.get(f"campaigns/{campaign['id']}").json()["status"] == "paused"


def test_viewer_sees_no_edit_controls(client: TestClient, owner: Caller, session: Session) -> None:
    viewer = sign_in(client, join(session, owner, Access.viewer))
    campaign = make_campaign(owner, "Script")

    page = viewer.get(viewer.page(f"/campaigns/{campaign['id']}"))

    assert page.status_code == 200
    assert 'name="raci"' not in page.text


def test_language_switch_shows_chinese_labels(web: Browser) -> None:
    assert (
        web.post("/language", {"locale": "zh-CN", "next": web.page("/members")}).status_code == 303
    )

    page = web.get(web.page("/members"))

    assert "成员" in page.text
    assert 'lang="zh-CN"' in page.text


def test_chinese_user_preference_is_used_after_sign_in(
    client: TestClient, owner: Caller, session: Session
) -> None:
    session.get_one(User, owner.user_id).locale = Locale.zh_cn
    session.commit()

    web = sign_in(client, owner)

    assert "退出" in web.get(web.page("")).text


def test_datapoint_quick_entry_and_metric_page(web: Browser, owner: Caller) -> None:
    metric = seeded(owner, "metrics", "content_views")

    recorded = web.post(
        web.page("/datapoints"),
        {
            "metric": "content_views",
            "value": "1234",
            "observed_at": "2026-11-20T10:00",
            "next": web.page("/metrics"),
        },
    )
    page = web.get(web.page(f"/metrics/{metric['id']}?start=2026-11-15&end=2026-11-25"))

    assert recorded.status_code == 303
    assert "1,234" in page.text
    assert 'id="series-data"' in page.text


def test_datapoint_entry_shows_the_error_next_to_the_value(web: Browser) -> None:
    response = web.post(
        web.page("/datapoints"),
        {"metric": "content_views", "value": "", "observed_at": "2026-11-20T10:00"},
    )

    assert response.status_code == 422
    assert 'id="entry-value-error"' in response.text


def test_settings_create_a_token_and_an_invite_shown_once(web: Browser) -> None:
    made_token = web.post(
        web.page("/settings/tokens"), {"name": "script", "scope": "read", "expires_in_days": "30"}
    )
    token_page = web.get(made_token.headers["location"])
    made_invite = web.post(
        web.page("/settings/invites"), {"email": "new@example.com", "access": "viewer"}
    )
    invite_page = web.get(made_invite.headers["location"])

    assert made_token.status_code == made_invite.status_code == 303  # post/redirect/get
    secret = re.search(r'id="new-token">(trp_[^<]+)<', token_page.text)
    assert secret is not None
    assert "/invite/inv_" in invite_page.text
    assert secret.group(1) not in web.get(web.page("/settings")).text  # shown once


def test_web_never_imports_models_or_services() -> None:
    forbidden = ("app.models", "app.core.db", "app.core.transaction", "sqlalchemy")
    for path in Path("app/web").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path} imports {name}"
                assert not (name.startswith("app.") and name.endswith((".service", ".router"))), (
                    f"{path} imports {name}"
                )


def test_front_end_alone_reaches_the_api_over_http(app: FastAPI, owner: Caller) -> None:
    """`--web-only`: the pages work against an API that is another server."""
    from app.core.config import Settings
    from app.web.app import create_web_app

    web_app = create_web_app(Settings(api_url="http://api.example"))
    with TestClient(web_app) as client:
        web_app.state.api_http = httpx.AsyncClient(
            base_url="http://api.example", transport=httpx.ASGITransport(app=app)
        )
        web_app.state.api_calls_may_overlap = lambda: False  # that API shares the test's connection
        web = sign_in(client, owner)
        page = web.get(web.page("/members"))

    assert page.status_code == 200
    assert "Members" in page.text
    assert client.get("/api/v1/workspaces").status_code == 404


def test_a_bug_behind_a_page_shows_a_friendly_page_without_a_trace(app: FastAPI) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom-page-for-test", explode)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/boom-page-for-test")
    finally:
        app.router.routes.pop()

    assert response.status_code == 500
    assert response.headers["connection"] == "close"  # the server hangs up after it
    assert "text/html" in response.headers["content-type"]
    assert "secret internals" not in response.text
    assert "Something went wrong" in response.text
