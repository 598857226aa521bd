"""Fixtures for the health dashboard: a frozen clock and ``build_cohort(size)``."""

from __future__ import annotations

import pytest

from tests.cohorts.health.world import NOW, Clock, cohort_with_weeks


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, NOW)


@pytest.fixture
def build_cohort(db, clock):
    """``build_cohort(members)``: ``cohort_with_weeks`` of that size."""
    return lambda size: cohort_with_weeks(size, clock)
