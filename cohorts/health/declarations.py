"""What the cohorts layer measures: members and who is active, check-ins, sessions,
kudos and points; what makes someone active here; who carries the community (kudos
received, sessions given). Handed to the registry by ``wagtail_hooks``."""

from __future__ import annotations

from django.db.models import Avg, Count, DateField, F, Sum
from django.db.models.functions import Coalesce, Trunc
from django.utils.translation import gettext_lazy as _

from cohorts.engagement.models import Checkin, CheckinPeriod, PointsEntry
from cohorts.health.metrics import (
    ACTIVE,
    BY_SUBGROUP,
    BY_WEEK,
    UNIT_COUNT,
    UNIT_PERCENT,
    UNIT_SCORE,
    WINDOW_WEEK,
    ActivitySource,
    HealthMetric,
    KeyContribution,
    Scope,
    active_people,
    per_member,
    percent,
    registry,
    top_counts,
)
from cohorts.models import Membership, Post, SubGroupMembership
from cohorts.recognition.models import Kudos, KudosReceiver
from cohorts.sessions.models import Attendance, Feedback, Rsvp, Session


def _grouped(queryset, value) -> dict:
    return {row["k"]: row["v"] for row in queryset.values("k").annotate(v=value)}


def members_values(scope: Scope) -> dict:
    """Active members per cohort or sub-group; per week, those who joined that week
    (the report adds them up: the metric is cumulative)."""
    if scope.by == BY_SUBGROUP:
        rows = SubGroupMembership.objects.filter(
            subgroup__cohort_id__in=scope.cohort_ids,
            status=ACTIVE,
            membership__status=ACTIVE,
        ).annotate(k=F("subgroup_id"))
        return _grouped(rows.order_by(), Count("pk"))
    rows = Membership.objects.filter(cohort_id__in=scope.cohort_ids, status=ACTIVE)
    if scope.by == BY_WEEK:
        joined = Coalesce("joined_at", "created_at")
        # Up to and including the end: a member added at this very moment counts.
        rows = (
            rows.annotate(joined=joined)
            .filter(joined__lte=scope.end)
            .annotate(k=Trunc("joined", "week", output_field=DateField(), tzinfo=scope.tz))
        )
    else:
        rows = rows.annotate(k=F("cohort_id"))
    return _grouped(rows.order_by(), Count("pk"))


def active_values(scope: Scope) -> dict:
    return active_people(scope, registry().activity)


def checkin_values(scope: Scope) -> dict:
    """(check-ins made, periods due) per key: periods are the cohort's, the same for each
    of its sub-groups."""
    done = _grouped(
        scope.keyed(
            Checkin.objects.all(), at="period__due_at", person="person", cohort="task__cohort_id"
        ),
        Count("pk"),
    )
    periods = CheckinPeriod.objects.order_by().filter(
        scope.in_time("due_at", "task__cohort_id"), due_at__lt=scope.end
    )
    if scope.by == BY_SUBGROUP:
        total = periods.count()
        # "*": what a sub-group with no check-in is worth (none made, as many due).
        return {k: (n, total) for k, n in done.items()} | {"*": (0, total)}
    if scope.by == BY_WEEK:
        periods = periods.annotate(
            k=Trunc("due_at", "week", output_field=DateField(), tzinfo=scope.tz)
        )
    else:
        periods = periods.annotate(k=F("task__cohort_id"))
    return {k: (done.get(k, 0), n) for k, n in _grouped(periods, Count("pk")).items()}


def checkin_finish(raw, members) -> float | None:
    done, periods = raw if isinstance(raw, tuple) else (0, 0)
    return percent(done, periods * (members or 0))


def attendance_values(scope: Scope) -> dict:
    rows = scope.keyed(
        Attendance.objects.all(),
        at="session__starts_at",
        person="user",
        cohort="session__cohort_id",
    )
    return _grouped(rows, Count("user", distinct=True))


def feedback_values(scope: Scope) -> dict:
    rows = scope.keyed(
        Feedback.objects.all(), at="session__starts_at", person="user", cohort="session__cohort_id"
    )
    return {k: round(v, 2) for k, v in _grouped(rows, Avg("rating")).items() if v is not None}


def kudos_values(scope: Scope) -> dict:
    rows = scope.keyed(
        Kudos.objects.filter(withdrawn_at__isnull=True, hidden=False),
        at="created_at",
        person="giver",
        cohort="cohort_id",
    )
    return _grouped(rows, Count("pk"))


def points_values(scope: Scope) -> dict:
    rows = scope.keyed(
        PointsEntry.objects.filter(withdrawn_at__isnull=True),
        at="occurred_at",
        person="person",
        cohort="cohort_id",
    )
    return _grouped(rows, Sum("points"))


def kudos_received_counts(cohort, start, end, limit) -> list[tuple[int, int]]:
    rows = KudosReceiver.objects.filter(
        kudos__cohort=cohort,
        kudos__withdrawn_at__isnull=True,
        kudos__hidden=False,
        kudos__created_at__gte=start,
        kudos__created_at__lt=end,
    )
    return top_counts(rows, "user_id", limit)


def sessions_given_counts(cohort, start, end, limit) -> list[tuple[int, int]]:
    rows = Session.objects.filter(
        cohort=cohort,
        host__isnull=False,
        starts_at__gte=start,
        starts_at__lt=end,
    ).exclude(status=Session.Status.CANCELLED)
    return top_counts(rows, "host_id", limit)


def cohort_declarations() -> list:
    """The cohorts layer's metrics, activity sources and key contributions."""
    return [
        HealthMetric(
            "members",
            _("Members"),
            UNIT_COUNT,
            values=members_values,
            cumulative=True,
            order=10,
            help=_("Active members of the cohort."),
        ),
        HealthMetric(
            "active_members",
            _("Active members (7 days)"),
            UNIT_COUNT,
            values=active_values,
            window=WINDOW_WEEK,
            order=20,
            help=_(
                "Members who did anything in the last seven days: checked in, posted, "
                "asked, answered, gave kudos, answered an invitation or came to a session."
            ),
        ),
        HealthMetric(
            "active_rate",
            _("Active rate"),
            UNIT_PERCENT,
            source="active_members",
            finish=per_member,
            window=WINDOW_WEEK,
            empty=0,
            order=25,
            help=_("Active members in the last seven days, as a share of all members."),
        ),
        HealthMetric(
            "checkin_completion",
            _("Check-in completion"),
            UNIT_PERCENT,
            values=checkin_values,
            finish=checkin_finish,
            window=WINDOW_WEEK,
            empty=None,
            order=30,
            help=_("Check-ins made, as a share of those due in the last seven days."),
        ),
        HealthMetric(
            "attendance",
            _("Session attendance"),
            UNIT_PERCENT,
            values=attendance_values,
            finish=per_member,
            order=40,
            help=_("Members who came to at least one guest session."),
        ),
        HealthMetric(
            "feedback_score",
            _("Session feedback"),
            UNIT_SCORE,
            values=feedback_values,
            empty=None,
            order=45,
            help=_("Average rating of the guest sessions, from 1 to 5."),
        ),
        HealthMetric(
            "kudos",
            _("Kudos given"),
            UNIT_COUNT,
            values=kudos_values,
            order=80,
        ),
        HealthMetric(
            "points",
            _("Points earned"),
            UNIT_COUNT,
            values=points_values,
            order=85,
        ),
        ActivitySource(
            "posts",
            lambda: Post.objects.filter(hidden=False),
            person="author",
            at="created_at",
            cohort="cohort_id",
        ),
        ActivitySource(
            "checkins",
            lambda: Checkin.objects.all(),
            person="person",
            at="submitted_at",
            cohort="task__cohort_id",
        ),
        ActivitySource(
            "kudos",
            lambda: Kudos.objects.filter(withdrawn_at__isnull=True),
            person="giver",
            at="created_at",
            cohort="cohort_id",
        ),
        ActivitySource(
            "rsvps",
            lambda: Rsvp.objects.all(),
            person="user",
            at="updated_at",
            cohort="session__cohort_id",
        ),
        ActivitySource(
            "attendance",
            lambda: Attendance.objects.all(),
            person="user",
            at="first_seen_at",
            cohort="session__cohort_id",
        ),
        ActivitySource(
            "feedback",
            lambda: Feedback.objects.all(),
            person="user",
            at="created_at",
            cohort="session__cohort_id",
        ),
        KeyContribution("kudos_received", _("kudos received"), kudos_received_counts, order=20),
        KeyContribution("sessions_given", _("sessions given"), sessions_given_counts, order=30),
    ]
