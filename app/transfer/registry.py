"""Which tables a workspace export carries, in which order, and how each row is found.

Every table that belongs to a workspace (a `workspace_id`, or a required reference to a
table that belongs to one) is either EXPORTED or SKIPPED with a reason; a test fails when
a new one is neither, so a new feature decides whether its data travels. The order of
rows in a document follows the foreign keys (parents first), from the metadata.
"""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, ForeignKey, Select, Table, select

from app.models import Base

EXPORTED: frozenset[str] = frozenset(
    {
        # people, skills, roles
        "members",
        "member_skills",
        "skills",
        "roles",
        "role_required_skills",
        "notification_preferences",
        "notification_digests",
        "notifications",
        # campaigns and the division of labour
        "campaigns",
        "campaign_required_roles",
        "campaign_goals",
        "scopes",
        "scope_roles",
        "assignments",
        "division_settings",
        # numbers and goals
        "metrics",
        "datapoints",
        "goals",
        "key_results",
        "goal_settings",
        # work
        "work_plans",
        "tasks",
        "report_schedules",
        "reports",
        "trainings",
        "skill_level_changes",
        # communication
        "activities",
        "announcements",
        "announcement_receipts",
        "comments",
        "meetings",
        "meeting_attendees",
        "agenda_items",
        "meeting_outcomes",
        # money and paper
        "partners",
        "pipeline_stages",
        "deals",
        "deal_stage_changes",
        "funding_goals",
        "tiers",
        "contributions",
        "crowdfunding_terms",
        "contracts",
        "ip_assets",
        "licence_grants",
        "obligations",
        "investors",
        "documents",
        "stored_files",
        "file_references",
    }
)

SKIPPED: dict[str, str] = {
    "invites": "one-time sign-up tokens: invite people again",
    "webhook_endpoints": "secrets and outside addresses: register them again",
    "webhook_deliveries": "messages already sent to the endpoints",
    "jobs": "scheduled work: the scans derive it again from the data",
    "division_versions": "a cache key, made on the next write",
    "division_campaign_versions": "a cache key, made on the next write",
    "metric_rollups": "derived from the datapoints: rebuilt on import",
    "data_imports": "uploads being imported: they expire within a day",
    "data_import_changes": "what an import changed, for its undo within a day",
}

# Columns that hold a user's id (users are not part of a workspace): the document names
# these users by email, and an import links them to the users of the target Troupe.
USER_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {("members", "user_id"), ("activities", "actor_user_id")}
)


def tables() -> dict[str, Table]:
    return {table.name: table for table in Base.metadata.sorted_tables}


def workspace_owned() -> set[str]:
    """Tables whose rows belong to one workspace: a `workspace_id`, or a required
    reference to such a table (member skills, key results, meeting attendees…)."""
    owned = {t.name for t in Base.metadata.sorted_tables if "workspace_id" in t.c}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            if table.name in owned or table.name == "workspaces":
                continue
            if any(
                fk.column.table.name in owned and not fk.parent.nullable
                for fk in table.foreign_keys
            ):
                owned.add(table.name)
                changed = True
    return owned


def ordered() -> list[Table]:
    """The exported tables, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name in EXPORTED]


def rows_of(table: Table, workspace_id: object) -> Select[tuple[object, ...]]:
    """Every row of `table` that belongs to the workspace, in a stable order."""
    stmt = select(table).where(_belongs(table, workspace_id))
    return stmt.order_by(*table.primary_key.columns)


def _belongs(table: Table, workspace_id: object) -> ColumnElement[bool]:
    if "workspace_id" in table.c:
        return table.c.workspace_id == workspace_id
    for fk in _owner_keys(table.foreign_keys):
        parent = fk.column.table
        assert isinstance(parent, Table)
        owner_ids = select(fk.column).where(_belongs(parent, workspace_id))
        return fk.parent.in_(owner_ids.scalar_subquery())
    raise LookupError(f"{table.name} does not belong to a workspace")


def _owner_keys(keys: Iterable[ForeignKey]) -> list[ForeignKey]:
    owned = workspace_owned()
    found = [fk for fk in keys if not fk.parent.nullable and fk.column.table.name in owned]
    return sorted(found, key=lambda fk: fk.parent.name)


def self_references(table: Table) -> list[str]:
    """Columns of `table` that refer to its own rows (a goal's parent)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
