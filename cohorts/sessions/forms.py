"""Forms of the member pages of guest sessions: they check shape, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.sessions.models import Rsvp, SessionSegment
from cohorts.sessions.services.attendance import COMMENT_MAX
from cohorts.sessions.services.room import BODY_MAX, QUESTION_MAX


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was it?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add?"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoomPostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    image = forms.FileField(label=_("Image"), required=False)
    audio = forms.FileField(label=_("Voice clip"), required=False)
    segment = forms.ChoiceField(
        label=_("Segment"), choices=SessionSegment.Kind.choices, initial="talk"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        self.fields["audio"].widget.attrs["accept"] = "audio/*"


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GuestAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("A note for the organizers (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accept = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
