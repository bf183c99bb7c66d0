"""A server's start-up objects are frozen out of the collector's full passes, once per
process (app/core/heap.py)."""

import gc

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.heap import freeze_startup_objects


def test_starting_the_app_freezes_what_it_started_with_and_only_once(app: FastAPI) -> None:
    with TestClient(app):
        frozen = gc.get_freeze_count()
        assert frozen > 100_000  # the modules, routes and schemas of a started app
        made_later = [[n] for n in range(1000)]  # tracked by the collector
        freeze_startup_objects()
        assert gc.get_freeze_count() < frozen + len(made_later)
