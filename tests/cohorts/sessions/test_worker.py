"""One announcement to a cohort through a real Celery worker: every member reached once on
each channel they allow (in-app, e-mail, webhook), and a second dispatcher tick sends
nothing more."""

import datetime as dt

import pytest
from django.db import transaction

from cohorts.models import Membership
from cohorts.sessions import services
from learning.notifications.models import Delivery
from tests.cohorts.factories import CohortFactory, MembershipFactory
from tests.notifications.factories import WebhookEndpointFactory
from tests.notifications.test_worker import Receiver, _all_finished, _mailed, _wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def celery_worker_env(mail_dir):
    return {"GUILD_TEST_MAIL_DIR": str(mail_dir), "GUILD_OUTBOX_BATCH_SIZE": "7"}


def test_an_announcement_reaches_each_member_once_per_channel(
    celery_worker_process, mail_dir, organizer, make_member
):
    cohort = CohortFactory(
        time_zone="Europe/Athens", start_date=dt.date(2026, 10, 1), end_date=dt.date(2026, 12, 18)
    )
    MembershipFactory(cohort=cohort, user=organizer, role=Membership.Role.ORGANIZER)
    with Receiver() as receiver:
        members = [make_member(Membership.Role.NEWCOMER, target=cohort).user for _ in range(12)]
        for user in members:
            WebhookEndpointFactory(owner=user, url=receiver.url)
        session = services.session_create(
            cohort=cohort, actor=organizer, date=dt.date(2026, 12, 3), title="Pricing"
        )
        with transaction.atomic():
            sent = services.sessions_dispatch_due(now=session.announce_at)
        assert sent["announcement"] == 1  # (and the organizer's "no guest yet" reminder)
        assert services.sessions_dispatch_due(now=session.announce_at)["announcement"] == 0

        outgoing = Delivery.objects.filter(notification__kind="session.announcement").exclude(
            channel="inapp"
        )
        _wait_for(
            lambda: _all_finished(outgoing.values_list("pk", flat=True)),
            dispatch=True,
            message="the announcement's deliveries",
        )

    webhooks = outgoing.filter(channel="webhook")
    emails = outgoing.filter(channel="email")
    assert webhooks.count() == len(members)
    assert set(outgoing.values_list("status", flat=True)) == {"sent"}
    assert {str(d.uuid) for d in webhooks} == set(receiver.counts)
    assert set(receiver.counts.values()) == {1}
    mailed = _mailed(mail_dir)
    assert [mailed[str(d.uuid)] for d in emails] == [1] * emails.count()
    inbox = Delivery.objects.filter(notification__kind="session.announcement", channel="inapp")
    assert sorted(inbox.values_list("notification__recipient_id", flat=True)) == sorted(
        [organizer.pk, *(m.pk for m in members)]
    )
