"""Hypothesis runs many examples inside one test: each runs in a savepoint of the test's
transaction and is rolled back, so every example starts from the test's own setup."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from sqlalchemy import Connection


@pytest.fixture
def fresh_example(connection: Connection) -> Callable[[], AbstractContextManager[None]]:
    """`with fresh_example():` undoes whatever the example changed."""

    @contextmanager
    def rolled_back() -> Iterator[None]:
        savepoint = connection.begin_nested()
        try:
            yield
        finally:
            savepoint.rollback()

    return rolled_back
