"""What the announcement pages show (app/announcements/schemas.py's replies)."""

from datetime import datetime

from app.vocabulary import AnnouncementState
from app.web.views import View
from app.web.views.campaigns import Person


class ReceiptCounts(View):
    recipients: int
    seen: int
    acknowledged: int


class MyReceipt(View):
    acknowledged_at: datetime | None


class Announcement(View):
    id: str
    title: str
    body_html: str  # sanitised by the API: the one text a template may mark safe
    author_name: str | None
    state: AnnouncementState
    requires_ack: bool
    publish_at: datetime | None
    published_at: datetime | None
    my_receipt: MyReceipt | None
    counts: ReceiptCounts | None


class Receipts(View):
    """Who has seen and acknowledged it (for its author and admins)."""

    counts: ReceiptCounts
    not_seen: list[Person]
    not_acknowledged: list[Person]
