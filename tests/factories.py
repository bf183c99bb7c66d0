"""Small factories: users and tokens straight in the database, everything else via the API."""

import itertools
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.core.security import hash_password
from app.models import Member, User, Workspace
from app.models.enums import Access, TokenKind, TokenScope
from app.workspaces import service as workspace_service
from app.workspaces.schemas import WorkspaceCreate

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


@dataclass(frozen=True)
class Caller:
    """An HTTP client acting as one user, through one token, in one workspace."""

    client: TestClient
    token: str
    workspace: str
    user_id: Any
    member_id: Any

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def url(self, path: str) -> str:
        if path.startswith("/"):
            return path
        base = f"/api/v1/workspaces/{self.workspace}"
        return f"{base}/{path}" if path else base

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response: httpx.Response = self.client.request(
            method, self.url(path), headers=headers, **kwargs
        )
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def in_workspace(self, slug: str) -> "Caller":
        return replace(self, workspace=slug)


def make_user(session: Session, *, email: str | None = None, name: str | None = None) -> User:
    user = User(
        email=email or f"{unique('user')}@example.com",
        password_hash=_password_hash(),
        display_name=name or unique("User"),
    )
    session.add(user)
    session.flush()
    return user


def make_token(session: Session, user: User, *, write: bool = True) -> str:
    scopes = [TokenScope.read, TokenScope.write] if write else [TokenScope.read]
    _token, secret = auth_service.issue_token(
        session, user=user, kind=TokenKind.session, name="sign-in", scopes=scopes, expires_at=None
    )
    return secret


def make_workspace_owner(client: TestClient, session: Session, *, locale: str = "en") -> Caller:
    user = make_user(session)
    workspace = workspace_service.create_for_user(
        session,
        user=user,
        workspace_in=WorkspaceCreate(slug=unique("ws"), name="Test studio", locale=locale),
    )
    session.commit()
    member = session.query(Member).filter_by(workspace_id=workspace.id, user_id=user.id).one()
    return Caller(client, make_token(session, user), workspace.slug, user.id, member.id)


def join(session: Session, owner: Caller, access: Access, *, write: bool = True) -> Caller:
    """Another user in `owner`'s workspace with `access` (a read-only token if not `write`)."""
    user = make_user(session)
    workspace = session.query(Workspace).filter_by(slug=owner.workspace).one()
    member = Member(
        workspace_id=workspace.id,
        user_id=user.id,
        display_name=user.display_name,
        email=user.email,
        access=access,
    )
    session.add(member)
    session.flush()
    caller = Caller(
        owner.client, make_token(session, user, write=write), owner.workspace, user.id, member.id
    )
    session.commit()
    return caller


def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def count_statements(connection: Connection) -> list[str]:
    """The SQL statements run on `connection` from now on (a list that keeps growing)."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    return statements
