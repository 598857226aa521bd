"""Recognition on a phone, in English and Russian: a member opens the cohort home, sees
the spotlight's winner, gives kudos to a colleague from the home's card, finds them in
the cohort's kudos; an executive reads the recognition wall across cohorts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cohorts.models import Cohort, Membership
from cohorts.recognition import services
from cohorts.recognition.models import Award, Kudos, Nomination, Vote
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory, charter_published
from tests.learning.factories import EmployeeProfileFactory, level_ladder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = {
    "en": {
        "cohort": "Winter sales intake",
        "giver": "Amara Okafor",
        "receiver": "Liam Chen",
        "winner": "Sara Lindqvist",
        "executive": "Helen Park",
        "award": "Helping hand of the month",
        "reason": "Set up demo accounts for the whole intake.",
        "message": "Thank you for rehearsing my first customer call with me.",
        "earlier": "You turned a tough renewal around with real patience.",
    },
    "ru": {
        "cohort": "Зимний набор продавцов",
        "giver": "Ольга Смирнова",
        "receiver": "Дмитрий Орлов",
        "winner": "Анна Козлова",
        "executive": "Елена Павлова",
        "award": "Помощник месяца",
        "reason": "Настроила демо-доступы для всей группы.",
        "message": "Спасибо, что отрепетировал со мной первый звонок клиенту.",
        "earlier": "Вы с большим терпением спасли трудное продление договора.",
    },
    "el": {
        "cohort": "Χειμερινή ομάδα πωλήσεων",
        "giver": "Νίκος Αντωνίου",
        "receiver": "Δήμητρα Κωνσταντίνου",
        "winner": "Σοφία Ιωάννου",
        "executive": "Ελένη Μαυρίδου",
        "award": "Χείρα βοηθείας του μήνα",
        "reason": "Έστησε λογαριασμούς επίδειξης για όλη την ομάδα.",
        "message": "Ευχαριστώ που έκανες πρόβα μαζί μου το πρώτο τηλεφώνημα σε πελάτη.",
        "earlier": "Έσωσες μια δύσκολη ανανέωση με πραγματική υπομονή.",
    },
}


def _cohort(language: str):
    """A running cohort with an announced award whose winner shows on its home."""
    text = CONTENT[language]
    ladder = level_ladder()
    today = timezone.localdate()
    cohort = CohortFactory(
        name=text["cohort"],
        status=Cohort.Status.RUNNING,
        start_date=today - dt.timedelta(days=21),
        end_date=today + dt.timedelta(days=40),
    )
    people = {
        key: EmployeeProfileFactory(
            full_name=text[key], preferred_language=language, level=ladder["associate"]
        ).user
        for key in ("giver", "receiver", "winner")
    }
    for user in people.values():
        Membership.objects.create(cohort=cohort, user=user, status="active")
    rules = charter_published(cohort=cohort, owner=people["winner"])
    Membership.objects.filter(cohort=cohort).update(rules_accepted_version=rules)
    executive = EmployeeProfileFactory(
        full_name=text["executive"], preferred_language=language, level=ladder["executive"]
    ).user
    now = timezone.now()
    award = Award.objects.create(
        cohort=cohort,
        name=text["award"],
        nominations_open_at=now - dt.timedelta(days=10),
        nominations_close_at=now - dt.timedelta(days=7),
        voting_open_at=now - dt.timedelta(days=7),
        voting_close_at=now - dt.timedelta(days=3),
        closed_at=now - dt.timedelta(days=2),
    )
    Nomination.objects.create(
        award=award,
        nominee=people["winner"],
        nominator=people["giver"],
        reason=text["reason"],
        winner=True,
    )
    Vote.objects.create(award=award, voter=people["giver"], nominee=people["winner"])
    # Given from the giver's own page, in their language: the feed's line is written so.
    with translation.override(language):
        services.kudos_give(
            cohort=cohort,
            giver=people["winner"],
            receivers=[people["receiver"]],
            message=text["earlier"],
            value="courage",
        )
    return cohort, people, executive


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_member_gives_kudos_on_a_phone_and_an_executive_reads_the_wall(
    page, login, screenshot, language
):
    text = CONTENT[language]
    cohort, people, executive = _cohort(language)

    # The cohort home shows the spotlight's winner and a way to thank someone
    login(page, people["giver"])
    page.goto(reverse("cohorts:home", args=[cohort.slug]))
    card = page.get_by_test_id("home-recognition")
    assert text["winner"].split()[0] in card.get_by_test_id("spotlight").inner_text()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"recognition-home-{language}")

    # Giving kudos from the card
    with page.expect_navigation():
        card.locator(f"a[href='{reverse('recognition:give', args=[cohort.slug])}']").click()
    page.locator("#id_receivers").select_option(str(people["receiver"].pk))
    page.fill("#id_message", text["message"])
    page.locator("#id_value").select_option("helping")
    with page.expect_navigation():
        page.get_by_test_id("send-kudos").click()
    page.wait_for_url(f"**{reverse('recognition:kudos', args=[cohort.slug])}")
    listed = page.get_by_test_id("kudos-list")
    assert text["message"] in listed.inner_text()
    assert text["receiver"].split()[0] in listed.inner_text()
    assert people["giver"].username not in page.locator("main").inner_text()
    assert Kudos.objects.filter(message=text["message"], giver=people["giver"]).exists()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"recognition-kudos-{language}")

    # An executive reads the wall: both public kudos and the spotlight's winner
    page.context.clear_cookies()
    login(page, executive)
    page.goto(reverse("recognition_me:wall"))
    wall = page.get_by_test_id("wall-kudos").inner_text()
    assert text["message"] in wall
    assert text["earlier"] in wall
    assert text["award"] in page.get_by_test_id("wall-winners").inner_text()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"recognition-wall-{language}")
