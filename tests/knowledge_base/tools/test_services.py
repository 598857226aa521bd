"""The sales tools' rules: who reads a tool (drafts, cohort and sub-group audiences),
"this helped" once and undone, the review-by reminder sent once and again after a new
date, glossary flags in a tool's text, and the kind's own block."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.models import Membership
from knowledge_base.models import GlossaryTerm
from knowledge_base.tools.models import ToolPage, ToolUse
from knowledge_base.tools.services import (
    record_tool_use,
    tool_glossary_flags,
    tool_helped_set,
    tool_visible_to,
    tools_review_remind,
    tools_visible_to,
)
from learning.notifications.models import Notification
from tests.cohorts.factories import (
    CohortFactory,
    MembershipFactory,
    SubGroupFactory,
    SubGroupMembershipFactory,
)
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db


def _person():
    return EmployeeProfileFactory().user


def test_a_draft_is_seen_only_by_tool_editors_and_its_owner(make_tool, member, reviewer):
    owner = _person()
    draft = make_tool(live=False, maintainer=owner)
    assert not tool_visible_to(member, draft)
    assert not tool_visible_to(AnonymousUser(), draft)
    assert tool_visible_to(reviewer, draft)
    assert tool_visible_to(owner, draft)


def test_a_tool_limited_to_a_cohort_or_sub_group_is_read_only_there(make_tool, member):
    cohort = CohortFactory()
    east = SubGroupFactory(cohort=cohort)
    insider = MembershipFactory(cohort=cohort).user
    in_east = MembershipFactory(cohort=cohort)
    SubGroupMembershipFactory(subgroup=east, membership=in_east)
    core = MembershipFactory(cohort=cohort, role=Membership.Role.CORE).user
    left = MembershipFactory(cohort=cohort, status=Membership.Status.REMOVED).user

    for_cohort = make_tool(title="For the cohort", cohort=cohort)
    for_east = make_tool(title="For East", subgroup=east)
    for_all = make_tool(title="For everyone")

    def titles(user):
        return set(tools_visible_to(user).values_list("title", flat=True))

    assert titles(member) == {"For everyone"}
    assert titles(left) == {"For everyone"}
    assert titles(insider) == {"For everyone", "For the cohort"}
    assert titles(in_east.user) == {"For everyone", "For the cohort", "For East"}
    assert titles(core) == {"For everyone", "For the cohort", "For East"}
    assert tool_visible_to(in_east.user, for_east)
    assert not tool_visible_to(insider, for_east)
    assert tool_visible_to(member, for_all)
    assert not tool_visible_to(member, for_cohort)
    # Saving with only a sub-group fills in its cohort.
    for_east.full_clean()
    assert for_east.cohort_id == cohort.pk


def test_this_helped_counts_once_a_person_and_can_be_undone(make_tool, member):
    tool = make_tool()
    assert tool_helped_set(tool=tool, user=member, helped=True)
    assert tool_helped_set(tool=tool, user=member, helped=True)
    record_tool_use(tool, member, "helped")
    helped = ToolUse.objects.filter(tool=tool, kind="helped")
    assert helped.count() == 1
    assert not tool_helped_set(tool=tool, user=member, helped=False)
    assert not helped.exists()
    assert not tool_helped_set(tool=tool, user=member, helped=False)


def test_views_and_downloads_count_each_time_and_a_bad_kind_is_refused(make_tool, member):
    tool = make_tool()
    record_tool_use(tool, member, "view")
    record_tool_use(tool, member, "view")
    record_tool_use(tool, member, "download")
    record_tool_use(tool, AnonymousUser(), "view")
    assert sorted(ToolUse.objects.values_list("kind", flat=True)) == ["download", "view", "view"]
    with pytest.raises(ValidationError) as error:
        record_tool_use(tool, member, "printed")
    assert "kind" in error.value.message_dict


def test_nobody_votes_on_a_draft_or_a_tool_they_cannot_read(make_tool, member):
    draft = make_tool(live=False)
    with pytest.raises(PermissionDenied):
        tool_helped_set(tool=draft, user=member, helped=True)
    hidden = make_tool(title="Hidden", cohort=CohortFactory())
    with pytest.raises(PermissionDenied):
        tool_helped_set(tool=hidden, user=member, helped=True)
    assert not ToolUse.objects.exists()


def test_the_owner_is_reminded_once_per_review_by_date(make_tool):
    owner = _person()
    today = dt.date(2026, 11, 30)
    tool = make_tool(maintainer=owner, review_by=today - dt.timedelta(days=1))
    make_tool(title="Current", maintainer=owner, review_by=today + dt.timedelta(days=5))
    make_tool(title="No date", maintainer=owner)

    assert tools_review_remind(today=today) == 1
    assert tools_review_remind(today=today) == 0  # the task ran twice
    reminders = Notification.objects.filter(recipient=owner, kind="knowledge.tool_review_due")
    assert reminders.count() == 1
    assert tool.title in reminders.get().title
    tool.refresh_from_db()
    assert tool.review_reminded_for == tool.review_by

    # The owner sets a new date: nothing until it passes, then one more reminder.
    ToolPage.objects.filter(pk=tool.pk).update(review_by=today + dt.timedelta(days=30))
    assert tools_review_remind(today=today) == 0
    later = today + dt.timedelta(days=31)
    assert tools_review_remind(today=later) == 2  # this one and "Current"
    assert tools_review_remind(today=later) == 0
    assert reminders.count() == 3


def test_glossary_flags_name_deprecated_words_with_the_preferred_term(make_tool):
    GlossaryTerm.objects.create(
        concept="price-adjustment",
        language="en",
        preferred="price adjustment",
        deprecated="discount\nmarkdown",
    )
    GlossaryTerm.objects.create(
        concept="price-adjustment",
        language="ru",
        preferred="корректировка цены",
        deprecated="скидка",
    )
    tool = make_tool(
        body=[
            ("paragraph", "<p>Never open with a <b>discount</b>.</p>"),
            (
                "talk_track",
                {
                    "stage": "negotiation",
                    "goal": "Hold the price",
                    "say": "No discounts today.",
                    "ask": [],
                    "listen_for": "",
                },
            ),
        ]
    )
    flags = tool_glossary_flags(tool)
    assert [(f.word.casefold(), f.preferred) for f in flags] == [
        ("discount", "price adjustment"),
        ("discounts", "price adjustment"),
    ]
    russian = make_tool(
        title="Скрипт",
        language="ru",
        body=[
            (
                "talk_track",
                {
                    "stage": "negotiation",
                    "goal": "Цель",
                    "say": "Сегодня без скидки.",
                    "ask": [],
                    "listen_for": "",
                },
            )
        ],
    )
    assert [f.preferred for f in tool_glossary_flags(russian)] == ["корректировка цены"]


def test_a_tool_holds_its_kinds_block_and_no_other_kinds(make_tool):
    tool = make_tool()
    tool.kind = "pricing_playbook"
    with pytest.raises(ValidationError) as error:
        tool.full_clean()
    assert "body" in error.value.message_dict
    tool.kind = "sales_script"
    tool.body = [*tool.body.raw_data, {"type": "form", "value": {"form_fields": []}}]
    with pytest.raises(ValidationError) as error:
        tool.full_clean()
    assert "Fillable form" in str(error.value.message_dict["body"])
