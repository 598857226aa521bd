"""Sub-groups in the admin, with generation from the directory."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.admin.widgets.slug import SlugInput

from cohorts import pages_selectors, services
from cohorts.forms import (
    SubGroupForm,
)
from cohorts.models import (
    SubGroup,
)
from learning.admin_base import ServiceSaveMixin


class SubGroupIndexView(generic.IndexView):
    def get_base_queryset(self):
        return pages_selectors.subgroups_for_admin()

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("cohorts.add_subgroup"):
            buttons.append(
                HeaderButton(
                    _("Generate from the directory"),
                    url=reverse("cohorts_subgroups_generate"),
                    icon_name="group",
                )
            )
        return buttons


class SubGroupCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return services.subgroup_create(
            cohort=self.form.cleaned_data["cohort"],
            actor=self.request.user,
            **self.service_fields(services.SUBGROUP_FIELDS),
        )


class SubGroupEditView(ServiceSaveMixin, generic.EditView):
    def save_instance(self):
        return services.subgroup_update(
            subgroup=self.object,
            actor=self.request.user,
            changes=self.service_fields(services.SUBGROUP_FIELDS),
        )


class SubGroupViewSet(ModelViewSet):
    model = SubGroup
    icon = "folder-inverse"
    url_namespace = "cohorts_subgroup"
    url_prefix = "cohorts/subgroups"
    menu_label = gettext_lazy("Sub-groups")
    index_view_class = SubGroupIndexView
    add_view_class = SubGroupCreateView
    edit_view_class = SubGroupEditView
    list_display = [
        "name",
        "cohort",
        "dimension",
        Column("member_count", label=gettext_lazy("Members"), sort_key="member_count"),
        "hidden_from_non_eligible",
        "opens_at",
    ]
    list_filter = ["cohort", "dimension", "hidden_from_non_eligible"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            # The slug follows the name as HR types it (Wagtail's own title-to-slug sync).
            TitleFieldPanel("name", placeholder=False),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("dimension"),
                    FieldPanel("level"),
                    FieldPanel("region"),
                    FieldPanel("subsidiary"),
                    FieldPanel("project_team"),
                    FieldRowPanel([FieldPanel("custom_key"), FieldPanel("custom_value")]),
                ],
                heading=gettext_lazy("Cut by"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("hidden_from_non_eligible"),
                    FieldPanel("opens_at"),
                    FieldPanel("capacity"),
                ],
                heading=gettext_lazy("Opening"),
            ),
        ],
        base_form_class=SubGroupForm,
    )
