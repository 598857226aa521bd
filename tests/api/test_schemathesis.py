"""Schemathesis fuzzes every operation of ``/api/v1/openapi.json``, in-process, with an
organizer's and a member's token: no answer may be a server error or break the schema
(undocumented status, wrong content type, a body or header the schema does not allow).

The budget is fixed and the run deterministic (same cases every time): a few examples per
operation and role, about a minute on a two-core machine. Select it alone with
``-m schemathesis``; raise ``MAX_EXAMPLES`` locally to dig deeper.
"""

import zlib

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken

import learning.urls  # noqa: F401  (mounts every app's router before the schema is read)
from cohorts.models import Membership
from tests.cohorts.factories import CohortFactory, MembershipFactory, SubGroupFactory

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Operations that still fail, as ("METHOD", "/api/v1/path", role): reason. They still
# run, as expected failures; one that passes shows as XPASS in the summary, and its entry
# must go. (Not strict: Schemathesis's pytest plugin cannot report a strict XPASS.) The
# cohort session times, declared `format: time` but answered as "19:30:00", were here
# until the cohorts API answered HH:MM.
KNOWN_FAILURES: dict[tuple[str, str, str], str] = {}


# Read at collection, so that each operation is a test item of its own.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])


@pytest.fixture
def same_connection():
    """Keep the test's database connection across in-process requests.

    Django's WSGI handler closes connections when a request ends; inside the test's
    transaction that would throw the test data away. Django's own test client does the same.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(ladder, hr_user):
    """A cohort with a sub-group, an organizer (HR with the cohort permissions), a member."""
    organizer = hr_user
    organizer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cohorts", codename__endswith="cohort")
    )
    cohort = CohortFactory(slug="november")
    subgroup = SubGroupFactory(cohort=cohort, slug="east")
    MembershipFactory(cohort=cohort, user=organizer, role=Membership.Role.ORGANIZER)
    member = MembershipFactory(cohort=cohort).user
    return {
        "organizer": APIToken.create_token(user=organizer, name="schemathesis")[1],
        "member": APIToken.create_token(user=member, name="schemathesis")[1],
        "slug": cohort.slug,
        "subgroup_slug": subgroup.slug,
        "employee_id": member.profile.employee_id,
    }


def _aim_at_real_objects(case, world) -> None:
    # Half the generated slugs (chosen by a stable digest, so runs repeat) are replaced by
    # real ones, so that operations get past 404 and their answers are checked too.
    for name in ("slug", "subgroup_slug", "employee_id"):
        value = (case.path_parameters or {}).get(name)
        if value is not None and zlib.crc32(str(value).encode()) % 2 == 0:
            case.path_parameters[name] = world[name]


@pytest.fixture(params=["organizer", "member"])
def role(request) -> str:
    """Run every operation once with an organizer's token and once with a member's."""
    return request.param


@schema.parametrize()
# The fixtures hold the world every example runs in; examples may change it, as clients do.
@settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_schema_under_fuzzing(case, role, world, same_connection, request):
    known = KNOWN_FAILURES.get((case.method.upper(), case.path, role))
    if known:
        request.node.add_marker(pytest.mark.xfail(reason=known, strict=False))
    _aim_at_real_objects(case, world)
    case.call_and_validate(headers={"Authorization": f"Bearer {world[role]}"}, checks=CHECKS)
