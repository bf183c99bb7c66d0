"""Engine and session factory; SQLite gets WAL, foreign keys and a busy timeout."""

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

WRITE_TRANSACTION = "troupe_write"


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        # Instants come back in UTC, as `datetime.timezone.utc`: `UTCDateTime` passes
        # them unchanged instead of converting each one.
        connect_args={"options": "-c timezone=UTC"},
    )


def _configure_sqlite(engine: Engine) -> None:
    """Set pragmas per connection and take the write lock up front for writing requests.

    A deferred SQLite transaction that later wants to write can fail with "database is
    locked" however long it waits; `BEGIN IMMEDIATE` waits for the lock instead.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_TRANSACTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def pool_capacity(engine: Engine) -> int | None:
    """How many connections the engine's pool hands out at once (`None`: no fixed limit)."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return None
    overflow = getattr(pool, "_max_overflow", 0)
    return None if overflow < 0 else pool.size() + overflow


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def begin_write(session: Session) -> None:
    """Mark the session's transaction as a writing one (BEGIN IMMEDIATE on SQLite)."""
    session.connection(execution_options={WRITE_TRANSACTION: True})
