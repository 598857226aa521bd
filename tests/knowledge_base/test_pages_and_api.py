"""The member pages and the API: a case in review is unknown to others on both; the
phone form submits into review with checked attachments; bad input gets a clear answer
and saves nothing; the library respects sub-groups; lists cost a fixed number of
queries whatever their length."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cohorts.models import Membership
from cohorts.sessions import services as session_services
from cohorts.sessions.models import Summary
from knowledge_base.models import Case, CaseAttachment
from knowledge_base.services import case_review_decide
from tests.cohorts.factories import (
    CohortFactory,
    MembershipFactory,
    SubGroupFactory,
    SubGroupMembershipFactory,
)
from tests.knowledge_base.conftest import case_data
from tests.learning.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/knowledge"
PDF = b"%PDF-1.4 a proposal"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_case_in_review_is_unknown_to_others_on_pages_and_api(submit, member, author, reviewer):
    case = submit(attachments=[SimpleUploadedFile("deal.pdf", PDF, "application/pdf")])
    attachment = case.attachments.get()
    page = reverse("knowledge_base:case", kwargs={"case_id": case.pk})
    file = reverse(
        "knowledge_base:case_attachment",
        kwargs={"case_id": case.pk, "attachment_id": attachment.pk},
    )

    other = _as(member)
    assert other.get(page).status_code == 404
    assert other.get(file).status_code == 404
    assert other.get(f"{API}/cases/{case.pk}").status_code == 404
    assert other.get(f"{API}/cases").json()["count"] == 0
    assert case.title not in other.get(reverse("knowledge_base:cases")).content.decode()

    mine = _as(author)
    assert mine.get(page).status_code == 200
    assert mine.get(file).getvalue() == PDF
    assert mine.get(f"{API}/cases?mine=true").json()["items"][0]["status"] == "in_review"
    assert _as(reviewer).get(page).status_code == 200

    case_review_decide(case=case, actor=reviewer, approve=True)
    assert other.get(page).status_code == 200
    assert other.get(f"{API}/cases/{case.pk}").json()["status"] == "approved"


def test_the_reviewer_reads_the_glossary_flags_on_the_case(submit, reviewer, member):
    from knowledge_base.models import GlossaryTerm

    GlossaryTerm.objects.create(
        concept="price-adjustment",
        language="en",
        preferred="price adjustment",
        deprecated="discount",
    )
    case = submit(actions="We gave a discount.")
    page = reverse("knowledge_base:case", kwargs={"case_id": case.pk})

    body = _as(reviewer).get(page).content.decode()
    assert "price adjustment" in body
    assert 'data-testid="glossary-flags"' in body
    flags = _as(reviewer).get(f"{API}/cases/{case.pk}").json()["glossary_flags"]
    assert flags[0]["word"] == "discount"
    admin = _as(UserFactory(is_superuser=True, is_staff=True)).get(
        reverse("wagtailsnippets_knowledge_base_case:edit", args=[case.pk])
    )
    assert admin.status_code == 200
    assert "data-glossary-flags" in admin.content.decode()


def test_the_phone_form_submits_into_review_with_attachments(author, reviewer):
    client = _as(author)
    assert client.get(reverse("knowledge_base:case_new")).status_code == 200
    response = client.post(
        reverse("knowledge_base:case_new"),
        {
            **case_data(),
            "language": "en",
            "source": "field",
            "tags": "renewal, distributors",
            "attachments": [SimpleUploadedFile("deal.pdf", PDF, "application/pdf")],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert not case.live
    assert case.author == author
    assert sorted(case.tags.names()) == ["distributors", "renewal"]
    assert case.attachments.get().content_type == "application/pdf"


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(author):
    response = _as(author).post(
        reverse("knowledge_base:case_new"),
        {
            **case_data(),
            "language": "en",
            "source": "field",
            "attachments": [SimpleUploadedFile("deal.pdf", b"MZ\x90\x00", "application/pdf")],
        },
    )
    assert response.status_code == 400
    assert "deal.pdf is not a PDF" in response.content.decode()
    assert not Case.objects.exists()
    assert not CaseAttachment.objects.exists()


def test_an_attachment_over_the_limit_is_refused(author, settings):
    settings.GUILD_CASE_ATTACHMENT_MAX_BYTES = 10
    response = _as(author).post(
        reverse("knowledge_base:case_new"),
        {
            **case_data(),
            "language": "en",
            "source": "field",
            "attachments": [SimpleUploadedFile("deal.pdf", PDF, "application/pdf")],
        },
    )
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "gossip"}, "kind"),
        ({"situation": "x" * 10_001}, "situation"),
        ({"region_id": 999_999}, "region"),
        ({"tags": ["t"] * 11}, "tags"),
    ],
)
def test_bad_input_on_the_api_names_the_field_and_saves_nothing(author, body, field):
    payload = {**case_data(), **body}
    response = _as(author).post(f"{API}/cases", payload, content_type="application/json")
    assert response.status_code in (400, 422)
    assert field in str(response.json())
    assert not Case.objects.exists()


def test_the_api_submits_searches_and_lists_the_glossary(author, reviewer, member):
    created = _as(author).post(
        f"{API}/cases",
        {**case_data(title="降价谈判", situation="客户要求打折", language="zh-hans")},
        content_type="application/json",
    )
    assert created.status_code == 201
    case = Case.objects.get(pk=created.json()["id"])
    case_review_decide(case=case, actor=reviewer, approve=True)

    found = _as(member).get(f"{API}/search", {"q": "打折"}).json()
    assert [row["id"] for row in found["cases"]] == [case.pk]
    assert (
        _as(member)
        .get(f"{API}/search", {"q": "打折", "kind": "pricing_negotiation"})
        .json()["cases"]
        == []
    )
    assert _as(member).get(f"{API}/search").status_code in (400, 422)
    assert _as(member).get(f"{API}/glossary").json() == []
    page = _as(member).get(reverse("knowledge_base:search"), {"q": "打折"})
    assert "降价谈判" in page.content.decode()


@pytest.fixture
def library_world(db):
    scheduler = UserFactory(username="kb-scheduler", is_staff=True, is_superuser=True)
    cohort = CohortFactory(time_zone="Asia/Shanghai")
    board = SubGroupFactory(cohort=cohort, name="Board", slug="board")
    member = MembershipFactory(cohort=cohort, role=Membership.Role.NEWCOMER)
    director = MembershipFactory(cohort=cohort, role=Membership.Role.NEWCOMER)
    SubGroupMembershipFactory(subgroup=board, membership=director)

    def evening(day, subgroup=None, text="What was said"):
        session = session_services.session_create(
            cohort=cohort, actor=scheduler, date=dt.date(2026, 12, day), subgroup=subgroup
        )
        return Summary.objects.create(session=session, key_points=text, status="published")

    return {
        "cohort": cohort,
        "board": board,
        "member": member.user,
        "director": director.user,
        "evening": evening,
    }


def test_the_library_shows_a_sub_groups_summary_only_to_its_members(library_world):
    world = library_world
    world["evening"](1, text="Open evening")
    world["evening"](2, subgroup=world["board"], text="Board only")
    url = reverse("knowledge_base:library")

    member_page = _as(world["member"]).get(url, {"program": world["cohort"].program_id})
    director_page = _as(world["director"]).get(url).content.decode()
    assert "Open evening" in member_page.content.decode()
    assert "Board only" not in member_page.content.decode()
    assert "Board only" in director_page
    listed = _as(world["member"]).get(f"{API}/library").json()
    assert [row["key_points"] for row in listed["items"]] == ["Open evening"]
    dated = _as(world["director"]).get(f"{API}/library", {"date_from": "2026-12-02"}).json()
    assert [row["key_points"] for row in dated["items"]] == ["Board only"]


@pytest.mark.parametrize("size", [2, 12])
def test_lists_cost_the_same_queries_at_any_size(
    size, submit, reviewer, member, library_world, django_assert_max_num_queries
):
    for index in range(size):
        case = submit(title=f"Case {index}", tags=["renewal"])
        case_review_decide(case=case, actor=reviewer, approve=True)
        library_world["evening"](1 + index)
    client = _as(member)
    director = _as(library_world["director"])
    for path in (
        reverse("knowledge_base:cases"),
        reverse("knowledge_base:my_cases"),
        reverse("knowledge_base:search") + "?q=distributor",
        f"{API}/cases",
        f"{API}/search?q=distributor",
    ):
        with django_assert_max_num_queries(14):
            assert client.get(path).status_code == 200
    for path in (reverse("knowledge_base:library"), f"{API}/library"):
        with django_assert_max_num_queries(14):
            assert director.get(path).status_code == 200
