"""The machinery that makes large imports fast: the collector paused around bulk work
(and always switched back on), and the parse kept between the dry run and the commit."""

import gc

import pytest

from app.imports import collector, reading
from tests.factories import Caller, created


def test_the_collector_is_paused_inside_and_back_on_after_nested_blocks_and_errors() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_commit_reuses_the_dry_runs_reading_until_the_mapping_changes(
    owner: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    original = reading.read

    def counted(*args: object, **kwargs: object) -> reading.Sheet:
        reads.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "read", counted)
    text = "日期,指标,数值\n2026-03-01,content_views,5\n2026-03-02,content_views,6\n"
    body = created(
        owner.post(
            "imports",
            files={"file": ("v.csv", text.encode("gb18030"), "text/csv")},
            data={"kind": "datapoints"},
        )
    )
    assert owner.post(f"imports/{body['id']}/validate").json()["to_create"] == 2
    before = len(reads)
    assert owner.post(f"imports/{body['id']}/validate").json()["to_create"] == 2
    assert len(reads) == before  # the same version: read once

    changed = owner.patch(f"imports/{body['id']}", json={"mapping": {"metric": "指标"}})
    assert changed.status_code == 200  # a new version: date and value unmapped
    missing = owner.post(f"imports/{body['id']}/validate")
    assert missing.status_code == 422
    owner.patch(
        f"imports/{body['id']}",
        json={"mapping": {"metric": "指标", "observed_at": "日期", "value": "数值"}},
    )
    before = len(reads)
    done = owner.post(f"imports/{body['id']}/commit")
    assert done.status_code == 200
    assert done.json()["result"]["created"] == 2
    assert len(reads) == before + 1  # read again for the new mapping, once
