"""Cohort endpoints: programs, cohorts, sub-groups, rules, memberships, reports."""

from ninja import Router

router = Router(tags=["cohorts"])
