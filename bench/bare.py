"""Bare Django views: the same rows as each measured page, and nothing else.

Each view here reads exactly the rows its page shows (the same members, posts,
notifications, people, in the same order, the same page of them) with plain ORM queries
and renders them as a bare HTML table or JSON: no Wagtail, no site shell, no permission
checks, no forms. ``bench/run.py`` serves them beside the product's pages from the same
gunicorn and reports each page's requests/s as a fraction of its bare twin's.

They deliberately use no product selector: a selector made faster must not make its own
yardstick faster too. Mounted only by ``bench.urls``, never by the product's URLconf.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path

from cohorts.models import Cohort, Membership, Post, SubGroup, SubGroupMembership
from learning.models import EmployeeProfile, HomePage
from learning.notifications.models import Notification

MEMBERS_PER_PAGE = 30  # cohorts.views.MEMBERS_PER_PAGE
FEED_SIZE = 10  # cohorts.views.FEED_SIZE
INBOX_PAGE_SIZE = 20  # learning.notifications.views.PAGE_SIZE
API_PAGE_SIZE = 50  # NINJA_PAGINATION_PER_PAGE
ADMIN_PAGE_SIZE = 50  # EmployeeViewSet.list_per_page
ACTIVE = Membership.Status.ACTIVE

TABLES = engines["django"].from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body>"
    "<h1>{{ title }}</h1>{% for name, rows in sections %}<h2>{{ name }}</h2><table>"
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>"
    "{% endfor %}</table>{% endfor %}</body></html>"
)


def _tables(request, title: str, **sections):
    return HttpResponse(
        TABLES.render({"title": title, "sections": list(sections.items())}, request)
    )


def _active_count(model, key: str, outer: str):
    rows = (
        model.objects.filter(**{key: OuterRef(outer), "status": ACTIVE})
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _page(request, size: int) -> slice:
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    return slice((number - 1) * size, number * size)


def _name(user) -> str:
    profile = user.profile if hasattr(user, "profile") else None
    return profile.full_name if profile is not None and profile.full_name else user.username


def _posts(queryset, size: int) -> list[list]:
    posts = queryset.filter(hidden=False).select_related("author__profile")
    return [
        [_name(p.author), p.kind, p.created_at, p.body]
        for p in posts.order_by("-created_at", "-pk")[:size]
    ]


def _memberships_of(user):
    return (
        Membership.objects.filter(
            user=user,
            status__in=[ACTIVE, Membership.Status.INVITED, Membership.Status.REQUESTED],
        )
        .select_related("cohort__program")
        .annotate(member_count=_active_count(Membership, "cohort", "cohort_id"))
        .order_by("-cohort__start_date", "cohort__name")
    )


def home(request):
    """``/``: the welcome, the unread count and the first five of my cohorts."""
    page = HomePage.objects.live().first()
    me = request.user.profile
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    mine = [
        [m.cohort.name, m.cohort.slug, m.status, m.cohort.start_date, m.cohort.end_date]
        for m in _memberships_of(request.user)[:5]
    ]
    return _tables(
        request,
        page.title,
        me=[[me.full_name, me.title, page.intro, unread]],
        cohorts=mine,
    )


def my_cohorts(request):
    """``/cohorts/``: my memberships with member counts, and the open cohorts I am not in."""
    mine = [
        [
            m.cohort.name,
            m.cohort.program.title,
            m.cohort.start_date,
            m.cohort.end_date,
            m.role,
            m.status,
            m.member_count,
        ]
        for m in _memberships_of(request.user)
    ]
    open_cohorts = [
        [c.name, c.program.title, c.start_date, c.end_date, c.member_count]
        for c in Cohort.objects.filter(status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING])
        .exclude(memberships__user=request.user)
        .select_related("program")
        .annotate(member_count=_active_count(Membership, "cohort", "pk"))
        .order_by("start_date", "name")
    ]
    return _tables(request, "My cohorts", mine=mine, open=open_cohorts)


def cohort_home(request, slug: str):
    """A cohort's home: member count, five announcements, my sub-groups, the feed."""
    cohort = get_object_or_404(Cohort, slug=slug)
    top = Post.objects.filter(cohort=cohort, subgroup__isnull=True)
    mine = SubGroup.objects.filter(
        cohort=cohort,
        memberships__membership__user=request.user,
        memberships__status=ACTIVE,
    ).annotate(member_count=_active_count(SubGroupMembership, "subgroup", "pk"))
    return _tables(
        request,
        cohort.name,
        cohort=[
            [
                cohort.session_start,
                cohort.session_end,
                cohort.memberships.filter(status=ACTIVE).count(),
            ]
        ],
        announcements=_posts(top.filter(kind=Post.Kind.ANNOUNCEMENT), 5),
        subgroups=[[g.name, g.slug, g.member_count] for g in mine.order_by("name")],
        feed=_posts(top.exclude(kind=Post.Kind.ANNOUNCEMENT), FEED_SIZE),
    )


def _members(cohort: Cohort, request, size: int):
    members = Membership.objects.filter(cohort=cohort, status=ACTIVE)
    rows = members.select_related(
        "user__profile__level",
        "user__profile__region",
        "user__profile__subsidiary",
        "user__profile__department",
    ).order_by("user__profile__full_name", "user__username", "pk")[_page(request, size)]
    return members.count(), list(rows)


def members(request, slug: str):
    """A page of a cohort's members directory (30 a page, by name)."""
    cohort = get_object_or_404(Cohort, slug=slug)
    count, rows = _members(cohort, request, MEMBERS_PER_PAGE)
    return _tables(
        request,
        cohort.name,
        count=[[count]],
        members=[
            [_name(m.user), m.user.profile.title, m.user.profile.region, m.role, m.status]
            for m in rows
        ],
    )


def subgroup(request, slug: str, sub_slug: str):
    """A sub-group: its description, member count, first 30 members and its feed."""
    group = get_object_or_404(
        SubGroup.objects.select_related(
            "cohort", "level", "region", "subsidiary", "project_team"
        ).annotate(member_count=_active_count(SubGroupMembership, "subgroup", "pk")),
        cohort__slug=slug,
        slug=sub_slug,
    )
    group_members = (
        SubGroupMembership.objects.filter(subgroup=group, status=ACTIVE, membership__status=ACTIVE)
        .select_related("membership__user__profile")
        .order_by("membership__user__profile__full_name", "pk")[:MEMBERS_PER_PAGE]
    )
    return _tables(
        request,
        group.name,
        group=[[group.dimension, group.dimension_value, group.description, group.member_count]],
        members=[[_name(row.membership.user), row.status] for row in group_members],
        posts=_posts(Post.objects.filter(cohort=group.cohort, subgroup=group), FEED_SIZE),
    )


def _notifications(request, size: int):
    mine = Notification.objects.filter(recipient=request.user)
    rows = mine.order_by("-created_at", "-id")[_page(request, size)]
    return mine.count(), rows


def inbox(request):
    """``/inbox/``: a page of my notifications (20), newest first, and how many in all."""
    count, rows = _notifications(request, INBOX_PAGE_SIZE)
    return _tables(
        request,
        "Inbox",
        count=[[count]],
        notifications=[[n.pk, n.title, n.body, n.url, n.created_at, n.read_at] for n in rows],
    )


def _org_unit(unit) -> dict | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name, "display_name": _display_name(unit)}


def _display_name(unit) -> str:
    # The baseline tree (23387b2) predates names translated per language.
    return getattr(unit, "display_name", unit.name)


def _profiles_page(request):
    profiles = EmployeeProfile.objects.filter(is_active=True)
    rows = profiles.select_related(
        "level", "region", "subsidiary", "department", "project_team", "manager"
    ).order_by("full_name", "pk")[_page(request, API_PAGE_SIZE)]
    return profiles.count(), rows


def api_people(request):
    """``/api/v1/people/`` as JSON: 50 directory entries by name and the count."""
    count, rows = _profiles_page(request)
    items = [
        {
            "employee_id": p.employee_id,
            "full_name": p.full_name,
            "title": p.title,
            "level": {
                "code": p.level.code,
                "name": p.level.name,
                "display_name": _display_name(p.level),
                "rank": p.level.rank,
            },
            "region": _org_unit(p.region),
            "subsidiary": _org_unit(p.subsidiary),
            "department": _org_unit(p.department),
            "project_team": _org_unit(p.project_team),
            "manager": None
            if p.manager is None
            else {
                "employee_id": p.manager.employee_id,
                "full_name": p.manager.full_name,
                "title": p.manager.title,
            },
            "is_active": p.is_active,
            "email": None,
            "hire_date": None,
        }
        for p in rows
    ]
    return JsonResponse({"items": items, "count": count})


def api_cohorts(request):
    """``/api/v1/cohorts/`` as JSON: every cohort past its draft, with member counts."""
    cohorts = Cohort.objects.exclude(status=Cohort.Status.DRAFT)
    rows = (
        cohorts.select_related("program")
        .annotate(member_count=_active_count(Membership, "cohort", "pk"))
        .order_by("start_date", "name")[_page(request, API_PAGE_SIZE)]
    )
    fields = ("id", "slug", "name", "program_id", "status", "start_date", "end_date")
    items = [
        {
            **{name: getattr(c, name) for name in fields},
            "program_title": c.program.title,
            "time_zone": str(c.time_zone),
            "session_start": c.session_start,
            "session_end": c.session_end,
            "capacity": c.capacity,
            "group_wide": c.group_wide,
            "member_count": c.member_count,
        }
        for c in rows
    ]
    return JsonResponse({"items": items, "count": cohorts.count()})


def api_members(request, slug: str):
    """``/api/v1/cohorts/{slug}/members`` as JSON: 50 members by name and the count."""
    cohort = get_object_or_404(Cohort, slug=slug)
    count, rows = _members(cohort, request, API_PAGE_SIZE)
    items = [
        {
            "id": m.pk,
            "role": m.role,
            "status": m.status,
            "helper_duty": m.helper_duty,
            "wave": m.wave,
            "joined_at": m.joined_at,
            "person": {
                "employee_id": m.user.profile.employee_id,
                "full_name": m.user.profile.full_name,
                "title": m.user.profile.title,
            },
        }
        for m in rows
    ]
    return JsonResponse({"items": items, "count": count})


def api_inbox(request):
    """``/api/v1/inbox/`` as JSON: 50 of my notifications, newest first."""
    _, rows = _notifications(request, API_PAGE_SIZE)
    fields = ("id", "kind", "title", "body", "url", "payload", "created_at", "read_at")
    return JsonResponse({"items": list(rows.values(*fields))})


def admin_employees(request):
    """The admin's employee list as a bare table: 50 people by name, nine columns."""
    profiles = EmployeeProfile.objects.all()
    rows = profiles.select_related(
        "level", "region", "subsidiary", "department", "manager"
    ).order_by("full_name", "pk")[_page(request, ADMIN_PAGE_SIZE)]
    return _tables(
        request,
        "Employees",
        count=[[profiles.count()]],
        employees=[
            [
                p.full_name,
                p.employee_id,
                p.title,
                p.level,
                p.region,
                p.subsidiary,
                p.department,
                p.manager.full_name if p.manager else "",
                p.hire_date,
            ]
            for p in rows
        ],
    )


def room_updates(request, session_id: int):
    """The naive poll of a live room: its latest 200 posts and 100 questions read from the
    database on every refresh, as JSON (the product answers from the cache)."""
    from cohorts.sessions.models import RoomPost, RoomQuestion

    posts = RoomPost.objects.filter(session_id=session_id).order_by("-pk")[:200]
    questions = RoomQuestion.objects.filter(session_id=session_id).order_by(
        "answered_at", "-votes", "pk"
    )[:100]
    return JsonResponse(
        {
            "posts": [
                {"id": p.pk, "author": p.author.get_full_name(), "body": p.body}
                for p in posts.select_related("author__profile")
            ][::-1],
            "questions": [
                {"id": q.pk, "author": q.author.get_full_name(), "body": q.body, "votes": q.votes}
                for q in questions.select_related("author__profile")
            ],
        }
    )


urlpatterns = [
    path("", home),
    path("cohorts/", my_cohorts),
    path("cohorts/<slug:slug>/", cohort_home),
    path("cohorts/<slug:slug>/members/", members),
    path("cohorts/<slug:slug>/groups/<slug:sub_slug>/", subgroup),
    path("inbox/", inbox),
    path("api/people/", api_people),
    path("api/cohorts/", api_cohorts),
    path("api/cohorts/<slug:slug>/members", api_members),
    path("api/inbox/", api_inbox),
    path("admin/employees/", admin_employees),
    path("room-updates/<int:session_id>/", room_updates),
]
