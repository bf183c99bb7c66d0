"""The baseline: a minimal Starlette app answering the benchmarked requests with
hand-written SQL through the database driver, in the same JSON shape as Troupe.

It does what a lean hand-written service must still do: find the caller's token and
workspace (one query), check write access, check that referenced ids are in the
workspace, keep the history row of a new assignment, and answer in the same form.
The health check only reads the rows Troupe's rules read (the SQL of
`bench/division.py`) and answers the same envelope without evaluating any rule: its
ratio is a floor, not a like-for-like comparison.

    TROUPE_DATABASE_URL=sqlite:///bench.db uvicorn bench.baseline:create_app --factory
"""

import base64
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from bench.baseline_db import Database
from bench.baseline_writes import Refused, assignments_create, datapoints_create
from bench.division import baselines
from bench.instrumented import CountingMiddleware

TRANSITIONS = {
    "draft": ["planning", "active", "cancelled"],
    "planning": ["draft", "active", "cancelled"],
    "active": ["paused", "completed", "cancelled"],
    "paused": ["active", "completed", "cancelled"],
    "completed": ["planning"],
    "cancelled": ["planning"],
}
WRITERS = ("owner", "admin", "editor")
AUTH = (
    "SELECT m.workspace_id, m.id, m.access, m.display_name, t.scopes, t.expires_at,"
    " t.revoked_at, w.timezone, u.id FROM access_tokens t JOIN users u ON u.id = t.user_id"
    " JOIN members m ON m.user_id = u.id JOIN workspaces w ON w.id = m.workspace_id"
    " WHERE t.token_hash = :digest AND w.slug = :slug AND u.is_active"
    " AND m.status = 'active' AND m.access IS NOT NULL"
)
ASSIGNMENT_LIST = (
    "SELECT a.id, a.member_id, m.display_name, a.role_id, r.name, a.campaign_id, c.name,"
    " a.scope_id, s.name, a.raci, a.allocation_percent, a.starts_on, a.ends_on, a.status,"
    " a.note, a.created_at, a.updated_at FROM assignments a"
    " JOIN members m ON m.id = a.member_id JOIN roles r ON r.id = a.role_id"
    " LEFT JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN scopes s ON s.id = a.scope_id"
    " WHERE a.workspace_id = :ws ORDER BY a.created_at, a.id LIMIT :limit"
)
MEMBER_COLUMNS = (
    "m.id, m.display_name, m.email, m.title, m.weekly_capacity_hours, m.status, m.user_id,"
    " m.access, m.created_at, m.updated_at"
)


def _json(body: Any, status: int = 200) -> Response:
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return Response(text.encode(), status_code=status, media_type="application/json")


def create_app() -> ASGIApp:
    db = Database(os.environ["TROUPE_DATABASE_URL"])

    def caller(request: Request, *, writing: bool = False) -> dict[str, Any]:
        secret = request.headers.get("authorization", "").removeprefix("Bearer ")
        digest = hashlib.sha256(secret.encode()).hexdigest()
        row = db.one(AUTH, {"digest": digest, "slug": request.path_params["workspace"]})
        if row is None:
            raise Refused(404, "Workspace not found.")
        ws, member, access, name, scopes, expires_at, revoked_at, tz, user = row
        if revoked_at is not None:
            raise Refused(401, "The token was revoked.")
        if expires_at is not None and _instant(db, expires_at) <= datetime.now(UTC):
            raise Refused(401, "The token has expired.")
        if writing and ("write" not in db.json_in(scopes) or access not in WRITERS):
            raise Refused(403, "This needs editor access.")
        return {"ws": ws, "member": member, "name": name, "tz": tz, "user": user}

    def members_list(request: Request) -> Response:
        who = caller(request)
        query = request.query_params
        limit = int(query.get("limit", 50))
        found = db.rows(
            f"SELECT {MEMBER_COLUMNS} FROM members m WHERE m.workspace_id = :ws AND EXISTS"
            " (SELECT 1 FROM member_skills ms WHERE ms.member_id = m.id AND ms.skill_id = :skill"
            " AND ms.level >= :level) ORDER BY m.display_name, m.id LIMIT :limit",
            {
                "ws": who["ws"],
                "skill": db.id_param(query["skill_id"]),
                "level": int(query.get("min_level", 1)),
                "limit": limit + 1,
            },
        )
        page = found[:limit]
        skills: dict[Any, list[dict[str, Any]]] = {row[0]: [] for row in page}
        if page:
            where, params = db.in_list("ids", [row[0] for row in page])
            for member_id, skill_id, key, name, level in db.rows(
                "SELECT ms.member_id, ms.skill_id, s.key, s.name, ms.level FROM member_skills ms"
                f" JOIN skills s ON s.id = ms.skill_id WHERE ms.member_id {where}"
                " ORDER BY ms.member_id, ms.skill_id",
                params,
            ):
                skills[member_id].append(
                    {"skill_id": db.id_out(skill_id), "key": key, "name": name, "level": level}
                )
        items = [
            {
                "id": db.id_out(row[0]),
                "display_name": row[1],
                "email": row[2],
                "title": row[3],
                "weekly_capacity_hours": row[4],
                "status": row[5],
                "user_id": db.id_out(row[6]),
                "access": row[7],
                "skills": skills[row[0]],
                "created_at": db.instant_out(row[8]),
                "updated_at": db.instant_out(row[9]),
            }
            for row in page
        ]
        cursor = None
        if len(found) > limit:
            anchor = json.dumps([page[-1][1], items[-1]["id"]]).encode()
            cursor = base64.urlsafe_b64encode(anchor).decode().rstrip("=")
        return _json({"items": items, "next_cursor": cursor})

    def assignments_list(request: Request) -> Response:
        who = caller(request)
        limit = int(request.query_params.get("limit", 50))
        found = db.rows(ASSIGNMENT_LIST, {"ws": who["ws"], "limit": limit + 1})
        items = [
            {
                "id": db.id_out(row[0]),
                "member_id": db.id_out(row[1]),
                "member_name": row[2],
                "role_id": db.id_out(row[3]),
                "role_name": row[4],
                "campaign_id": db.id_out(row[5]),
                "campaign_name": row[6],
                "scope_id": db.id_out(row[7]),
                "scope_name": row[8],
                "raci": row[9],
                "allocation_percent": row[10],
                "starts_on": db.day_out(row[11]),
                "ends_on": db.day_out(row[12]),
                "status": row[13],
                "note": row[14],
                "created_at": db.instant_out(row[15]),
                "updated_at": db.instant_out(row[16]),
            }
            for row in found[:limit]
        ]
        cursor = None
        if len(found) > limit:
            anchor = json.dumps([items[-1]["created_at"], items[-1]["id"]]).encode()
            cursor = base64.urlsafe_b64encode(anchor).decode().rstrip("=")
        return _json({"items": items, "next_cursor": cursor})

    def campaigns_get(request: Request) -> Response:
        who = caller(request)
        campaign = db.id_param(request.path_params["campaign_id"])
        row = db.one(
            "SELECT c.id, c.name, c.kind, c.status, c.starts_on, c.ends_on, c.lead_member_id,"
            " m.display_name, c.audience, c.archived_at, c.created_at, c.updated_at"
            " FROM campaigns c"
            " LEFT JOIN members m ON m.id = c.lead_member_id"
            " WHERE c.id = :id AND c.workspace_id = :ws",
            {"id": campaign, "ws": who["ws"]},
        )
        if row is None:
            raise Refused(404, "Campaign not found.")
        roles = db.rows(
            "SELECT r.id, r.key, r.name FROM campaign_required_roles cr JOIN roles r"
            " ON r.id = cr.role_id WHERE cr.campaign_id = :id ORDER BY cr.role_id",
            {"id": campaign},
        )
        goals = db.rows(
            "SELECT g.metric_id, mt.key, mt.name, g.target, g.due_on FROM campaign_goals g"
            " JOIN metrics mt ON mt.id = g.metric_id WHERE g.campaign_id = :id"
            " ORDER BY g.position",
            {"id": campaign},
        )
        scope_rows = db.rows(
            "SELECT s.id, s.campaign_id, s.name, s.description, s.created_at, s.updated_at,"
            " sr.role_id FROM scopes s LEFT JOIN scope_roles sr ON sr.scope_id = s.id"
            " WHERE s.campaign_id = :id ORDER BY s.created_at, s.id, sr.role_id",
            {"id": campaign},
        )
        scopes: dict[Any, tuple[Any, list[str | None]]] = {}
        for s in scope_rows:
            _row, role_ids = scopes.setdefault(s[0], (s, []))
            if s[6] is not None:
                role_ids.append(db.id_out(s[6]))
        audience = db.json_in(row[8])
        return _json(
            {
                "id": db.id_out(row[0]),
                "name": row[1],
                "kind": row[2],
                "status": row[3],
                "allowed_transitions": TRANSITIONS[row[3]],
                "starts_on": db.day_out(row[4]),
                "ends_on": db.day_out(row[5]),
                "lead_member_id": db.id_out(row[6]),
                "lead_member_name": row[7],
                "audience": {
                    "description": audience.get("description", ""),
                    "segments": audience.get("segments", []),
                    "channels": audience.get("channels", []),
                },
                "required_roles": [
                    {"role_id": db.id_out(r[0]), "key": r[1], "name": r[2]} for r in roles
                ],
                "goals": [
                    {
                        "metric_id": db.id_out(g[0]),
                        "metric_key": g[1],
                        "metric_name": g[2],
                        "target": g[3],
                        "due_on": db.day_out(g[4]),
                    }
                    for g in goals
                ],
                "scopes": [
                    {
                        "id": db.id_out(s[0]),
                        "campaign_id": db.id_out(s[1]),
                        "name": s[2],
                        "description": s[3],
                        "created_at": db.instant_out(s[4]),
                        "updated_at": db.instant_out(s[5]),
                        "role_ids": role_ids,
                    }
                    for s, role_ids in scopes.values()
                ],
                "archived_at": None if row[9] is None else db.instant_out(row[9]),
                "created_at": db.instant_out(row[10]),
                "updated_at": db.instant_out(row[11]),
            }
        )

    def metrics_series(request: Request) -> Response:
        """Daily buckets of a sum/avg/min/max metric, in a fixed-offset time zone."""
        who = caller(request)
        metric = db.id_param(request.path_params["metric_id"])
        row = db.one(
            "SELECT id, key, aggregation FROM metrics WHERE id = :id AND workspace_id = :ws",
            {"id": metric, "ws": who["ws"]},
        )
        if row is None or row[2] not in ("sum", "avg", "min", "max"):
            raise Refused(404, "Metric not found.")
        tz = ZoneInfo(who["tz"])
        first = date.fromisoformat(request.query_params["from"])
        last = date.fromisoformat(request.query_params["to"])
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        starts = [datetime(d.year, d.month, d.day, tzinfo=tz) for d in days]
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        if db.sqlite:
            offset = int(starts[0].utcoffset().total_seconds())  # type: ignore[union-attr]
            bucket = f"date(observed_at, '{offset:+d} seconds')"
        else:
            bucket = "CAST(date_trunc('day', timezone(:tz, observed_at)) AS date)"
        values = {
            db.day_out(day): value
            for day, value in db.rows(
                f"SELECT {bucket} AS day, {row[2]}(value) FROM datapoints WHERE metric_id = :id"
                " AND observed_at >= :begin AND observed_at < :end GROUP BY day",
                {
                    "id": metric,
                    "tz": who["tz"],
                    "begin": db.instant_param(starts[0]),
                    "end": db.instant_param(end),
                },
            )
        }
        return _json(
            {
                "metric_id": db.id_out(row[0]),
                "metric_key": row[1],
                "granularity": "day",
                "timezone": who["tz"],
                "from": first.isoformat(),
                "to": last.isoformat(),
                "points": [
                    {"start": start.isoformat(), "value": values.get(day.isoformat())}
                    for day, start in zip(days, starts, strict=True)
                ],
                "by_channel": [],
            }
        )

    def workspaces_health(request: Request) -> Response:
        who = caller(request)
        today = datetime.now(ZoneInfo(who["tz"])).date()
        ws = uuid.UUID(db.id_out(who["ws"]))
        reads = baselines(db.dialect, ws, ws, today, today)["workspaces_health"]
        for sql, params in reads:
            db.rows(sql, {k: _param(db, v) for k, v in params.items() if f":{k}" in sql})
        summary = {"errors": 0, "warnings": 0, "infos": 0}
        day = today.isoformat()
        return _json(
            {
                "from": day,
                "to": day,
                "load_from": day,
                "load_to": day,
                "summary": summary,
                "campaigns": [],
                "groups": [],
                "total": 0,
                "findings": [],
                "next_cursor": None,
            }
        )

    def assignments_post(request: Request, body: bytes) -> Response:
        status, answer = assignments_create(db, caller(request, writing=True), json.loads(body))
        return _json(answer, status)

    def datapoints_post(request: Request, body: bytes) -> Response:
        status, answer = datapoints_create(db, caller(request, writing=True), json.loads(body))
        return _json(answer, status)

    def threaded(endpoint: Callable[..., Response], *, with_body: bool = False) -> Any:
        async def call(request: Request) -> Response:
            args = (request, await request.body()) if with_body else (request,)
            try:
                return await run_in_threadpool(endpoint, *args)
            except Refused as refused:
                return _json({"status": refused.status, "detail": refused.detail}, refused.status)

        return call

    base = "/api/v1/workspaces/{workspace}"
    routes = [
        Route(f"{base}/members", threaded(members_list)),
        Route(f"{base}/campaigns/{{campaign_id}}", threaded(campaigns_get)),
        Route(f"{base}/metrics/{{metric_id}}/series", threaded(metrics_series)),
        Route(f"{base}/health", threaded(workspaces_health)),
        Route(f"{base}/assignments", threaded(assignments_list), methods=["GET"]),
        Route(f"{base}/assignments", threaded(assignments_post, with_body=True), methods=["POST"]),
        Route(f"{base}/datapoints", threaded(datapoints_post, with_body=True), methods=["POST"]),
    ]
    return CountingMiddleware(Starlette(routes=routes))


def _instant(db: Database, value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _param(db: Database, value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex if db.sqlite else value
    if isinstance(value, date):
        return db.day_param(value)
    return value
