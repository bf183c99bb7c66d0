"""Progress, pace and forecast on hand-computed examples (increasing and decreasing)."""

import math

import pytest

from app.goals import progress
from app.goals.progress import ForecastMethod, Likelihood
from app.models.goal import GoalStatus, PaceProfile


@pytest.mark.parametrize(
    ("start", "target", "current", "expected"),
    [
        (0, 100, 45, 0.45),
        (100, 50, 80, 0.4),  # decreasing: 20 of the 50 to lose
        (0, 100, 130, 1.0),  # past the target: clamped
        (100, 50, 120, 0.0),  # the wrong way: clamped
        (0, 100, None, 0.0),  # no data yet
    ],
)
def test_progress_moves_from_start_toward_target_clamped(
    start: float, target: float, current: float | None, expected: float
) -> None:
    assert progress.progress_fraction(start, target, current) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [(PaceProfile.linear, 0.5), (PaceProfile.front_loaded, 0.75), (PaceProfile.back_loaded, 0.25)],
)
def test_the_pace_line_halfway_through_the_period(profile: PaceProfile, expected: float) -> None:
    elapsed = progress.elapsed_fraction(5, 10)

    assert progress.expected_fraction(profile, elapsed) == pytest.approx(expected)
    assert progress.expected_value(1000, 2000, expected) == pytest.approx(1000 + 1000 * expected)
    assert progress.expected_value(48, 24, expected) == pytest.approx(48 - 24 * expected)


def test_elapsed_time_is_clamped_to_the_period() -> None:
    assert progress.elapsed_fraction(-3, 10) == 0
    assert progress.elapsed_fraction(15, 10) == 1
    assert progress.elapsed_fraction(0, 0) == 1


@pytest.mark.parametrize(
    ("share", "expected", "status"),
    [
        (0.45, 0.5, GoalStatus.on_track),  # pace 0.9
        (0.40, 0.5, GoalStatus.at_risk),  # pace 0.8
        (0.35, 0.5, GoalStatus.at_risk),  # pace 0.7
        (0.30, 0.5, GoalStatus.off_track),  # pace 0.6
        (0.0, 0.0, GoalStatus.on_track),  # nothing expected yet
    ],
)
def test_status_from_the_pace_ratio_and_default_thresholds(
    share: float, expected: float, status: GoalStatus
) -> None:
    ratio = progress.pace_ratio(share, expected)

    assert progress.status_for(ratio, on_track_from=0.9, at_risk_from=0.7) is status


def test_fewer_than_three_points_give_no_forecast() -> None:
    assert progress.forecast([0, 1], [0, 10], due_day=10, start=0, target=100) is None


def test_a_straight_line_reaches_the_target_on_the_due_day_and_is_likely() -> None:
    found = progress.forecast([0, 1, 2], [0, 10, 20], due_day=10, start=0, target=100)

    assert found is not None
    assert found.method is ForecastMethod.least_squares
    assert found.points == 3
    assert (found.value, found.low, found.high) == pytest.approx((100, 100, 100))
    assert found.hit_after_days == pytest.approx(10)
    assert found.likelihood is Likelihood.likely


def test_least_squares_with_noise_has_a_band_that_straddles_the_target() -> None:
    # slope 48/5 = 9.6, intercept 15 − 9.6·1.5 = 0.6, residuals ±0.6, ±1.8: s² = 7.2/2
    found = progress.forecast([0, 1, 2, 3], [0, 12, 18, 30], due_day=10, start=0, target=100)

    assert found is not None
    half = 1.2815515655446004 * math.sqrt(3.6) * math.sqrt(1 + 1 / 4 + (10 - 1.5) ** 2 / 5)
    assert found.value == pytest.approx(96.6)
    assert (found.low, found.high) == pytest.approx((96.6 - half, 96.6 + half))
    assert found.hit_after_days == pytest.approx((100 - 0.6) / 9.6)
    assert found.likelihood is None  # 100 lies inside the band


def test_a_decreasing_target_is_reached_when_the_line_falls_to_it() -> None:
    found = progress.forecast([0, 1, 2], [100, 90, 80], due_day=10, start=100, target=50)

    assert found is not None
    assert found.value == pytest.approx(0)
    assert found.hit_after_days == pytest.approx(5)
    assert found.likelihood is Likelihood.likely


def test_a_slow_line_is_unlikely_and_a_line_going_the_wrong_way_never_hits() -> None:
    slow = progress.forecast([0, 1, 2], [0, 1, 2], due_day=10, start=0, target=100)
    wrong_way = progress.forecast([0, 1, 2], [100, 110, 120], due_day=10, start=100, target=50)

    assert slow is not None
    assert slow.likelihood is Likelihood.unlikely
    assert slow.hit_after_days == pytest.approx(100)
    assert wrong_way is not None
    assert wrong_way.hit_after_days is None
    assert wrong_way.likelihood is Likelihood.unlikely


def test_eight_flat_points_switch_to_damped_holt_which_stays_flat() -> None:
    days = [float(d) for d in range(8)]
    found = progress.forecast(days, [50.0] * 8, due_day=20, start=0, target=100)

    assert found is not None
    assert found.method is ForecastMethod.damped_holt
    assert found.points == 8
    assert (found.value, found.low, found.high) == pytest.approx((50, 50, 50))
    assert found.hit_after_days is None
    assert found.likelihood is Likelihood.unlikely


def test_damped_holt_on_a_rising_line_lands_below_the_straight_extrapolation() -> None:
    days = [float(d) for d in range(10)]
    found = progress.forecast(days, [10.0 * d for d in range(10)], due_day=20, start=0, target=150)

    assert found is not None
    assert found.method is ForecastMethod.damped_holt
    assert 90 < found.value < 200  # damping bends the trend: below 10 per day
    assert found.low <= found.value <= found.high
    assert found.hit_after_days is not None
    assert found.hit_after_days > 9


def test_holt_uses_the_daily_series_carrying_values_over_gaps() -> None:
    days = [0.0, 1, 2, 3, 5, 6, 8, 9]
    found = progress.forecast(days, [0.0, 1, 2, 3, 5, 6, 8, 9], due_day=9, start=0, target=9)

    assert found is not None
    assert found.method is ForecastMethod.damped_holt
    assert found.hit_after_days == 9  # the last value already is the target
