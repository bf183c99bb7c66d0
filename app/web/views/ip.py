"""What the IP register, an asset's page and a licence grant's page show
(app/ip/schemas.py and grants_schemas.py's replies)."""

from datetime import date
from decimal import Decimal

from app.vocabulary import IPAssetKind
from app.web.views import View


class Owner(View):
    name: str
    share_percent: Decimal


class Asset(View):
    id: str
    title: str
    kind: IPAssetKind
    creators: list[str]
    owners: list[Owner]
    registration_number: str
    jurisdiction: str
    renewal_due_on: date | None


class Grant(View):
    id: str
    ip_asset_id: str
    licensee: str
    contract_id: str | None
    territory: str
    media: str
    starts_on: date | None
    ends_on: date | None
    exclusive: bool
    royalty_percent: Decimal | None
