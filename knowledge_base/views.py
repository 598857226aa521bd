"""The knowledge base's member pages (phone first): search and browse, a case and its
files, sharing a case, my cases, the glossary, the code of conduct and the library of
session summaries.

A case not yet approved is 404 to everyone but its author and the reviewers, exactly as
if it did not exist; its files with it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort, ProgramPage
from knowledge_base import selectors
from knowledge_base.forms import CaseChangeForm, CaseForm, LibraryForm, SearchForm
from knowledge_base.models import CaseKind, CodeOfConduct
from knowledge_base.services import (
    case_may_review,
    case_resubmit,
    case_resubmit_check,
    case_review_comment,
    case_review_status,
    case_submit,
    glossary_flags,
)
from knowledge_base.services.search import knowledge_search
from knowledge_base.tools.selectors import tools_built_from
from knowledge_base.uploads import attachment_response
from learning.forms import add_service_errors

PAGE_SIZE = 20


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    results, searched = {}, False
    if form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        results = knowledge_search(
            user=request.user, query=form.cleaned_data["q"], filters=form.filters()
        )
    latest = [] if searched else list(selectors.case_list(user=request.user)[:5])
    return render(
        request,
        "knowledge_base/search.html",
        {
            "form": form,
            "searched": searched,
            "cases": results.get("cases", []),
            "terms": results.get("glossary", []),
            "tools": results.get("tools", []),
            "latest": latest,
            "kinds": CaseKind.choices,
        },
    )


@login_required
def cases(request):
    kind = request.GET.get("kind", "")
    if kind not in CaseKind.values:
        kind = ""
    page = _page(request, selectors.case_list(user=request.user, kind=kind))
    return render(
        request,
        "knowledge_base/cases.html",
        {"page": page, "kind": kind, "kinds": CaseKind.choices, "mine": False},
    )


@login_required
def my_cases(request):
    page = _page(request, selectors.case_list(user=request.user, mine=True))
    for case in page:
        case.review_status = case_review_status(case)
    return render(request, "knowledge_base/cases.html", {"page": page, "mine": True})


@login_required
def case_new(request):
    form = CaseForm(
        request.POST or None, request.FILES or None, initial={"language": get_language()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = case_submit(
                author=request.user,
                data=form.service_data(),
                attachments=request.FILES.getlist("attachments"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you. A reviewer will read your case before it is shared.")
            )
            return redirect("knowledge_base:case", case_id=case.pk)
    status = 400 if form.errors else 200
    return render(request, "knowledge_base/case_new.html", {"form": form}, status=status)


@login_required
def case_change(request, case_id: int):
    """The author changes a case a reviewer sent back, and sends it to review again."""
    case = selectors.case_detail(user=request.user, case_id=case_id)
    if case is None:
        raise Http404(_("No such case."))
    reason = case_resubmit_check(case=case, user=request.user)
    if reason:
        messages.info(request, reason)
        return redirect("knowledge_base:case", case_id=case.pk)
    form = CaseChangeForm(
        request.POST or None, request.FILES or None, case=case, initial=CaseForm.initial_of(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_resubmit(
                case=case,
                author=request.user,
                data=form.service_data(),
                attachments=request.FILES.getlist("attachments"),
                remove_attachments=[
                    int(pk) for pk in form.cleaned_data.get("remove_attachments") or []
                ],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sent again. The reviewer will read your changes."))
            return redirect("knowledge_base:case", case_id=case.pk)
    return render(
        request,
        "knowledge_base/case_new.html",
        {"form": form, "case": case, "comment": case_review_comment(case)},
        status=400 if form.errors else 200,
    )


@login_required
def case_detail(request, case_id: int):
    case = selectors.case_detail(user=request.user, case_id=case_id)
    if case is None:
        raise Http404(_("No such case."))
    reviewer = case_may_review(request.user)
    flags = []
    if reviewer or case.author_id == request.user.pk:
        text = "\n".join([case.title, case.situation, case.actions, case.outcome, case.lessons])
        flags = glossary_flags(text, case.language)
    return render(
        request,
        "knowledge_base/case.html",
        {
            "case": case,
            "status": case_review_status(case),
            "flags": flags,
            "reviewer": reviewer,
            "may_change": not case_resubmit_check(case=case, user=request.user),
            "comment": case_review_comment(case) if case.author_id == request.user.pk else "",
            "tools": tools_built_from(user=request.user, case=case),
        },
    )


@login_required
def case_attachment(request, case_id: int, attachment_id: int):
    """A case's file, only to those who may read the case."""
    case = selectors.case_detail(user=request.user, case_id=case_id)
    attachment = case and next((a for a in case.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


@login_required
def glossary(request):
    language = request.GET.get("language") or ""
    if language not in dict(settings.LANGUAGES):
        language = get_language() if get_language() in dict(settings.LANGUAGES) else ""
    terms = list(selectors.glossary_list(language=language))
    return render(
        request,
        "knowledge_base/glossary.html",
        {"terms": terms, "language": language, "languages": settings.LANGUAGES},
    )


@login_required
def conduct(request):
    code = (
        CodeOfConduct.objects.filter(language=get_language()).first()
        or CodeOfConduct.objects.filter(language="en").first()
    )
    return render(request, "knowledge_base/conduct.html", {"code": code})


@login_required
def library(request):
    form = LibraryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    summaries = selectors.library(user=request.user, **{k: v for k, v in filters.items() if v})
    page = _page(request, summaries)
    programs = ProgramPage.objects.live().order_by("title").only("pk", "title")
    cohorts = Cohort.objects.none()
    if filters.get("program"):
        cohorts = permissions.cohorts_visible_to(
            request.user, Cohort.objects.filter(program_id=filters["program"])
        ).order_by("-start_date")
    return render(
        request,
        "knowledge_base/library.html",
        {
            "form": form,
            "page": page,
            "programs": programs,
            "cohorts": cohorts,
            "filters": filters,
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )
