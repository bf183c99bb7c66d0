"""A long list shown a part at a time (issue 9: the RACI matrix's people, the skill matrix's
members): which part, and where the previous and next parts start."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    """Items `first` to `first + size` (at most) of `total`."""

    first: int
    size: int
    total: int

    @classmethod
    def at(cls, first: int, size: int, total: int) -> "Window":
        """The window starting at `first`, moved back inside the list if it starts past it."""
        return cls(min(max(first, 0), max(total - 1, 0)), size, total)

    @property
    def end(self) -> int:
        """One past the last item shown."""
        return min(self.first + self.size, self.total)

    @property
    def previous(self) -> int | None:
        return max(0, self.first - self.size) if self.first > 0 else None

    @property
    def next(self) -> int | None:
        return self.end if self.end < self.total else None

    def of(self, items: Sequence[T]) -> list[T]:
        return list(items[self.first : self.end])
