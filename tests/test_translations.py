from sqlalchemy.orm import Session

from app.core.catalogs import untranslated
from app.models import User
from app.models.enums import Locale
from tests.factories import Caller


def prefer_chinese(session: Session, caller: Caller) -> None:
    session.get_one(User, caller.user_id).locale = Locale.zh_cn
    session.commit()


def test_every_marked_message_has_a_chinese_translation() -> None:
    assert untranslated("zh-CN") == {}


def test_problems_speak_the_users_language(owner: Caller, session: Session) -> None:
    prefer_chinese(session, owner)

    problem = owner.get("members/00000000-0000-4000-8000-000000000000").json()

    assert problem["title"] == "未找到"
    assert problem["detail"] == "找不到该成员。"


def test_anonymous_problems_follow_accept_language(owner: Caller) -> None:
    response = owner.client.get(owner.url("members"), headers={"Accept-Language": "zh-CN,zh;q=0.9"})

    assert response.status_code == 401
    assert response.json()["detail"] == "请在 Authorization 请求头中提供 Bearer 令牌。"


def test_placeholders_survive_translation(owner: Caller, session: Session) -> None:
    prefer_chinese(session, owner)

    problem = owner.post("/api/v1/workspaces", json={"slug": owner.workspace, "name": "x"}).json()

    assert problem["detail"] == f"标识 {owner.workspace} 已被占用；请换一个。"
