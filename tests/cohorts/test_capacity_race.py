"""Two people racing for the last seat: exactly one gets it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cohorts import services
from cohorts.models import Membership
from tests.cohorts.factories import CohortFactory, MembershipFactory
from tests.learning.factories import EmployeeProfileFactory, level_ladder


@pytest.mark.django_db(transaction=True)
def test_two_joins_for_the_last_seat_exactly_one_wins():
    level_ladder()
    cohort = CohortFactory(capacity=2)
    MembershipFactory(cohort=cohort)
    racers = [EmployeeProfileFactory().user for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def join(user):
        try:
            barrier.wait()
            services.membership_request(cohort=cohort, user=user)
            outcomes.append("joined")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["capacity"][0])
        except Exception as exc:  # noqa: BLE001 - shown in the assertion if it ever happens
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This cohort is full (2 places).", "joined"]
    assert cohort.memberships.filter(status=Membership.Status.ACTIVE).count() == 2
