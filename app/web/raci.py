"""The campaign page's RACI matrix as typed view models: what its templates need, no more."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from app.vocabulary import AssignmentStatus
from app.web.views import assignments
from app.web.views.campaigns import Scope
from app.web.window import Window

WHOLE_CAMPAIGN = ""
COLUMNS_SHOWN = 12


@dataclass(frozen=True)
class Column:
    """A member in a role: one column of the matrix."""

    member_id: str
    member_name: str
    role_id: str
    role_name: str


@dataclass(frozen=True)
class Row:
    """A scope of the campaign; `scope_id` None is the campaign as a whole."""

    scope_id: str | None
    name: str
    role_ids: tuple[str, ...] = ()  # the roles the scope needs


@dataclass(frozen=True)
class Assignment:
    """What a cell shows and edits of the assignment behind it."""

    id: str
    raci: str
    allocation_percent: int
    starts_on: str
    ends_on: str | None

    @classmethod
    def of(cls, assignment: assignments.Assignment) -> "Assignment":
        return cls(
            id=assignment.id,
            raci=assignment.raci,
            allocation_percent=assignment.allocation_percent,
            starts_on=assignment.starts_on.isoformat(),
            ends_on=assignment.ends_on.isoformat() if assignment.ends_on else None,
        )


@dataclass(frozen=True)
class Cell:
    """One cell: a scope × a column, the assignment behind it, and what went wrong."""

    campaign_id: str
    row: Row
    column: Column
    assignment: Assignment | None = None
    error: str | None = None
    field_errors: Mapping[str, str] = field(default_factory=dict)
    entered: Mapping[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        """What the plan form shows: what was typed (after a refusal), else the saved value."""
        if name in self.entered:
            return self.entered[name]
        saved = getattr(self.assignment, name, None) if self.assignment else None
        return "" if saved is None else str(saved)

    @property
    def query(self) -> str:
        """The cell's ids and names as a query string (to fetch its plan editor)."""
        return urlencode(
            {
                "scope_id": self.row.scope_id or "",
                "scope_name": self.row.name,
                "member_id": self.column.member_id,
                "member_name": self.column.member_name,
                "role_id": self.column.role_id,
                "role_name": self.column.role_name,
            }
        )

    @property
    def label(self) -> str:
        """The cell's accessible name: "Script — Chen Hao, Creator"."""
        return f"{self.row.name} — {self.column.member_name}, {self.column.role_name}"

    @property
    def dom_id(self) -> str:
        return f"cell-{self.row.scope_id or 'whole'}-{self.column.member_id}-{self.column.role_id}"


@dataclass(frozen=True)
class Matrix:
    """A window of at most `COLUMNS_SHOWN` columns from `first` of `total` (phones, speed)."""

    columns: list[Column]
    rows: list[Row]
    cells: dict[str, Assignment]
    first: int = 0
    total: int = 0

    @property
    def previous(self) -> int | None:
        return Window(self.first, COLUMNS_SHOWN, self.total).previous

    @property
    def next(self) -> int | None:
        return Window(self.first, COLUMNS_SHOWN, self.total).next

    def cell(self, campaign_id: str, row: Row, column: Column) -> Cell:
        key = cell_key(row.scope_id, column.member_id, column.role_id)
        return Cell(campaign_id, row, column, self.cells.get(key))


@dataclass(frozen=True)
class Undo:
    """How to take a RACI change back: the cell's state before it."""

    cell: Cell
    assignment_id: str
    raci: str
    ends_on: str


def cell_key(scope_id: str | None, member_id: str, role_id: str) -> str:
    return f"{scope_id or WHOLE_CAMPAIGN}|{member_id}|{role_id}"


def build_matrix(
    scopes: Sequence[Scope],
    held: Sequence[assignments.Assignment],
    extra: list[Column],
    whole_campaign: str,
    first: int = 0,
) -> Matrix:
    """Rows are the scopes (and the campaign as a whole); columns are member × role."""
    columns: dict[tuple[str, str], Column] = {}
    cells: dict[str, Assignment] = {}
    for a in held:
        if a.status != AssignmentStatus.active:
            continue
        columns.setdefault(
            (a.member_id, a.role_id), Column(a.member_id, a.member_name, a.role_id, a.role_name)
        )
        cells[cell_key(a.scope_id, a.member_id, a.role_id)] = Assignment.of(a)
    for column in extra:
        columns.setdefault((column.member_id, column.role_id), column)
    ordered = sorted(columns.values(), key=lambda c: (c.member_name, c.role_name))
    window = Window.at(first, COLUMNS_SHOWN, len(ordered))
    rows = [Row(s.id, s.name, tuple(s.role_ids)) for s in scopes]
    return Matrix(
        window.of(ordered), [*rows, Row(None, whole_campaign)], cells, window.first, window.total
    )
