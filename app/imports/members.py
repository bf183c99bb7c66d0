"""Member rows with skills: one row per member, or one per member and skill.

A skill cell holds one skill (its level in the level column) or a list such as
`剪辑:4, 文案:3`. Members are matched by the key field (email, else name): a member
that exists is skipped, updated (given fields and skill levels) or refused.
"""

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.activity import service as activity
from app.core.i18n import N_
from app.core.permissions import WorkspaceContext
from app.imports import cells, lookup
from app.imports.fields import OnDuplicate
from app.imports.rows import Records, RowError
from app.models import Member, MemberSkill, Skill

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SKILL_LIST = re.compile(r"[,;，；、/]")
_SKILL_LEVEL = re.compile(r"^(.*?)\s*[:：(（]?\s*([1-5])\s*[)）]?$")
MEMBER_FIELDS = ("display_name", "email", "title", "weekly_capacity_hours")


@dataclass
class Person:
    row: int
    values: dict[str, Any]  # given fields only
    skills: dict[uuid.UUID, int] = field(default_factory=dict)
    existing_id: uuid.UUID | None = None


@dataclass
class Plan:
    people: list[Person] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def plan(
    session: Session,
    *,
    ctx: WorkspaceContext,
    records: Records,
    on_duplicate: OnDuplicate,
    key_field: str | None,
) -> Plan:
    skills: dict[str, uuid.UUID] = {}
    for row in session.execute(
        select(Skill.id, Skill.key, Skill.name).where(Skill.workspace_id == ctx.workspace_id)
    ):
        skills.setdefault(row.name.lower(), row.id)
        skills[row.key.lower()] = row.id
    for key, skill_id in list(skills.items()):
        for name in lookup.other_names("skills", key):
            skills.setdefault(name.lower(), skill_id)  # the seeded names in either language
    key = key_field or ("email" if "email" in records.mapping else "display_name")
    stored: dict[str, uuid.UUID] = {}
    emails: dict[str, uuid.UUID | str] = {}  # email → stored member, or the file's name key
    for person_row in session.execute(
        select(Member.id, Member.display_name, Member.email).where(
            Member.workspace_id == ctx.workspace_id
        )
    ):
        value = person_row.email if key == "email" else person_row.display_name
        if value:
            stored[value.lower()] = person_row.id
        if person_row.email:
            emails[person_row.email.lower()] = person_row.id
    result = Plan(errors=list(records.errors))
    bad = records.bad_rows()
    flagged = records.flagged()
    by_key: dict[str, Person] = {}
    column = records.mapping.get
    for record, number in zip(records.rows, records.numbers, strict=True):
        errors: list[RowError] = []

        def error(name: str, code: str, message: str, /, **params: Any) -> None:
            if (number, name) not in flagged:  # noqa: B023
                errors.append(RowError(number, column(name), name, code, message, params))  # noqa: B023

        values: dict[str, Any] = {}
        name = record.get("display_name", "")
        if not name:
            error("display_name", "missing", N_("A name is required."))
        elif len(name) > 120:
            error("display_name", "too_long", N_("At most {limit} characters."), limit=120)
        else:
            values["display_name"] = name
        email = record.get("email", "").lower()
        if email and not _EMAIL.match(email):
            error("email", "email", N_("{text} is not an email address."), text=email)
        elif email:
            values["email"] = email
        if record.get("title"):
            values["title"] = record["title"][:120]
        hours = record.get("weekly_capacity_hours", "")
        if hours:
            try:
                values["weekly_capacity_hours"] = cells.number(hours)
                if not 0 <= values["weekly_capacity_hours"] <= 168:
                    raise ValueError(hours)
            except ValueError:
                error(
                    "weekly_capacity_hours",
                    "hours",
                    N_("{text} is not a number of hours between 0 and 168."),
                    text=hours,
                )
        levels = _skills(record, skills, error)
        identity = values.get(key)
        if key == "email" and not identity and not errors:
            error("email", "missing", N_("An email is required: members are matched by email."))
        identity_key = str(identity).lower()
        owner = emails.get(email) if email else None
        if owner is not None and owner not in (stored.get(identity_key), identity_key):
            error("email", "email_taken", N_("Another member has this email."))
        if errors or number in bad:
            result.errors += errors
            continue
        if email:
            emails.setdefault(email, identity_key)
        person = by_key.get(str(identity).lower())
        if person is None:
            person = Person(number, values, existing_id=stored.get(str(identity).lower()))
            by_key[str(identity).lower()] = person
            if person.existing_id is not None and on_duplicate is OnDuplicate.error:
                result.errors.append(
                    RowError(
                        number,
                        column(key),
                        key,
                        "duplicate",
                        N_("A member with this {field} exists already."),
                        {"field": key},
                    )
                )
                continue
            if person.existing_id is not None and on_duplicate is OnDuplicate.skip:
                result.skipped += 1
                continue
            result.people.append(person)
        else:
            person.values.update(values)
        person.skills.update(levels)
    return result


def _skills(
    record: dict[str, str], known: dict[str, uuid.UUID], error: Any
) -> dict[uuid.UUID, int]:
    text = record.get("skill", "")
    if not text:
        return {}
    level_text = record.get("level", "")
    parts = [p.strip() for p in _SKILL_LIST.split(text) if p.strip()]
    found: dict[uuid.UUID, int] = {}
    for part in parts:
        name, level = part, level_text
        match = _SKILL_LEVEL.match(part)
        if match and match.group(1) and (len(parts) > 1 or not level_text):
            name, level = match.group(1).strip(), match.group(2)
        skill_id = known.get(name.lower())
        if skill_id is None:
            error("skill", "unknown_skill", N_("No skill is called {name}."), name=name)
            continue
        if not level:
            error("level", "missing", N_("A level (1–5) is required for {name}."), name=name)
            continue
        if level not in {"1", "2", "3", "4", "5"}:
            error("level", "level", N_("{text} is not a level from 1 to 5."), text=level)
            continue
        found[skill_id] = int(level)
    return found


def commit(
    session: Session, *, ctx: WorkspaceContext, planned: Plan
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    changes: list[dict[str, Any]] = []
    created = updated = 0
    existing_ids = [p.existing_id for p in planned.people if p.existing_id is not None]
    stored = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(existing_ids)))}
    levels: dict[tuple[uuid.UUID, uuid.UUID], MemberSkill] = {
        (s.member_id, s.skill_id): s
        for s in session.scalars(select(MemberSkill).where(MemberSkill.member_id.in_(existing_ids)))
    }
    for person in planned.people:
        if person.existing_id is None:
            member = Member(workspace_id=ctx.workspace_id, **person.values)
            session.add(member)
            session.flush()
            created += 1
            changes.append(
                {"entity": "member", "entity_id": member.id, "related_id": None, "before": None}
            )
            activity.record(
                session,
                ctx=ctx,
                verb="member.created",
                subject_id=member.id,
                subject_name=member.display_name,
                member_id=member.id,
                after={k: getattr(member, k) for k in MEMBER_FIELDS},
            )
        else:
            member = stored[person.existing_id]
            before = {k: getattr(member, k) for k in MEMBER_FIELDS}
            for name, value in person.values.items():
                setattr(member, name, value)
            updated += 1
            changes.append(
                {"entity": "member", "entity_id": member.id, "related_id": None, "before": before}
            )
            activity.record(
                session,
                ctx=ctx,
                verb="member.updated",
                subject_id=member.id,
                subject_name=member.display_name,
                member_id=member.id,
                before=before,
                after={k: getattr(member, k) for k in MEMBER_FIELDS},
            )
        for skill_id, level in person.skills.items():
            current = levels.get((member.id, skill_id))
            if current is None:
                session.add(MemberSkill(member_id=member.id, skill_id=skill_id, level=level))
                changes.append(
                    {
                        "entity": "member_skill",
                        "entity_id": member.id,
                        "related_id": skill_id,
                        "before": None,
                    }
                )
            elif current.level != level:
                changes.append(
                    {
                        "entity": "member_skill",
                        "entity_id": member.id,
                        "related_id": skill_id,
                        "before": {"level": current.level},
                    }
                )
                current.level = level
    session.flush()
    return changes, {"created": created, "updated": updated, "skipped": planned.skipped}


def revert(session: Session, *, ctx: WorkspaceContext, changes: list[Any]) -> None:
    """Restore skill levels and members as they were; delete the members it created."""
    for change in changes:
        if change.entity == "member_skill":
            skill = session.get(MemberSkill, (change.entity_id, change.related_id))
            if skill is None:
                continue
            if change.before is None:
                session.delete(skill)
            else:
                skill.level = change.before["level"]
    session.flush()
    for change in changes:
        if change.entity != "member":
            continue
        member = session.scalar(
            select(Member).where(
                Member.id == change.entity_id, Member.workspace_id == ctx.workspace_id
            )
        )
        if member is None:
            continue
        if change.before is None:
            session.execute(delete(Member).where(Member.id == member.id))
            activity.record(
                session,
                ctx=ctx,
                verb="member.deleted",
                subject_id=member.id,
                subject_name=member.display_name,
            )
        else:
            for name, value in change.before.items():
                setattr(member, name, value)
    session.flush()
