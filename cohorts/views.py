"""The member pages of cohorts (phone first): my cohorts, a cohort's home, joining,
the group rules, the members directory, sub-groups and reports.

Views only translate HTTP: they find what the viewer may see (404 when they may not even
know it exists), ask ``cohorts.permissions``, then call a selector or a service and put
its refusal on the page. They never answer 500 to bad ids or bad form data.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import pages_selectors, permissions, selectors, services
from cohorts import queue as queue_selectors
from cohorts.forms import (
    AcceptRulesForm,
    JoinForm,
    MemberFilterForm,
    PostForm,
    ReportForm,
)
from cohorts.models import Cohort, Membership, Report, SubGroup
from learning.forms import add_service_errors
from learning.paging import IdsFirst

MEMBERS_PER_PAGE = 30
FEED_SIZE = 10


def _members_only(request, cohort: Cohort):
    """Non-members are sent to the join page, which says whether and how they can join."""
    if not permissions.can_view_cohort_content(request.user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    return None


@login_required
def my_cohorts(request):
    return render(
        request,
        "cohorts/my_cohorts.html",
        {
            "memberships": selectors.my_cohorts(user=request.user),
            "open_cohorts": pages_selectors.cohorts_open_to(user=request.user),
        },
    )


@login_required
def cohort_home(request, slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug, member_count=True)
    if (response := _members_only(request, cohort)) is not None:
        return response
    home = selectors.cohort_home(cohort=cohort, user=request.user, feed=FEED_SIZE)
    allow_announcement = permissions.is_cohort_staff(request.user, cohort)
    form = PostForm(allow_announcement=allow_announcement)
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST, allow_announcement=allow_announcement)
        if home.needs_rules_acceptance:
            messages.error(request, _("Accept the group rules before posting."))
            return redirect("cohorts:rules", slug=cohort.slug)
        if form.is_valid():
            try:
                services.post_create(
                    cohort=cohort,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    kind=form.kind,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You cannot post here."))
                status = 403
            else:
                messages.success(request, _("Posted."))
                return redirect("cohorts:home", slug=cohort.slug)
        status = status if status != 200 else 400
    return render(
        request,
        "cohorts/cohort_home.html",
        {
            "cohort": cohort,
            "home": home,
            "feed": home.feed,
            "form": form,
            "is_staff": allow_announcement,
        },
        status=status,
    )


@login_required
def join(request, slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug)
    check = services.membership_request_check(cohort=cohort, user=request.user)
    if check.membership is not None and check.membership.status == Membership.Status.ACTIVE:
        return redirect("cohorts:home", slug=cohort.slug)
    rules_version = check.charter.number if check.charter else None
    form = JoinForm(rules_version=rules_version)
    status = 200
    if request.method == "POST":
        form = JoinForm(request.POST, rules_version=rules_version)
        status = 400
        if not check.can_join:
            form.add_error(None, _("You cannot join this cohort; the reasons are listed above."))
        elif form.is_valid():
            try:
                membership = services.membership_request(
                    cohort=cohort,
                    user=request.user,
                    accept_rules_version=form.accepted_version,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                return _joined(request, membership, form.cleaned_data["introduction"])
    return render(
        request,
        "cohorts/join.html",
        {"cohort": cohort, "check": check, "form": form},
        status=status,
    )


def _joined(request, membership: Membership, introduction: str):
    cohort = membership.cohort
    if membership.status != Membership.Status.ACTIVE:
        messages.success(
            request, _("Your request is waiting for approval; you will hear back in your inbox.")
        )
        return redirect("cohorts:mine")
    if introduction.strip():
        try:
            services.introduction_post(membership=membership, body=introduction)
        except (ValidationError, PermissionDenied):
            # The join stands; the introduction can be written again on the home page.
            messages.warning(request, _("You joined, but your introduction could not be posted."))
    messages.success(request, _("Welcome to %(cohort)s!") % {"cohort": cohort.name})
    return redirect("cohorts:home", slug=cohort.slug)


@login_required
def leave(request, slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug)
    membership = permissions.membership_for(request.user, cohort)
    if membership is None or membership.status not in {
        Membership.Status.ACTIVE,
        Membership.Status.REQUESTED,
    }:
        raise Http404(_("You are not in this cohort."))
    if request.method == "POST":
        services.membership_leave(membership=membership, actor=request.user)
        messages.success(request, _("You left %(cohort)s.") % {"cohort": cohort.name})
        return redirect("cohorts:mine")
    return render(request, "cohorts/leave.html", {"cohort": cohort, "membership": membership})


@login_required
def rules(request, slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug)
    charter = selectors.charter_current(cohort=cohort)
    membership = permissions.membership_for(request.user, cohort)
    is_active = membership is not None and membership.status == Membership.Status.ACTIVE
    needs_acceptance = bool(
        charter and is_active and membership.rules_accepted_version_id != charter.pk
    )
    status = 200
    if request.method == "POST":
        form = AcceptRulesForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Something was wrong with that form; please try again."))
            status = 400
        else:
            try:
                services.charter_accept(
                    user=request.user, version_number=form.cleaned_data["version"], cohort=cohort
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            except PermissionDenied as error:
                messages.error(request, str(error))
                status = 403
            else:
                messages.success(request, _("Thank you: you accepted the group rules."))
                return redirect("cohorts:home", slug=cohort.slug)
    return render(
        request,
        "cohorts/rules.html",
        {"cohort": cohort, "charter": charter, "needs_acceptance": needs_acceptance},
        status=status,
    )


@login_required
def members(request, slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug)
    if (response := _members_only(request, cohort)) is not None:
        return response
    subgroups = list(selectors.subgroups_visible(cohort=cohort, user=request.user))
    filters = MemberFilterForm(request.GET or None, subgroups=subgroups)
    role, subgroup = "", None
    if filters.is_valid():
        role = filters.cleaned_data["role"]
        slug_wanted = filters.cleaned_data["group"]
        subgroup = next((s for s in subgroups if s.slug == slug_wanted), None)
    try:
        directory = pages_selectors.member_directory(
            cohort=cohort, viewer=request.user, role=role, subgroup=subgroup
        )
    except PermissionDenied:
        # A sub-group the viewer may list but not look inside: show the whole cohort.
        subgroup = None
        directory = pages_selectors.member_directory(cohort=cohort, viewer=request.user, role=role)
    page = Paginator(IdsFirst(directory), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cohorts/members.html",
        {
            "cohort": cohort,
            "page": page,
            "filters": filters,
            "subgroup": subgroup,
            "query": query.urlencode(),
        },
    )


def _subgroup(request, cohort: Cohort, sub_slug: str) -> SubGroup:
    try:
        group = selectors.subgroup_get(cohort=cohort, slug=sub_slug, user=request.user)
    except SubGroup.DoesNotExist:
        raise Http404(_("No such sub-group.")) from None
    group.cohort = cohort  # already read, with the viewer's standing in it
    return group


@login_required
def subgroup(request, slug: str, sub_slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug)
    group = _subgroup(request, cohort, sub_slug)
    can_read = permissions.can_view_subgroup_content(request.user, group)
    form = PostForm()
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST)
        status = 400
        if not can_read:
            raise PermissionDenied(_("Only members of this sub-group can post in it."))
        if form.is_valid():
            try:
                services.post_create(
                    cohort=cohort,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    subgroup=group,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("Posted."))
                return redirect("cohorts:subgroup", slug=cohort.slug, sub_slug=group.slug)
    context = {"cohort": cohort, "group": group, "can_read": can_read, "form": form}
    if can_read:
        context["group_members"] = list(
            selectors.subgroup_members(subgroup=group, viewer=request.user)[:MEMBERS_PER_PAGE]
        )
        context["posts"] = list(
            selectors.posts_visible(cohort=cohort, user=request.user, subgroup=group)[:FEED_SIZE]
        )
    return render(request, "cohorts/subgroup.html", context, status=status)


@login_required
@require_POST
def subgroup_join(request, slug: str, sub_slug: str):
    cohort = pages_selectors.cohort_or_404(request, slug)
    group = _subgroup(request, cohort, sub_slug)
    charter = selectors.charter_current(subgroup=group)
    try:
        services.subgroup_membership_request(
            subgroup=group,
            user=request.user,
            accept_rules_version=charter.number
            if charter and request.POST.get("accept_rules")
            else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    except SubGroup.DoesNotExist:
        raise Http404(_("No such sub-group.")) from None
    else:
        messages.success(request, _("You joined %(group)s.") % {"group": group.name})
    return redirect("cohorts:subgroup", slug=cohort.slug, sub_slug=group.slug)


def _report(request, cohort: Cohort, *, target_member=None, target_post=None):
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.report_create(
                    cohort=cohort,
                    reporter=request.user,
                    target_member=target_member,
                    target_post=target_post,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(
                    request, _("Thank you. The enforcers of the group rules will look at it.")
                )
                return redirect("cohorts:my_reports")
    return render(
        request,
        "cohorts/report.html",
        {
            "cohort": cohort,
            "form": form,
            "target_member": target_member,
            "target_post": target_post,
        },
        status=status,
    )


@login_required
def report_post(request, slug: str, post_id: int):
    cohort = pages_selectors.cohort_or_404(request, slug)
    if not permissions.is_member(request.user, cohort):
        raise PermissionDenied(_("Only members can report."))
    post = selectors.posts_visible(cohort=cohort, user=request.user).filter(pk=post_id).first()
    if post is None:
        raise Http404(_("No such post."))
    return _report(request, cohort, target_post=post)


@login_required
def report_member(request, slug: str, membership_id: int):
    cohort = pages_selectors.cohort_or_404(request, slug)
    if not permissions.is_member(request.user, cohort):
        raise PermissionDenied(_("Only members can report."))
    member = (
        selectors.cohort_members(cohort=cohort, viewer=request.user)
        .filter(pk=membership_id)
        .first()
    )
    if member is None or member.user_id == request.user.pk:
        raise Http404(_("No such member."))
    return _report(request, cohort, target_member=member)


@login_required
def my_reports(request):
    page = Paginator(selectors.reports_mine(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "cohorts/my_reports.html", {"page": page})


# --- What waits on me ----------------------------------------------------------------------

QUEUE_ROWS = 50
MUTE_CHOICES = {"1": 1, "7": 7}


@login_required
def queue(request):
    """Requests and reports waiting for this person's decision, each one tap away."""
    return render(
        request,
        "cohorts/queue.html",
        {
            "requests": list(queue_selectors.requests_waiting_for(request.user)[:QUEUE_ROWS]),
            "group_requests": list(
                queue_selectors.subgroup_requests_waiting_for(request.user)[:QUEUE_ROWS]
            ),
            "reports": queue_selectors.report_subjects_attach(
                list(queue_selectors.reports_waiting_for(request.user)[:QUEUE_ROWS])
            ),
            "more_sections": queue_selectors.queue_sections(request),
        },
    )


def _decided(request, call, done: str):
    """Run a decision from the queue and come back to it with what happened."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You are not allowed to do this."))
    else:
        messages.success(request, done)
    return redirect("cohorts:queue")


@login_required
@require_POST
def queue_request_decide(request, membership_id: int):
    membership = queue_selectors.requests_waiting_for(request.user).filter(pk=membership_id).first()
    if membership is None:
        raise Http404(_("No such request."))
    approve = request.POST.get("decision") == "approve"
    decide = services.membership_approve if approve else services.membership_reject
    name = str(membership.user)
    return _decided(
        request,
        lambda: decide(membership=membership, actor=request.user),
        (_("%(person)s is in.") if approve else _("%(person)s's request is declined."))
        % {"person": name},
    )


@login_required
@require_POST
def queue_subgroup_request_decide(request, request_id: int):
    pending = (
        queue_selectors.subgroup_requests_waiting_for(request.user).filter(pk=request_id).first()
    )
    if pending is None:
        raise Http404(_("No such request."))
    approve = request.POST.get("decision") == "approve"
    name = str(pending.membership.user)
    return _decided(
        request,
        lambda: services.subgroup_membership_decide(
            subgroup_membership=pending, actor=request.user, approve=approve
        ),
        (_("%(person)s is in.") if approve else _("%(person)s's request is declined."))
        % {"person": name},
    )


@login_required
@require_POST
def queue_report_decide(request, report_id: int):
    report = queue_selectors.reports_waiting_for(request.user).filter(pk=report_id).first()
    if report is None:
        raise Http404(_("No such report."))
    outcome = request.POST.get("outcome", "")
    mute_days = MUTE_CHOICES.get(request.POST.get("days", ""), 1)
    return _decided(
        request,
        lambda: services.report_decide(
            report=report,
            actor=request.user,
            outcome=outcome,
            note=request.POST.get("note", "")[:1000],
            mute_until=timezone.now() + datetime.timedelta(days=mute_days)
            if outcome == Report.Outcome.MUTE
            else None,
        ),
        _("The report is decided; the reporter is told."),
    )
