"""Series of evenings and the clashes HR must fix."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cohorts.sessions import services
from cohorts.sessions.models import Session

pytestmark = pytest.mark.django_db


def test_one_slot_per_evening_but_skipped_weekdays_and_holidays(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")

    series = services.series_generate(
        cohort=cohort,
        actor=organizer,
        first_date=dt.date(2026, 11, 2),  # a Monday
        last_date=dt.date(2026, 11, 15),
        skip_weekdays=[6, 7],
        holidays=[dt.date(2026, 11, 11)],
    )

    dates = list(series.sessions.order_by("date").values_list("date", flat=True))
    assert len(dates) == 9
    assert dt.date(2026, 11, 11) not in dates
    assert all(day.isoweekday() < 6 for day in dates)
    assert {s.start_time for s in series.sessions.all()} == {dt.time(19, 30)}


def test_generating_the_same_range_again_adds_nothing(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    kwargs = {"first_date": dt.date(2026, 11, 2), "last_date": dt.date(2026, 11, 8)}
    services.series_generate(cohort=cohort, actor=organizer, **kwargs)
    services.series_generate(cohort=cohort, actor=organizer, **kwargs)

    assert Session.objects.filter(cohort=cohort).count() == 7


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"first_date": dt.date(2026, 11, 9), "last_date": dt.date(2026, 11, 2)}, "last_date"),
        ({"first_date": dt.date(2026, 9, 1), "last_date": dt.date(2026, 11, 2)}, "first_date"),
        (
            {
                "first_date": dt.date(2026, 11, 2),
                "last_date": dt.date(2026, 11, 9),
                "skip_weekdays": [0],
            },
            "skip_weekdays",
        ),
    ],
)
def test_a_bad_range_is_refused_whole(cohort_in, organizer, kwargs, field):
    cohort = cohort_in("Asia/Shanghai")
    with pytest.raises(ValidationError) as error:
        services.series_generate(cohort=cohort, actor=organizer, **kwargs)
    assert field in error.value.message_dict
    assert not Session.objects.exists()


def test_clashes_name_a_guest_twice_in_a_night_and_an_unfilled_slot(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    other = cohort_in("Asia/Shanghai")
    here = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 20))
    there = services.session_create(cohort=other, actor=organizer, date=dt.date(2026, 11, 20))
    later = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 12, 10))
    guest = services.guest_create(actor=organizer, tier=1, name="Chen Jie")
    services.invitation_create(session=here, guest=guest, actor=organizer)
    services.invitation_create(session=there, guest=guest, actor=organizer)

    clashes = services.session_clashes([here, later], now=dt.datetime(2026, 11, 15, tzinfo=dt.UTC))

    assert {c.code for c in clashes[here.pk]} == {"guest_twice", "unfilled"}
    assert later.pk not in clashes  # more than a week away


def test_clashes_cost_the_same_queries_for_many_sessions(
    cohort_in, organizer, django_assert_num_queries
):
    cohort = cohort_in("Asia/Shanghai")
    series = services.series_generate(
        cohort=cohort,
        actor=organizer,
        first_date=dt.date(2026, 11, 2),
        last_date=dt.date(2026, 11, 30),
    )
    sessions = list(series.sessions.all())
    guest = services.guest_create(actor=organizer, tier=1, name="Chen Jie")
    for session in sessions[:2] + sessions[-3:]:
        services.invitation_create(session=session, guest=guest, actor=organizer)
    with django_assert_num_queries(2):
        services.session_clashes(sessions[:2])
    with django_assert_num_queries(2):
        services.session_clashes(sessions)
