"""Started by the benchmark only (this folder is on PYTHONPATH of the servers it starts):
count SQL statements per request when TROUPE_BENCH_COUNT_SQL=1. See bench/instrumented.py.
"""

import os

if os.environ.get("TROUPE_BENCH_COUNT_SQL") == "1":
    from bench.instrumented import install

    install()
