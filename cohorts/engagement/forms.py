"""Forms of the check-in pages: they check shape, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.engagement.services.checkins import BOOK_MAX, TEXT_MAX


class CheckinForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    book = forms.CharField(label=_("Book"), required=False, max_length=BOOK_MAX)
    chapter = forms.CharField(
        label=pgettext_lazy("of a book's part read", "Title"),
        required=False,
        max_length=BOOK_MAX,
        help_text=_("The chapter or section you read."),
    )
    text = forms.CharField(
        label=_("What I took from it"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Guild counts the words: each Chinese or Japanese character is one word, as "
            "Chinese word counts go; other languages count the words between spaces."
        ),
    )
    image = forms.FileField(label=_("Photo"), required=False)


class NudgeForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
