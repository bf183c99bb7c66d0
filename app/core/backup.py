"""`troupe backup PATH` and `troupe restore PATH`.

- SQLite: SQLite's online backup API copies a consistent snapshot while the server keeps
  serving (in WAL mode readers never block writers); the backup is a SQLite file.
- PostgreSQL: `pg_dump --format=custom`; a restore pipes `pg_restore` into one `psql`
  transaction, so a failed restore leaves the database as it was.

A restore reads the backup's Alembic revision first and refuses a schema this code does
not know (a backup of a newer Troupe), and refuses to overwrite a database that already
has Troupe's tables unless asked to replace it.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from app.core.db import create_db_engine
from app.core.migrations import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    revision: str
    up_to_date: bool


def backup(url: str, path: Path) -> None:
    """Write a backup of the database at `url` to `path` (replaced if it exists)."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if _is_sqlite(url):
            _sqlite_copy(_sqlite_file(url), partial)
        else:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq(url)],
                url=url,
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore(url: str, path: Path, *, replace: bool = False) -> Restored:
    """Restore the backup at `path` into the database at `url`."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    revision = backup_revision(url, path)
    scripts = ScriptDirectory.from_config(alembic_config(url))
    known = {script.revision for script in scripts.walk_revisions()}
    if revision not in known:
        raise BackupError(
            f"The backup's schema (revision {revision}) is newer than this Troupe knows: "
            "upgrade Troupe first, then restore."
        )
    if not replace and _has_tables(url):
        raise BackupError(
            "The database already has Troupe's tables; restore into an empty database, "
            "or pass --replace to overwrite it (everything in it is lost)."
        )
    if _is_sqlite(url):
        _sqlite_copy(path, _sqlite_file(url))
    else:
        _pg_restore(url, path, replace=replace)
    return Restored(revision=revision, up_to_date=revision in set(scripts.get_heads()))


def backup_revision(url: str, path: Path) -> str:
    """The Alembic revision of the schema in the backup at `path`."""
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    sqlite_backup = header == SQLITE_HEADER
    if sqlite_backup != _is_sqlite(url) or not (sqlite_backup or header.startswith(PG_DUMP_HEADER)):
        kind = "SQLite" if _is_sqlite(url) else "PostgreSQL (pg_dump)"
        raise BackupError(f"{path} is not a {kind} backup of Troupe.")
    if sqlite_backup:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            try:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError:
                row = None
        revision = row[0] if row else None
    else:
        script = _run(
            ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(path)],
            url=url,
        )
        revision = _copied_value(script)
    if not revision:
        raise BackupError(f"{path} has no schema revision: it is not a backup of Troupe.")
    return str(revision)


def _copied_value(script: str) -> str | None:
    """The first value of the `COPY … FROM stdin` block of a plain-text dump."""
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY "):
            value = next(lines, "\\.")
            return None if value == "\\." else value.split("\t")[0]
    return None


def _has_tables(url: str) -> bool:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("alembic_version")
    finally:
        engine.dispose()


def _pg_restore(url: str, path: Path, *, replace: bool) -> None:
    """The dump as SQL (checked whole before anything runs), then one psql transaction."""
    reset = ["-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public"] if replace else []
    with tempfile.TemporaryDirectory(prefix="troupe-restore-") as folder:
        script = Path(folder) / "restore.sql"
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(path)],
            url=url,
        )
        psql = ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
        _run([*psql, "--dbname", _libpq(url), *reset, f"--file={script}"], url=url)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another through the online backup API."""
    with (
        closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as origin,
        closing(sqlite3.connect(target)) as destination,
    ):
        origin.execute("PRAGMA busy_timeout = 30000")
        origin.backup(destination)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up or restore.")
    return Path(database).resolve()


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as a libpq connection URI, without its password (which goes to
    the tools in `PGPASSWORD`, not on a command line others can read)."""
    parsed: URL = make_url(url).set(drivername="postgresql", password=None)
    return parsed.render_as_string(hide_password=False)


def _password_environment(url: str) -> dict[str, str]:
    password = make_url(url).password if not _is_sqlite(url) else None
    return {**os.environ, "PGPASSWORD": str(password)} if password else dict(os.environ)


def _run(command: list[str], *, url: str) -> str:
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed: PostgreSQL backups need the PostgreSQL client "
            "tools (e.g. apt-get install postgresql-client)."
        )
    # The programs are fixed names; the arguments are paths and a URL, never a shell.
    done = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, env=_password_environment(url)
    )
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()}")
    return done.stdout
