"""Documents answer through `app/documents/reads.py` (one Core select, `latest` in SQL,
the files of the page in one more): every reply is the one the ORM-based builder made,
and a list costs the same statements whatever its length."""

import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.documents.schemas import DocumentRead
from app.files import reads as file_reads
from app.models.paper import Document
from tests.factories import Caller, count_statements, created
from tests.files import samples
from tests.money.test_documents import contract, files_dir, upload

__all__ = ["files_dir"]  # the fixture, used by name


def oracle(session: Session, workspace_id: Any, owner_id: str) -> list[dict[str, Any]]:
    """The replies as the ORM-based builder made them before the read path."""
    session.expire_all()
    documents = list(
        session.scalars(
            select(Document)
            .where(Document.owner_id == uuid.UUID(owner_id))
            .order_by(Document.kind, Document.title, Document.version)
        )
    )
    latest: dict[tuple[Any, str], int] = defaultdict(int)
    for d in documents:
        latest[(d.kind, d.title)] = max(latest[(d.kind, d.title)], d.version)
    by_owner = file_reads.read_for_owners(
        session,
        workspace_id=workspace_id,
        owner_type="document",
        owner_ids=[d.id for d in documents],
    )
    return [
        DocumentRead(
            id=d.id,
            kind=d.kind,
            title=d.title,
            version=d.version,
            latest=d.version == latest[(d.kind, d.title)],
            signed=d.signed,
            file=by_owner[d.id][0],
            created_at=d.created_at,
            created_by_member_id=d.created_by_member_id,
        ).model_dump(mode="json")
        for d in documents
    ]


def test_document_replies_are_the_ones_the_orm_made(
    owner: Caller, session: Session, files_dir: Path
) -> None:
    paper = contract(owner)
    docs = f"contracts/{paper['id']}/documents"
    first = created(upload(owner, docs, samples.PDF, kind="contract", title="Agreement"))
    second = created(upload(owner, docs, samples.PDF + b"%v2", kind="contract", title="Agreement"))
    other = created(upload(owner, docs, samples.PNG, name="map.png", kind="other", title="Map"))
    signed = owner.post(f"{docs}/{second['id']}/sign", json={"signed": True}).json()
    workspace_id = session.get_one(Document, uuid.UUID(first["id"])).workspace_id

    expected = oracle(session, workspace_id, paper["id"])
    by_id = {d["id"]: d for d in expected}

    assert owner.get(docs).json()["items"] == expected
    assert owner.get(f"{docs}/{first['id']}").json() == by_id[first["id"]]
    assert signed == by_id[second["id"]]
    assert other == by_id[other["id"]]
    assert [d["latest"] for d in expected] == [False, True, True]


def test_a_document_list_costs_the_same_statements_whatever_its_length(
    owner: Caller, connection: Connection, files_dir: Path
) -> None:
    few = f"contracts/{contract(owner)['id']}/documents"
    many = f"contracts/{contract(owner)['id']}/documents"
    created(upload(owner, few, samples.PDF, title="One"))
    for number in range(8):
        created(upload(owner, many, samples.PDF + str(number).encode(), title=f"Doc {number % 3}"))

    statements = count_statements(connection)
    assert len(owner.get(few).json()["items"]) == 1
    small_count = len(statements)
    statements.clear()
    assert len(owner.get(many).json()["items"]) == 8
    assert len(statements) == small_count
