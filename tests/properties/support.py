"""Hypothesis settings shared by the property tests.

Derandomized by default, so CI runs are reproducible; `TROUPE_FUZZ_RANDOM=1` (as in
`make fuzz`) explores new examples, `TROUPE_PROPERTY_EXAMPLES` sets how many.
"""

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("TROUPE_PROPERTY_EXAMPLES", "20"))

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("TROUPE_FUZZ_RANDOM", "") == "",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
