"""Forms of the cohort pages and admin screens: they validate input, services decide.

Each form turns the request into the keyword arguments of one service; the service's
``ValidationError`` is put back on the form by ``learning.forms.add_service_errors``, so
the person sees which field is wrong.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from cohorts.models import CharterVersion, Cohort, EntryRule, Membership, Post, Report, SubGroup
from learning.conditions import DirectoryConditions
from learning.directory import DIRECTORY_CONDITIONS
from learning.models import Department, Level, ProjectTeam, Region, Subsidiary

INTRODUCTION_MAX = 2_000
REPORT_MAX = 2_000


# --- Member pages ----------------------------------------------------------------------


class JoinForm(forms.Form):
    """Joining: accept the rules in force (when there are any) and say hello."""

    accept_rules = forms.BooleanField(
        label=_("I have read the group rules and I accept them"), required=False
    )
    introduction = forms.CharField(
        label=_("Introduce yourself"),
        help_text=_("Who you are, where you work and what you hope to learn. Optional."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=INTRODUCTION_MAX,
        required=False,
    )

    def __init__(self, *args, rules_version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules_version = rules_version
        if rules_version is None:
            del self.fields["accept_rules"]

    def clean_accept_rules(self):
        accepted = self.cleaned_data.get("accept_rules")
        if self.rules_version is not None and not accepted:
            raise ValidationError(_("Accept the group rules to join."))
        return accepted

    @property
    def accepted_version(self) -> int | None:
        return self.rules_version if self.cleaned_data.get("accept_rules") else None


class AcceptRulesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    announcement = forms.BooleanField(label=_("Post as an announcement"), required=False)

    def __init__(self, *args, allow_announcement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_announcement:
            del self.fields["announcement"]

    @property
    def kind(self) -> str:
        if self.cleaned_data.get("announcement"):
            return Post.Kind.ANNOUNCEMENT
        return Post.Kind.POST


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REPORT_MAX,
    )
    rule_excerpt = forms.CharField(
        label=_("Which rule was broken?"),
        help_text=_("Optional: quote the rule from the group rules."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REPORT_MAX,
        required=False,
    )


class MemberFilterForm(forms.Form):
    """Filters of the members page; bad values are ignored rather than refused."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Any role")), *Membership.Role.choices], required=False
    )
    group = forms.ChoiceField(label=_("Sub-group"), required=False)

    def __init__(self, *args, subgroups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [
            ("", _("All groups")),
            *((subgroup.slug, subgroup.name) for subgroup in subgroups),
        ]


# --- Admin screens ---------------------------------------------------------------------


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=Cohort.Status.choices)
    reason = forms.CharField(required=False, max_length=500)


class SubGroupPlanForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.all())
    dimension = forms.ChoiceField(label=_("One sub-group per"), choices=SubGroup.Dimension.choices)
    custom_key = forms.CharField(
        label=_("Profile attribute"),
        help_text=_("Only for a custom dimension, e.g. business_line."),
        max_length=60,
        required=False,
    )
    add_members = forms.BooleanField(
        label=_("Put each member in their sub-group"), required=False, initial=True
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("dimension") == SubGroup.Dimension.CUSTOM and not cleaned.get("custom_key"):
            self.add_error("custom_key", _("Name the profile attribute to group by."))
        return cleaned


class AddByRuleForm(forms.Form):
    """Everyone in the directory who matches every condition set here."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.all())
    subgroup = forms.ModelChoiceField(
        label=_("Also into the sub-group"),
        queryset=SubGroup.objects.select_related("cohort"),
        required=False,
    )
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.all(), required=False)
    min_level = forms.ModelChoiceField(
        label=_("Lowest level"), queryset=Level.objects.all(), required=False
    )
    max_level = forms.ModelChoiceField(
        label=_("Highest level"), queryset=Level.objects.all(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    subsidiary = forms.ModelChoiceField(
        label=_("Subsidiary"), queryset=Subsidiary.objects.all(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    project_team = forms.ModelChoiceField(
        label=_("Project team"), queryset=ProjectTeam.objects.all(), required=False
    )
    hired_after = forms.DateField(
        label=_("Hired on or after"), widget=AdminDateInput, required=False
    )
    hired_before = forms.DateField(
        label=_("Hired on or before"), widget=AdminDateInput, required=False
    )
    reason = forms.CharField(label=_("Reason (for the audit log)"), max_length=500, required=False)

    # The same single-choice conditions as the people search.
    CONDITIONS = DIRECTORY_CONDITIONS

    def clean(self):
        cleaned = super().clean()
        subgroup, cohort = cleaned.get("subgroup"), cleaned.get("cohort")
        if subgroup is not None and cohort is not None and subgroup.cohort_id != cohort.pk:
            self.add_error("subgroup", _("This sub-group belongs to another cohort."))
        if not self.errors:
            try:
                self._conditions = DirectoryConditions.from_values(
                    {name: cleaned.get(name) for name in self.CONDITIONS}
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
            else:
                if self._conditions.is_empty:
                    raise ValidationError(_("Choose at least one condition."))
        return cleaned

    def conditions(self) -> DirectoryConditions:
        """The conditions chosen, once the form is valid."""
        return self._conditions


class SetRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    helper_duty = forms.CharField(
        label=_("Helper duty"),
        help_text=_("Only for helpers: their one duty, e.g. check-in supervision."),
        max_length=120,
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReportDecisionForm(forms.Form):
    # No outcome chosen in advance: a decision is made, never left at the first option.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *Report.Outcome.choices]
    )
    mute_until = forms.DateTimeField(
        label=_("Muted until"),
        help_text=_("Only when muting."),
        widget=AdminDateTimeInput,
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the reporter and the member"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
    )


class CharterVersionForm(WagtailAdminModelForm):
    """A new version of a cohort's or a sub-group's rules (saved by ``charter_draft``)."""

    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.all(), required=False
    )
    subgroup = forms.ModelChoiceField(
        label=_("Sub-group"), queryset=SubGroup.objects.select_related("cohort"), required=False
    )

    class Meta:
        model = CharterVersion
        fields = ["body", "owner"]
        formsets = {"enforcer_rows": {"fields": ["user"]}}

    def chosen_enforcers(self) -> list:
        """The people chosen in the enforcer rows (the formset refuses one twice)."""
        rows = (row.cleaned_data for row in self.formsets["enforcer_rows"].forms)
        return [row["user"] for row in rows if row.get("user") and not row.get("DELETE")]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("cohort") is None) == (cleaned.get("subgroup") is None):
            self.add_error("cohort", _("Choose a cohort or a sub-group (one of them)."))
        return cleaned


class ServiceSavedForm(WagtailAdminModelForm):
    """An admin form for an object that a service validates whole and saves.

    The form checks each field's input; the checks across fields and rows (dates in
    order, a group-wide cohort without subsidiaries, one slug per cohort…) are the
    service's, which names the field and the problem. Run here too, Django's model
    validation would stop the form first with its generic constraint message, and the
    service's clearer one would never be seen.
    """

    def _post_clean(self):
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as error:
            self._update_errors(error)


class SubGroupForm(ServiceSavedForm):
    """A sub-group stays in the cohort it was made in: its members and rules are there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "cohort" in self.fields:
            self.fields["cohort"].disabled = True


class EntryRuleForm(ServiceSavedForm):
    """The threshold of one cohort or one sub-group, saved by ``entry_rule_set``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Editing changes the conditions of this rule; another target has its own.
            for name in ("cohort", "subgroup"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        cohort, subgroup = cleaned.get("cohort"), cleaned.get("subgroup")
        if (cohort is None) == (subgroup is None):
            self.add_error("cohort", _("Choose a cohort or a sub-group (one of them)."))
        elif not self.instance.pk:
            existing = EntryRule.objects.filter(cohort=cohort, subgroup=subgroup).first()
            if existing is not None:
                self.add_error(
                    "subgroup" if subgroup is not None else "cohort",
                    _("%(target)s already has an entry rule; edit that one instead.")
                    % {"target": cohort or subgroup},
                )
        return cleaned
