"""Check-ins: word counts, periods on the cohort's clock across a daylight-saving change,
lateness, one check-in per period, streaks, and points that never count twice."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cohorts.engagement import services
from cohorts.engagement.models import Checkin, CheckinTask, PointsEntry
from cohorts.engagement.selectors import my_checkins

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("今天读了《高效能人士的七个习惯》第三章。", 17),
        ("今日は本を読みました。", 10),
        ("Сегодня я прочитал главу о переговорах.", 6),
        ("Σήμερα διάβασα το τρίτο κεφάλαιο.", 5),
        ("I read chapter 3 of Good to Great, don't stop — it's 3.5x better!", 13),
        ("我读了Good to Great第3章，很有收获", 13),
        ("  \n ", 0),
    ],
)
def test_words_are_counted_per_character_in_chinese_and_between_spaces_elsewhere(text, words):
    assert services.word_count(text) == words


def test_a_daily_period_keeps_its_wall_clock_across_the_athens_dst_change(task_in):
    # given Athens, which leaves summer time on Sunday 25 October 2026 at 04:00 local
    task = task_in("Europe/Athens")

    before = services.period_times(task, dt.date(2026, 10, 24))
    change = services.period_times(task, dt.date(2026, 10, 25))
    after = services.period_times(task, dt.date(2026, 10, 26))

    # then the check-in is due at 21:00 Athens time each day: 18:00 UTC, then 19:00
    assert before.due_at == dt.datetime(2026, 10, 24, 18, 0, tzinfo=UTC)
    assert after.due_at == dt.datetime(2026, 10, 26, 19, 0, tzinfo=UTC)
    # and the day of the change lasts 25 hours
    assert change.due_at - change.opens_at == dt.timedelta(hours=22)
    assert after.opens_at - change.opens_at == dt.timedelta(hours=25)
    # and the late window is two hours after the due time
    assert after.closes_at == dt.datetime(2026, 10, 26, 21, 0, tzinfo=UTC)


def test_a_check_in_is_on_time_late_or_refused_by_the_cohorts_policy(task_in, newcomer_of, clock):
    task = task_in("Europe/Athens")
    refusing = task_in("Europe/Moscow", lateness=CheckinTask.Lateness.REFUSE)
    person = newcomer_of(task)
    other = newcomer_of(refusing)

    # 20:30 Athens on the 26th (winter time): on time
    clock.set(dt.datetime(2026, 10, 26, 18, 30, tzinfo=UTC))
    on_time = services.checkin_submit(task=task, user=person, book="Book", text="Read a lot.")
    # 22:30 Athens: within the late window, marked late
    clock.set(dt.datetime(2026, 10, 27, 20, 30, tzinfo=UTC))
    late = services.checkin_submit(task=task, user=person, book="Book", text="Late one.")
    # Moscow (no DST, UTC+3): 21:30 is after the due time, refused
    clock.set(dt.datetime(2026, 10, 27, 18, 30, tzinfo=UTC))
    with pytest.raises(ValidationError) as refused:
        services.checkin_submit(task=refusing, user=other, book="Книга", text="Поздно.")

    assert (on_time.late, late.late) == (False, True)
    assert "day" in refused.value.message_dict
    assert not Checkin.objects.filter(person=other).exists()
    # and past the late window nothing is taken
    clock.set(dt.datetime(2026, 10, 27, 21, 0, 1, tzinfo=UTC))
    with pytest.raises(ValidationError):
        services.checkin_submit(
            task=task, user=person, day=dt.date(2026, 10, 27), book="B", text="Too late."
        )


def test_one_check_in_per_period_and_sending_again_edits_it(task_in, newcomer_of, clock):
    task = task_in("Asia/Shanghai", kind=CheckinTask.Kind.READING)
    person = newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))

    first = services.checkin_submit(task=task, user=person, book="三体", text="读了第一章。")
    again = services.checkin_submit(
        task=task, user=person, book="三体", text="读了第一章和第二章。"
    )

    assert first.pk == again.pk
    assert Checkin.objects.get().word_count == 9
    with pytest.raises(IntegrityError), transaction.atomic():
        Checkin.objects.create(task=task, period=first.period, person=person, submitted_at=clock.at)


def test_bad_input_names_the_field_and_saves_nothing(task_in, newcomer_of, clock):
    task = task_in("Asia/Shanghai")
    free = task_in("Asia/Shanghai", kind=CheckinTask.Kind.FREE)
    person = newcomer_of(task)
    free_person = newcomer_of(free)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as missing:
        services.checkin_submit(task=task, user=person, book="", text="")
    with pytest.raises(ValidationError) as not_image:
        services.checkin_submit(
            task=free,
            user=free_person,
            text="Photo",
            image=SimpleUploadedFile("a.jpg", b"<script>no</script>", "image/jpeg"),
        )
    with pytest.raises(ValidationError) as no_day:
        services.checkin_submit(task=task, user=person, day=dt.date(2027, 5, 1), book="B", text="T")

    assert set(missing.value.message_dict) == {"book", "text"}
    assert set(not_image.value.message_dict) == {"image"}
    assert set(no_day.value.message_dict) == {"day"}
    assert not Checkin.objects.exists()


def test_streaks_count_consecutive_periods_across_the_dst_change(task_in, newcomer_of, clock):
    task = task_in("Europe/Athens")
    person = newcomer_of(task)
    # given check-ins on the 23rd to the 26th (the change is on the 25th), not the 22nd
    for day in (23, 24, 25, 26):
        clock.set(dt.datetime(2026, 10, day, 15, 0, tzinfo=UTC))
        services.checkin_submit(task=task, user=person, book="Book", text="Pages.")
    clock.set(dt.datetime(2026, 10, 21, 15, 0, tzinfo=UTC))
    services.checkin_submit(task=task, user=person, book="Book", text="Pages.")

    # on the 27th at noon, before it is due: the open period does not break the streak
    clock.set(dt.datetime(2026, 10, 27, 10, 0, tzinfo=UTC))
    rows, _recent = my_checkins(cohort=task.cohort, user=person)
    assert rows[0].streak == 4
    # after the 27th closed without one, the streak is broken
    clock.set(dt.datetime(2026, 10, 28, 10, 0, tzinfo=UTC))
    rows, _recent = my_checkins(cohort=task.cohort, user=person)
    assert rows[0].streak == 0


def test_a_weekly_task_is_named_by_its_due_day(task_in):
    task = task_in(
        "Europe/Moscow", frequency=CheckinTask.Frequency.WEEKLY, weekday=4, due_time=dt.time(18)
    )
    assert services.period_current_day(task, now=dt.datetime(2026, 10, 20, 6, tzinfo=UTC)) == (
        dt.date(2026, 10, 23)
    )
    times = services.period_times(task, dt.date(2026, 10, 23))
    assert times.opens_at == dt.datetime(2026, 10, 18, 21, 0, tzinfo=UTC)
    assert times.due_at == dt.datetime(2026, 10, 23, 15, 0, tzinfo=UTC)


def _points(person):
    return sum(
        PointsEntry.objects.filter(person=person, withdrawn_at=None).values_list(
            "points", flat=True
        )
    )


def test_complete_delete_complete_counts_the_points_once(task_in, newcomer_of, clock):
    task = task_in("Asia/Shanghai")
    person = newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))

    checkin = services.checkin_submit(task=task, user=person, book="B", text="One.")
    services.checkin_submit(task=task, user=person, book="B", text="Edited.")
    assert _points(person) == 2
    services.checkin_delete(checkin=Checkin.objects.get(pk=checkin.pk), actor=person)
    assert _points(person) == 0
    services.checkin_submit(task=task, user=person, book="B", text="Again.")
    services.checkin_submit(task=task, user=person, book="B", text="Again, edited.")

    assert _points(person) == 2
    assert PointsEntry.objects.filter(person=person).count() == 1


def test_a_cohort_sets_its_own_points_and_may_switch_a_rule_off(
    task_in, newcomer_of, clock, organizer
):
    task = task_in("Asia/Shanghai")
    person, other = newcomer_of(task), newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    services.points_rule_set(
        cohort=task.cohort, rule=services.RULE_COMPLETED, actor=organizer, points=7
    )
    services.checkin_submit(task=task, user=person, book="B", text="T")
    services.points_rule_set(
        cohort=task.cohort,
        rule=services.RULE_COMPLETED,
        actor=organizer,
        points=7,
        enabled=False,
    )
    services.checkin_submit(task=task, user=other, book="B", text="T")

    assert (_points(person), _points(other)) == (7, 0)
    with pytest.raises(ValidationError) as bad:
        services.points_rule_set(cohort=task.cohort, rule="nope", actor=organizer, points=5000)
    assert set(bad.value.message_dict) == {"rule", "points"}


def test_closing_a_period_penalises_who_missed_it_once(task_in, newcomer_of, clock):
    task = task_in("Europe/Athens")
    done, missed = newcomer_of(task), newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 26, 15, 0, tzinfo=UTC))
    services.checkin_submit(task=task, user=done, book="B", text="T")

    clock.set(dt.datetime(2026, 10, 27, 6, 0, tzinfo=UTC))
    services.checkin_periods_close()
    services.checkin_periods_close()

    # the one who checked in on the 26th missed the 13th to the 25th
    assert _points(done) == 2 - 13
    penalties = PointsEntry.objects.filter(person=missed, rule=services.RULE_MISSED)
    # every closed period since the catch-up window, each once, from the 13th to the 26th
    assert penalties.count() == 14
    assert _points(missed) == -14
