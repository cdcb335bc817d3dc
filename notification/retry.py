"""Exponential backoff shared by the worker's retry loops."""

from datetime import timedelta


def backoff(attempts: int, *, base: float, cap: float) -> timedelta:
    """The wait before the next try after `attempts` failed ones: base, 2*base, 4*base ... at most cap."""
    exponent = min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(cap, base * 2**exponent))
