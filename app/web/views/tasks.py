"""What the task pages show: a task with its checklist, and a contract obligation I owe."""

from datetime import date, datetime

from app.vocabulary import TaskPriority, TaskStatus
from app.web.views import View


class Step(View):
    text: str
    done: bool


class TaskWarning(View):
    message: str


class Task(View):
    id: str
    title: str
    description_html: str
    campaign_id: str | None
    campaign_name: str | None
    scope_name: str | None
    owner_name: str | None
    due_at: datetime | None
    overdue: bool
    status: TaskStatus
    blocked_reason: str | None
    priority: TaskPriority
    checklist: list[Step]
    warnings: list[TaskWarning] = []


class Obligation(View):
    """A contract obligation the caller owes (My day, My week)."""

    id: str
    contract_id: str
    description: str
    due_on: date
