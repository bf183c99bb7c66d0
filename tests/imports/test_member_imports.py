"""Member imports with skills: one row per member or per skill, matched by email, undo."""

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member, MemberSkill, Skill, Workspace
from app.models.enums import Access
from tests.api.division_helpers import make_role
from tests.api.helpers import assign, make_campaign
from tests.factories import Caller, created, join


def upload(caller: Caller, text: str) -> httpx.Response:
    return caller.post(
        "imports",
        files={"file": ("team.csv", text.encode("gb18030"), "text/csv")},
        data={"kind": "members"},
    )


def make_skill(caller: Caller, key: str, name: str) -> str:
    return str(created(caller.post("skills", json={"key": key, "name": name}))["id"])


def people(session: Session, caller: Caller) -> dict[str, tuple[str | None, dict[str, int]]]:
    workspace_id = session.scalar(select(Workspace.id).where(Workspace.slug == caller.workspace))
    found: dict[str, tuple[str | None, dict[str, int]]] = {}
    for member in session.scalars(select(Member).where(Member.workspace_id == workspace_id)):
        levels = {
            row.key: row.level
            for row in session.execute(
                select(Skill.key, MemberSkill.level)
                .join(Skill, Skill.id == MemberSkill.skill_id)
                .where(MemberSkill.member_id == member.id)
            )
        }
        found[member.display_name] = (member.title, levels)
    return found


def test_members_with_skills_are_created_updated_and_undone(
    owner: Caller, session: Session
) -> None:
    make_skill(owner, "video_editing", "剪辑")
    make_skill(owner, "copywriting", "文案")
    first = created(
        upload(owner, "姓名,邮箱,职位,技能,等级\n王芳,wang@example.com,剪辑师,剪辑,4\n")
    )
    assert first["mapping"] == {
        "display_name": "姓名",
        "email": "邮箱",
        "title": "职位",
        "skill": "技能",
        "level": "等级",
    }
    assert owner.post(f"imports/{first['id']}/commit").status_code == 200
    before = people(session, owner)
    assert before["王芳"] == ("剪辑师", {"video_editing": 4})

    second = created(
        upload(
            owner,
            "姓名,邮箱,职位,技能,等级\n"
            "王芳,WANG@example.com,主剪辑,剪辑,5\n"  # existing, by email: updated
            '李雷,li@example.com,文案,"剪辑:2, 文案:3",\n'  # new, a list of skills
            "韩梅梅,han@example.com,,书法,3\n",  # unknown skill
        )
    )
    owner.patch(f"imports/{second['id']}", json={"on_duplicate": "update"})
    check = owner.post(f"imports/{second['id']}/validate").json()
    assert [(e["row"], e["code"]) for e in check["errors"]] == [(4, "unknown_skill")]
    assert (check["to_create"], check["to_update"]) == (1, 1)
    done = owner.post(f"imports/{second['id']}/commit", json={"skip_invalid_rows": True})
    assert done.status_code == 200, done.text
    after = people(session, owner)
    assert after["王芳"] == ("主剪辑", {"video_editing": 5})
    assert after["李雷"] == ("文案", {"video_editing": 2, "copywriting": 3})
    assert "韩梅梅" not in after

    assert owner.post(f"imports/{second['id']}/undo").status_code == 200
    session.expire_all()
    assert people(session, owner) == before


def test_member_imports_need_admin_access(owner: Caller, session: Session) -> None:
    editor = join(session, owner, Access.editor)
    assert upload(editor, "name\nZhou\n").status_code == 403
    body = created(upload(owner, "name\nZhou\n"))
    assert editor.get(f"imports/{body['id']}").status_code == 403


def test_existing_member_is_refused_when_asked(owner: Caller, session: Session) -> None:
    created(owner.post("members", json={"display_name": "Zhou", "email": "zhou@example.com"}))
    body = created(upload(owner, "name,email\nZhou Wei,zhou@example.com\n"))
    owner.patch(f"imports/{body['id']}", json={"on_duplicate": "error"})
    errors = owner.post(f"imports/{body['id']}/validate").json()["errors"]
    assert [e["code"] for e in errors] == ["duplicate"]
    owner.patch(f"imports/{body['id']}", json={"key_column": "display_name"})
    errors = owner.post(f"imports/{body['id']}/validate").json()["errors"]
    assert [e["code"] for e in errors] == ["email_taken"]
    assert uuid.UUID(body["id"])


def test_undoing_a_member_import_judges_the_campaign_again(owner: Caller) -> None:
    """The undo deletes its members with one statement (their assignments go by cascade),
    which no flush sees: the campaign's cached findings must not outlive it."""
    campaign = make_campaign(owner, "Script")
    role = make_role(owner)
    imported = created(upload(owner, "姓名,邮箱\n马,ma@example.com\n"))
    assert owner.post(f"imports/{imported['id']}/commit").status_code == 200
    ma = owner.get("members", params={"q": "马"}).json()["items"][0]
    created(assign(owner, ma, role, "accountable", campaign, campaign["scopes"][0]))
    path = f"campaigns/{campaign['id']}/health"
    before = {f["code"] for f in owner.get(path).json()["findings"]}

    assert owner.post(f"imports/{imported['id']}/undo").status_code == 200
    after = {f["code"] for f in owner.get(path).json()["findings"]}

    assert "no_accountable" not in before
    assert "no_accountable" in after
