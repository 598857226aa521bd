"""Forms of recognition's member pages: they check shape, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.recognition.models import RecognitionPreference, Visibility
from cohorts.recognition.services.kudos import MESSAGE_MAX, NOTE_MAX


class KudosForm(forms.Form):
    receivers = forms.TypedMultipleChoiceField(
        label=_("Who are you thanking?"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("One person or several."),
    )
    message = forms.CharField(
        label=_("What for?"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    value = forms.ChoiceField(label=_("A value it shows"), required=False)
    private = forms.BooleanField(
        label=_("Only for them (private kudos)"),
        required=False,
        help_text=_("Kudos are private anyway when someone you thank prefers quiet thanks."),
    )
    prompt = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args, members=(), values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receivers"].choices = [(m.user_id, str(m.user)) for m in members]
        self.fields["value"].choices = [("", _("None"))] + [(v.code, v.label) for v in values]


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = RecognitionPreference
        fields = ["visibility", "note"]
        widgets = {"visibility": forms.RadioSelect(choices=Visibility.choices)}

    note = forms.CharField(
        label=_("A note for whoever thanks me"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("For example: I prefer a quiet thank-you to a big announcement."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NominationForm(forms.Form):
    nominee = forms.TypedChoiceField(label=_("Who do you nominate?"), coerce=int)
    reason = forms.CharField(
        label=_("Why do they deserve it?"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].choices = [(m.user_id, str(m.user)) for m in members]


class GreetingForm(forms.Form):
    message = forms.CharField(
        label=_("Your welcome"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
