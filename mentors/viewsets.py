"""The "Mentoring" admin menu: mentor profiles, matching runs and their review, the
pairings, the re-pair requests queue and the mentoring log. Every change goes through
``mentors.services`` so the log stays complete; lists the services own are read-only
here and changed through buttons."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning.forms import add_service_errors
from mentors import admin_views, services
from mentors.admin_forms import MentorProfileAdminForm
from mentors.models import MatchRun, MentorProfile, Pairing, PairingEvent, RepairRequest


class MentorProfileFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("language"), choices=settings.LANGUAGES, method="by_language"
    )

    class Meta:
        model = MentorProfile
        fields = ["opted_in", "capacity", "regions"]

    def by_language(self, queryset, name, value):
        return queryset.filter(
            Q(languages__icontains=f'"{value}"') | Q(user__profile__preferred_language=value)
        )


class MentorProfileIndexView(generic.IndexView):
    def get_base_queryset(self):
        return MentorProfile.objects.select_related("user__profile__level", "user__profile__region")


def _profile_form_view(request, pk=None):
    """Create or edit a mentor profile through ``mentor_profile_save``."""
    if not request.user.has_perm("mentors.change_mentorprofile"):
        raise PermissionDenied
    profile = get_object_or_404(MentorProfile, pk=pk) if pk is not None else None
    initial = MentorProfileAdminForm.initial_of(profile)
    form = MentorProfileAdminForm(request.POST or None, initial=initial)
    if profile is not None:
        del form.fields["user"]
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            user = profile.user if profile is not None else form.cleaned_data["user"]
            try:
                services.mentor_profile_save(actor=request.user, user=user, changes=form.changes())
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("The mentor profile is saved."))
                return redirect("mentors_mentorprofile:index")
    return TemplateResponse(
        request,
        "mentors/admin/profile_form.html",
        {
            "page_title": _("Mentor profile"),
            "header_icon": "user",
            "form": form,
            "profile": profile,
            "media": form.media,
        },
        status=status,
    )


class MentorProfileViewSet(ModelViewSet):
    model = MentorProfile
    icon = "user"
    url_namespace = "mentors_mentorprofile"
    url_prefix = "mentors/profiles"
    menu_label = gettext_lazy("Mentor profiles")
    index_view_class = MentorProfileIndexView
    list_display = ["user", "opted_in", "capacity", "availability", "updated_at"]
    filterset_class = MentorProfileFilterSet
    search_fields = ["user__profile__full_name", "user__profile__title"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["opted_in", "capacity"]

    def get_urlpatterns(self):
        kept = [
            pattern for pattern in super().get_urlpatterns() if pattern.name not in ("add", "edit")
        ]
        return [
            *kept,
            path("new/", _profile_form_view, name="add"),
            path("edit/<int:pk>/", _profile_form_view, name="edit"),
        ]


class _ReadOnlyViewSet(ModelViewSet):
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []


class PairingIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Pairing.objects.select_related("cohort", "mentor__profile", "mentee__profile")


class PairingViewSet(_ReadOnlyViewSet):
    model = Pairing
    icon = "group"
    url_namespace = "mentors_pairing"
    url_prefix = "mentors/pairings"
    menu_label = gettext_lazy("Pairings")
    index_view_class = PairingIndexView
    list_display = ["mentee", "mentor", "cohort", "status", "started_at", "ended_at"]
    list_filter = ["cohort", "status"]
    search_fields = ["mentee__profile__full_name", "mentor__profile__full_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []


class RepairRequestIndexView(generic.IndexView):
    def get_base_queryset(self):
        return RepairRequest.objects.select_related(
            "pairing__cohort",
            "pairing__mentor__profile",
            "pairing__mentee__profile",
            "requested_by__profile",
        )

    @property
    def columns(self):
        return [
            *super().columns,
            TitleColumn(
                "decide",
                label=gettext_lazy("Decide"),
                accessor=lambda row: _("Decide") if row.status == RepairRequest.Status.OPEN else "",
                get_url=lambda row: (
                    reverse("mentors_repair_decide", args=[row.pk])
                    if row.status == RepairRequest.Status.OPEN
                    else None
                ),
            ),
        ]


class RepairRequestViewSet(_ReadOnlyViewSet):
    model = RepairRequest
    icon = "warning"
    url_namespace = "mentors_repairrequest"
    url_prefix = "mentors/repairs"
    menu_label = gettext_lazy("Re-pair requests")
    index_view_class = RepairRequestIndexView
    list_display = ["pairing", "requested_by", "reason", "status", "created_at"]
    list_filter = ["status", "pairing__cohort"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []


class PairingEventIndexView(generic.IndexView):
    def get_base_queryset(self):
        return PairingEvent.objects.select_related("cohort", "actor__profile", "run__cohort")


class PairingEventViewSet(_ReadOnlyViewSet):
    model = PairingEvent
    icon = "history"
    url_namespace = "mentors_pairingevent"
    url_prefix = "mentors/log"
    menu_label = gettext_lazy("Mentoring log")
    index_view_class = PairingEventIndexView
    list_display = ["created_at", "cohort", "action", "actor", "reason"]
    list_filter = ["cohort", "action"]
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []


class MatchRunViewSet(ViewSet):
    """Matching runs: a list, a start form and the review page (``admin_views``)."""

    model = MatchRun  # what its pages are about (the page walk reads it)
    name = "mentors_runs"
    url_namespace = "mentors_runs"
    url_prefix = "mentors/runs"
    icon = "group"
    menu_label = gettext_lazy("Matching runs")

    def get_urlpatterns(self):
        return [
            path("", admin_views.run_index, name="index"),
            path("start/", admin_views.run_start, name="start"),
            path("<int:pk>/", admin_views.run_review, name="review"),
            path("<int:pk>/change/", admin_views.proposal_change, name="change"),
            path("<int:pk>/rerun/", admin_views.run_rerun, name="rerun"),
            path("<int:pk>/exclude/", admin_views.exclusion_add, name="exclude"),
            path("<int:pk>/publish/", admin_views.run_publish, name="publish"),
            path("<int:pk>/discard/", admin_views.run_discard, name="discard"),
            path(
                "<int:pk>/pairs/<int:proposal_pk>/lock/",
                admin_views.proposal_lock,
                name="lock",
            ),
        ]

    @property
    def menu_url(self):
        return reverse("mentors_runs:index")


class MentoringGroup(ViewSetGroup):
    menu_label = gettext_lazy("Mentoring")
    menu_icon = "group"
    menu_order = 210
    items = (
        MentorProfileViewSet,
        MatchRunViewSet,
        PairingViewSet,
        RepairRequestViewSet,
        PairingEventViewSet,
    )
