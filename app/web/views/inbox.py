"""What the inbox shows: my notifications, and how each kind reaches me."""

from datetime import datetime

from app.vocabulary import Delivery, NotificationKind
from app.web.views import View


class Notification(View):
    id: str
    kind: NotificationKind
    subject_type: str
    subject_id: str
    actor_name: str
    title: str
    excerpt: str
    read_at: datetime | None


class NotificationLine(Notification):
    """A notification with what its kind says, in the reader's language."""

    kind_label: str


class Preference(View):
    kind: NotificationKind
    delivery: Delivery
    default: Delivery


class PreferenceRow(Preference):
    """A kind's choice with the names the page shows for the kind and its default."""

    label: str
    default_label: str
