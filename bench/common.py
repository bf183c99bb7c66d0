"""What both benchmarks need: a fresh database, and ids from a seeded generator."""

import random
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_database(kind: str, pg_url: str, folder: Path) -> str:
    """An empty database: a file in `folder`, or `pg_url`'s database dropped and created."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    url = make_url(pg_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def new_id(rng: random.Random) -> uuid.UUID:
    """Ids from the seeded generator, so that every run seeds the same data."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)
