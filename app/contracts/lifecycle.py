"""Where a contract can go next from each status: the service refuses any other move and
the contract page offers exactly these (the web reads them through app/vocabulary.py)."""

from collections.abc import Mapping
from types import MappingProxyType

from app.models.contract import ContractStatus as S

CONTRACT_NEXT_STATUSES: Mapping[S, tuple[S, ...]] = MappingProxyType(
    {
        S.draft: (S.in_review, S.sent, S.signed),
        S.in_review: (S.draft, S.sent, S.signed),
        S.sent: (S.in_review, S.signed),
        S.signed: (S.active, S.terminated, S.superseded),
        S.active: (S.expiring, S.expired, S.terminated, S.renewed, S.superseded),
        S.expiring: (S.active, S.expired, S.terminated, S.renewed, S.superseded),
        S.renewed: (S.active, S.expiring, S.expired, S.terminated, S.superseded),
        S.expired: (S.renewed, S.superseded),
        S.terminated: (),
        S.superseded: (),
    }
)
