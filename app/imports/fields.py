"""What each kind of import fills and the header names that suggest each field (the
conversions of one cleaned cell are app/imports/cells.py).
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.core.errors import field_error
from app.core.i18n import N_


class ImportKind(StrEnum):
    datapoints = "datapoints"
    members = "members"
    assignments = "assignments"
    tasks = "tasks"


class OnDuplicate(StrEnum):
    skip = "skip"
    update = "update"
    error = "error"


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # catalog message, shown in the wizard
    required: bool
    headers: tuple[str, ...]  # lower-case names (English and Chinese) that suggest it


_CAMPAIGN = ("campaign", "project", "活动", "项目")
_SCOPE = ("scope", "workstream", "part", "范围", "板块", "模块", "环节")

FIELDS: dict[ImportKind, tuple[Field, ...]] = {
    ImportKind.datapoints: (
        Field(
            "metric",
            N_("Metric (key or name)"),
            True,
            ("metric", "metric key", "key", "指标", "指标名称", "指标名", "度量"),
        ),
        Field(
            "observed_at",
            N_("Date or time"),
            True,
            (
                "date",
                "day",
                "time",
                "observed_at",
                "observed at",
                "timestamp",
                "日期",
                "时间",
                "观测时间",
            ),
        ),
        Field(
            "value", N_("Value"), True, ("value", "amount", "count", "数值", "值", "数量", "金额")
        ),
        Field(
            "channel",
            N_("Channel"),
            False,
            ("channel", "platform", "source", "渠道", "平台", "来源"),
        ),
        Field("campaign", N_("Campaign (name)"), False, _CAMPAIGN),
        Field(
            "member", N_("Member (name or email)"), False, ("member", "person", "成员", "负责人")
        ),
    ),
    ImportKind.members: (
        Field(
            "display_name",
            N_("Name"),
            True,
            ("name", "display name", "display_name", "member", "full name", "成员", "姓名", "名字"),
        ),
        Field("email", N_("Email"), False, ("email", "e-mail", "mail", "邮箱", "电子邮件", "邮件")),
        Field(
            "title", N_("Title"), False, ("title", "job title", "position", "职位", "头衔", "角色")
        ),
        Field(
            "weekly_capacity_hours",
            N_("Weekly hours"),
            False,
            ("capacity", "hours", "weekly hours", "weekly_capacity_hours", "每周工时", "工时"),
        ),
        Field("skill", N_("Skill (key or name)"), False, ("skill", "skills", "技能", "特长")),
        Field(
            "level",
            N_("Skill level (1–5)"),
            False,
            ("level", "skill level", "等级", "级别", "水平"),
        ),
    ),
    ImportKind.assignments: (
        Field(
            "member",
            N_("Member (name or email)"),
            True,
            ("member", "person", "name", "email", "成员", "姓名", "人员", "邮箱"),
        ),
        Field("role", N_("Role (key or name)"), True, ("role", "role key", "角色", "岗位")),
        Field("campaign", N_("Campaign (name)"), False, _CAMPAIGN),
        Field("scope", N_("Scope (name)"), False, _SCOPE),
        Field(
            "raci",
            N_("RACI (R, A, C or I)"),
            True,
            ("raci", "raci letter", "responsibility", "职责类型", "责任类型", "责任", "职责"),
        ),
        Field(
            "allocation_percent",
            N_("Allocation (%: 30, 30% or 0.3; 1 and 100 are percents)"),
            False,
            (
                "allocation",
                "allocation %",
                "allocation percent",
                "allocation_percent",
                "percent",
                "投入",
                "投入比例",
                "分配比例",
                "占比",
                "工作量占比",
            ),
        ),
        Field(
            "starts_on",
            N_("Start date"),
            False,
            (
                "start",
                "starts",
                "starts on",
                "starts_on",
                "start date",
                "from",
                "开始",
                "开始日期",
                "开始时间",
            ),
        ),
        Field(
            "ends_on",
            N_("End date"),
            False,
            (
                "end",
                "ends",
                "ends on",
                "ends_on",
                "end date",
                "until",
                "结束",
                "结束日期",
                "结束时间",
            ),
        ),
        Field("note", N_("Note"), False, ("note", "notes", "comment", "备注", "说明")),
    ),
    ImportKind.tasks: (
        Field(
            "title",
            N_("Title"),
            True,
            ("title", "task", "task title", "name", "summary", "标题", "任务", "任务名称", "名称"),
        ),
        Field(
            "description",
            N_("Description"),
            False,
            ("description", "details", "描述", "详情", "说明", "任务描述"),
        ),
        Field("campaign", N_("Campaign (name)"), False, _CAMPAIGN),
        Field("scope", N_("Scope (name)"), False, _SCOPE),
        Field(
            "owner",
            N_("Owner (name or email)"),
            False,
            (
                "owner",
                "assignee",
                "member",
                "person",
                "owner email",
                "负责人",
                "执行人",
                "成员",
                "处理人",
            ),
        ),
        Field(
            "due_at",
            N_("Due date"),
            False,
            (
                "due",
                "due date",
                "due_at",
                "due at",
                "deadline",
                "due on",
                "截止",
                "截止日期",
                "截止时间",
                "到期日",
                "期限",
            ),
        ),
        Field("status", N_("Status"), False, ("status", "state", "状态", "任务状态")),
        Field("priority", N_("Priority"), False, ("priority", "优先级", "紧急程度")),
        Field(
            "estimate_hours",
            N_("Estimate (hours)"),
            False,
            (
                "estimate",
                "estimate hours",
                "estimate_hours",
                "estimated hours",
                "hours",
                "预计工时",
                "预估工时",
                "估时",
                "工时",
            ),
        ),
        Field(
            "blocked_reason",
            N_("Why it is blocked"),
            False,
            ("blocked reason", "blocked_reason", "why blocked", "受阻原因", "阻塞原因"),
        ),
    ),
}


def field_names(kind: ImportKind) -> list[str]:
    return [f.name for f in FIELDS[kind]]


def column_names(header: list[str]) -> list[str]:
    """The header's cells as unique column names (blank → `Column 3`, repeats numbered)."""
    names: list[str] = []
    for index, cell in enumerate(header, start=1):
        name = cell or f"Column {index}"
        candidate, n = name, 2
        while candidate in names:
            candidate, n = f"{name} ({n})", n + 1
        names.append(candidate)
    return names


def mapping_errors(
    kind: ImportKind, mapping: dict[str, str | None], columns: list[str]
) -> list[dict[str, Any]]:
    """Field errors of a mapping that names unknown fields or columns the file lacks."""
    errors = []
    known = set(field_names(kind))
    for name, column in mapping.items():
        if name not in known:
            errors.append(
                field_error(("body", "mapping", name), N_("No such field."), "unknown_field")
            )
        elif column is not None and column not in columns:
            errors.append(
                field_error(
                    ("body", "mapping", name),
                    N_("The file has no column {column}."),
                    "unknown_column",
                    column=column,
                )
            )
    return errors


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-:：()（）]+", " ", header.lower()).strip()


def suggest(
    kind: ImportKind, columns: list[str], remembered: dict[str, str] | None = None
) -> dict[str, str]:
    """field → column: the last mapping of this workspace and kind first, then names."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for field_name, column in (remembered or {}).items():
        if column in columns and field_name in field_names(kind) and column not in taken:
            mapping[field_name] = column
            taken.add(column)
    for candidate in FIELDS[kind]:
        if candidate.name in mapping:
            continue
        wanted = {_norm(h) for h in candidate.headers}
        for column in columns:
            if column not in taken and _norm(column) in wanted:
                mapping[candidate.name] = column
                taken.add(column)
                break
    return mapping
