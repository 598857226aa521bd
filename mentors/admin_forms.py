"""Forms of the mentoring admin: they validate shape only; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cohorts import permissions
from cohorts.models import Cohort
from learning.choosers import person_chooser_viewset
from learning.models import Region, User
from mentors import matching


def _people():
    return User.objects.filter(is_active=True, profile__is_active=True)


class MentorProfileFields(forms.Form):
    """What a mentor profile holds, as a person types it: tags comma-separated."""

    opted_in = forms.BooleanField(label=capfirst(_("open to new mentees")), required=False)
    capacity = forms.IntegerField(label=capfirst(_("mentees at once")), min_value=1, max_value=20)
    products = forms.CharField(
        label=capfirst(_("products")), required=False, help_text=_("Separate them with commas.")
    )
    skills = forms.CharField(
        label=capfirst(_("skills")), required=False, help_text=_("Separate them with commas.")
    )
    languages = forms.MultipleChoiceField(
        label=capfirst(_("languages")),
        required=False,
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages you mentor in besides your preferred one."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=capfirst(_("regions")),
        required=False,
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=capfirst(_("availability")), required=False, max_length=200
    )
    contact = forms.CharField(label=capfirst(_("how to reach me")), required=False, max_length=200)

    @classmethod
    def initial_of(cls, profile) -> dict:
        if profile is None:
            return {"opted_in": True, "capacity": 3}
        return {
            "opted_in": profile.opted_in,
            "capacity": profile.capacity,
            "products": ", ".join(profile.products),
            "skills": ", ".join(profile.skills),
            "languages": profile.languages,
            "regions": list(profile.regions.all()),
            "availability": profile.availability,
            "contact": profile.contact,
        }

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("user", None)
        data["regions"] = [region.pk for region in data.get("regions") or ()]
        return data


class MentorProfileAdminForm(MentorProfileFields):
    user = forms.ModelChoiceField(
        label=capfirst(_("mentor")),
        queryset=_people(),
        widget=person_chooser_viewset.widget_class(),
    )
    field_order = ["user"]


class WeightsForm(forms.Form):
    """The weights HR tunes for a run, each with its default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "subgroup": _("Same sub-group"),
            "region": _("Same region"),
            "subsidiary": _("Same subsidiary"),
            "expertise": _("Each shared expertise tag"),
            "expertise_max_tags": _("Tags counted at most"),
            "level_gap": _("Level gap within the range"),
            "level_gap_min": _("Smallest level gap"),
            "level_gap_max": _("Largest level gap"),
            "load": _("Cost of each mentee a mentor already has"),
        }
        for name, default in matching.Weights().as_dict().items():
            field_class = forms.IntegerField if isinstance(default, int) else forms.FloatField
            self.fields[name] = field_class(label=labels[name], initial=default, required=False)

    def weights(self) -> dict:
        names = matching.Weights().as_dict()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in names and value is not None
        }


class MatchRunStartForm(WeightsForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"] = forms.ModelChoiceField(
            label=capfirst(_("cohort")),
            queryset=permissions.cohorts_organized_by(user)
            .exclude(status=Cohort.Status.CLOSED)
            .order_by("-start_date", "name"),
        )
        self.order_fields(["cohort"])


def _over_capacity_field():
    return forms.BooleanField(
        label=_("Over capacity"),
        required=False,
        help_text=_("Give the mentor one more mentee even if their places are all taken."),
    )


class PairFields(forms.Form):
    mentee = forms.ModelChoiceField(
        label=capfirst(_("newcomer")),
        queryset=_people(),
        widget=person_chooser_viewset.widget_class(),
    )
    mentor = forms.ModelChoiceField(
        label=capfirst(_("mentor")),
        queryset=_people(),
        widget=person_chooser_viewset.widget_class(),
    )


class PairChangeForm(PairFields):
    """Shape only: whether the pair may be made is ``services.pair_check``'s answer,
    given by ``proposal_change`` to the admin and the API alike."""

    over_capacity = _over_capacity_field()


class RepairDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=capfirst(_("decision")),
        choices=[("1", _("Grant: end this pairing")), ("0", _("Decline: keep the pairing"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    new_mentor = forms.ModelChoiceField(
        label=capfirst(_("new mentor")),
        queryset=_people(),
        required=False,
        widget=person_chooser_viewset.widget_class(),
        help_text=_("Optional, when granting; otherwise the next matching run finds one."),
    )
    over_capacity = _over_capacity_field()
    note = forms.CharField(
        label=capfirst(_("note to the person who asked")), required=False, widget=forms.Textarea
    )


class ExclusionForm(PairFields):
    reason = forms.CharField(label=capfirst(_("reason")), max_length=300, required=False)
