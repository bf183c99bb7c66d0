"""The guide's roles: responsibilities, authorities, required skills, and who holds them."""

from collections import defaultdict
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from app.web.context import PageDep
from app.web.workspace import today_in, workspace_frame

router = APIRouter()


@router.get("/w/{slug}/roles")
async def roles_page(page: PageDep, slug: str) -> Response:
    frame = await workspace_frame(page, slug)
    base = f"/workspaces/{slug}"
    roles = await page.api.all_items(f"{base}/roles")
    active = await page.api.all_items(
        f"{base}/assignments", active_on=today_in(frame["ws"]).isoformat()
    )
    holders: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for assignment in active:
        holders[assignment["role_id"]].setdefault(
            assignment["member_id"],
            {"id": assignment["member_id"], "name": assignment["member_name"]},
        )
    return page.render(
        "roles/list.html",
        **frame,
        roles=roles,
        holders={
            role_id: sorted(m.values(), key=lambda m: m["name"]) for role_id, m in holders.items()
        },
    )
