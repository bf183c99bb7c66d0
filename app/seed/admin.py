"""`troupe create-admin`: a user owning a workspace, created once."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.service import create_user, normalise_email
from app.core.errors import InvalidInput
from app.core.i18n import N_
from app.core.security import verify_password
from app.models import Member, User, Workspace
from app.models.base import utcnow
from app.models.enums import Access, Locale, MemberStatus
from app.workspaces.schemas import WorkspaceCreate
from app.workspaces.service import create_for_user


def ensure_admin(
    session: Session,
    *,
    email: str,
    password: str,
    slug: str,
    workspace_name: str,
    locale: str,
) -> str:
    """Make `email` an owner of workspace `slug`, creating either if missing.

    An existing user keeps their password unless it is given correctly (then nothing
    changes); an existing workspace gains the user as an owner.
    """
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    created_user = user is None
    if user is None:
        user = create_user(
            session,
            email=email,
            password=password,
            display_name=email.split("@")[0],
            locale=Locale(locale),
        )
    elif not verify_password(password, user.password_hash):
        raise InvalidInput(
            N_("{email} exists with another password; nothing changed."), params={"email": email}
        )
    workspace = session.scalar(select(Workspace).where(Workspace.slug == slug))
    if workspace is None:
        workspace_in = WorkspaceCreate(slug=slug, name=workspace_name, locale=Locale(locale))
        create_for_user(session, user=user, workspace_in=workspace_in)
        return f"Created {'user ' + email + ' and ' if created_user else ''}workspace {slug}."
    member = session.scalar(
        select(Member).where(Member.workspace_id == workspace.id, Member.user_id == user.id)
    )
    if member is not None and member.access is Access.owner:
        return f"{email} already owns {slug}; nothing changed."
    if member is None:
        member = Member(
            workspace_id=workspace.id,
            user_id=user.id,
            display_name=user.display_name,
            email=user.email,
        )
        session.add(member)
    member.access = Access.owner
    member.status = MemberStatus.active
    member.updated_at = utcnow()
    session.flush()
    return f"{email} is now an owner of {slug}."
