"""What a dashboard page shows, built once from the report for the site page and the
admin alike: the charts and the rows beside them."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from cohorts.health import charts
from cohorts.health.report import HealthReport

# The numbers at the top of the page, in this order, and the ones drawn larger.
HEADLINE = (
    "members",
    "active_rate",
    "checkin_completion",
    "attendance",
    "feedback_score",
    "questions_answered",
    "first_answer_hours",
    "mentor_load",
)
FEATURED = ("active_rate", "checkin_completion", "attendance", "questions_answered")


def planning_invite_url(cohort, membership_id: int) -> str | None:
    """The operations room's "Invite into planning" page for a member, if that app is
    installed (another part of Guild builds it: the dashboard only links to it)."""
    try:
        return reverse("operations:planning_invite", args=[cohort.slug, membership_id])
    except NoReverseMatch:
        return None


def dashboard_context(report: HealthReport) -> dict:
    goals_by_code = {goal.code: goal for goal in report.goals}
    trends = [
        {"series": s, "chart": charts.trend_chart(s, goal=goals_by_code.get(s.code))}
        for s in report.trends
    ]
    subgroups = [{"comparison": c, "chart": charts.bar_chart(c)} for c in report.subgroups]
    cohorts = [{"comparison": c, "chart": charts.bar_chart(c)} for c in report.cohorts]
    headline = [m for code in HEADLINE for m in report.metrics if m.code == code]
    others = [m for m in report.metrics if m.code not in HEADLINE]
    key_members = [
        {"member": m, "invite_url": planning_invite_url(report.cohort, m.membership_id)}
        for m in report.key_members
    ]
    return {
        "report": report,
        "headline": headline + others,
        "goals": [{"goal": g, "chart": charts.goal_bar(g)} for g in report.goals],
        "trends_featured": [t for code in FEATURED for t in trends if t["series"].code == code],
        "trends_more": [t for t in trends if t["series"].code not in FEATURED],
        "subgroups": [s for s in subgroups if s["comparison"].code in FEATURED],
        "subgroups_more": [s for s in subgroups if s["comparison"].code not in FEATURED],
        "cohorts_compared": [c for c in cohorts if c["comparison"].code in FEATURED]
        if report.cohorts and len(report.cohorts[0].rows) > 1
        else [],
        "key_members": key_members,
    }


def dashboard_page_context(
    user, cohort, *, form, goal_set_url: str, goal_remove_url, export_url
) -> dict:
    """Everything the dashboard template needs, for the site page and the admin alike:
    ``goal_remove_url(goal id)`` and ``export_url(format)`` build their links."""
    from cohorts.health import services
    from cohorts.health.forms import GoalForm
    from cohorts.health.selectors import cohort_health

    context = dashboard_context(cohort_health(cohort))
    can_set = services.can_set_goals(user, cohort)
    for item in context["goals"]:
        item["remove_url"] = goal_remove_url(item["goal"].id)
    context.update(
        {
            "cohort": cohort,
            "can_set_goals": can_set,
            "goal_form": (form or GoalForm()) if can_set else None,
            "goal_set_action": goal_set_url,
            "export_csv_url": export_url("csv"),
            "export_xlsx_url": export_url("xlsx"),
        }
    )
    return context
