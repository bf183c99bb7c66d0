"""Authorization matrix (OWASP API1 and API5: object and function level authorization).

Every operation of the OpenAPI spec is called by every kind of caller, and the answer
must be the one written in `EXPECTED`, the single table of who may do what. An operation
without a row fails the test, so no endpoint ships without its rule.

Callers:
- `anon`: no token.
- `ro`: the workspace owner's user, through a read-only token.
- `viewer`, `editor`, `admin`, `owner`: members of the workspace with that access.
- `other`: the owner of another workspace, with this workspace's slug and ids; for
  operations whose path names an object, also with their own slug and this workspace's
  ids (the classic IDOR). Both must give the same answer: 404, never a hint.

Each operation gets a fresh world (`tests/security/world.py`); each caller's request runs
in a savepoint that is rolled back, so every caller meets the same world.
"""

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.main import create_app
from app.models import User
from app.models.enums import Access
from tests.factories import Caller, join, make_token, make_workspace_owner
from tests.security.money_world import MONEY_FOREIGN_ID_FIELDS
from tests.security.world import (
    REQUESTS,
    Request,
    World,
    build_world,
    fill_path,
    operations,
    path_parameters,
)

PROBLEM = "application/problem+json"
ROLES = ("anon", "ro", "viewer", "editor", "admin", "owner", "other")

# fmt: off
EXPECTED: dict[str, tuple[int, int, int, int, int, int, int]] = {
    # operation                        anon  ro  viewer editor admin owner other
    "health_check":                    (200, 200,  200,   200,   200, 200, 200),
    "auth_token":                      (200, 200,  200,   200,   200, 200, 200),
    "auth_revoke":                     (401, 204,  204,   204,   204, 204, 204),
    "auth_accept_invite":              (201, 201,  201,   201,   201, 201, 201),
    "auth_invite_show":                (200, 200,  200,   200,   200, 200, 200),
    "users_get_me":                    (401, 200,  200,   200,   200, 200, 200),
    "users_update_me":                 (401, 403,  200,   200,   200, 200, 200),
    "tokens_list":                     (401, 200,  200,   200,   200, 200, 200),
    "tokens_create":                   (401, 403,  201,   201,   201, 201, 201),
    "tokens_revoke":                   (401, 403,  404,   404,   404, 204, 404),
    "workspaces_list":                 (401, 200,  200,   200,   200, 200, 200),
    "workspaces_create":               (401, 403,  201,   201,   201, 201, 201),
    "workspaces_get":                  (401, 200,  200,   200,   200, 200, 404),
    "workspaces_update":               (401, 403,  403,   403,   200, 200, 404),
    "workspaces_delete":               (401, 403,  403,   403,   403, 204, 404),
    "invites_list":                    (401, 200,  403,   403,   200, 200, 404),
    "invites_create":                  (401, 403,  403,   403,   201, 201, 404),
    "invites_revoke":                  (401, 403,  403,   403,   204, 204, 404),
    "invites_resend":                  (401, 403,  403,   403,   200, 200, 404),
    "members_list":                    (401, 200,  200,   200,   200, 200, 404),
    "members_create":                  (401, 403,  403,   403,   201, 201, 404),
    "members_get":                     (401, 200,  200,   200,   200, 200, 404),
    "members_update":                  (401, 403,  403,   403,   200, 200, 404),
    "members_delete":                  (401, 403,  403,   403,   204, 204, 404),
    "skills_list":                     (401, 200,  200,   200,   200, 200, 404),
    "skills_create":                   (401, 403,  403,   403,   201, 201, 404),
    "skills_get":                      (401, 200,  200,   200,   200, 200, 404),
    "skills_update":                   (401, 403,  403,   403,   200, 200, 404),
    "skills_delete":                   (401, 403,  403,   403,   204, 204, 404),
    "roles_list":                      (401, 200,  200,   200,   200, 200, 404),
    "roles_create":                    (401, 403,  403,   403,   201, 201, 404),
    "roles_get":                       (401, 200,  200,   200,   200, 200, 404),
    "roles_update":                    (401, 403,  403,   403,   200, 200, 404),
    "roles_delete":                    (401, 403,  403,   403,   204, 204, 404),
    "campaigns_list":                  (401, 200,  200,   200,   200, 200, 404),
    "campaigns_create":                (401, 403,  403,   201,   201, 201, 404),
    "campaigns_get":                   (401, 200,  200,   200,   200, 200, 404),
    "campaigns_update":                (401, 403,  403,   200,   200, 200, 404),
    "campaigns_delete":                (401, 403,  403,   204,   204, 204, 404),
    "scopes_list":                     (401, 200,  200,   200,   200, 200, 404),
    "scopes_create":                   (401, 403,  403,   201,   201, 201, 404),
    "scopes_get":                      (401, 200,  200,   200,   200, 200, 404),
    "scopes_update":                   (401, 403,  403,   200,   200, 200, 404),
    "scopes_delete":                   (401, 403,  403,   204,   204, 204, 404),
    "assignments_list":                (401, 200,  200,   200,   200, 200, 404),
    "assignments_create":              (401, 403,  403,   201,   201, 201, 404),
    "assignments_get":                 (401, 200,  200,   200,   200, 200, 404),
    "assignments_update":              (401, 403,  403,   200,   200, 200, 404),
    "assignments_delete":              (401, 403,  403,   204,   204, 204, 404),
    "assignments_history":             (401, 200,  200,   200,   200, 200, 404),
    "campaigns_health":                (401, 200,  200,   200,   200, 200, 404),
    "workspaces_health":               (401, 200,  200,   200,   200, 200, 404),
    "division_settings_get":           (401, 200,  200,   200,   200, 200, 404),
    "division_settings_update":        (401, 403,  403,   403,   200, 200, 404),
    "members_workload":                (401, 200,  200,   200,   200, 200, 404),
    "workload_heatmap":                (401, 200,  200,   200,   200, 200, 404),
    "skills_matrix":                   (401, 200,  200,   200,   200, 200, 404),
    "skills_gaps":                     (401, 200,  200,   200,   200, 200, 404),
    "campaigns_staffing_suggestions":  (401, 200,  200,   200,   200, 200, 404),
    "campaigns_staffing_apply":        (401, 403,  403,   201,   201, 201, 404),
    "metrics_list":                    (401, 200,  200,   200,   200, 200, 404),
    "metrics_create":                  (401, 403,  403,   201,   201, 201, 404),
    "metrics_get":                     (401, 200,  200,   200,   200, 200, 404),
    "metrics_update":                  (401, 403,  403,   200,   200, 200, 404),
    "metrics_delete":                  (401, 403,  403,   204,   204, 204, 404),
    "metrics_series":                  (401, 200,  200,   200,   200, 200, 404),
    "datapoints_list":                 (401, 200,  200,   200,   200, 200, 404),
    "datapoints_create":               (401, 403,  403,   201,   201, 201, 404),
    "datapoints_delete":               (401, 403,  403,   204,   204, 204, 404),
    "datapoints_get":                  (401, 200,  200,   200,   200, 200, 404),
    "datapoints_export":               (401, 200,  200,   200,   200, 200, 404),
    "datapoints_update":               (401, 403,  403,   200,   200, 200, 404),
    "goals_list":                      (401, 200,  200,   200,   200, 200, 404),
    "goals_create":                    (401, 403,  403,   201,   201, 201, 404),
    "goals_get":                       (401, 200,  200,   200,   200, 200, 404),
    "goals_update":                    (401, 403,  403,   200,   200, 200, 404),
    "goals_delete":                    (401, 403,  403,   204,   204, 204, 404),
    "key_results_create":              (401, 403,  403,   201,   201, 201, 404),
    "key_results_get":                 (401, 200,  200,   200,   200, 200, 404),
    "key_results_update":              (401, 403,  403,   200,   200, 200, 404),
    "key_results_delete":              (401, 403,  403,   204,   204, 204, 404),
    "goal_settings_get":               (401, 200,  200,   200,   200, 200, 404),
    "goal_settings_update":            (401, 403,  403,   403,   200, 200, 404),
    "dashboards_workspace":            (401, 200,  200,   200,   200, 200, 404),
    "dashboards_campaign":             (401, 200,  200,   200,   200, 200, 404),
    "activities_list":                 (401, 200,  200,   200,   200, 200, 404),
    "activities_export":               (401, 200,  200,   200,   200, 200, 404),
    "users_activities":                (401, 200,  200,   200,   200, 200, 200),
    "tasks_list":                      (401, 200,  200,   200,   200, 200, 404),
    "tasks_create":                    (401, 403,  403,   201,   201, 201, 404),
    "tasks_get":                       (401, 200,  200,   200,   200, 200, 404),
    "tasks_update":                    (401, 403,  403,   200,   200, 200, 404),
    "tasks_delete":                    (401, 403,  403,   204,   204, 204, 404),
    "work_plans_list":                 (401, 200,  200,   200,   200, 200, 404),
    "work_plans_create":               (401, 403,  403,   201,   201, 201, 404),
    "work_plans_get":                  (401, 200,  200,   200,   200, 200, 404),
    "work_plans_update":               (401, 403,  403,   200,   200, 200, 404),
    "work_plans_delete":               (401, 403,  403,   204,   204, 204, 404),
    "work_plans_preview":              (401, 200,  200,   200,   200, 200, 404),
    "work_plans_templates":            (401, 200,  200,   200,   200, 200, 404),
    "occurrences_skip":                (401, 403,  403,   200,   200, 200, 404),
    "report_schedules_list":           (401, 200,  200,   200,   200, 200, 404),
    "report_schedules_create":         (401, 403,  403,   201,   201, 201, 404),
    "report_schedules_get":            (401, 200,  200,   200,   200, 200, 404),
    "report_schedules_update":         (401, 403,  403,   200,   200, 200, 404),
    "report_schedules_delete":         (401, 403,  403,   204,   204, 204, 404),
    "reports_list":                    (401, 200,  200,   200,   200, 200, 404),
    "reports_create":                  (401, 403,  201,   201,   201, 201, 404),
    "reports_get":                     (401, 200,  200,   200,   200, 200, 404),
    "reports_update":                  (401, 403,  403,   403,   403, 200, 404),
    "reports_acknowledge":             (401, 403,  403,   403,   200, 200, 404),
    "trainings_list":                  (401, 200,  200,   200,   200, 200, 404),
    "trainings_create":                (401, 403,  403,   201,   201, 201, 404),
    "trainings_get":                   (401, 200,  200,   200,   200, 200, 404),
    "trainings_update":                (401, 403,  403,   200,   200, 200, 404),
    "trainings_delete":                (401, 403,  403,   204,   204, 204, 404),
    "members_skill_history":           (401, 200,  200,   200,   200, 200, 404),
    "comments_list":                   (401, 200,  200,   200,   200, 200, 404),
    "comments_create":                 (401, 403,  201,   201,   201, 201, 404),
    "comments_update":                 (401, 403,  403,   403,   403, 200, 404),
    "comments_delete":                 (401, 403,  403,   403,   204, 204, 404),
    "notifications_list":              (401, 200,  200,   200,   200, 200, 404),
    "notifications_unread_count":      (401, 200,  200,   200,   200, 200, 404),
    "notifications_mark_read":         (401, 403,  200,   200,   200, 200, 404),
    "notifications_preferences_get":   (401, 200,  200,   200,   200, 200, 404),
    "notifications_preferences_update": (401, 403, 200,   200,   200, 200, 404),
    "announcements_list":              (401, 200,  200,   200,   200, 200, 404),
    "announcements_create":            (401, 403,  403,   201,   201, 201, 404),
    "announcements_get":               (401, 200,  200,   200,   200, 200, 404),
    "announcements_update":            (401, 403,  403,   403,   200, 200, 404),
    "announcements_delete":            (401, 403,  403,   403,   204, 204, 404),
    "announcements_acknowledge":       (401, 403,  200,   200,   200, 403, 404),
    "announcements_receipts":          (401, 200,  403,   403,   200, 200, 404),
    "meetings_list":                   (401, 200,  200,   200,   200, 200, 404),
    "meetings_create":                 (401, 403,  403,   201,   201, 201, 404),
    "meetings_get":                    (401, 200,  200,   200,   200, 200, 404),
    "meetings_update":                 (401, 403,  403,   200,   200, 200, 404),
    "meetings_delete":                 (401, 403,  403,   204,   204, 204, 404),
    "agenda_items_create":             (401, 403,  403,   201,   201, 201, 404),
    "agenda_items_update":             (401, 403,  403,   200,   200, 200, 404),
    "agenda_items_delete":             (401, 403,  403,   204,   204, 204, 404),
    "meeting_outcomes_create":         (401, 403,  403,   201,   201, 201, 404),
    "meeting_outcomes_update":         (401, 403,  403,   200,   200, 200, 404),
    "meeting_outcomes_delete":         (401, 403,  403,   204,   204, 204, 404),
    "decisions_list":                  (401, 200,  200,   200,   200, 200, 404),
    "events_stream":                   (401, 200,  200,   200,   200, 200, 404),
    "webhook_endpoints_list":          (401, 200,  403,   403,   200, 200, 404),
    "webhook_endpoints_create":        (401, 403,  403,   403,   201, 201, 404),
    "webhook_endpoints_get":           (401, 200,  403,   403,   200, 200, 404),
    "webhook_endpoints_update":        (401, 403,  403,   403,   200, 200, 404),
    "webhook_endpoints_delete":        (401, 403,  403,   403,   204, 204, 404),
    "webhook_endpoints_rotate_secret": (401, 403,  403,   403,   200, 200, 404),
    "webhook_endpoints_test":          (401, 403,  403,   403,   202, 202, 404),
    "webhook_deliveries_list":         (401, 200,  403,   403,   200, 200, 404),
    "webhook_deliveries_resend":       (401, 403,  403,   403,   202, 202, 404),
    "partners_list":                   (401, 200,  200,   200,   200, 200, 404),
    "partners_create":                 (401, 403,  403,   201,   201, 201, 404),
    "partners_get":                    (401, 200,  200,   200,   200, 200, 404),
    "partners_update":                 (401, 403,  403,   200,   200, 200, 404),
    "partners_delete":                 (401, 403,  403,   204,   204, 204, 404),
    "pipeline_stages_list":            (401, 200,  200,   200,   200, 200, 404),
    "pipeline_stages_create":          (401, 403,  403,   403,   201, 201, 404),
    "pipeline_stages_update":          (401, 403,  403,   403,   200, 200, 404),
    "pipeline_stages_delete":          (401, 403,  403,   403,   204, 204, 404),
    "deals_list":                      (401, 200,  200,   200,   200, 200, 404),
    "deals_pipeline":                  (401, 200,  200,   200,   200, 200, 404),
    "deals_health":                    (401, 200,  200,   200,   200, 200, 404),
    "deals_create":                    (401, 403,  403,   201,   201, 201, 404),
    "deals_get":                       (401, 200,  200,   200,   200, 200, 404),
    "deals_update":                    (401, 403,  403,   200,   200, 200, 404),
    "deals_delete":                    (401, 403,  403,   204,   204, 204, 404),
    "deals_history":                   (401, 200,  200,   200,   200, 200, 404),
    "funding_goals_list":              (401, 200,  200,   200,   200, 200, 404),
    "funding_goals_create":            (401, 403,  403,   201,   201, 201, 404),
    "funding_goals_get":               (401, 200,  200,   200,   200, 200, 404),
    "funding_goals_update":            (401, 403,  403,   200,   200, 200, 404),
    "funding_goals_delete":            (401, 403,  403,   204,   204, 204, 404),
    "tiers_list":                      (401, 200,  200,   200,   200, 200, 404),
    "tiers_create":                    (401, 403,  403,   201,   201, 201, 404),
    "tiers_get":                       (401, 200,  200,   200,   200, 200, 404),
    "tiers_update":                    (401, 403,  403,   200,   200, 200, 404),
    "tiers_delete":                    (401, 403,  403,   204,   204, 204, 404),
    "contributions_list":              (401, 200,  200,   200,   200, 200, 404),
    "contributions_create":            (401, 403,  403,   201,   201, 201, 404),
    "contributions_import":            (401, 403,  403,   200,   200, 200, 404),
    "contributions_get":               (401, 200,  200,   200,   200, 200, 404),
    "contributions_update":            (401, 403,  403,   200,   200, 200, 404),
    "contributions_delete":            (401, 403,  403,   204,   204, 204, 404),
    "crowdfunding_get":                (401, 200,  200,   200,   200, 200, 404),
    "crowdfunding_update":             (401, 403,  403,   200,   200, 200, 404),
    "contracts_list":                  (401, 200,  200,   200,   200, 200, 404),
    "contracts_health":                (401, 200,  200,   200,   200, 200, 404),
    "contracts_create":                (401, 403,  403,   201,   201, 201, 404),
    "contracts_get":                   (401, 200,  200,   200,   200, 200, 404),
    "contracts_update":                (401, 403,  403,   200,   200, 200, 404),
    "contracts_decide":                (401, 403,  403,   200,   200, 200, 404),
    "contracts_delete":                (401, 403,  403,   204,   204, 204, 404),
    "ip_assets_list":                  (401, 200,  200,   200,   200, 200, 404),
    "ip_assets_create":                (401, 403,  403,   201,   201, 201, 404),
    "ip_assets_get":                   (401, 200,  200,   200,   200, 200, 404),
    "ip_assets_update":                (401, 403,  403,   200,   200, 200, 404),
    "ip_assets_delete":                (401, 403,  403,   204,   204, 204, 404),
    "campaigns_digest":                (401, 200,  200,   200,   200, 200, 404),
    "imports_list":                    (401, 200,  403,   200,   200, 200, 404),
    "imports_create":                  (401, 403,  403,   201,   201, 201, 404),
    "imports_get":                     (401, 200,  403,   200,   200, 200, 404),
    "imports_update":                  (401, 403,  403,   200,   200, 200, 404),
    "imports_validate":                (401, 403,  403,   200,   200, 200, 404),
    "imports_errors":                  (401, 200,  403,   200,   200, 200, 404),
    "imports_commit":                  (401, 403,  403,   200,   200, 200, 404),
    "imports_undo":                    (401, 403,  403,   409,   409, 409, 404),
    "metrics_compare":                 (401, 200,  200,   200,   200, 200, 404),
    "workspaces_export":               (401, 200,  403,   403,   200, 200, 404),
    "workspaces_import":               (401, 403,  201,   201,   201, 201, 201),
    # money13
    "contracts_documents_list":        (401, 200,  200,   200,   200, 200, 404),
    "contracts_documents_create":      (401, 403,  403,   201,   201, 201, 404),
    "contracts_documents_get":         (401, 200,  200,   200,   200, 200, 404),
    "contracts_documents_download":    (401, 200,  200,   200,   200, 200, 404),
    "contracts_documents_sign":        (401, 403,  403,   200,   200, 200, 404),
    "contracts_documents_delete":      (401, 403,  403,   204,   204, 204, 404),
    "licence_grants_documents_list":   (401, 200,  200,   200,   200, 200, 404),
    "licence_grants_documents_create": (401, 403,  403,   201,   201, 201, 404),
    "licence_grants_documents_get":    (401, 200,  200,   200,   200, 200, 404),
    "licence_grants_documents_download":(401, 200,  200,   200,   200, 200, 404),
    "licence_grants_documents_sign":   (401, 403,  403,   200,   200, 200, 404),
    "licence_grants_documents_delete": (401, 403,  403,   204,   204, 204, 404),
    "funding_documents_list":          (401, 200,  200,   200,   200, 200, 404),
    "funding_documents_create":        (401, 403,  403,   201,   201, 201, 404),
    "funding_documents_get":           (401, 200,  200,   200,   200, 200, 404),
    "funding_documents_download":      (401, 200,  200,   200,   200, 200, 404),
    "funding_documents_sign":          (401, 403,  403,   200,   200, 200, 404),
    "funding_documents_delete":        (401, 403,  403,   204,   204, 204, 404),
    "licence_grants_list":             (401, 200,  200,   200,   200, 200, 404),
    "licence_grants_create":           (401, 403,  403,   201,   201, 201, 404),
    "licence_grants_get":              (401, 200,  200,   200,   200, 200, 404),
    "licence_grants_update":           (401, 403,  403,   200,   200, 200, 404),
    "licence_grants_delete":           (401, 403,  403,   204,   204, 204, 404),
    "investors_list":                  (401, 200,  200,   200,   200, 200, 404),
    "investors_pipeline":              (401, 200,  200,   200,   200, 200, 404),
    "investors_create":                (401, 403,  403,   201,   201, 201, 404),
    "investors_get":                   (401, 200,  200,   200,   200, 200, 404),
    "investors_update":                (401, 403,  403,   200,   200, 200, 404),
    "investors_delete":                (401, 403,  403,   204,   204, 204, 404),
    "obligations_list":                (401, 200,  200,   200,   200, 200, 404),
    "obligations_create":              (401, 403,  403,   201,   201, 201, 404),
    "obligations_get":                 (401, 200,  200,   200,   200, 200, 404),
    "obligations_update":              (401, 403,  403,   200,   200, 200, 404),
    "obligations_complete":            (401, 403,  403,   200,   200, 200, 404),
    "obligations_delete":              (401, 403,  403,   204,   204, 204, 404),
}
# fmt: on

# Event streams never end: tests/concurrency/test_live_events.py checks their row.
STREAMS = {"events_stream"}
SPEC = create_app().openapi()
OPERATIONS = operations(SPEC)


def test_every_operation_of_the_spec_has_a_row_and_every_row_an_operation() -> None:
    assert sorted(set(OPERATIONS) - set(EXPECTED)) == [], "add these operations to EXPECTED"
    assert sorted(set(EXPECTED) - set(OPERATIONS)) == [], "these rows name no operation"


def needs_request(operation: dict[str, Any]) -> bool:
    required_query = any(
        p.get("required") and p.get("in") == "query" for p in operation.get("parameters", [])
    )
    return "requestBody" in operation or required_query


@contextmanager
def rolled_back(connection: Connection) -> Iterator[None]:
    """Whatever the request changes is undone afterwards."""
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()


def no_request(_world: World) -> Request:
    """The request of an operation that needs neither a body nor a query."""
    return {}


def call(
    client: TestClient,
    connection: Connection,
    method: str,
    url: str,
    token: str | None,
    request: Request,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with rolled_back(connection):
        response: httpx.Response = client.request(
            method, url, headers=headers, **copy.deepcopy(request)
        )
        return response


def callers(world: World, outsider: Caller, session: Session) -> dict[str, str | None]:
    owner = world.owner
    user = session.get_one(User, owner.user_id)
    return {
        "anon": None,
        "ro": make_token(session, user, write=False),
        "viewer": join(session, owner, Access.viewer).token,
        "editor": join(session, owner, Access.editor).token,
        "admin": join(session, owner, Access.admin).token,
        "owner": owner.token,
        "other": outsider.token,
    }


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_operation_answers_every_caller_as_the_table_says(
    operation_id: str, client: TestClient, session: Session, connection: Connection
) -> None:
    assert operation_id in EXPECTED, f"{operation_id} has no row in EXPECTED"
    if operation_id in STREAMS:
        pytest.skip("an event stream; its row is checked against a served app")
    method, path, operation = OPERATIONS[operation_id]
    assert not needs_request(operation) or operation_id in REQUESTS, (
        f"{operation_id} needs a body or query: add a small valid request to REQUESTS"
    )
    world = build_world(client, session)
    outsider = make_workspace_owner(client, session)
    tokens = callers(world, outsider, session)
    values = world.path_values()
    request = REQUESTS.get(operation_id, no_request)(world)
    names_an_object = any(name != "workspace" for name in path_parameters(path))

    answers: dict[str, int] = {}
    for role in ROLES:
        response = call(client, connection, method, fill_path(path, values), tokens[role], request)
        answers[role] = response.status_code
        if response.status_code >= 400:
            assert response.headers["content-type"] == PROBLEM, response.text
        if role == "other" and names_an_object and "workspace" in path_parameters(path):
            own_slug = {**values, "workspace": outsider.workspace}
            idor = call(
                client, connection, method, fill_path(path, own_slug), outsider.token, request
            )
            answers["other in own workspace"] = idor.status_code

    expected = dict(zip(ROLES, EXPECTED[operation_id], strict=True))
    if "other in own workspace" in answers:
        expected["other in own workspace"] = 404
    assert answers == expected


# Ids of another workspace's objects in a request body: (operation, field, world object).
# `0` stands for the first item of a list. Every `*_id`/`*_ids` field of every request
# body in the spec must be listed (see the completeness test below).
FOREIGN_ID_FIELDS: dict[str, dict[str, str]] = {
    "invites_create": {"member_id": "member"},
    "members_create": {"skills.0.skill_id": "skill"},
    "members_update": {"skills.0.skill_id": "skill"},
    "roles_create": {"required_skills.0.skill_id": "skill"},
    "roles_update": {"required_skills.0.skill_id": "skill"},
    "campaigns_create": {
        "lead_member_id": "member",
        "required_role_ids.0": "role",
        "goals.0.metric_id": "metric",
        "scopes.0.role_ids.0": "role",
    },
    "scopes_create": {"role_ids.0": "role"},
    "scopes_update": {"role_ids.0": "role"},
    "campaigns_update": {
        "lead_member_id": "member",
        "required_role_ids.0": "role",
        "goals.0.metric_id": "metric",
    },
    "assignments_create": {
        "member_id": "member",
        "role_id": "role",
        "campaign_id": "campaign",
        "scope_id": "scope",
    },
    "assignments_update": {"member_id": "member", "role_id": "role", "scope_id": "scope"},
    "datapoints_create": {"items.0.campaign_id": "campaign", "items.0.member_id": "member"},
    "datapoints_update": {"campaign_id": "campaign", "member_id": "member"},
    "goals_create": {
        "owner_member_id": "member",
        "reviewer_member_id": "assignee",
        "parent_id": "goal",
        "campaign_id": "campaign",
        "key_results.0.campaign_id": "campaign",
    },
    "goals_update": {
        "owner_member_id": "member",
        "reviewer_member_id": "assignee",
        "parent_id": "goal",
        "campaign_id": "campaign",
    },
    "key_results_create": {"campaign_id": "campaign"},
    "key_results_update": {"campaign_id": "campaign"},
    "campaigns_staffing_apply": {"scope_id": "scope", "role_id": "role", "member_id": "member"},
    "tasks_create": {
        "campaign_id": "campaign",
        "scope_id": "scope",
        "owner_member_id": "member",
        "role_id": "role",
        "metric_ids.0": "metric",
    },
    "tasks_update": {
        "campaign_id": "campaign",
        "scope_id": "scope",
        "owner_member_id": "member",
        "role_id": "role",
        "metric_ids.0": "metric",
    },
    "work_plans_create": {
        "campaign_id": "campaign",
        "scope_id": "scope",
        "owner_member_id": "member",
        "role_id": "assigned_role",
    },
    "work_plans_update": {"scope_id": "scope", "owner_member_id": "member", "role_id": "role"},
    "report_schedules_create": {
        "campaign_id": "campaign",
        "role_id": "role",
        "subject_member_id": "member",
        "author_member_ids.0": "member",
        "reviewer_member_id": "member",
    },
    "report_schedules_update": {"author_member_ids.0": "member", "reviewer_member_id": "member"},
    "reports_create": {
        "schedule_id": "report_schedule",
        "campaign_id": "campaign",
        "author_member_id": "member",
        "task_ids.0": "task",
    },
    "reports_update": {"task_ids.0": "task"},
    "trainings_create": {"member_id": "member", "skill_id": "skill"},
    "comments_create": {"subject_id": "campaign", "parent_id": "comment"},
    "announcements_create": {
        "audience.role_ids.0": "role",
        "audience.campaign_id": "campaign",
        "audience.member_ids.0": "member",
    },
    "meetings_create": {
        "campaign_id": "campaign",
        "facilitator_member_id": "member",
        "note_taker_member_id": "member",
        "attendees.0.member_id": "member",
    },
    "meetings_update": {
        "facilitator_member_id": "member",
        "note_taker_member_id": "member",
        "attendees.0.member_id": "member",
    },
    "agenda_items_create": {"presenter_member_id": "member", "linked_subject_id": "campaign"},
    "agenda_items_update": {"presenter_member_id": "member"},
    "meeting_outcomes_create": {"agenda_item_id": "agenda_item", "owner_member_id": "member"},
    **MONEY_FOREIGN_ID_FIELDS,
}
# Changing one field may need another to follow for the request to make sense otherwise.
_ALONGSIDE: dict[tuple[str, str], dict[str, Any]] = {
    ("assignments_create", "campaign_id"): {"scope_id": None},
    ("tasks_create", "campaign_id"): {"scope_id": None},
    ("work_plans_create", "owner_member_id"): {"role_id": None, "rotation": "none"},
    ("work_plans_create", "campaign_id"): {"scope_id": None},
    ("work_plans_update", "role_id"): {"owner_member_id": None},
}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SPEC["components"]["schemas"][name]
    return schema


# `*_id` fields that name something outside Troupe (a payment processor's id), not an object.
NOT_OBJECT_IDS = frozenset({"external_id"})


def id_fields(schema: dict[str, Any], prefix: tuple[str, ...] = ()) -> set[str]:
    """Dotted paths of the `*_id` and `*_ids` properties of a request body schema."""
    schema = _resolve(schema)
    found: set[str] = set()
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found |= id_fields(option, prefix)
    if "items" in schema:
        found |= id_fields(schema["items"], (*prefix, "0"))
    for name, sub in schema.get("properties", {}).items():
        if name.endswith("_id") and name not in NOT_OBJECT_IDS:
            found.add(".".join((*prefix, name)))
        elif name.endswith("_ids"):
            found.add(".".join((*prefix, name, "0")))
        found |= id_fields(sub, (*prefix, name))
    return found


def body_id_fields() -> dict[str, set[str]]:
    found = {}
    for operation_id, (_method, _path, operation) in OPERATIONS.items():
        for media in operation.get("requestBody", {}).get("content", {}).values():
            fields = id_fields(media["schema"])
            if fields:
                found[operation_id] = fields
    return found


def test_every_id_field_of_every_request_body_is_tested_with_a_foreign_id() -> None:
    listed = {op: set(fields) for op, fields in FOREIGN_ID_FIELDS.items()}
    assert body_id_fields() == listed


def set_field(body: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    target: Any = body
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


@pytest.mark.parametrize("operation_id", sorted(FOREIGN_ID_FIELDS))
def test_ids_of_another_workspace_in_a_body_are_not_found(
    operation_id: str, client: TestClient, session: Session, connection: Connection
) -> None:
    """The owner of workspace B sends, in B, a valid request naming one of A's objects."""
    theirs = build_world(client, session)
    mine = build_world(client, session)
    method, path, _operation = OPERATIONS[operation_id]
    url = fill_path(path, mine.path_values())

    for field, kind in FOREIGN_ID_FIELDS[operation_id].items():
        request = REQUESTS[operation_id](mine)
        with rolled_back(connection):
            assert client.request(
                method, url, headers=mine.owner.headers, **copy.deepcopy(request)
            ).status_code in {200, 201}, f"the request itself must be valid ({field})"
        foreign = getattr(theirs, kind)
        set_field(request["json"], field, foreign["id"])
        for other_field, value in _ALONGSIDE.get((operation_id, field), {}).items():
            set_field(request["json"], other_field, value)

        response = call(client, connection, method, url, mine.owner.token, request)

        assert response.status_code == 404, f"{field}: {response.status_code} {response.text}"
        assert response.headers["content-type"] == PROBLEM
        name = (
            foreign.get("display_name")
            or foreign.get("name")
            or foreign.get("key")
            or foreign.get("title")
            or foreign["id"]
        )
        assert name not in response.text


def world_ids(world: World) -> set[str]:
    return {value for key, value in world.path_values().items() if key != "workspace"} | {
        world.assignee["id"],
        world.assigned_role["id"],
        world.assigned_scope["id"],
    }


@pytest.mark.parametrize(
    "operation_id",
    sorted(
        op
        for op, (method, _path, operation) in OPERATIONS.items()
        if method == "GET"
        and any(
            p["in"] == "query" and p["name"].endswith("_id")
            for p in operation.get("parameters", [])
        )
    ),
)
def test_filters_with_another_workspaces_ids_are_answered_as_unknown_ids(
    operation_id: str, client: TestClient, session: Session
) -> None:
    theirs = build_world(client, session)
    mine = build_world(client, session)
    method, path, operation = OPERATIONS[operation_id]
    by_name = {
        "member_id": theirs.assignee["id"],
        "lead_member_id": theirs.member["id"],
        "skill_id": theirs.skill["id"],
        "role_id": theirs.assigned_role["id"],
        "campaign_id": theirs.campaign["id"],
        "scope_id": theirs.assigned_scope["id"],
        "assignment_id": theirs.assignment["id"],
        "subject_id": theirs.assignment["id"],
        "owner_member_id": theirs.assignee["id"],
        "plan_id": theirs.work_plan["id"],
        "author_member_id": theirs.member["id"],
        "schedule_id": theirs.report_schedule["id"],
        "partner_id": theirs.partner["id"],
        "stage_id": theirs.stage["id"],
        "tier_id": theirs.tier["id"],
        "deal_id": theirs.deal["id"],
        "parent_id": theirs.goal["id"],
        # money13
        "ip_asset_id": theirs.ip_asset["id"],
        "contract_id": theirs.contract["id"],
    }
    request = REQUESTS.get(operation_id, no_request)(mine)
    for parameter in operation["parameters"]:
        name = parameter["name"]
        if parameter["in"] != "query" or not name.endswith("_id"):
            continue
        assert name in by_name, f"{operation_id}: no foreign value for the filter {name}"
        url = fill_path(path, mine.path_values())
        answers = [
            client.request(
                method,
                url,
                headers=mine.owner.headers,
                params={**request.get("params", {}), name: value},
            )
            for value in (by_name[name], str(uuid.uuid4()))
        ]
        foreign, unknown = answers
        # Filtering is fine (200, nothing of theirs) and so is not finding the object (404),
        # as long as their object is answered exactly like one that does not exist.
        assert foreign.status_code == unknown.status_code, (name, foreign.text, unknown.text)
        assert foreign.status_code in {200, 404}, foreign.text
        leaked = {i for i in world_ids(theirs) if i in foreign.text}
        assert leaked == set(), f"{operation_id}?{name}= shows another workspace's objects"


def test_another_workspaces_metric_keys_look_like_unknown_keys(
    client: TestClient, session: Session
) -> None:
    """Keys are per workspace: one of A's keys, used in B, is answered like any unknown key."""
    theirs = build_world(client, session)
    mine = build_world(client, session)
    owner = mine.owner

    def ingest(key: str) -> httpx.Response:
        item = {"metric": key, "value": 1, "observed_at": "2026-03-01T00:00:00Z"}
        return owner.post("datapoints", json={"items": [item]})

    def ratio(key: str) -> httpx.Response:
        ratio_of = {"numerator": key, "denominator": "content_views"}
        body = {"key": "rate", "name": "Rate", "category": "content", "ratio_of": ratio_of}
        return owner.post("metrics", json=body)

    for attempt in (ingest, ratio):
        foreign, unknown = attempt(theirs.metric["key"]), attempt("never_defined_anywhere")
        assert foreign.status_code == unknown.status_code == 422
        assert foreign.json()["errors"] == unknown.json()["errors"]
    assert owner.get("datapoints", params={"metric": theirs.metric["key"]}).json()["items"] == []
