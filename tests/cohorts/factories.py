"""Factories for cohorts. Memberships made here skip the services on purpose: they set up
the world a test starts from; the behaviour under test is always called through services.
"""

import datetime
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
    GroupCharter,
    Membership,
    Post,
    ProgramPage,
    SubGroup,
    SubGroupMembership,
)
from learning.models import HomePage
from tests.learning.factories import EmployeeProfileFactory

_program_numbers = itertools.count(1)


def _home_page() -> HomePage:
    # A transaction=True test elsewhere may have flushed the page tree the migrations made.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Guild", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def program_page(*, title: str = "New-hire onboarding", kind: str = "new_hire") -> ProgramPage:
    """A live program under the site's home page."""
    home = HomePage.objects.first() or _home_page()
    page = ProgramPage(
        title=title, kind=kind, slug=f"program-{next(_program_numbers)}", group_wide=True
    )
    home.add_child(instance=page)
    return page


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.LazyFunction(program_page)
    name = factory.Sequence(lambda n: f"November intake {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    start_date = datetime.date(2026, 11, 2)
    end_date = datetime.date(2026, 12, 18)
    status = Cohort.Status.OPEN


class SubGroupFactory(DjangoModelFactory):
    class Meta:
        model = SubGroup

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    dimension = SubGroup.Dimension.CUSTOM


class EntryRuleFactory(DjangoModelFactory):
    class Meta:
        model = EntryRule


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    cohort = factory.SubFactory(CohortFactory)
    user = factory.LazyFunction(lambda: EmployeeProfileFactory().user)
    role = Membership.Role.NEWCOMER
    status = Membership.Status.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class SubGroupMembershipFactory(DjangoModelFactory):
    class Meta:
        model = SubGroupMembership

    subgroup = factory.SubFactory(SubGroupFactory)
    membership = factory.SubFactory(
        MembershipFactory, cohort=factory.SelfAttribute("..subgroup.cohort")
    )
    status = Membership.Status.ACTIVE


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    cohort = factory.SubFactory(CohortFactory)
    author = factory.LazyFunction(lambda: EmployeeProfileFactory().user)
    body = "Hello from the first week."


def charter_published(
    *, cohort=None, subgroup=None, owner, body="Be kind. Stay on topic.", enforcers=()
):
    """Published group rules, made directly (tests of publishing call the service)."""
    charter, _ = GroupCharter.objects.get_or_create(cohort=cohort, subgroup=subgroup)
    number = charter.versions.count() + 1
    version = CharterVersion.objects.create(
        charter=charter, number=number, body=body, owner=owner, published_at=timezone.now()
    )
    version.enforcers.set(enforcers)
    charter.current_version = version
    charter.save(update_fields=["current_version"])
    return version
