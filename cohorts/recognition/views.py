"""Recognition's member pages (phone first): a cohort's kudos, giving kudos (filled in
from the weekly prompt), reporting and withdrawing them, the awards with their
nominations and votes; and, across cohorts, my recognition preference, the wall and
greeting a newcomer from the queue.

Kudos the viewer may not see are unknown (404), as a hidden sub-group is.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import permissions
from cohorts.models import Cohort, ProgramPage
from cohorts.pages_selectors import cohort_or_404
from cohorts.recognition import selectors, services
from cohorts.recognition.declarations import PROMPT_BY_CODE
from cohorts.recognition.forms import (
    GreetingForm,
    KudosForm,
    NominationForm,
    PreferenceForm,
    ReasonForm,
)
from cohorts.recognition.models import Award, Kudos
from learning.forms import add_service_errors
from learning.models import User

PAGE_SIZE = 20
WALL_SIZE = 20


def _kudos(request, cohort: Cohort, kudos_id: int) -> Kudos:
    kudos = selectors.kudos_visible_to(request.user, cohort=cohort).filter(pk=kudos_id).first()
    if kudos is None:
        raise Http404(_("No such kudos."))
    return kudos


def _award(request, cohort: Cohort, award_id: int) -> Award:
    award = Award.objects.filter(cohort=cohort, pk=award_id).select_related("cohort").first()
    if award is None:
        raise Http404(_("No such award."))
    return award


def _refused(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@login_required
def kudos_list(request, slug: str):
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    kudos = selectors.kudos_visible_to(request.user, cohort=cohort)
    page = Paginator(kudos, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.value_labels_attach(list(page.object_list))
    return render(
        request,
        "recognition/kudos.html",
        {
            "cohort": cohort,
            "page": page,
            "may_moderate": permissions.is_organizer(request.user, cohort),
        },
    )


def _members_for(request, cohort: Cohort):
    return list(
        selectors.cohort_members_for_kudos(cohort=cohort, exclude_user=request.user).select_related(
            "user__recognition_preference"
        )
    )


@login_required
def give(request, slug: str):
    cohort = cohort_or_404(request, slug)
    user = request.user
    if not permissions.can_view_cohort_content(user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    refusal = services.kudos_give_check(cohort=cohort, giver=user, receivers=())
    if isinstance(refusal, PermissionDenied):
        raise refusal
    members = _members_for(request, cohort)
    values = selectors.kudos_values(cohort)
    initial = {"prompt": request.GET.get("prompt", "")[:20]}
    form = KudosForm(request.POST or None, members=members, values=values, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.kudos_give(
                    cohort=cohort,
                    giver=user,
                    receivers=list(User.objects.filter(pk__in=data["receivers"])),
                    message=data["message"],
                    value=data["value"],
                    private=data["private"],
                    prompt=data["prompt"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your kudos are on their way."))
                return redirect("recognition:kudos", slug=cohort.slug)
    prompt = PROMPT_BY_CODE.get(form["prompt"].value() or "")
    return render(
        request,
        "recognition/give.html",
        {"cohort": cohort, "form": form, "prompt": prompt, "members": members},
        status=status,
    )


@login_required
@require_POST
def withdraw(request, slug: str, kudos_id: int):
    cohort = cohort_or_404(request, slug)
    kudos = _kudos(request, cohort, kudos_id)
    services.kudos_withdraw(kudos=kudos, actor=request.user)
    messages.success(request, _("Your kudos are withdrawn."))
    return redirect("recognition:kudos", slug=cohort.slug)


@login_required
def report(request, slug: str, kudos_id: int):
    cohort = cohort_or_404(request, slug)
    kudos = _kudos(request, cohort, kudos_id)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.kudos_report(
                    kudos=kudos, reporter=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you. The enforcers of the group rules will look at it.")
                )
                return redirect("recognition:kudos", slug=cohort.slug)
    return render(
        request,
        "recognition/report.html",
        {"cohort": cohort, "kudos": kudos, "form": form},
        status=status,
    )


@login_required
def awards(request, slug: str):
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    rows = [
        (award, selectors.award_phase(award)) for award in selectors.awards_of(cohort=cohort)[:50]
    ]
    return render(request, "recognition/awards.html", {"cohort": cohort, "awards": rows})


@login_required
def award_detail(request, slug: str, award_id: int):
    cohort = cohort_or_404(request, slug)
    user = request.user
    if not permissions.can_view_cohort_content(user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    award = _award(request, cohort, award_id)
    members = _members_for(request, cohort)
    form = NominationForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "close":
        try:
            # A non-organizer's PermissionDenied goes up: a 403, as everywhere.
            services.award_close(award=award, actor=user)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("%(award)s is announced.") % {"award": award.name})
        return redirect("recognition:award", slug=cohort.slug, award_id=award.pk)
    if request.method == "POST" and request.POST.get("action") == "vote":
        nominee = User.objects.filter(pk=_int(request.POST.get("nominee"))).first()
        try:
            if nominee is None:
                raise ValidationError({"nominee": _("Vote for one of the nominees.")})
            services.vote_cast(award=award, voter=user, nominee=nominee)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Your vote is counted."))
        return redirect("recognition:award", slug=cohort.slug, award_id=award.pk)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.nominate(
                    award=award,
                    nominator=user,
                    nominee=User.objects.get(pk=form.cleaned_data["nominee"]),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your nomination is in."))
                return redirect("recognition:award", slug=cohort.slug, award_id=award.pk)
    phase = selectors.award_phase(award)
    is_organizer = permissions.is_organizer(user, cohort)
    context = {
        "cohort": cohort,
        "award": award,
        "phase": phase,
        "form": form,
        "standings": selectors.award_standings(award),
        "show_counts": phase == "closed" or is_organizer,
        "may_announce": phase == "counting" and is_organizer,
        "nominate_refusal": services.nominate_check(award=award, nominator=user),
        "vote_refusal": services.vote_check(award=award, voter=user),
        "my_vote": selectors.my_vote(award, user),
    }
    return render(request, "recognition/award.html", context, status=status)


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 10 else 0


# --- Across cohorts --------------------------------------------------------------------


@login_required
def preference(request):
    current = selectors.preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=current)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.preference_set(
                    user=request.user,
                    visibility=form.cleaned_data["visibility"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved. Kudos from now on follow your choice."))
                return redirect("recognition_me:preference")
    return render(request, "recognition/preference.html", {"form": form}, status=status)


@login_required
def wall(request):
    if not selectors.may_read_wall(request.user):
        raise PermissionDenied(_("The recognition wall is for executives and organizers."))
    filters = {
        "cohort_id": _int(request.GET.get("cohort")) or None,
        "program_id": _int(request.GET.get("program")) or None,
    }
    before = _int(request.GET.get("before")) or None
    rows = list(selectors.wall_kudos(request.user, before=before, **filters)[: WALL_SIZE + 1])
    more = len(rows) > WALL_SIZE
    rows = selectors.value_labels_attach(rows[:WALL_SIZE])
    return render(
        request,
        "recognition/wall.html",
        {
            "kudos": rows,
            "next_before": rows[-1].pk if more else None,
            "winners": selectors.wall_winners(**filters) if not before else [],
            "filters": filters,
            "cohorts": Cohort.objects.exclude(status=Cohort.Status.DRAFT).order_by("name"),
            "programs": ProgramPage.objects.live().order_by("title"),
        },
    )


@login_required
@require_POST
def greet(request, prompt_id: int):
    prompt = selectors.welcome_prompts_waiting_for(request.user).filter(pk=prompt_id).first()
    if prompt is None:
        raise Http404(_("Nobody is waiting for your welcome here."))
    form = GreetingForm(request.POST)
    if not form.is_valid():
        _refused(request, ValidationError(_("Write a few words of welcome.")))
        return redirect("cohorts:queue")
    try:
        services.welcome_greet(
            prompt=prompt, helper=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(name)s is welcomed.") % {"name": prompt.membership.user})
    return redirect("cohorts:queue")
