"""The retrospective's page for the operations team, its publishing and its PDF.

Under /cohorts/<slug>/retrospective/: the organizers and the whole operations team read
it (drafts too), the organizers and the core team write and publish it; anyone else
gets 404, as for a hidden sub-group. The PDF is in the viewer's language (``?lang=``
picks another of Guild's languages).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from cohorts.pages_selectors import cohort_page
from cohorts.retrospectives import selectors, services
from cohorts.retrospectives.forms import RetrospectiveForm
from cohorts.retrospectives.models import Retrospective
from learning.forms import add_service_errors
from learning.printing.files import PrintBusy, pdf_response, print_unavailable_response
from learning.printing.fonts import PrintFontsMissing

logger = logging.getLogger("guild.retrospectives")


def _cohort(request, slug: str) -> Cohort:
    """The cohort if the viewer reads its retrospective (its staff), else 404."""
    cohort = cohort_page(user=request.user, slug=slug)
    if cohort is None or not services.may_read(request.user, cohort):
        raise Http404(_("No such retrospective."))
    return cohort


@login_required
def retrospective(request, slug: str):
    """The page: the text as it stands, the form for its writers while it is a draft,
    and why it may not be published yet (``retrospective_publish_check``)."""
    cohort = _cohort(request, slug)
    found = selectors.retrospective_of(cohort)
    entries = selectors.entries_by_kind(found)
    may_write = services.may_write(request.user, cohort)
    editable = may_write and (found is None or found.status == Retrospective.Status.DRAFT)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = None
    status = 200
    if editable:
        initial = (
            RetrospectiveForm.initial_of(found, entries)
            if found is not None
            else {"language": translation.get_language()}
        )
        form = RetrospectiveForm(request.POST or None, initial=initial)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    services.retrospective_write(
                        cohort=cohort, actor=request.user, **form.service_arguments()
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The retrospective is saved."))
                    return redirect("retrospectives:page", slug=cohort.slug)
    publish_refusal = (
        services.retrospective_publish_check(retrospective=found, actor=request.user)
        if found is not None and may_write and found.status == Retrospective.Status.DRAFT
        else None
    )
    return render(
        request,
        "retrospectives/page.html",
        {
            "cohort": cohort,
            "retrospective": found,
            "entries": entries,
            "form": form,
            "may_write": may_write,
            "publish_refusal": " ".join(getattr(publish_refusal, "messages", []))
            if publish_refusal is not None
            else "",
            "ended": services.cohort_ended(cohort),
            "languages": settings.LANGUAGES,
        },
        status=status,
    )


@login_required
@require_POST
def publish(request, slug: str):
    cohort = _cohort(request, slug)
    found = selectors.retrospective_of(cohort)
    if found is None:
        raise Http404(_("No such retrospective."))
    try:
        services.retrospective_publish(retrospective=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The retrospective is published."))
    return redirect("retrospectives:page", slug=cohort.slug)


def pdf_language(request) -> str:
    """``?lang=`` if it is one of Guild's languages, else the viewer's."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return translation.get_language() or settings.LANGUAGE_CODE


def retrospective_pdf_response(user, cohort: Cohort, language: str):
    """The PDF for ``user`` (who may read it): 404 before anything is written, 503
    while fonts are missing or another request is still rendering it."""
    found = selectors.retrospective_of(cohort) if services.may_read(user, cohort) else None
    if found is None:
        raise Http404(_("No such retrospective."))
    try:
        pdf = services.retrospective_pdf_get_or_render(retrospective=found, language=language)
    except PrintFontsMissing:
        logger.exception("Retrospective %s not rendered", found.pk)
        return print_unavailable_response(
            _("PDFs cannot be printed right now: their fonts are missing on the server."),
            retry=False,
        )
    except PrintBusy:
        return print_unavailable_response(
            _("This PDF is being prepared. Try again in a moment."), retry=True
        )
    return pdf_response(pdf.file, services.retrospective_pdf_filename(retrospective=found, pdf=pdf))


@login_required
def retrospective_pdf(request, slug: str):
    cohort = _cohort(request, slug)
    return retrospective_pdf_response(request.user, cohort, pdf_language(request))
