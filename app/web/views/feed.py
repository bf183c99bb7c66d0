"""An entry of the activity feed (app/activity/schemas.py's reply), and how it is shown."""

from dataclasses import dataclass
from datetime import datetime

from pydantic import JsonValue

from app.web.views import View


class Activity(View):
    verb: str
    subject_type: str
    subject_name: str
    campaign_id: str | None
    actor_name: str
    before: dict[str, JsonValue] | None
    after: dict[str, JsonValue] | None
    reason: str
    occurred_at: datetime


@dataclass(frozen=True)
class FeedEntry:
    """An activity as a sentence in the reader's language, with what it changed."""

    activity: Activity
    sentence: str
    changes: list[tuple[str, str, str]]  # (field, before, after)

    @property
    def campaign_id(self) -> str | None:
        return self.activity.campaign_id

    @property
    def subject_type(self) -> str:
        return self.activity.subject_type

    @property
    def occurred_at(self) -> datetime:
        return self.activity.occurred_at

    @property
    def reason(self) -> str:
        return self.activity.reason
