"""Extension points for higher layers.

``learning`` is layer 0 and imports nothing above it. Apps above register what they want
shown in the shell (navigation links, badges, home-page panels, demo seeders) through
Wagtail hooks in their ``wagtail_hooks.py``; this module reads them.

Hooks:
- ``guild_nav_items``: ``fn(request) -> list[NavItem]``, links in the site navigation.
- ``guild_shell_badges``: ``fn(request) -> dict[str, int]``, counts such as unread messages.
- ``guild_viewer_counts``: ``fn(user) -> dict[str, Expression]``, counts about the viewer
  that the shell shows on every page (unread messages, what waits for them), each an
  integer expression (``count_of(queryset)``), or a text column a card reads instead of
  a query of its own (check-ins' ``checkin_card``; 0 for a visitor). ``viewer_counts``
  reads all of them in one query per request; badges and navigation items take their
  numbers from it. The
  expressions are built once per process for a stand-in viewer: use the user only as a
  value to filter on, never branch on its attributes, and ask for the time with ``Now()``,
  never ``timezone.now()``. A count named ``queue_…`` counts in the member's "Waiting for
  me" (``cohorts.queue.queue_counts_from``): an app that adds a ``guild_queue_sections``
  section counts its rows that way.
- ``guild_home_panels``: ``fn(request) -> list[str]``, rendered HTML panels on the home page.
- ``guild_seed_demo``: ``fn(*, company, stdout) -> None``, demo data after the directory.
- ``guild_job_handlers``: ``fn() -> dict[str, handler]``, background job kinds and the
  ``handler(job, progress) -> dict`` that runs each, or a ``JobKind`` wrapping one with
  its stages and status words (see ``learning/jobs.py``).
- ``guild_people_renamed``: ``fn(names: dict[user id, name])``, called by
  ``learning.account_names.account_names_sync`` when people's names change, for
  higher layers that keep a copy of a name to sort by.
- ``guild_user_organizes``: ``fn(user) -> bool``, whether ``user`` organizes something
  in that app (a cohort's organizer, say); layer 0 only knows staff and the
  "Organizers" group.

- ``guild_calendar_events``: ``fn(user) -> Iterable[CalendarEvent]``, what goes in a
  person's calendar feed (read by ``learning.calendar``).

- ``guild_knowledge_search_sources``: ``fn() -> list[SearchSource]``, more things the
  knowledge base's search finds (``knowledge_base.services.search``).
- ``guild_cohort_home_sections``: ``fn(request, cohort, place) -> list[str]``, HTML at a
  place of the cohort home ("schedule", "checkins", "mentor", "questions"; ``cohorts_tags``); the
  knowledge base puts the link to the cohort's library under the schedule.
- ``guild_session_question_handoff``: ``fn(session, questions, actor)`` yielding
  ``(room question, reference)`` for each unanswered live-room question it takes on.
- ``guild_report_subjects``: ``fn(reports) -> {report id: {"label", "text", "url"}}``,
  what a report filed through a higher layer is about, shown in the cohort's report queue.
- ``guild_audit_log_sources``: ``fn() -> list[QuerySet]``, querysets of other
  ``cohorts.models.AuditEvent`` tables (each with a ``cohort``) that the cohort's audit
  log lists beside its own entries (``cohorts.audit_log``).
- ``guild_report_decided``: ``fn(report) -> None``, called in the decision's transaction
  so a higher layer can hide what the report was about (as a reported post is hidden).
- ``guild_introduction_posted``: ``fn(*, membership, post) -> None``, called in the
  transaction of a newcomer's introduction (recognition prompts the helper on welcome duty).
- ``guild_queue_sections``: ``fn(request) -> list[str]``, HTML added to the member's
  "Waiting for me" queue (``cohorts.queue.queue_sections``).
- ``guild_answer_proposed_as_case``: ``fn(answer, actor) -> reference``, the knowledge
  base takes an accepted Q&A answer as a proposed case; with no receiver the board does
  not offer the action.

- ``guild_points_rules``: ``fn() -> list[PointsRuleDeclaration]``, the points rules an
  app rewards (code, label, default points, negative for a penalty, and ``describe(ids)
  -> {cause id: (text, url)}`` for the ledger); the app then calls
  ``cohorts.engagement.services.award(*, person, cohort, rule, cause, at=None)`` in the
  action's transaction and ``withdraw(*, rule, cause, person=None)`` when it is undone.
  HR sets each rule's points per cohort. Declared today: ``checkin_completed``,
  ``checkin_missed``, ``session_attended`` (cohorts.engagement), ``answer_accepted``
  (mentors.questions), ``case_published`` (knowledge_base).
- ``guild_session_attended``: ``fn(attendance) -> None``, called in the transaction that
  first notes someone at a session (``attendance_record``); check-ins and points give
  the attendance points through it.
- ``guild_digest_sections``: ``fn(*, windows: dict[cohort id, (start, end)]) ->
  dict[cohort id, list[DigestLine]]``, lines a higher layer adds to each cohort's part of
  the members' weekly digest (``cohorts.digest.services``), counted over that cohort's
  week ``[start, end)``; a ``DigestLine`` is a callable with no arguments that returns
  the line in the active language (it is called once per member, in their language).
  Count every cohort in a fixed number of queries (one grouped query), never one per
  cohort or member. Mentors add the questions answered, the knowledge base new cases
  and tools.

- ``guild_duty_counts``: ``fn(cohort_ids, start, end) -> {user id: {duty code: n}}``, the
  operations team's duties an app saw done in those cohorts between ``start`` (included)
  and ``end`` (excluded), in one query per source; ``duty_counts`` adds them up for the
  periodic evaluation of each operations member (``cohorts.operations``). Counted today:
  ``checkins_supervised`` (helpers' nudges, cohorts.engagement), ``summaries_written``
  (published session summaries, cohorts.sessions), ``room_posts`` and ``plan_items_done``
  (cohorts.operations), ``questions_triaged`` (mentors.questions).

- ``guild_health_metrics``: ``fn() -> list``, what the cohort health dashboard
  (``cohorts.health``) measures, as declarations of ``cohorts.health.metrics``:
  ``HealthMetric`` (code, label, unit count/percent/hours/score, whether higher is
  better, and ``values(scope)`` reading every cohort, week or sub-group in one query),
  ``ActivitySource`` (rows that make a member active in a week, counted distinct over
  all sources in one query), ``KeyContribution`` (``counts(cohort, start, end, limit)``:
  who carries the community) and ``TopicSource`` (tags people use). Declared today:
  members, active members and rate, check-in completion, attendance, feedback, kudos,
  points (cohorts.health); mentor load (mentors); questions answered, time to first
  answer (mentors.questions); cases (knowledge_base); tools (knowledge_base.tools).

Notification kinds have their own registry: ``learning.notifications.kinds``.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Count, F, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from wagtail import hooks


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str = ""
    order: int = 100
    # A count shown beside the label (things waiting), or 0 for none.
    badge: int = 0


def nav_items(request) -> list[NavItem]:
    items: list[NavItem] = []
    for fn in hooks.get_hooks("guild_nav_items"):
        items.extend(fn(request))
    return sorted(items, key=lambda item: item.order)


def shell_badges(request) -> dict[str, int]:
    badges: dict[str, int] = {}
    for fn in hooks.get_hooks("guild_shell_badges"):
        badges.update(fn(request))
    return badges


def count_of(queryset: QuerySet) -> Coalesce:
    """An expression counting ``queryset``'s rows, to read beside others in one query."""
    # One aggregate row for the whole queryset: every row grouped under a constant.
    rows = queryset.order_by().annotate(group=F("pk") * 0).values("group")
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
    )


# Stands for the viewer's id while the statement of the viewer's counts is compiled; each
# request swaps in its own. Chosen so that no other parameter of the statement equals it.
VIEWER_STAND_IN_ID = -1_946_000_317
_viewer_statements: dict[tuple, tuple[str, tuple, list[str]]] = {}


def viewer_counts(request) -> dict[str, int]:
    """Every ``guild_viewer_counts`` count of the signed-in viewer, read in one query and
    kept on the request (the badges and the navigation both ask); 0 each for a visitor.

    Building and compiling the hooks' expressions cost more than running them (~7 ms of
    a 25 ms page), so the statement is compiled once per process and database, for a
    stand-in viewer, and run with the viewer's id: the hooks' expressions may use the
    user only as a value to filter on, never branch on its attributes (ask in SQL, as
    ``cohorts.permissions.hr_organizer_exists`` does)."""
    if not hasattr(request, "_guild_viewer_counts"):
        user = getattr(request, "user", None)
        counts: dict[str, int] = {}
        if user is not None and user.is_authenticated:
            counts = viewer_counts_of(user)
        request._guild_viewer_counts = counts
    return request._guild_viewer_counts


def viewer_counts_of(user) -> dict[str, int]:
    """``viewer_counts`` for ``user`` outside a request (the API's queue, say)."""
    alias = router.db_for_read(get_user_model())
    functions = tuple(hooks.get_hooks("guild_viewer_counts"))
    key = (alias, functions)
    if key not in _viewer_statements:
        _viewer_statements[key] = _viewer_statement(alias, functions)
    sql, params, names = _viewer_statements[key]
    if not names:
        return {}
    params = tuple(user.pk if value == VIEWER_STAND_IN_ID else value for value in params)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(names, row or [0] * len(names), strict=True))


def _viewer_statement(alias: str, functions: tuple) -> tuple[str, tuple, list[str]]:
    stand_in = get_user_model()(pk=VIEWER_STAND_IN_ID)
    expressions: dict = {}
    for fn in functions:
        expressions.update(fn(stand_in))
    if not expressions:
        return "", (), []
    queryset = (
        get_user_model()
        .objects.filter(pk=VIEWER_STAND_IN_ID)
        .annotate(**expressions)
        .values(*expressions)
    )
    sql, params = queryset.query.get_compiler(using=alias).as_sql()
    return sql, tuple(params), list(expressions)


def home_panels(request) -> list[str]:
    panels: list[str] = []
    for fn in hooks.get_hooks("guild_home_panels"):
        panels.extend(fn(request))
    return panels


def demo_seeders():
    return list(hooks.get_hooks("guild_seed_demo"))


def organizes_something(user) -> bool:
    """Whether a higher layer says ``user`` organizes something there."""
    return any(fn(user) for fn in hooks.get_hooks("guild_user_organizes"))


def api_routers() -> list[tuple]:
    routers: list[tuple] = []
    for fn in hooks.get_hooks("guild_api_routers"):
        routers.extend(fn())
    return routers


def duty_counts(cohort_ids, start, end) -> dict[int, dict[str, int]]:
    """Every ``guild_duty_counts`` source's counts, added up per person and duty code."""
    counts: dict[int, dict[str, int]] = {}
    for fn in hooks.get_hooks("guild_duty_counts"):
        for user_id, duties in fn(list(cohort_ids), start, end).items():
            mine = counts.setdefault(user_id, {})
            for code, n in duties.items():
                mine[code] = mine.get(code, 0) + n
    return counts


def health_declarations() -> list:
    """Every ``guild_health_metrics`` declaration (read by ``cohorts.health.metrics``)."""
    declarations: list = []
    for fn in hooks.get_hooks("guild_health_metrics"):
        declarations.extend(fn())
    return declarations
