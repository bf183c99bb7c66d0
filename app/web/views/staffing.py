"""Staffing suggestions for a campaign's open slots (app/staffing/schemas.py's reply)."""

from app.vocabulary import SlotKind, SuggestionMode
from app.web.views import View


class OpenSlot(View):
    kind: SlotKind
    scope_id: str | None
    label: str


class Candidate(View):
    member_id: str
    display_name: str
    role_id: str
    role_name: str
    score: float
    free_percent: int
    meets_required: bool
    reason: str


class Pick(View):
    why: str


class SlotSuggestions(View):
    slot: OpenSlot
    candidates: list[Candidate]
    pick: Pick | None = None


class StaffingSuggestions(View):
    mode: SuggestionMode
    slots: list[SlotSuggestions]
