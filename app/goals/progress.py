"""The arithmetic of a key result: progress, the pace line, status and the forecast.

Pure functions over numbers (no database): tests check them on hand-computed examples.
A decreasing target (`target < start`) is handled by measuring movement from the start
toward the target, whatever its sign.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from app.models.goal import GoalStatus, PaceProfile

Z_80 = 1.2815515655446004  # two-sided 80 %: 10 % above, 10 % below
LINE_MIN_POINTS = 3
HOLT_MIN_POINTS = 8
LINE_LAST_POINTS = 30
HIT_SEARCH_DAYS = 366


class ForecastMethod(StrEnum):
    least_squares = "least_squares"
    damped_holt = "damped_holt"


class Likelihood(StrEnum):
    likely = "likely"
    unlikely = "unlikely"


def progress_fraction(start: float, target: float, current: float | None) -> float:
    """How far `current` has moved from `start` toward `target`, clamped to [0, 1]."""
    if current is None:
        return 0.0
    return min(1.0, max(0.0, (current - start) / (target - start)))


def elapsed_fraction(elapsed_days: float, period_days: float) -> float:
    if period_days <= 0:
        return 1.0 if elapsed_days >= 0 else 0.0
    return min(1.0, max(0.0, elapsed_days / period_days))


def expected_fraction(profile: PaceProfile, elapsed: float) -> float:
    """The share of the way the pace line expects after `elapsed` of the period."""
    if profile is PaceProfile.front_loaded:
        return 1 - (1 - elapsed) ** 2
    if profile is PaceProfile.back_loaded:
        return elapsed**2
    return elapsed


def expected_value(start: float, target: float, expected: float) -> float:
    return start + (target - start) * expected


def pace_ratio(progress: float, expected: float) -> float | None:
    """Progress over expected progress; `None` before anything is expected."""
    if expected <= 0:
        return None
    return progress / expected


def status_for(ratio: float | None, *, on_track_from: float, at_risk_from: float) -> GoalStatus:
    if ratio is None or ratio >= on_track_from:
        return GoalStatus.on_track
    if ratio >= at_risk_from:
        return GoalStatus.at_risk
    return GoalStatus.off_track


@dataclass(frozen=True)
class Forecast:
    method: ForecastMethod
    points: int
    value: float  # at the due date
    low: float  # the 80 % band
    high: float
    hit_after_days: float | None  # since the first day of the period; None: not in sight
    likelihood: Likelihood | None


def forecast(
    days: list[float], values: list[float], *, due_day: float, start: float, target: float
) -> Forecast | None:
    """The value at `due_day` from observations (day since the period's start, value).

    Damped Holt on the daily series once there are 8 observations, else a least-squares
    line over the last 30 (at least 3); `None` with fewer.
    """
    if len(days) < LINE_MIN_POINTS:
        return None
    if len(days) >= HOLT_MIN_POINTS:
        result = _damped_holt(days, values, due_day=due_day, start=start, target=target)
    else:
        result = _least_squares(days, values, due_day=due_day, start=start, target=target)
    value, low, high, hit, method = result
    return Forecast(
        method=method,
        points=len(days),
        value=value,
        low=low,
        high=high,
        hit_after_days=hit,
        likelihood=_likelihood(low, high, start=start, target=target),
    )


def _likelihood(low: float, high: float, *, start: float, target: float) -> Likelihood | None:
    """Only when the whole band is on one side of the target."""
    increasing = target > start
    if (low >= target) if increasing else (high <= target):
        return Likelihood.likely
    if (high < target) if increasing else (low > target):
        return Likelihood.unlikely
    return None


_Result = tuple[float, float, float, float | None, ForecastMethod]


def _least_squares(
    days: list[float], values: list[float], *, due_day: float, start: float, target: float
) -> _Result:
    x = np.asarray(days[-LINE_LAST_POINTS:], dtype=float)
    y = np.asarray(values[-LINE_LAST_POINTS:], dtype=float)
    n = len(x)
    x_mean = float(x.mean())
    sxx = float(((x - x_mean) ** 2).sum())
    if sxx == 0:  # every observation on one day: no slope to speak of
        slope, intercept = 0.0, float(y.mean())
    else:
        slope = float(((x - x_mean) * (y - y.mean())).sum() / sxx)
        intercept = float(y.mean()) - slope * x_mean
    residuals = y - (intercept + slope * x)
    spread = math.sqrt(float((residuals**2).sum()) / (n - 2)) if n > 2 else 0.0
    leverage = (due_day - x_mean) ** 2 / sxx if sxx > 0 else 0.0
    half_width = Z_80 * spread * math.sqrt(1 + 1 / n + leverage)
    value = intercept + slope * due_day
    increasing = target > start
    last_x, last_y = float(x[-1]), float(y[-1])
    hit: float | None = None
    if (last_y >= target) if increasing else (last_y <= target):
        hit = last_x
    elif (slope > 0) if increasing else (slope < 0):
        hit = max(last_x, (target - intercept) / slope)
    return value, value - half_width, value + half_width, hit, ForecastMethod.least_squares


def _daily(days: list[float], values: list[float]) -> tuple[np.ndarray, float]:
    """One value per day from the first observation to the last (carried forward)."""
    first, last = round(days[0]), round(days[-1])
    series = np.empty(last - first + 1)
    position = 0
    current = values[0]
    for offset in range(last - first + 1):
        while position < len(days) and round(days[position]) <= first + offset:
            current = values[position]
            position += 1
        series[offset] = current
    return series, float(last)


_ALPHAS = (0.2, 0.35, 0.5, 0.65, 0.8)
_BETAS = (0.05, 0.1, 0.2, 0.3)
_PHIS = (0.98, 0.9, 0.8)  # on a tie, the least damping


def _holt_fit(
    series: np.ndarray, alpha: float, beta: float, phi: float
) -> tuple[float, float, float]:
    """(level, trend, sum of squared one-step errors)."""
    level, trend = float(series[0]), float(series[1] - series[0])
    squared = 0.0
    for observed in series[1:]:
        predicted = level + phi * trend
        error = float(observed) - predicted
        squared += error * error
        new_level = alpha * float(observed) + (1 - alpha) * predicted
        trend = beta * (new_level - level) + (1 - beta) * phi * trend
        level = new_level
    return level, trend, squared


def _damped_holt(
    days: list[float], values: list[float], *, due_day: float, start: float, target: float
) -> _Result:
    series, last_day = _daily(days, values)
    best = min(
        (
            (alpha, beta, phi, *_holt_fit(series, alpha, beta, phi))
            for alpha in _ALPHAS
            for beta in _BETAS
            for phi in _PHIS
        ),
        key=lambda fit: fit[5],
    )
    alpha, beta, phi, level, trend, squared = best
    spread = math.sqrt(squared / max(1, len(series) - 1))
    horizon = max(0, math.ceil(due_day - last_day))
    damping = sum(phi**i for i in range(1, horizon + 1))
    value = level + damping * trend
    variance = 1.0 + sum(
        (alpha * (1 + beta * phi * (1 - phi**j) / (1 - phi))) ** 2 for j in range(1, horizon)
    )
    half_width = Z_80 * spread * math.sqrt(variance)
    return (
        value,
        value - half_width,
        value + half_width,
        _holt_hit(
            level, trend, phi, last_day, float(series[-1]), increasing=target > start, target=target
        ),
        ForecastMethod.damped_holt,
    )


def _holt_hit(
    level: float,
    trend: float,
    phi: float,
    last_day: float,
    last: float,
    *,
    increasing: bool,
    target: float,
) -> float | None:
    if (last >= target) if increasing else (last <= target):
        return last_day
    damping = 0.0
    for step in range(1, HIT_SEARCH_DAYS + 1):
        damping += phi**step
        projected = level + damping * trend
        if (projected >= target) if increasing else (projected <= target):
            return last_day + step
    return None
