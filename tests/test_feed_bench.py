"""A tiny run of bench/feed.py, so the benchmark's harness cannot rot between real runs:
every list answers the same rows as the plain-SQL keyset query (the run asserts it), and
a page costs the same statements whatever its depth or filter."""

from bench import feed


def test_the_feed_benchmark_runs_tiny_on_sqlite() -> None:
    rows = feed.run("sqlite", "tiny", feed.PG_URL, repeat=1)

    names = [row[2] for row in rows]
    assert names[0] == "seed 3,000 activities"
    assert names[1:3] == ["first page", "deep page (cursor half-way)"]
    lists = [row for row in rows if row[2].startswith(("first", "deep", "by "))]
    assert len(lists) == 7
    assert {row[6] for row in lists} == {"3"}  # begin, the token, the page
    assert names[-1].startswith("feed page")
