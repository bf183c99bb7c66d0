import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: schemathesis over the whole API (`make fuzz`: longer)"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.fuzz.test_schemathesis import EXAMPLES_RUN, STATUSES

    if EXAMPLES_RUN:
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(STATUSES.items()))
        terminalreporter.write_line(
            f"schemathesis: {sum(EXAMPLES_RUN.values())} examples over "
            f"{len(EXAMPLES_RUN)} operations ({statuses})"
        )
