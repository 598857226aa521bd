"""What check-ins and points hand to the rest: their points rules (and attended sessions'),
the cohort home's check-in card, the demo, the API's router and the admin screens."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cohorts.engagement.services import (
    RULE_ATTENDED,
    RULE_COMPLETED,
    RULE_MISSED,
    PointsRuleDeclaration,
)
from learning import registry


def _periods_described(ids):
    from cohorts.engagement.models import CheckinPeriod

    return {
        period.pk: (
            f"{period.task.title} · {formats.date_format(period.day, 'MONTH_DAY_FORMAT')}",
            f"/cohorts/{period.task.cohort.slug}/checkins/",
        )
        for period in CheckinPeriod.objects.filter(pk__in=ids).select_related("task__cohort")
    }


def _sessions_described(ids):
    from cohorts.sessions.models import Session
    from cohorts.sessions.services import session_url

    return {
        session.pk: (session.title, session_url(session))
        for session in Session.objects.filter(pk__in=ids).select_related("cohort")
    }


@hooks.register("guild_points_rules")
def _engagement_points_rules():
    return [
        PointsRuleDeclaration(RULE_COMPLETED, _("Check-in done"), 2, describe=_periods_described),
        PointsRuleDeclaration(
            RULE_MISSED, _("Check-in missed (group rules)"), -1, describe=_periods_described
        ),
        PointsRuleDeclaration(
            RULE_ATTENDED, _("Came to a guest session"), 3, describe=_sessions_described
        ),
    ]


@hooks.register("guild_session_attended")
def _session_attended_points(attendance):
    from cohorts.engagement.services import attendance_points_award

    attendance_points_award(attendance=attendance)


@hooks.register("guild_cohort_home_sections")
def _checkin_card(request, cohort, place):
    """Today's check-in on the cohort home: done, or due at what time. No query of its
    own: the tasks and the viewer's latest check-ins come in the shell's one query of
    the viewer's counts (``home_card_column``)."""
    from cohorts import permissions
    from cohorts.engagement.selectors import home_card

    if place != "checkins":
        return []
    column = registry.viewer_counts(request).get("checkin_card")
    if not column:
        return []
    membership = permissions.membership_for(request.user, cohort)
    if membership is None or not membership.is_active:
        return []
    rows = home_card(cohort=cohort, user=request.user, column=column)
    if not rows:
        return []
    return [
        render_to_string(
            "engagement/home_section.html", {"cohort": cohort, "rows": rows}, request=request
        )
    ]


@hooks.register("guild_viewer_counts")
def _checkin_viewer_counts(user):
    """The active check-in tasks of the viewer's active cohorts with their latest
    check-in days, for the cohort home's card (read with the shell's other counts, in
    its one query)."""
    from cohorts.engagement.selectors import home_card_column

    return {"checkin_card": home_card_column(user)}


@hooks.register("guild_seed_demo")
def _engagement_seed_demo(*, company, stdout):
    from cohorts.engagement.demo import engagement_demo_seed

    engagement_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_api_routers")
def _engagement_api_router():
    from cohorts.engagement.api import router

    return [("/", router)]


@hooks.register("register_admin_viewset")
def _engagement_admin():
    from cohorts.engagement.viewsets import EngagementGroup

    return EngagementGroup()
