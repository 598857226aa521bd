"""The cohorts demo seeder builds a realistic, permission-consistent world, once."""

import io
import re

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


def test_each_subsidiary_has_its_own_cohort_in_its_language():
    company = demo_directory_seed(scale=100)

    cohorts_demo_seed(company=company, stdout=io.StringIO())

    scripts = {
        "shenzhen-sales-bootcamp": "\u4e00-\u9fff",  # Chinese characters
        "shanghai-newcomers-2026-11": "\u4e00-\u9fff",
        "moscow-newcomers-2026-11": "\u0400-\u04ff",  # Cyrillic
        "athens-newcomers-2026-11": "\u0370-\u03ff",  # Greek
    }
    for slug, script in scripts.items():
        cohort = Cohort.objects.get(slug=slug)
        rules = selectors.charter_current(cohort=cohort)
        texts = [
            cohort.name,
            cohort.description,
            rules.body,
            *cohort.subgroups.values_list("name", flat=True),
            *Post.objects.filter(cohort=cohort).values_list("body", flat=True),
        ]
        assert cohort.subgroups.count() == 2
        for text in texts:
            assert re.search(f"[{script}]", text), (slug, text)
    intake = Cohort.objects.get(slug=NEW_HIRE_SLUG)
    introductions = Post.objects.filter(cohort=intake, kind="introduction")
    languages = {post.author.profile.preferred_language for post in introductions}
    spoken = set(
        intake.memberships.filter(role=Membership.Role.NEWCOMER).values_list(
            "user__profile__preferred_language", flat=True
        )
    )
    assert languages == spoken
    assert len(spoken) >= 3
    athens = intake.subgroups.get(subsidiary__code="meridian-athens")
    assert re.search("[\u0370-\u03ff]", selectors.charter_current(subgroup=athens).body)
