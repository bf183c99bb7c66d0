"""The baseline's two writes: create an assignment and store a batch of datapoints, each
with its activity row and checked as a lean hand-written service still must."""

import math
import uuid
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.activity.ids import uuid7
from bench.baseline_db import Database

RACI = ("responsible", "accountable", "consulted", "informed")
REFERENCES = (
    "SELECT m.display_name, m.status, r.name, c.name, s.name FROM members m, roles r,"
    " campaigns c, scopes s WHERE m.id = :member AND m.workspace_id = :ws AND r.id = :role"
    " AND r.workspace_id = :ws AND c.id = :campaign AND c.workspace_id = :ws"
    " AND s.id = :scope AND s.campaign_id = c.id"
)
TWIN = (
    "SELECT 1 FROM assignments WHERE member_id = :member AND role_id = :role"
    " AND campaign_id = :campaign AND scope_id = :scope AND raci = :raci AND status = 'active'"
)
OTHER_ACCOUNTABLE = (
    "SELECT 1 FROM assignments WHERE campaign_id = :campaign AND scope_id = :scope"
    " AND raci = 'accountable' AND status = 'active'"
)
INSERT_ASSIGNMENT = (
    "INSERT INTO assignments (id, workspace_id, member_id, role_id, campaign_id, scope_id, raci,"
    " allocation_percent, starts_on, ends_on, status, note, created_at, updated_at, version)"
    " VALUES (:id, :ws, :member, :role, :campaign, :scope, :raci, :allocation, :starts_on,"
    " :ends_on, 'active', :note, :now, :now, 1)"
)
INSERT_ACTIVITY = (
    "INSERT INTO activities (id, workspace_id, occurred_at, verb, subject_type, subject_id,"
    " subject_name, campaign_id, member_id, actor_user_id, actor_member_id, actor_name, after,"
    " reason) VALUES (:activity, :ws, :now, :verb, :subject_type, :subject, :subject_name,"
    " :campaign, :member, :user, :actor, :actor_name, :after, '')"
)
INSERT_DATAPOINT = (
    "INSERT INTO datapoints (id, workspace_id, metric_id, value, observed_at, campaign_id,"
    " member_id, channel, created_at) VALUES (:id, :ws, :metric, :value, :observed_at,"
    " :campaign, :member, :channel, :now)"
)


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status = status
        self.detail = detail


def assignments_create(
    db: Database, who: dict[str, Any], body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    raci = body.get("raci")
    allocation = body.get("allocation_percent", 0)
    if raci not in RACI or not isinstance(allocation, int) or not 0 <= allocation <= 100:
        raise Refused(422, "Invalid assignment.")
    if not body.get("campaign_id") or not body.get("scope_id"):
        raise Refused(422, "The baseline only creates assignments of a campaign scope.")
    starts_on = body.get("starts_on") or datetime.now(ZoneInfo(who["tz"])).date().isoformat()
    ends_on = body.get("ends_on")
    note = str(body.get("note", ""))
    ids = {k: body[f"{k}_id"] for k in ("member", "role", "campaign", "scope")}
    params: dict[str, Any] = {k: db.id_param(v) for k, v in ids.items()}
    params.update(ws=who["ws"], raci=raci)
    new_id, now = str(uuid.uuid4()), datetime.now(UTC)
    with db.writing():
        found = db.one(REFERENCES, params)
        if found is None:
            raise Refused(404, "Member, role, campaign or scope not found.")
        member_name, member_status, role_name, campaign_name, scope_name = found
        if member_status != "active":
            raise Refused(422, "This member is inactive.")
        if db.one(TWIN, params) is not None:
            raise Refused(409, "This member already has exactly this assignment.")
        if raci == "accountable" and db.one(OTHER_ACCOUNTABLE, params) is not None:
            raise Refused(409, "Someone is already accountable here.")
        read = {
            "id": new_id,
            "member_id": ids["member"],
            "member_name": member_name,
            "role_id": ids["role"],
            "role_name": role_name,
            "campaign_id": ids["campaign"],
            "campaign_name": campaign_name,
            "scope_id": ids["scope"],
            "scope_name": scope_name,
            "raci": raci,
            "allocation_percent": allocation,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": "active",
            "note": note,
            "created_at": db.instant_out(db.instant_param(now)),
            "updated_at": db.instant_out(db.instant_param(now)),
        }
        after = {k: v for k, v in read.items() if k not in ("id", "created_at", "updated_at")}
        db.execute(
            INSERT_ASSIGNMENT,
            {
                **params,
                "id": db.id_param(new_id),
                "allocation": allocation,
                "starts_on": db.day_param(date.fromisoformat(starts_on)),
                "ends_on": db.day_param(date.fromisoformat(ends_on)) if ends_on else None,
                "note": note,
                "now": db.instant_param(now),
            },
        )
        db.execute(
            INSERT_ACTIVITY,
            {
                **params,
                "activity": db.id_param(str(uuid7(now))),
                "verb": "assignment.created",
                "subject_type": "assignment",
                "subject": db.id_param(new_id),
                "subject_name": f"{read['member_name']} · {role_name}",
                "now": db.instant_param(now),
                "user": who["user"],
                "actor": who["member"],
                "actor_name": who["name"],
                "after": db.json_param(after),
            },
        )
    return 201, read


def datapoints_create(
    db: Database, who: dict[str, Any], body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    items = body.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= 10_000:
        raise Refused(422, "Send 1 to 10,000 items.")
    where, params = db.in_list("key", sorted({str(item.get("metric")) for item in items}))
    metrics = {
        key: (metric_id, aggregation)
        for key, metric_id, aggregation in db.rows(
            f"SELECT key, id, aggregation FROM metrics WHERE workspace_id = :ws AND key {where}",
            {"ws": who["ws"], **params},
        )
    }
    known: dict[str, set[str]] = {}
    for column, table in (("campaign_id", "campaigns"), ("member_id", "members")):
        wanted = sorted({item[column] for item in items if item.get(column)})
        known[column] = set()
        if wanted:
            where, params = db.in_list("id", [db.id_param(v) for v in wanted])
            known[column] = {
                db.id_out(row[0]) or ""
                for row in db.rows(
                    f"SELECT id FROM {table} WHERE workspace_id = :ws AND id {where}",
                    {"ws": who["ws"], **params},
                )
            }
    moment = datetime.now(UTC)
    now = db.instant_param(moment)
    rows = []
    for item in items:
        metric = metrics.get(item.get("metric"))
        value = item.get("value")
        observed = datetime.fromisoformat(item["observed_at"])
        if (
            metric is None
            or metric[1] is None
            or isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or observed.tzinfo is None
            or any(item.get(c) and item[c] not in known[c] for c in known)
        ):
            raise Refused(422, "Invalid datapoint.")
        rows.append(
            {
                "id": db.id_param(str(uuid.uuid4())),
                "ws": who["ws"],
                "metric": metric[0],
                "value": float(value),
                "observed_at": db.instant_param(observed),
                "campaign": db.id_param(item["campaign_id"]) if item.get("campaign_id") else None,
                "member": db.id_param(item["member_id"]) if item.get("member_id") else None,
                "channel": item.get("channel"),
                "now": now,
            }
        )
    batch = {
        "activity": db.id_param(str(uuid7(moment))),
        "ws": who["ws"],
        "now": now,
        "verb": "datapoint.batch_created",
        "subject_type": "datapoint",
        "subject": db.id_param(str(uuid.uuid4())),
        "subject_name": ", ".join(sorted(metrics)),
        "campaign": None,
        "member": None,
        "user": who["user"],
        "actor": who["member"],
        "actor_name": who["name"],
        "after": db.json_param({"count": len(rows), "metrics": sorted(metrics)}),
    }
    with db.writing():
        db.execute_many(INSERT_DATAPOINT, rows)
        db.execute(INSERT_ACTIVITY, batch)
    return 201, {"created": len(rows)}
