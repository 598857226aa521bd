"""The room's forms: they shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.operations.models import RoomPost, RosterShift
from cohorts.operations.services.room import BODY_MAX, TITLE_MAX


class RoomPostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RoomPost.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanItemForm(forms.Form):
    text = forms.CharField(label=pgettext_lazy("a plan item", "What"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (member.user_id, str(member.user)) for member in team
        ]


class RosterShiftForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), coerce=int, choices=RosterShift.Weekday.choices
    )
    person = forms.TypedChoiceField(label=_("Who"), coerce=int)
    duty = forms.CharField(label=_("Duty"), max_length=120, required=False)

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(member.user_id, str(member.user)) for member in team]


class AssessmentForm(forms.Form):
    assessment = forms.CharField(
        label=_("Assessment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanningInviteForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
