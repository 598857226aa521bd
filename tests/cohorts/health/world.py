"""A cohort with weeks of activity for the health dashboard (its tests and its browser
journey), at any size: people, memberships and their activity are bulk-created (10,000
members in seconds), each row at a time set by moving the frozen clock (``auto_now_add``
reads it)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from cohorts.engagement.models import Checkin, CheckinPeriod, CheckinTask, PointsEntry
from cohorts.models import Cohort, Membership, SubGroupMembership
from cohorts.recognition.models import Kudos, KudosReceiver
from cohorts.sessions.models import Attendance, Feedback, Session
from mentors.models import Pairing
from mentors.questions.models import Answer, Question, QuestionTag
from tests.cohorts.factories import CohortFactory, SubGroupFactory

NOW = dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, monkeypatch, at):
        from django.utils import timezone

        self.at = at
        monkeypatch.setattr(timezone, "now", lambda: self.at)

    def set(self, at):
        self.at = at


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def cohort_with_weeks(size: int, clock) -> Cohort:
    """A running cohort (2 Nov – 18 Dec 2026, Shanghai's clock) with two sub-groups
    and four weeks of activity that grows with its size; ``clock`` is moved to date
    each row and left at ``NOW``."""
    User = get_user_model()
    cohort = CohortFactory(
        time_zone="Asia/Shanghai",
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 12, 18),
        status=Cohort.Status.RUNNING,
    )
    north = SubGroupFactory(cohort=cohort, name="North")
    south = SubGroupFactory(cohort=cohort, name="South")
    stamp = cohort.pk
    users = User.objects.bulk_create(
        User(username=f"h{stamp}-{i}", first_name=f"Person {i}") for i in range(size)
    )
    clock.set(_at(dt.date(2026, 11, 2), 2))
    memberships = Membership.objects.bulk_create(
        Membership(
            cohort=cohort,
            user=user,
            role=Membership.Role.ORGANIZER if i == 0 else Membership.Role.NEWCOMER,
            status=Membership.Status.ACTIVE,
            joined_at=_at(dt.date(2026, 11, 2) + dt.timedelta(days=i % 14), 2),
            sort_name=f"Person {i}",
        )
        for i, user in enumerate(users)
    )
    SubGroupMembership.objects.bulk_create(
        SubGroupMembership(subgroup=north if i % 2 else south, membership=m)
        for i, m in enumerate(memberships)
    )
    task = CheckinTask.objects.create(cohort=cohort, title="Daily reading", due_time=dt.time(21))
    periods = CheckinPeriod.objects.bulk_create(
        CheckinPeriod(
            task=task,
            day=day,
            opens_at=_at(day, 0),
            due_at=_at(day, 13),
            closes_at=_at(day, 15),
        )
        for day in (dt.date(2026, 11, 2) + dt.timedelta(days=d) for d in range(28))
    )
    # Every third member checks in on each of the last three days; one in seven on
    # the first week's Monday.
    checkins = []
    for i, user in enumerate(users):
        if i % 3 == 0:
            checkins += [
                Checkin(task=task, period=p, person=user, submitted_at=p.due_at)
                for p in periods[-3:]
            ]
        if i % 7 == 0:
            checkins.append(
                Checkin(task=task, period=periods[0], person=user, submitted_at=periods[0].due_at)
            )
    Checkin.objects.bulk_create(checkins)
    sessions = [
        Session.objects.create(
            cohort=cohort,
            date=day,
            start_time=dt.time(19, 30),
            end_time=dt.time(21),
            starts_at=_at(day, 11),
            ends_at=_at(day, 13),
            title=f"Evening {n}",
            host=users[1],
        )
        for n, day in enumerate((dt.date(2026, 11, 5), dt.date(2026, 11, 19)))
    ]
    clock.set(_at(dt.date(2026, 11, 19), 12))
    Attendance.objects.bulk_create(
        Attendance(session=sessions[i % 2], user=user, source=Attendance.Source.ROOM)
        for i, user in enumerate(users)
        if i % 4 == 0
    )
    Feedback.objects.bulk_create(
        Feedback(
            session=sessions[1],
            user=user,
            rating=3 + i % 3,
            comment="Useful" if i % 8 == 0 else "",
        )
        for i, user in enumerate(users)
        if i % 4 == 0
    )
    tag = QuestionTag.objects.get_or_create(name="pricing")[0]
    questions = []
    for n in range(12):
        clock.set(_at(dt.date(2026, 11, 3) + dt.timedelta(days=2 * n), 1))
        questions.append(
            Question.objects.create(
                cohort=cohort,
                author=users[(n * 5 + 2) % size],
                title=f"Question {n}",
                first_answer_at=None
                if n % 4 == 3
                else _at(dt.date(2026, 11, 3) + dt.timedelta(days=2 * n), 1)
                + dt.timedelta(hours=n + 1),
            )
        )
        questions[-1].tags.add(tag)
    for n, question in enumerate(questions):
        if question.first_answer_at:
            clock.set(question.first_answer_at)
            answer = Answer.objects.create(question=question, author=users[1], body="Here is how.")
            if n % 2 == 0:
                Question.objects.filter(pk=question.pk).update(accepted_answer=answer)
    clock.set(_at(dt.date(2026, 11, 27), 6))
    for n in range(5):
        kudos = Kudos.objects.create(
            cohort=cohort, giver=users[(n + 2) % size], message="Thank you"
        )
        KudosReceiver.objects.create(kudos=kudos, user=users[1])
    Pairing.objects.bulk_create(
        Pairing(cohort=cohort, mentor=users[1 + i % 3], mentee=users[i])
        for i in range(4, min(size, 40))
    )
    PointsEntry.objects.bulk_create(
        PointsEntry(
            person=c.person,
            cohort=cohort,
            rule="checkin_completed",
            points=2,
            cause_type_id=_content_type_id(Checkin),
            cause_id=c.pk,
            occurred_at=c.submitted_at,
        )
        for c in Checkin.objects.filter(task=task)
    )
    clock.set(NOW)
    return cohort


def _content_type_id(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


# What the world names in English, in each language of the screenshots: the program,
# the sub-groups, the two sessions, the members' one comment and the questions' tag.
WORDS = {
    "en": ("New-hire onboarding", ("North", "South"), ("Welcome evening", "Pricing evening"),
           "Useful", "pricing"),
    "zh-hans": ("新员工入职培训", ("北区", "南区"), ("欢迎晚会", "定价之夜"), "很有用", "定价"),
    "ru": ("Адаптация новых сотрудников", ("Север", "Юг"),
           ("Вечер знакомства", "Вечер о ценах"), "Полезно", "цены"),
    "el": ("Ένταξη νέων συναδέλφων", ("Βορράς", "Νότος"),
           ("Βραδιά γνωριμίας", "Βραδιά τιμολόγησης"), "Χρήσιμο", "τιμολόγηση"),
}  # fmt: skip


def name_in(cohort: Cohort, language: str) -> None:
    """Renames the world's English words (``WORDS``) into ``language`` for its pictures."""
    program, subgroups, sessions, comment, tag = WORDS[language]
    type(cohort.program).objects.filter(pk=cohort.program_id).update(title=program)
    cohort.program.title = program
    for old, new in zip(WORDS["en"][1], subgroups, strict=True):
        cohort.subgroups.filter(name=old).update(name=new)
    for index, title in enumerate(sessions):
        Session.objects.filter(cohort=cohort, title=f"Evening {index}").update(title=title)
    Feedback.objects.filter(session__cohort=cohort, comment="Useful").update(comment=comment)
    QuestionTag.objects.filter(name="pricing").update(name=tag)
