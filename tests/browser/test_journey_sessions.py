"""Guest sessions on a phone, in each of Guild's languages: a member finds tonight's
session from the cohort home, answers the RSVP, enters the live room and sees the guest's
post arrive without reloading; an outside guest answers their invitation link without
an account."""

import datetime as dt

import pytest
from django.utils import timezone

from cohorts.models import Membership
from cohorts.sessions import services
from cohorts.sessions.models import Rsvp, Session
from tests.browser.conftest import PHONE, _new_page
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory, charter_published
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = {
    "en": {
        "member": "Tomás Ortega",
        "host": "Helen Park",
        "title": "Pricing without fear",
        "guest": "Sofia Lambrou",
        "post": "Tonight: how to defend a price in three steps.",
        "question": "How big a discount can I offer on my own?",
    },
    "zh-hans": {
        "member": "王芳",
        "host": "罗超",
        "title": "不怕谈价格",
        "guest": "周敏",
        "post": "今晚分三步讲如何守住价格。",
        "question": "我自己最多可以给多少折扣？",
    },
    "ru": {
        "member": "Иван Петров",
        "host": "Ольга Смирнова",
        "title": "Цена без страха",
        "guest": "Дмитрий Волков",
        "post": "Сегодня: как отстоять цену в три шага.",
        "question": "Какую скидку я могу дать сам?",
    },
    "el": {
        "member": "Νίκος Πέτρου",
        "host": "Ελένη Παπαδάκη",
        "title": "Τιμή χωρίς φόβο",
        "guest": "Σοφία Λάμπρου",
        "post": "Απόψε: πώς υπερασπιζόμαστε μια τιμή σε τρία βήματα.",
        "question": "Πόση έκπτωση μπορώ να δώσω μόνος μου;",
    },
}


def _tonight(text: dict, language: str):
    """A cohort around today with tonight's session live, hosted, with a confirmed guest."""
    today = timezone.localdate()
    host = EmployeeProfileFactory(full_name=text["host"], preferred_language=language).user
    member = EmployeeProfileFactory(
        full_name=text["member"], preferred_language=language, time_zone="Europe/Athens"
    ).user
    cohort = CohortFactory(
        name="Winter sales sprint",
        time_zone="Europe/Athens",
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=30),
    )
    Membership.objects.create(
        cohort=cohort, user=host, role=Membership.Role.ORGANIZER, status="active"
    )
    Membership.objects.create(cohort=cohort, user=member, status="active")
    rules = charter_published(cohort=cohort, owner=host, enforcers=[host])
    Membership.objects.filter(cohort=cohort).update(rules_accepted_version=rules)
    session = services.session_create(
        cohort=cohort, actor=host, date=today, title=text["title"], host=host
    )
    guest = services.guest_create(
        actor=host, tier=3, name=text["guest"], organization="Aegean Logistics"
    )
    invitation = services.invitation_create(session=session, guest=guest, actor=host)
    services.invitation_transition(invitation=invitation, actor=host, to="confirmed")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LIVE)
    session.refresh_from_db()
    return cohort, session, host, member


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_member_follows_tonights_session_on_a_phone(page, login, screenshot, language):
    text = CONTENT[language]
    cohort, session, host, member = _tonight(text, language)

    # The member finds tonight's session on the cohort home
    login(page, member)
    page.goto(f"/cohorts/{cohort.slug}/")
    page.get_by_test_id("home-sessions").get_by_text(text["title"]).click()
    page.wait_for_url(f"**/sessions/{session.pk}/")
    assert text["guest"] in page.content()
    with page.expect_navigation():
        page.locator("[data-testid=rsvp] button[value=going]").click()
    assert Rsvp.objects.get(session=session, user=member).answer == "going"
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"session-{language}")

    # In the room, the host's post arrives without a reload
    page.get_by_test_id("enter-room").click()
    page.wait_for_url("**/room/")
    page.fill("#id_body", text["question"])
    with page.expect_navigation():
        page.locator("button[name=ask]").click()
    page.evaluate("window.guildNoReload = true")
    services.room_post_create(session=session, author=host, body=text["post"])
    page.get_by_text(text["post"]).wait_for(timeout=12_000)
    assert page.evaluate("window.guildNoReload") is True  # the same page, not reloaded
    assert text["question"] in page.content()
    assert session.attendance.filter(user=member).exists()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"session-room-{language}")


@pytest.mark.parametrize("language", list(CONTENT))
def test_an_outside_guest_answers_the_invitation_link(
    browser, live_server, site_home, screenshot, language
):
    text = CONTENT[language]
    _cohort, session, host, _member = _tonight(text, language)
    guest = services.guest_create(actor=host, tier=2, name=text["guest"] + " II")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.PLANNED)
    invitation = services.invitation_create(
        session=session, guest=guest, actor=host, message=text["post"]
    )
    token = services.invitation_link_mint(invitation=invitation, actor=host)
    locale = {"zh-hans": "zh-CN", "ru": "ru-RU", "el": "el-GR"}.get(language, "en-US")
    context, page, _violations = _new_page(browser, live_server, {**PHONE, "locale": locale})
    try:
        page.goto(f"/sessions/invite/{token}/")
        assert text["post"] in page.content()
        assert page.locator("html").get_attribute("lang") == language
        _tall_screenshot(page, screenshot, f"session-guest-invitation-{language}")
        with page.expect_navigation():
            page.locator("button[value=yes]").click()
        assert page.get_by_test_id("guest-answer").is_visible()
    finally:
        context.close()
    invitation.refresh_from_db()
    assert invitation.status == "confirmed"
