"""Narrowing and paging a workspace's findings: filters, counts per group, a page.

Findings are computed per request (they depend on the day asked), so the cursor is a
position in the ordered findings: stable while the workspace does not change.
"""

import base64
import binascii
import json
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Query

from app.core.errors import InvalidCursor
from app.core.i18n import N_
from app.division.schemas import FindingCode, FindingData, Severity

T = TypeVar("T")
MAX_LIMIT = 200  # as every list (tests/api/test_openapi.py)
DEFAULT_LIMIT = 100

SeverityQuery = Annotated[Severity | None, Query(description="Only findings of this severity.")]
CodeQuery = Annotated[FindingCode | None, Query(description="Only findings with this code.")]
CampaignQuery = Annotated[
    uuid.UUID | None,
    Query(
        description="Check only this campaign (a live one): its findings, without the "
        "workspace-wide ones; `summary` and `campaigns` then cover it alone."
    ),
]
WorkspaceWideQuery = Annotated[
    bool,
    Query(
        description="Only the findings of no one campaign (over-allocation, idle members, "
        "standing conflicts)."
    ),
]
MemberQuery = Annotated[
    uuid.UUID | None, Query(description="Only findings that concern this member.")
]
LimitQuery = Annotated[
    int,
    Query(
        ge=0,
        le=MAX_LIMIT,
        description=f"Findings per page, 0–{MAX_LIMIT} (0: only the counts).",
    ),
]
CursorQuery = Annotated[
    str | None, Query(max_length=100, description="The `next_cursor` of the previous page.")
]


@dataclass(frozen=True)
class FindingFilter:
    severity: Severity | None = None
    code: FindingCode | None = None
    member_id: uuid.UUID | None = None
    workspace_wide: bool = False

    def keep(self, findings: list[FindingData], key: str | None) -> list[FindingData]:
        """`key`: the member id as the rows spell it (text)."""
        return [
            f
            for f in findings
            if (self.severity is None or f["severity"] == self.severity)
            and (self.code is None or f["code"] == self.code)
            and (key is None or key in f.get("member_ids", ()))
            and (not self.workspace_wide or f.get("campaign_id") is None)
        ]


def groups(findings: list[FindingData]) -> list[dict[str, object]]:
    """How many findings per campaign (workspace-wide first), code and severity."""
    counts = Counter((f.get("campaign_id"), f["code"], f["severity"]) for f in findings)
    return [
        {"campaign_id": campaign_id, "code": code, "severity": severity, "count": count}
        for (campaign_id, code, severity), count in counts.items()
    ]


def encode(position: int) -> str:
    return base64.urlsafe_b64encode(json.dumps(["at", position]).encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not (isinstance(raw, list) and len(raw) == 2 and raw[0] == "at"):
            raise ValueError("wrong shape")
        position = raw[1]
        if not isinstance(position, int) or position < 0:
            raise ValueError("wrong position")
        return position
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor(N_("The cursor is malformed; start again without it.")) from exc


def page(items: list[T], *, limit: int, cursor: str | None) -> tuple[list[T], str | None]:
    """A page of computed `items` (findings, skill gaps) from the position `cursor` holds."""
    start = decode(cursor)
    end = start + limit
    return items[start:end], encode(end) if limit and end < len(items) else None
