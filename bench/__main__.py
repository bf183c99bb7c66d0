"""`python -m bench`: the HTTP benchmark against the raw-SQL baseline (see bench/README.md)."""

from bench.harness import main

raise SystemExit(main())
