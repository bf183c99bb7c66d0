"""The baseline's database access: one DB-API connection per worker thread, plain SQL
with `:name` parameters, and the few conversions between the two databases' storage
(SQLite keeps ids as 32 hex digits and instants as naive UTC text)."""

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from bench.instrumented import count_statement

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


class Database:
    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self.target = url.removeprefix("sqlite:///")
        else:
            self.target = url.replace("postgresql+psycopg://", "postgresql://")
        self.dialect = "sqlite" if self.sqlite else "postgresql"
        self._local = threading.local()
        self._converted: dict[str, str] = {}

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.sqlite:
                connection = sqlite3.connect(self.target, isolation_level=None, timeout=30)
                for pragma in (
                    "busy_timeout = 30000",
                    "journal_mode = WAL",
                    "synchronous = NORMAL",
                    "foreign_keys = ON",
                ):
                    connection.execute(f"PRAGMA {pragma}")
            else:
                connection = psycopg.connect(self.target, autocommit=True)
            self._local.connection = connection
        return connection

    def _sql(self, sql: str) -> str:
        converted = self._converted.get(sql)
        if converted is None:
            converted = sql if self.sqlite else _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
            self._converted[sql] = converted
        return converted

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        count_statement()
        cursor = self._connection().cursor()
        try:
            cursor.execute(self._sql(sql), params or {})
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def one(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        found = self.rows(sql, params)
        return found[0] if found else None

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> None:
        count_statement()
        self._connection().execute(self._sql(sql), params or {})

    def execute_many(self, sql: str, rows: Sequence[dict[str, Any]]) -> None:
        count_statement()
        cursor = self._connection().cursor()
        try:
            cursor.executemany(self._sql(sql), rows)
        finally:
            cursor.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction (SQLite: BEGIN IMMEDIATE, like Troupe)."""
        connection = self._connection()
        if self.sqlite:
            self.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        else:
            with connection.transaction():
                yield

    # --- conversions ----------------------------------------------------------------

    def id_param(self, value: str) -> Any:
        return uuid.UUID(value).hex if self.sqlite else uuid.UUID(value)

    def in_list(self, name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
        """`IN (...)` for SQLite, `= ANY(...)` for PostgreSQL, with its parameters."""
        if not self.sqlite:
            return f"= ANY(:{name})", {name: list(values)}
        names = [f"{name}_{i}" for i in range(len(values))]
        return f"IN ({', '.join(':' + n for n in names)})", dict(zip(names, values, strict=True))

    def id_out(self, value: Any) -> str | None:
        if value is None:
            return None
        if self.sqlite:
            h = value
            return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return str(value)

    def instant_param(self, value: datetime) -> Any:
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None).isoformat(" ", "microseconds") if self.sqlite else value

    def instant_out(self, value: Any) -> str:
        if self.sqlite:
            return f"{value.replace(' ', 'T')}Z"
        return str(value.astimezone(UTC).isoformat().replace("+00:00", "Z"))

    def day_out(self, value: Any) -> str | None:
        if value is None:
            return None
        return value if isinstance(value, str) else value.isoformat()

    def day_param(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def json_in(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def json_param(self, value: Any) -> Any:
        return json.dumps(value) if self.sqlite else Jsonb(value)
