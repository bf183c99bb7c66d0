"""What an import's cells name, found in the workspace: members (email or name), roles (key
or name), campaigns (name or id), scopes (name within their campaign), and the words of
RACI letters, task statuses and priorities in English and Chinese.
"""

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.models import Campaign, Member, Role, Scope
from app.models.enums import Raci, TaskPriority, TaskStatus
from app.seed.templates import METRICS, ROLES, SKILLS

AMBIGUOUS = N_("Several have the name {name}; use a unique one.")
UNKNOWN = {
    "member": N_("No member is called {name}."),
    "owner": N_("No member is called {name}."),
    "role": N_("No role is called {name}."),
    "campaign": N_("No campaign is called {name}."),
    "scope": N_("The campaign has no scope called {name}."),
}
_SPACES = re.compile(r"[\s_\-:：()（）]+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip()


class Names:
    """Lower-cased text → id; `None` when two different rows answer to the same text."""

    def __init__(self) -> None:
        self.ids: dict[str, uuid.UUID | None] = {}

    def add(self, text: str | None, object_id: uuid.UUID) -> None:
        if not text:
            return
        key = text.strip().lower()
        self.ids[key] = object_id if self.ids.get(key, object_id) == object_id else None


def _seeded(templates: Any) -> dict[str, tuple[str, ...]]:
    return {t.key: tuple(t.name) for t in templates}


# The English and Chinese names of the seeded metrics, roles and skills, by key: a file
# written in either language finds them whatever the workspace's language.
SEEDED_NAMES = {"metrics": _seeded(METRICS), "roles": _seeded(ROLES), "skills": _seeded(SKILLS)}


def other_names(kind: str, key: str) -> tuple[str, ...]:
    return SEEDED_NAMES[kind].get(key, ())


@dataclass
class Workspace:
    members: Names = field(default_factory=Names)
    roles: Names = field(default_factory=Names)
    campaigns: Names = field(default_factory=Names)
    scopes: dict[uuid.UUID, Names] = field(default_factory=dict)  # by campaign


def load(session: Session, ctx: WorkspaceContext) -> Workspace:
    found = Workspace()
    where = ctx.workspace_id
    for m in session.execute(
        select(Member.id, Member.display_name, Member.email).where(Member.workspace_id == where)
    ):
        found.members.add(str(m.id), m.id)
        found.members.add(m.display_name, m.id)
        found.members.add(m.email, m.id)
    for r in session.execute(
        select(Role.id, Role.key, Role.name).where(Role.workspace_id == where)
    ):
        found.roles.add(str(r.id), r.id)
        found.roles.add(r.key, r.id)
        found.roles.add(r.name, r.id)
    for seeded in session.execute(select(Role.id, Role.key).where(Role.workspace_id == where)):
        for name in other_names("roles", seeded.key):
            found.roles.ids.setdefault(name.lower(), seeded.id)  # the workspace's own names first
    for c in session.execute(
        select(Campaign.id, Campaign.name).where(Campaign.workspace_id == where)
    ):
        found.campaigns.add(str(c.id), c.id)
        found.campaigns.add(c.name, c.id)
    for s in session.execute(
        select(Scope.id, Scope.name, Scope.campaign_id).where(Scope.workspace_id == where)
    ):
        names = found.scopes.setdefault(s.campaign_id, Names())
        names.add(str(s.id), s.id)
        names.add(s.name, s.id)
    return found


def resolve(text: str, names: Names, name: str, error: Any) -> uuid.UUID | None:
    """The id `text` names, or None after reporting the row's error through `error`."""
    key = text.strip().lower()
    if key not in names.ids:
        error(name, f"unknown_{'member' if name == 'owner' else name}", UNKNOWN[name], name=text)
        return None
    found = names.ids[key]
    if found is None:
        error(name, "ambiguous", AMBIGUOUS, name=text)
    return found


def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {norm(word): value for value, words in table.items() for word in (value, *words)}


RACI = _words(
    {
        Raci.responsible: ("r", "负责", "负责执行", "负责执行(R)", "执行", "谁负责"),
        Raci.accountable: ("a", "批准", "最终负责", "最终负责(A)", "问责", "审批", "拍板"),
        Raci.consulted: ("c", "咨询", "咨询(C)", "顾问", "请教"),
        Raci.informed: ("i", "知会", "知会(I)", "告知", "通知", "知情"),
    }
)
TASK_STATUS = _words(
    {
        TaskStatus.todo: ("to do", "open", "new", "待办", "未开始", "待处理", "待开始"),
        TaskStatus.doing: ("in progress", "started", "进行中", "处理中", "执行中", "进行"),
        TaskStatus.blocked: ("受阻", "阻塞", "卡住", "被阻塞"),
        TaskStatus.done: (
            "complete",
            "completed",
            "closed",
            "finished",
            "已完成",
            "完成",
            "已结束",
        ),
        TaskStatus.cancelled: ("canceled", "dropped", "已取消", "取消", "作废"),
    }
)
PRIORITY = _words(
    {
        TaskPriority.none: ("", "no priority", "无", "无优先级", "p4"),
        TaskPriority.low: ("低", "p3"),
        TaskPriority.medium: ("normal", "中", "普通", "一般", "p2"),
        TaskPriority.high: ("高", "重要", "p1"),
        TaskPriority.urgent: ("critical", "紧急", "最高", "p0"),
    }
)
