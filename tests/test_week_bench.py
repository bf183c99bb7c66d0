"""A tiny run of bench/week.py, so the benchmark's harness cannot rot between real runs:
its answers agree with the plain-SQL baseline, a second materialisation creates nothing,
and a page of "my week" takes as many statements for 50 open tasks as for 500."""

from bench import week


def test_the_week_benchmark_runs_tiny_on_sqlite() -> None:
    rows = week.run("sqlite", "tiny", week.PG_URL, repeat=1)

    names = [row[2] for row in rows]
    assert names[0].startswith("materialise 2")  # 20 weekly plans × 13 weeks, and a Monday
    assert rows[0][6].endswith("second run 0")
    assert names[1:3] == ["my week, 50 open tasks (1 pages)", "my week, 500 open tasks (3 pages)"]
    assert rows[1][6] == "statements per page 4"
    assert names[3].startswith("overdue scan")
