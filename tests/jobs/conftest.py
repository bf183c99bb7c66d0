from collections.abc import Iterator

import pytest

from app.jobs import registry
from tests.jobs import handlers


@pytest.fixture(autouse=True)
def fresh_records() -> Iterator[None]:
    handlers.reset()
    yield
    handlers.reset()


@pytest.fixture
def periodic_job() -> Iterator[str]:
    """`test.every_minute` registered as a periodic job for this test only."""
    from datetime import timedelta

    registry.periodic("test.every_minute", every=timedelta(minutes=1))(handlers.every_minute)
    yield "test.every_minute"
    registry.PERIODIC.pop("test.every_minute", None)
    registry.HANDLERS.pop("test.every_minute", None)
