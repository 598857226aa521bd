"""The weekly digest through a real Celery worker: each member's digest mailed once, and a
second run of the beat job sends nothing more."""

import datetime as dt

import pytest

from cohorts.digest.tasks import digests_send_due_task
from cohorts.models import Cohort, Membership
from learning.notifications.models import Delivery
from tests.cohorts.factories import CohortFactory
from tests.notifications.test_worker import _all_finished, _mailed, _wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_each_member_is_mailed_one_digest(celery_worker_process, mail_dir, make_member):
    # A Tuesday afternoon: last week's digest is due on every clock.
    now = dt.datetime.now(dt.UTC).date()
    today = now - dt.timedelta(days=(now.weekday() - 1) % 7)
    now = dt.datetime.combine(today, dt.time(12), dt.UTC).isoformat()
    cohort = CohortFactory(
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
        status=Cohort.Status.RUNNING,
    )
    for _ in range(9):
        make_member(Membership.Role.NEWCOMER, target=cohort)

    # The beat job, twice: the second finds every digest written.
    assert digests_send_due_task.apply(kwargs={"now": now}).get() == 9
    assert digests_send_due_task.apply(kwargs={"now": now}).get() == 0

    outgoing = Delivery.objects.filter(notification__kind="digest.weekly", channel="email")
    _wait_for(
        lambda: _all_finished(outgoing.values_list("pk", flat=True)),
        dispatch=True,
        message="the digests' e-mails",
    )
    assert set(outgoing.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert outgoing.count() == 9
    mailed = _mailed(mail_dir)
    assert {str(uuid) for uuid in outgoing.values_list("uuid", flat=True)} == set(mailed)
    assert set(mailed.values()) == {1}
