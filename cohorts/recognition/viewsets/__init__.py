"""The "Recognition" admin menu: HR's awards (with nominations, vote counts and the
"Close round and announce" action), the kudos values of each program, and the
moderation list of kudos. Kudos, nominations and votes are written by the services
only: here they are read, filtered and acted on through buttons."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cohorts.recognition import selectors, services
from cohorts.recognition.models import Award, Kudos, KudosReport, KudosValue, Nomination
from learning.admin_base import ServiceOwnedPolicy

register_permission_policy(Kudos, ServiceOwnedPolicy(Kudos), exact_class=True)
register_permission_policy(Nomination, ServiceOwnedPolicy(Nomination), exact_class=True)


class AwardIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Award.objects.select_related("cohort").annotate(
            nomination_count=Count("nominations", distinct=True),
            vote_count=Count("votes", distinct=True),
        )


class AwardInspectView(generic.InspectView):
    template_name = "recognition/admin/award_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award = self.object
        context["standings"] = selectors.award_standings(award)
        context["phase"] = selectors.award_phase(award)
        refusal = services.award_close_check(award=award, actor=self.request.user)
        context["close_refusal"] = refusal
        context["close_url"] = reverse("recognition_award_close", args=[award.pk])
        return context


class AwardViewSet(ModelViewSet):
    model = Award
    icon = "pick"
    url_namespace = "recognition_award"
    url_prefix = "recognition/awards"
    menu_label = gettext_lazy("Awards")
    index_view_class = AwardIndexView
    inspect_view_class = AwardInspectView
    inspect_view_enabled = True
    list_display = ["name", "cohort", "nominations_close_at", "voting_close_at", "closed_at"]
    list_filter = ["cohort", "cohort__program"]
    form_fields = [
        "cohort",
        "name",
        "description",
        "nominations_open_at",
        "nominations_close_at",
        "voting_open_at",
        "voting_close_at",
        "winners_count",
    ]
    copy_view_enabled = False


class KudosValueViewSet(ModelViewSet):
    model = KudosValue
    icon = "tag"
    url_namespace = "recognition_value"
    url_prefix = "recognition/values"
    menu_label = gettext_lazy("Kudos values")
    list_display = ["label", "code", "program", "order"]
    list_filter = ["program"]
    form_fields = ["program", "code", "label", "order"]
    copy_view_enabled = False


class KudosIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Kudos.objects.select_related("cohort", "giver__profile").annotate(
            reported=Exists(KudosReport.objects.filter(kudos=OuterRef("pk")))
        )


class KudosViewSet(ModelViewSet):
    """Moderation: every kudos, filtered by cohort, visibility, state and reports."""

    model = Kudos
    icon = "comment"
    url_namespace = "recognition_kudos"
    url_prefix = "recognition/kudos"
    menu_label = pgettext_lazy("admin menu", "Kudos")
    index_view_class = KudosIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "cohort",
        "giver",
        "receivers",
        "message",
        "value",
        "visibility",
        "prompt",
        "withdrawn_at",
        "hidden",
        "created_at",
    ]
    list_display = [
        "__str__",
        "cohort",
        "giver",
        "visibility",
        "hidden",
        "withdrawn_at",
        "created_at",
    ]
    list_filter = ["cohort", "visibility", "hidden", "withdrawn_at", "created_at"]
    copy_view_enabled = False
    form_fields = ["hidden"]


class NominationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Nomination.objects.select_related(
            "award__cohort", "nominee__profile", "nominator__profile"
        )


class NominationViewSet(ModelViewSet):
    model = Nomination
    icon = "user"
    url_namespace = "recognition_nomination"
    url_prefix = "recognition/nominations"
    menu_label = gettext_lazy("Nominations")
    index_view_class = NominationIndexView
    list_display = ["nominee", "award", "nominator", "winner", "created_at"]
    list_filter = ["award", "award__cohort", "winner"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["reason"]


class RecognitionGroup(ViewSetGroup):
    menu_label = gettext_lazy("Recognition")
    menu_icon = "pick"
    menu_order = 210
    items = (AwardViewSet, NominationViewSet, KudosViewSet, KudosValueViewSet)
