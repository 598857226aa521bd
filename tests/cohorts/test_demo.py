"""The cohorts demo seeder builds a realistic, permission-consistent world, once."""

import io

import pytest

from cohorts import selectors
from cohorts.demo import NEW_HIRE_SLUG, SALES_SLUG, cohorts_demo_seed
from cohorts.models import Cohort, Membership, Post, Report
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_demo_seeds_both_programs_once():
    company = demo_directory_seed(scale=100)
    out = io.StringIO()

    cohorts_demo_seed(company=company, stdout=out)
    cohorts_demo_seed(company=company, stdout=out)

    intake = Cohort.objects.get(slug=NEW_HIRE_SLUG)
    sales = Cohort.objects.get(slug=SALES_SLUG)
    assert intake.status == Cohort.Status.RUNNING
    assert intake.subgroups.count() >= 1
    roles = set(intake.memberships.values_list("role", flat=True))
    assert {Membership.Role.CORE, Membership.Role.HELPER, Membership.Role.NEWCOMER} <= roles
    assert Post.objects.filter(cohort=intake, kind="introduction").exists()
    assert Report.objects.filter(cohort=intake).count() == 1
    assert sales.subgroups.filter(slug="directors-circle", hidden_from_non_eligible=True).exists()
    newcomer = company.newcomer.user
    visible = {s.slug for s in selectors.subgroups_visible(cohort=sales, user=newcomer)}
    assert "directors-circle" not in visible
    assert "already present" in out.getvalue()
