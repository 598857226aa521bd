"""The mentoring demo: veterans with profiles, the intake paired with explanations, the
sales program's run ready for review; once."""

import io

import pytest

from cohorts.demo import NEW_HIRE_SLUG, SALES_SLUG, cohorts_demo_seed
from learning.demo import demo_directory_seed
from mentors.demo import mentors_demo_seed
from mentors.models import MatchRun, MentorProfile, Pairing

pytestmark = pytest.mark.django_db


def test_the_demo_pairs_the_intake_and_leaves_a_run_for_review():
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)

    mentors_demo_seed(company=company, stdout=out)
    mentors_demo_seed(company=company, stdout=out)

    assert MentorProfile.objects.filter(user=company.mentor.user, opted_in=True).exists()
    assert Pairing.objects.filter(cohort__slug=NEW_HIRE_SLUG, status="active").exists()
    published = MatchRun.objects.get(cohort__slug=NEW_HIRE_SLUG, status="published")
    assert any(row.parts for row in published.proposals.all())
    assert MatchRun.objects.filter(cohort__slug=SALES_SLUG, status="proposed").exists()
    assert "already present" in out.getvalue()
