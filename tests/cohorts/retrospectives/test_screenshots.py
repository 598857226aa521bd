"""PNGs of the retrospective's first page in each language for docs/screenshots/: the
PDF rendered as a reader in that language downloads it, rasterised with poppler's
pdftoppm (as the sheets' pictures are), and checked for size.

The cohort is the health dashboard's four weeks of activity (check-ins, sessions with
attendance, questions, sub-groups) ended the day before, with goals set, so the page
shows the key numbers, the goals against the results and the charts, not zeros.

Marked ``browser`` (it writes the documentation's pictures, as the journeys do)."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from cohorts.health.services import goal_set
from cohorts.models import Cohort, Membership
from cohorts.retrospectives import demo_texts, services
from cohorts.retrospectives.services import EntryInput
from tests.cohorts.health.world import NOW, Clock, cohort_with_weeks, name_in
from tests.learning.factories import EmployeeProfileFactory

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WRITTEN = {
    "zh-hans": (demo_texts.WENT_WELL, demo_texts.TO_CHANGE, demo_texts.SUMMARY),
    "en": (
        (
            (
                "The 19:30 guest evenings brought newcomers back: the Q&A was full almost "
                "every night for six weeks.",
                "The CFO's evening on pricing approvals was the best hour of my first month.",
            ),
            ("Mentors answered most newcomers' questions within one working day.", ""),
        ),
        (
            (
                "Check-in reminders came after nine, when many had gone home: send them at "
                "seven next time.",
                "I kept missing the nine o'clock reminder on the metro.",
            ),
            ("Activity dropped after week three: hold a case contest between sub-groups.", ""),
        ),
        "The first intake met its main goals. Keep the evenings and the mentors; remind "
        "earlier, and add a case contest in week three.",
    ),
    "ru": (
        (
            (
                "Вечерние встречи с гостями в 19:30 возвращали новичков: шесть недель подряд "
                "вопросы и ответы шли при полном зале.",
                "Вечер с финансовым директором о согласовании цен был лучшим часом месяца.",
            ),
            ("Наставники отвечали на большинство вопросов в течение рабочего дня.", ""),
        ),
        (
            (
                "Напоминания о чек-инах приходили после девяти: в следующий раз — в семь.",
                "Напоминание в девять я всегда пропускал в метро.",
            ),
            ("После третьей недели активность падала: устроить конкурс кейсов.", ""),
        ),
        "Первый поток достиг главных целей. Сохраняем вечера и наставников; напоминаем "
        "раньше и добавляем конкурс кейсов на третьей неделе.",
    ),
    "el": (
        (
            (
                "Οι βραδιές με καλεσμένους στις 19:30 έφερναν πίσω τους νέους: οι ερωτήσεις "
                "γέμιζαν την αίθουσα έξι εβδομάδες.",
                "Η βραδιά με τον οικονομικό διευθυντή ήταν η καλύτερη ώρα του πρώτου μήνα μου.",
            ),
            ("Οι μέντορες απαντούσαν στις περισσότερες ερωτήσεις μέσα σε μία εργάσιμη.", ""),
        ),
        (
            (
                "Οι υπενθυμίσεις ήρθαν μετά τις εννέα: την επόμενη φορά στις επτά.",
                "Την υπενθύμιση των εννέα την έχανα πάντα στο μετρό.",
            ),
            ("Η συμμετοχή έπεσε μετά την τρίτη εβδομάδα: ένας διαγωνισμός περιπτώσεων.", ""),
        ),
        "Το πρώτο τμήμα πέτυχε τους κύριους στόχους του. Κρατάμε τις βραδιές και τους "
        "μέντορες· υπενθυμίζουμε νωρίτερα και προσθέτουμε διαγωνισμό την τρίτη εβδομάδα.",
    ),
}
NAMES = {
    "en": "November 2026 intake",
    "zh-hans": demo_texts.PAST_COHORT["name"],
    "ru": "Москва: новички, ноябрь 2026",
    "el": "Αθήνα: νέοι συνάδελφοι, Νοέμβριος 2026",
}
# The writer, in the page's language.
WRITERS = {"en": "Dana Kim", "zh-hans": "陈静", "ru": "Ольга Смирнова", "el": "Ελένη Γεωργίου"}
GOALS = (("active_rate", 60), ("checkin_completion", 50), ("questions_answered", 90))


def _ended_cohort_with_activity(language: str, monkeypatch):
    """The activity world's cohort, named in ``language``, ended yesterday (its four
    weeks of rows lie before), with goals and a core member who writes."""
    clock = Clock(monkeypatch, NOW)
    cohort = cohort_with_weeks(40, clock)
    end = NOW.date() - dt.timedelta(days=1)
    Cohort.objects.filter(pk=cohort.pk).update(name=NAMES[language], end_date=end)
    cohort.refresh_from_db()
    name_in(cohort, language)
    writer = EmployeeProfileFactory(full_name=WRITERS[language], preferred_language=language).user
    Membership.objects.create(
        cohort=cohort, user=writer, role=Membership.Role.CORE, status="active", joined_at=NOW
    )
    organizer = Membership.objects.get(cohort=cohort, role=Membership.Role.ORGANIZER).user
    for metric, target in GOALS:
        goal_set(actor=organizer, cohort=cohort, metric=metric, target=target, due_on=end)
    return cohort, writer


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", ["en", "zh-hans", "ru", "el"])
def test_the_retrospectives_first_page_in_each_language(language, monkeypatch, render_now):
    cohort, writer = _ended_cohort_with_activity(language, monkeypatch)
    went_well, to_change, summary = WRITTEN[language]
    retrospective = services.retrospective_write(
        cohort=cohort,
        actor=writer,
        language=language,
        summary=summary,
        went_well=[EntryInput(text=t, quote=q) for t, q in went_well],
        to_change=[EntryInput(text=t, quote=q) for t, q in to_change],
    )
    retrospective = services.retrospective_publish(retrospective=retrospective, actor=writer)
    pdf = services.retrospective_pdf_render(retrospective=retrospective, language=language)
    target = SCREENSHOTS / f"retrospective-page1-{language}"
    subprocess.run(  # noqa: S603
        [shutil.which("pdftoppm"), "-png", "-r", "110", "-singlefile", "-f", "1", "-l", "1",
         pdf.file.path, str(target)],
        check=True,
    )  # fmt: skip
    assert target.with_suffix(".png").stat().st_size > 20_000
