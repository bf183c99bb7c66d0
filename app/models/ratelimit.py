from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RateLimitCounter(Base):
    """Attempts counted against one key (an account or a client address) until `expires_at`.

    Rows are upserted in their own short transactions by `app.core.rate_counters`, never in a
    request's transaction, so a request that fails and rolls back still counts.
    """

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(
        String(100), primary_key=True, comment="scope:kind:SHA-256 of the account or address"
    )
    attempts: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(
        index=True, comment="End of the window that began with the first counted attempt"
    )
