"""What the trainings page shows of a training."""

from dataclasses import dataclass
from datetime import date

from app.web.views import View


class Training(View):
    id: str
    title: str
    member_name: str
    skill_name: str | None
    level_before: int | None
    level_after: int | None
    starts_on: date | None
    ends_on: date | None
    completed_on: date | None
    task_id: str | None


@dataclass(frozen=True)
class TrainingList:
    """A page of the planned (or the completed) trainings and the next page's address."""

    done: bool
    trainings: list[Training]
    more_url: str | None
