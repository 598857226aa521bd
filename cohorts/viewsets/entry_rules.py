"""Entry rules in the admin, set through ``entry_rule_set``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts import services
from cohorts.forms import (
    EntryRuleForm,
)
from cohorts.models import (
    EntryRule,
)
from learning.admin_base import ServiceSaveMixin
from learning.choosers import person_chooser_viewset


class EntryRuleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return EntryRule.objects.select_related("cohort", "subgroup__cohort")


class EntryRuleSaveMixin(ServiceSaveMixin):
    """Creating and editing both set the target's one rule through ``entry_rule_set``."""

    def save_instance(self):
        return services.entry_rule_set(
            actor=self.request.user,
            **self.service_fields(["cohort", "subgroup", *services.ENTRY_RULE_FIELDS]),
            **self.service_fields(["regions", "subsidiaries", "departments", "project_teams"]),
        )


class EntryRuleCreateView(EntryRuleSaveMixin, generic.CreateView):
    pass


class EntryRuleEditView(EntryRuleSaveMixin, generic.EditView):
    pass


class EntryRuleViewSet(ModelViewSet):
    model = EntryRule
    icon = "key"
    url_namespace = "cohorts_entryrule"
    url_prefix = "cohorts/entry-rules"
    menu_label = gettext_lazy("Entry rules")
    index_view_class = EntryRuleIndexView
    add_view_class = EntryRuleCreateView
    edit_view_class = EntryRuleEditView
    list_display = ["__str__", "invitation_only", "approval_required", "approver"]
    list_filter = ["cohort", "invitation_only", "approval_required"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("cohort"), FieldPanel("subgroup")],
                heading=gettext_lazy("Rule for (choose one)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("min_level"), FieldPanel("max_level")]),
                    FieldPanel("regions"),
                    FieldPanel("subsidiaries"),
                    FieldPanel("departments"),
                    FieldPanel("project_teams"),
                    FieldRowPanel([FieldPanel("hired_after"), FieldPanel("hired_before")]),
                ],
                heading=gettext_lazy("Who may join"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("invitation_only"),
                    FieldPanel("approval_required"),
                    FieldPanel("approver"),
                    FieldPanel("approver_user", widget=person_chooser_viewset.widget_class),
                ],
                heading=gettext_lazy("Invitation and approval"),
            ),
        ],
        base_form_class=EntryRuleForm,
    )
