"""The retrospective's PDF, cached per revision, language and the day of its numbers.

Publishing queues a render per language the operations team reads
(``retrospective_pdf_render_task`` on commit); a download takes the cached file or
renders it in the request under a lock (``learning.printing.files``), as the knowledge
base's sheets do. The dashboard's numbers are read as of the cohort's last day once it
has ended (a published retrospective's PDF never changes), else as of today.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from cohorts.retrospectives import printing
from cohorts.retrospectives.models import Retrospective, RetrospectivePdf
from cohorts.sessions.services.schedule import cohort_zone
from learning.printing.files import printed_delete, printed_get_or_render, printed_store


def numbers_as_of(retrospective: Retrospective, *, now=None) -> dt.date:
    """The day whose end the PDF's numbers are read at: the cohort's last day, or today
    on its clock while it runs."""
    cohort = retrospective.cohort
    today = timezone.localtime(now or timezone.now(), cohort_zone(cohort)).date()
    return min(today, cohort.end_date)


def retrospective_pdf_for(
    *, retrospective: Retrospective, language: str, now=None
) -> RetrospectivePdf | None:
    """The cached PDF of the current revision in ``language``, or None. Side-effect free."""
    return RetrospectivePdf.objects.filter(
        retrospective=retrospective,
        revision=retrospective.revision,
        language=language,
        as_of=numbers_as_of(retrospective, now=now),
    ).first()


def retrospective_pdfs_stale_delete(*, retrospective: Retrospective, now=None) -> int:
    """Delete the files and rows of older revisions or older numbers. Safe to repeat."""
    return printed_delete(
        RetrospectivePdf.objects.filter(retrospective=retrospective).exclude(
            revision=retrospective.revision, as_of=numbers_as_of(retrospective, now=now)
        )
    )


def retrospective_pdf_render(
    *, retrospective: Retrospective, language: str, revision: int | None = None, now=None
) -> RetrospectivePdf | None:
    """Render the current revision in ``language`` into private storage and drop stale
    files. None when ``revision`` is given and is no longer the current one (a late
    task after an edit renders nothing). Safe to repeat and to run twice at once: the
    unique key keeps one row, the loser's file is deleted. Raises ``PrintFontsMissing``
    when the fonts are not installed."""
    if revision is not None and revision != retrospective.revision:
        return None
    key = {
        "retrospective": retrospective,
        "revision": retrospective.revision,
        "language": language,
        "as_of": numbers_as_of(retrospective, now=now),
    }
    existing = RetrospectivePdf.objects.filter(**key).first()
    if existing is not None:
        return existing
    printed = printing.retrospective_print(
        retrospective=retrospective, language=language, as_of=key["as_of"]
    )
    pdf, new = printed_store(
        RetrospectivePdf, key=key, printed=printed, filename="retrospective.pdf"
    )
    if new:
        retrospective_pdfs_stale_delete(retrospective=retrospective, now=now)
    return pdf


def retrospective_pdf_get_or_render(
    *, retrospective: Retrospective, language: str
) -> RetrospectivePdf | None:
    """The PDF from the cache, or rendered here once under a lock (a second request
    waits for the first's file). Raises ``PrintBusy`` if another render holds the lock
    too long, ``PrintFontsMissing`` without fonts."""
    return printed_get_or_render(
        lock=f"guild:retrospective-render:{retrospective.pk}:{retrospective.revision}:{language}",
        find=lambda: retrospective_pdf_for(retrospective=retrospective, language=language),
        render=lambda: retrospective_pdf_render(retrospective=retrospective, language=language),
    )


def retrospective_pdf_render_queue(*, retrospective: Retrospective, readers: list[int]) -> list:
    """Queue the PDF's render, once the transaction commits, in the retrospective's own
    language and each language its ``readers`` (user ids) read. Returns the languages."""
    from cohorts.retrospectives.tasks import retrospective_pdf_render_task
    from learning.models import EmployeeProfile

    languages = [retrospective.language]
    for language in (
        EmployeeProfile.objects.filter(user_id__in=readers)
        .values_list("preferred_language", flat=True)
        .distinct()
        .order_by("preferred_language")
    ):
        if language not in languages:
            languages.append(language)
    for language in languages:
        retrospective_pdf_render_task.delay_on_commit(
            retrospective.pk, retrospective.revision, language
        )
    return languages


def retrospective_pdf_render_run(*, retrospective_id: int, revision: int, language: str) -> bool:
    """What the task does: render that revision if it is still the current one."""
    retrospective = (
        Retrospective.objects.select_related("cohort").filter(pk=retrospective_id).first()
    )
    if retrospective is None:
        return False
    rendered = retrospective_pdf_render(
        retrospective=retrospective, language=language, revision=revision
    )
    return rendered is not None


def retrospective_pdf_filename(*, retrospective: Retrospective, pdf: RetrospectivePdf) -> str:
    """A safe download name: the cohort's slug, the revision and the language."""
    slug = slugify(retrospective.cohort.slug, allow_unicode=True)[:60].strip("-") or "cohort"
    return f"retrospective-{slug}-r{pdf.revision}-{pdf.language}.pdf"
