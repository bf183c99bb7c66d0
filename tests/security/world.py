"""A small but complete workspace, built through the API, for the authorization matrix,
the mass-assignment tests and the fuzzer.

Every kind of object a path or a body can name exists once (and, where a delete must be
allowed, exists unused): a member without login or assignments, a skill, an unassigned
role, a campaign with a free scope and an assigned one, an assignment, a metric with a
datapoint, an invite and a personal API token. `requests` gives a small valid request
for every operation, with path parameters filled from the world.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models import User
from tests.api.helpers import seeded
from tests.factories import PASSWORD, Caller, created, make_workspace_owner, unique
from tests.security.money_world import MONEY_REQUESTS, build_money, money_paths

OBSERVED_AT = "2026-03-01T20:00:00+08:00"
PLAN_START = "2030-01-04"  # a Friday
IMPORT_CSV = "日期,指标,数值\n2026-03-01,content_views,5\n".encode("gb18030")


@dataclass
class World:
    owner: Caller
    member: dict[str, Any]  # no login, no assignment: may be deleted
    assignee: dict[str, Any]  # holds `assignment`
    skill: dict[str, Any]
    role: dict[str, Any]  # nobody holds it: may be deleted
    assigned_role: dict[str, Any]
    campaign: dict[str, Any]
    scope: dict[str, Any]  # no assignment in it: may be deleted
    assigned_scope: dict[str, Any]
    assignment: dict[str, Any]
    metric: dict[str, Any]  # aggregated, with a datapoint, in no ratio or goal
    datapoint: dict[str, Any]
    invite: dict[str, Any]
    invite_token: str
    api_token: dict[str, Any]  # the owner's personal token
    task: dict[str, Any]  # owned by the workspace's owner
    work_plan: dict[str, Any]  # weekly on Fridays from 2030-01-04, 18:00 UTC
    report_schedule: dict[str, Any]  # the owner reports weekly; no reviewer
    report: dict[str, Any]  # submitted by the owner
    training: dict[str, Any]  # the assignee's, in `skill`
    comment: dict[str, Any]  # the owner's, on `campaign`
    announcement: dict[str, Any]  # the owner's, to everyone, asking to be acknowledged
    meeting: dict[str, Any]  # on `campaign`, with `agenda_item` and a decision `outcome`
    agenda_item: dict[str, Any]
    outcome: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    goal: dict[str, Any] = field(default_factory=dict)  # with one key result (followers)

    def _money(self, name: str) -> dict[str, Any]:
        made: dict[str, dict[str, Any]] = self.extra["money"]  # tests/security/money_world.py
        return made[name]

    @property
    def partner(self) -> dict[str, Any]:
        return self._money("partner")

    @property
    def stage(self) -> dict[str, Any]:
        return self._money("stage")

    @property
    def tier(self) -> dict[str, Any]:
        return self._money("tier")

    @property
    def deal(self) -> dict[str, Any]:
        return self._money("deal")

    @property
    def contract(self) -> dict[str, Any]:
        return self._money("contract")

    @property
    def ip_asset(self) -> dict[str, Any]:
        return self._money("ip_asset")

    @property
    def slug(self) -> str:
        return self.owner.workspace

    def path_values(self) -> dict[str, str]:
        """Values for every path parameter the API uses, by name."""
        return {
            "workspace": self.slug,
            "member_id": self.member["id"],
            "skill_id": self.skill["id"],
            "role_id": self.role["id"],
            "campaign_id": self.campaign["id"],
            "scope_id": self.scope["id"],
            "assignment_id": self.assignment["id"],
            "metric_id": self.metric["id"],
            "datapoint_id": self.datapoint["id"],
            "invite_id": self.invite["id"],
            "token_id": self.api_token["id"],
            "token": self.invite_token,
            "task_id": self.task["id"],
            "plan_id": self.work_plan["id"],
            "schedule_id": self.report_schedule["id"],
            "report_id": self.report["id"],
            "training_id": self.training["id"],
            "comment_id": self.comment["id"],
            "announcement_id": self.announcement["id"],
            "meeting_id": self.meeting["id"],
            "item_id": self.agenda_item["id"],
            "outcome_id": self.outcome["id"],
            "endpoint_id": self.extra["webhook_endpoint"]["id"],
            "delivery_id": self.extra["webhook_delivery"]["id"],
            **money_paths(self.extra["money"]),
            "goal_id": self.goal["id"],
            "key_result_id": self.goal["key_results"][0]["id"],
            "import_id": self.extra["import"]["id"],
        }


def build_world(client: TestClient, session: Session) -> World:
    owner = make_workspace_owner(client, session)
    skill = created(
        owner.post("skills", json={"key": unique("skill").replace("-", "_"), "name": "Editing"})
    )
    member = created(
        owner.post(
            "members",
            json={
                "display_name": unique("Member"),
                "email": f"{unique('member')}@example.com",
                "skills": [{"skill_id": skill["id"], "level": 3}],
            },
        )
    )
    assignee = created(owner.post("members", json={"display_name": unique("Assignee")}))
    role = created(
        owner.post(
            "roles",
            json={
                "key": unique("role").replace("-", "_"),
                "name": "Editor role",
                "required_skills": [{"skill_id": skill["id"], "min_level": 2}],
            },
        )
    )
    assigned_role = seeded(owner, "roles", "creator")
    campaign = created(
        owner.post(
            "campaigns",
            json={
                "name": unique("Campaign"),
                "status": "planning",
                "scopes": [{"name": "Script"}, {"name": "Filming"}],
            },
        )
    )
    scope, assigned_scope = campaign["scopes"]
    assignment = created(
        owner.post(
            "assignments",
            json={
                "member_id": assignee["id"],
                "role_id": assigned_role["id"],
                "campaign_id": campaign["id"],
                "scope_id": assigned_scope["id"],
                "raci": "accountable",
                "allocation_percent": 20,
            },
        )
    )
    metric = created(
        owner.post(
            "metrics",
            json={
                "key": unique("metric").replace("-", "_"),
                "name": "Clips",
                "category": "content",
                "aggregation": "sum",
            },
        )
    )
    created(
        owner.post(
            "datapoints",
            json={"items": [{"metric": metric["key"], "value": 3, "observed_at": OBSERVED_AT}]},
        )
    )
    datapoint = owner.get("datapoints", params={"metric": metric["key"]}).json()["items"][0]
    invite = created(
        owner.post(
            "invites",
            json={"email": f"{unique('invitee')}@example.com", "access": "viewer"},
        )
    )
    api_token = created(owner.post("/api/v1/users/me/tokens", json={"name": "script"}))
    task = created(
        owner.post(
            "tasks",
            json={
                "title": "Cut the teaser",
                "campaign_id": campaign["id"],
                "owner_member_id": str(owner.member_id),
                "checklist": [{"text": "Rough cut"}],
            },
        )
    )
    work_plan = created(
        owner.post(
            "work-plans",
            json={
                "title": "Weekly metrics review",
                "campaign_id": campaign["id"],
                "owner_member_id": assignee["id"],
                "rrule": "FREQ=WEEKLY;BYDAY=FR",
                "start_on": PLAN_START,
                "due_time": "18:00",
            },
        )
    )
    report_schedule = created(
        owner.post(
            "report-schedules",
            json={"campaign_id": campaign["id"], "author_member_ids": [str(owner.member_id)]},
        )
    )
    report = created(
        owner.post(
            "reports",
            json={"schedule_id": report_schedule["id"], "health": "on_track", "submit": True},
        )
    )
    training = created(
        owner.post(
            "trainings",
            json={"member_id": assignee["id"], "skill_id": skill["id"], "title": "Editing course"},
        )
    )
    comment = created(
        owner.post(
            "comments",
            json={"subject_type": "campaign", "subject_id": campaign["id"], "body": "Ready?"},
        )
    )
    announcement = created(
        owner.post(
            "announcements",
            json={"title": "Schedule", "audience": {"everyone": True}, "requires_ack": True},
        )
    )
    meeting = created(
        owner.post(
            "meetings",
            json={"title": "Sync", "starts_at": OBSERVED_AT, "campaign_id": campaign["id"]},
        )
    )
    agenda_item = created(
        owner.post(f"meetings/{meeting['id']}/agenda-items", json={"title": "Numbers"})
    )
    outcome = created(
        owner.post(
            f"meetings/{meeting['id']}/outcomes",
            json={"kind": "decision", "text": "Publish on Tuesdays"},
        )
    )
    webhook_endpoint = created(
        owner.post(
            "webhook-endpoints",
            json={"url": "https://hooks.example.com/troupe", "event_types": ["skill.*"]},
        )
    )
    webhook_delivery = owner.post(f"webhook-endpoints/{webhook_endpoint['id']}/test").json()
    goal = created(
        owner.post(
            "goals",
            json={
                "title": unique("Goal"),
                "starts_on": "2026-01-01",
                "due_on": "2026-12-31",
                "key_results": [{"metric": "followers", "target_value": 1000}],
            },
        )
    )
    return World(
        owner=owner,
        member=member,
        assignee=assignee,
        skill=skill,
        role=role,
        assigned_role=assigned_role,
        campaign=campaign,
        scope=scope,
        assigned_scope=assigned_scope,
        assignment=assignment,
        metric=metric,
        datapoint=datapoint,
        invite=invite,
        invite_token=invite["token"],
        api_token=api_token,
        task=task,
        work_plan=work_plan,
        report_schedule=report_schedule,
        report=report,
        training=training,
        comment=comment,
        announcement=announcement,
        meeting=meeting,
        agenda_item=agenda_item,
        outcome=outcome,
        extra={
            "owner_email": session.get_one(User, owner.user_id).email,
            "password": PASSWORD,
            "webhook_endpoint": webhook_endpoint,
            "webhook_delivery": webhook_delivery,
            "money": build_money(owner, campaign, member),
            "import": created(
                owner.post(
                    "imports",
                    files={"file": ("views.csv", IMPORT_CSV, "text/csv")},
                    data={"kind": "datapoints"},
                )
            ),
        },
        goal=goal,
    )


Request = dict[str, Any]  # keyword arguments of `TestClient.request` (json, data, params)

# The smallest document `workspaces_import` accepts: a workspace with nothing in it.
MINIMAL_EXPORT = (
    b'{"format": "troupe-workspace", "version": 1, "workspace": {"id": '
    b'"6b1f0e5e-0c5e-4a43-9d0e-3f7b2b1e6a10", "name": "Imported", "locale": "en"}}\n'
    b'{"end": true, "rows": 0}\n'
)

# A small valid request per operation that needs a body or a required query parameter.
# Bodies name the world's objects wherever the schema takes an id, so that the same
# requests serve the cross-workspace tests (`FOREIGN_ID_FIELDS`).
REQUESTS: dict[str, Callable[[World], Request]] = {
    "webhook_endpoints_create": lambda w: {"json": {"url": "https://hooks.example.com/b"}},
    "webhook_endpoints_update": lambda w: {"json": {"description": "Chat"}},
    "auth_token": lambda w: {
        "data": {"username": w.extra["owner_email"], "password": w.extra["password"]}
    },
    "auth_accept_invite": lambda w: {
        "json": {"token": w.invite_token, "password": "a long passphrase", "display_name": "Zhou"}
    },
    "users_update_me": lambda w: {"json": {"display_name": "Renamed"}},
    "tokens_create": lambda w: {"json": {"name": "report script", "scopes": ["read"]}},
    "workspaces_create": lambda w: {"json": {"slug": unique("new-ws"), "name": "New studio"}},
    "workspaces_update": lambda w: {"json": {"name": "Renamed studio"}},
    "invites_create": lambda w: {
        "json": {
            "email": f"{unique('invited')}@example.com",
            "access": "editor",
            "member_id": w.member["id"],
        }
    },
    "members_create": lambda w: {
        "json": {
            "display_name": "New member",
            "skills": [{"skill_id": w.skill["id"], "level": 2}],
        }
    },
    "members_update": lambda w: {
        "json": {"title": "Lead", "skills": [{"skill_id": w.skill["id"], "level": 4}]}
    },
    "skills_create": lambda w: {"json": {"key": "new_skill", "name": "New skill"}},
    "skills_update": lambda w: {"json": {"name": "Renamed skill"}},
    "roles_create": lambda w: {
        "json": {
            "key": "new_role",
            "name": "New role",
            "required_skills": [{"skill_id": w.skill["id"], "min_level": 2}],
        }
    },
    "roles_update": lambda w: {
        "json": {
            "name": "Renamed role",
            "required_skills": [{"skill_id": w.skill["id"], "min_level": 3}],
        }
    },
    "campaigns_create": lambda w: {
        "json": {
            "name": "New campaign",
            "lead_member_id": w.member["id"],
            "required_role_ids": [w.role["id"]],
            "goals": [{"metric_id": w.metric["id"], "target": 100}],
            "scopes": [{"name": "Script", "role_ids": [w.role["id"]]}],
        }
    },
    "campaigns_update": lambda w: {
        "json": {
            "name": "Renamed campaign",
            "lead_member_id": w.member["id"],
            "required_role_ids": [w.role["id"]],
            "goals": [{"metric_id": w.metric["id"], "target": 50}],
        }
    },
    "scopes_create": lambda w: {"json": {"name": "Sponsor contract", "role_ids": [w.role["id"]]}},
    "scopes_update": lambda w: {"json": {"name": "Renamed scope", "role_ids": [w.role["id"]]}},
    "assignments_create": lambda w: {
        "json": {
            "member_id": w.member["id"],
            "role_id": w.role["id"],
            "campaign_id": w.campaign["id"],
            "scope_id": w.scope["id"],
            "raci": "responsible",
            "allocation_percent": 10,
        }
    },
    "assignments_update": lambda w: {
        "json": {
            "member_id": w.member["id"],
            "role_id": w.role["id"],
            "scope_id": w.scope["id"],
            "allocation_percent": 30,
        }
    },
    "division_settings_update": lambda w: {"json": {"over_allocation_percent": 110}},
    "campaigns_staffing_apply": lambda w: {
        "json": {
            "kind": "responsible_for_scope",
            "scope_id": w.scope["id"],
            "role_id": w.role["id"],
            "member_id": w.member["id"],
        }
    },
    "metrics_create": lambda w: {
        "json": {"key": "new_metric", "name": "New", "category": "content", "aggregation": "sum"}
    },
    "metrics_update": lambda w: {"json": {"name": "Renamed metric"}},
    "metrics_series": lambda w: {
        "params": {"granularity": "day", "from": "2026-02-25", "to": "2026-03-05"}
    },
    "datapoints_update": lambda w: {"json": {"value": 4, "channel": "douyin"}},
    "goals_create": lambda w: {
        "json": {
            "title": "New goal",
            "owner_member_id": w.member["id"],
            "reviewer_member_id": w.assignee["id"],
            "parent_id": w.goal["id"],
            "campaign_id": w.campaign["id"],
            "starts_on": "2026-01-01",
            "due_on": "2026-06-30",
            "key_results": [
                {"metric": w.metric["key"], "campaign_id": w.campaign["id"], "target_value": 9}
            ],
        }
    },
    "goals_update": lambda w: {
        "json": {
            "title": "Renamed goal",
            "owner_member_id": w.member["id"],
            "reviewer_member_id": w.assignee["id"],
            "campaign_id": w.campaign["id"],
        }
    },
    "key_results_create": lambda w: {
        "json": {"metric": "content_views", "campaign_id": w.campaign["id"], "target_value": 50}
    },
    "key_results_update": lambda w: {
        "json": {"target_value": 2000, "campaign_id": w.campaign["id"]}
    },
    "goal_settings_update": lambda w: {"json": {"on_track_from": 0.95}},
    "datapoints_create": lambda w: {
        "json": {
            "items": [
                {
                    "metric": w.metric["key"],
                    "value": 5,
                    "observed_at": OBSERVED_AT,
                    "campaign_id": w.campaign["id"],
                    "member_id": w.member["id"],
                    "channel": "bilibili",
                }
            ]
        }
    },
    "tasks_create": lambda w: {
        "json": {
            "title": "Book the studio",
            "campaign_id": w.campaign["id"],
            "scope_id": w.scope["id"],
            "owner_member_id": w.member["id"],
            "role_id": w.role["id"],
            "metric_ids": [w.metric["id"]],
        }
    },
    "tasks_update": lambda w: {
        "json": {
            "status": "doing",
            "campaign_id": w.campaign["id"],
            "scope_id": w.scope["id"],
            "owner_member_id": w.member["id"],
            "role_id": w.role["id"],
            "metric_ids": [w.metric["id"]],
        }
    },
    "work_plans_create": lambda w: {
        "json": {
            "title": "Reply to fans",
            "campaign_id": w.campaign["id"],
            "scope_id": w.scope["id"],
            "role_id": w.assigned_role["id"],
            "rotation": "round_robin",
            "rrule": "FREQ=DAILY",
        }
    },
    "work_plans_update": lambda w: {
        "json": {"title": "Metrics review", "owner_member_id": w.member["id"]}
    },
    "report_schedules_create": lambda w: {
        "json": {
            "campaign_id": w.campaign["id"],
            "author_member_ids": [w.member["id"]],
            "reviewer_member_id": w.member["id"],
        }
    },
    "report_schedules_update": lambda w: {
        "json": {
            "grace_hours": 48,
            "author_member_ids": [w.member["id"]],
            "reviewer_member_id": w.member["id"],
        }
    },
    "reports_create": lambda w: {
        "json": {
            "campaign_id": w.campaign["id"],
            "health": "at_risk",
            "task_ids": [w.task["id"]],
            "submit": True,
        }
    },
    "reports_update": lambda w: {"json": {"health": "off_track", "task_ids": [w.task["id"]]}},
    "reports_acknowledge": lambda w: {"json": {"comment": "Read, thanks."}},
    "trainings_create": lambda w: {
        "json": {
            "member_id": w.member["id"],
            "skill_id": w.skill["id"],
            "title": "Storytelling workshop",
            "level_after": 4,
            "completed_on": "2026-03-01",
            "plan_task": True,
        }
    },
    "trainings_update": lambda w: {"json": {"completed_on": "2026-03-02", "level_after": 5}},
    "occurrences_skip": lambda w: {"json": {"occurrence_at": f"{PLAN_START}T18:00:00Z"}},
    "comments_list": lambda w: {
        "params": {"subject_type": "campaign", "subject_id": w.campaign["id"]}
    },
    "comments_create": lambda w: {
        "json": {
            "subject_type": "campaign",
            "subject_id": w.campaign["id"],
            "parent_id": w.comment["id"],
            "body": "Agreed",
        }
    },
    "comments_update": lambda w: {"json": {"body": "Ready now"}},
    "notifications_mark_read": lambda w: {"json": {"all": True}},
    "notifications_preferences_update": lambda w: {
        "json": {"items": [{"kind": "assignment", "delivery": "inbox"}]}
    },
    "announcements_create": lambda w: {
        "json": {
            "title": "Filming day",
            "audience": {
                "role_ids": [w.role["id"]],
                "campaign_id": w.campaign["id"],
                "member_ids": [w.member["id"]],
            },
        }
    },
    "announcements_update": lambda w: {"json": {"title": "Schedule (v2)"}},
    "meetings_create": lambda w: {
        "json": {
            "title": "Kick-off",
            "starts_at": OBSERVED_AT,
            "campaign_id": w.campaign["id"],
            "facilitator_member_id": w.member["id"],
            "note_taker_member_id": w.member["id"],
            "attendees": [{"member_id": w.member["id"]}],
        }
    },
    "meetings_update": lambda w: {
        "json": {
            "title": "Renamed sync",
            "facilitator_member_id": w.member["id"],
            "note_taker_member_id": w.member["id"],
            "attendees": [{"member_id": w.member["id"], "attendance": "present"}],
        }
    },
    "agenda_items_create": lambda w: {
        "json": {
            "title": "Sponsor",
            "presenter_member_id": w.member["id"],
            "linked_subject_type": "campaign",
            "linked_subject_id": w.campaign["id"],
        }
    },
    "agenda_items_update": lambda w: {
        "json": {"title": "Renamed item", "presenter_member_id": w.member["id"]}
    },
    "meeting_outcomes_create": lambda w: {
        "json": {
            "kind": "action",
            "text": "Film the intro",
            "agenda_item_id": w.agenda_item["id"],
            "owner_member_id": w.member["id"],
            "due_on": "2026-12-04",
        }
    },
    "meeting_outcomes_update": lambda w: {"json": {"text": "Publish on Tuesdays and Fridays"}},
    "metrics_compare": lambda w: {
        "params": {"metric": [w.metric["key"]], "granularity": "day", "channel": ["bilibili"]}
    },
    "workspaces_import": lambda w: {
        "files": {"file": ("export.jsonl", MINIMAL_EXPORT, "application/jsonl")},
        "data": {"slug": "imported-studio"},
    },
}

REQUESTS.update(MONEY_REQUESTS)
REQUESTS.update(
    {
        "imports_create": lambda w: {
            "files": {"file": ("views.csv", IMPORT_CSV, "text/csv")},
            "data": {"kind": "datapoints"},
        },
        "imports_update": lambda w: {"json": {"on_duplicate": "update"}},
        "imports_commit": lambda w: {"json": {"skip_invalid_rows": False}},
    }
)

_PARAMETER = re.compile(r"{([^}]+)}")


def path_parameters(path: str) -> list[str]:
    return _PARAMETER.findall(path)


def fill_path(path: str, values: dict[str, str]) -> str:
    missing = [name for name in path_parameters(path) if name not in values]
    assert not missing, f"{path}: no value for path parameters {missing}; add them to World"
    return _PARAMETER.sub(lambda m: values[m.group(1)], path)


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId → (METHOD, path, operation) for every operation of the spec."""
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete", "head", "options"}:
                found[operation["operationId"]] = (method.upper(), path, operation)
    return found
