"""The JSON API: every domain's router under /api/v1, and the tags that group them."""

from typing import Any

from fastapi import APIRouter

from app.activity.router import account_router as account_activities_router
from app.activity.router import router as activities_router
from app.announcements.router import router as announcements_router
from app.assignments.router import router as assignments_router
from app.auth.router import auth_router, tokens_router, users_router
from app.campaigns.router import router as campaigns_router
from app.comments.router import router as comments_router

# money13: licence grants, investors, funding documents, obligations
from app.contracts.obligations_router import router as obligations_router
from app.contracts.router import router as contracts_router
from app.dashboards.router import router as dashboards_router
from app.deals.partners_router import router as partners_router
from app.deals.partners_router import stages_router as pipeline_stages_router
from app.deals.router import router as deals_router
from app.division.router import router as division_router
from app.funding.investors_router import documents_router as funding_documents_router
from app.funding.investors_router import router as investors_router
from app.funding.router import contributions_router, crowdfunding_router, tiers_router
from app.funding.router import router as funding_goals_router
from app.goals.router import router as goals_router
from app.history.router import router as history_router
from app.imports.router import router as imports_router
from app.invites.router import router as invites_router
from app.ip.grants_router import router as licence_grants_router
from app.ip.router import router as ip_assets_router
from app.live.router import router as live_router
from app.meetings.router import router as meetings_router
from app.members.router import router as members_router
from app.metrics.router import router as metrics_router
from app.notifications.router import router as notifications_router
from app.reports.router import digest_router as campaign_digest_router
from app.reports.router import router as reports_router
from app.reports.router import schedules_router as report_schedules_router
from app.roles.router import router as roles_router
from app.scopes.router import router as scopes_router
from app.skill_matrix.router import router as skill_matrix_router
from app.skills.router import router as skills_router
from app.staffing.router import router as staffing_router
from app.tasks.router import router as tasks_router
from app.trainings.router import history_router as skill_history_router
from app.trainings.router import router as trainings_router
from app.transfer.router import router as transfer_router
from app.webhooks.router import router as webhooks_router
from app.work_plans.router import router as work_plans_router
from app.workload.router import router as workload_router
from app.workspaces.router import router as workspaces_router

API_PREFIX = "/api/v1"

DESCRIPTION = """
Troupe divides a creator team's work clearly — who is responsible and who is
accountable for what, with which authority — and watches the numbers that matter.

Authenticate with `POST /api/v1/auth/token` (email and password) or a personal API
token, then send `Authorization: Bearer <token>`. Errors are RFC 9457
`application/problem+json`. Lists page with `limit` and `cursor`. `GET` of one object
returns an `ETag`; send it as `If-Match` on `PATCH`/`DELETE`. `POST` accepts an
`Idempotency-Key`.
"""

TAGS: list[dict[str, Any]] = [
    {"name": "auth", "description": "Sign in, sign out, accept an invite."},
    {"name": "users", "description": "Your own profile."},
    {"name": "tokens", "description": "Personal API tokens for scripts and integrations."},
    {"name": "workspaces", "description": "Workspaces (tenants) you belong to."},
    {"name": "invites", "description": "Invite people to a workspace."},
    {"name": "members", "description": "People of the workspace, their skills and access."},
    {"name": "skills", "description": "Competences members have and roles require."},
    {"name": "roles", "description": "Functional roles: responsibilities, authorities, skills."},
    {"name": "campaigns", "description": "Projects and activities: audience, roles, goals."},
    {"name": "scopes", "description": "Areas of responsibility inside a campaign."},
    {"name": "assignments", "description": "Who holds which role, where, with which RACI."},
    {
        "name": "division",
        "description": "The division-of-labour health check (gaps, overlaps, conflicts, "
        "overload, skill gaps, single points of failure) and its settings.",
    },
    {"name": "workload", "description": "Load per member and ISO week; the heatmap."},
    {"name": "staffing", "description": "Suggestions to fill open slots, and applying them."},
    {"name": "metrics", "description": "Metric definitions and their series."},
    {"name": "datapoints", "description": "Observed values of metrics."},
    {
        "name": "dashboards",
        "description": "Each metric's value for a period, its change and a daily sparkline, "
        "for the workspace or a campaign (from daily rollups).",
    },
    {
        "name": "goals",
        "description": "Goals with key results on metrics: progress, the expected pace, "
        "status and a forecast at the due date, computed on read.",
    },
    {
        "name": "activities",
        "description": "The activity stream: every change, who made it, when and why; "
        "filtered to what you may read; exportable for audits.",
    },
    {"name": "tasks", "description": "Who does what by when: tasks with checklists."},
    {"name": "work_plans", "description": "Recurring work: plans whose occurrences are tasks."},
    {"name": "reports", "description": "Periodic reports (定期汇报): schedules, states, reviews."},
    {"name": "trainings", "description": "Training (培训与提升) that raises members' skills."},
    {
        "name": "comments",
        "description": "Comments and replies on campaigns, announcements "
        "and meetings; @mentions notify people.",
    },
    {
        "name": "announcements",
        "description": "Announcements to an audience, with receipts "
        "(seen, acknowledged) and reminders.",
    },
    {
        "name": "meetings",
        "description": "Meetings and series: agenda, live notes, outcomes (information, "
        "decisions, actions that become tasks) and the decision log.",
    },
    {
        "name": "notifications",
        "description": "Your inbox, its unread count and how each "
        "kind of notification reaches you.",
    },
    {
        "name": "webhooks",
        "description": "Signed messages (Standard Webhooks) to your endpoints when things change.",
    },
    {"name": "partners", "description": "Sponsors, brands, platforms, venues, grant makers."},
    {"name": "pipeline_stages", "description": "The deal pipeline's stages and probabilities."},
    {
        "name": "deals",
        "description": "Sponsor and partnership deals, their stage history, the pipeline "
        "(per currency) and deal findings.",
    },
    {
        "name": "funding_goals",
        "description": "Funding goals; each kind (one-off, monthly, yearly budget, balance) "
        "with its own progress.",
    },
    {"name": "tiers", "description": "Ways to contribute: amounts, intervals, benefits."},
    {"name": "contributions", "description": "Money given or pledged; imports never count twice."},
    {"name": "crowdfunding", "description": "A funding campaign's goal, deadline and outcome."},
    {
        "name": "contracts",
        "description": "The contracts register: life cycle, renewal and notice deadlines, "
        "reminders and escalations, decisions.",
    },
    {"name": "ip_assets", "description": "The IP register: works, marks, domains, owners' shares."},
    {"name": "health", "description": "Liveness for load balancers and containers."},
    {
        "name": "imports",
        "description": "CSV and XLSX imports (datapoints, members with skills): preview, "
        "column mapping, dry run with per-row errors, commit all or nothing, undo.",
    },
    # money13
    {
        "name": "licence_grants",
        "description": "Licences of IP assets (territory, media, term, royalty) with "
        "chain-of-title documents.",
    },
    {
        "name": "investors",
        "description": "Investor relations: the pipeline with contact, stage, ticket size, "
        "next step, owner and last contact.",
    },
    {
        "name": "funding_documents",
        "description": "The round's pitch deck, financial model and term sheets, with versions.",
    },
    {
        "name": "obligations",
        "description": "Who owes what by when under a contract; shown in the owner's week.",
    },
]


def api_routers() -> tuple[APIRouter, ...]:
    """The domains' routers, served under API_PREFIX (flat: app/core/routing.py)."""
    return (
        auth_router,
        users_router,
        tokens_router,
        workspaces_router,
        invites_router,
        members_router,
        skills_router,
        roles_router,
        campaigns_router,
        scopes_router,
        assignments_router,
        history_router,
        division_router,
        workload_router,
        skill_matrix_router,
        staffing_router,
        metrics_router,
        goals_router,
        dashboards_router,
        activities_router,
        account_activities_router,
        tasks_router,
        work_plans_router,
        report_schedules_router,
        reports_router,
        trainings_router,
        skill_history_router,
        comments_router,
        announcements_router,
        meetings_router,
        notifications_router,
        live_router,
        webhooks_router,
        partners_router,
        pipeline_stages_router,
        deals_router,
        funding_goals_router,
        tiers_router,
        contributions_router,
        crowdfunding_router,
        contracts_router,
        ip_assets_router,
        campaign_digest_router,
        imports_router,
        transfer_router,
        # money13
        licence_grants_router,
        investors_router,
        funding_documents_router,
        obligations_router,
    )
