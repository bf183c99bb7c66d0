"""Enumerations shared by the models, the schemas and the API."""

from enum import StrEnum


class Access(StrEnum):
    """What a member's user may do in the workspace, weakest first."""

    viewer = "viewer"
    editor = "editor"
    admin = "admin"
    owner = "owner"

    @property
    def rank(self) -> int:
        return list(Access).index(self)

    def at_least(self, other: "Access") -> bool:
        return self.rank >= other.rank


class Locale(StrEnum):
    en = "en"
    zh_cn = "zh-CN"


class MemberStatus(StrEnum):
    active = "active"
    inactive = "inactive"


class SkillCategory(StrEnum):
    creative = "creative"
    planning = "planning"
    finance = "finance"
    community = "community"
    analytics = "analytics"
    legal = "legal"
    other = "other"


class CampaignKind(StrEnum):
    content = "content"
    community_event = "community_event"
    funding = "funding"
    partnership = "partnership"
    launch = "launch"
    other = "other"


class CampaignStatus(StrEnum):
    draft = "draft"
    planning = "planning"
    active = "active"
    paused = "paused"
    completed = "completed"
    cancelled = "cancelled"


class Raci(StrEnum):
    responsible = "responsible"
    accountable = "accountable"
    consulted = "consulted"
    informed = "informed"


class AssignmentStatus(StrEnum):
    active = "active"
    ended = "ended"


class MetricCategory(StrEnum):
    audience = "audience"
    content = "content"
    business = "business"
    funding = "funding"
    operations = "operations"


class Aggregation(StrEnum):
    sum = "sum"
    avg = "avg"
    min = "min"
    max = "max"
    last = "last"


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"


class TokenScope(StrEnum):
    read = "read"
    write = "write"


class TokenKind(StrEnum):
    """`session` tokens come from signing in; `personal` ones are made by the user."""

    session = "session"
    personal = "personal"


class TaskStatus(StrEnum):
    todo = "todo"
    doing = "doing"
    blocked = "blocked"
    done = "done"
    cancelled = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (TaskStatus.done, TaskStatus.cancelled)


OPEN_TASK_STATUSES = (TaskStatus.todo, TaskStatus.doing, TaskStatus.blocked)


class TaskPriority(StrEnum):
    none = "none"
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


class PlanRotation(StrEnum):
    """Who gets each occurrence of a role's plan: `none` the first holder, or in turn."""

    none = "none"
    round_robin = "round_robin"


class PlanAnchor(StrEnum):
    """`schedule`: fixed dates; `completion`: the next is due counting from the last done."""

    schedule = "schedule"
    completion = "completion"


class PlanCatchUp(StrEnum):
    """Occurrences whose time passed before they were created: left out, or created."""

    skip_missed = "skip_missed"
    create_all = "create_all"
