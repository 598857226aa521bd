"""Forms of the board's member pages: they check shape, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentors.questions.models import Question


class AskForm(forms.Form):
    title = forms.CharField(
        label=_("Your question"),
        max_length=Question._meta.get_field("title").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-similar": "1"}),
    )
    body = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Separated by commas, e.g. pricing, CRM."),
    )
    subgroup = forms.TypedChoiceField(
        label=_("Ask in"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, subgroups=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole cohort"))] + [(g.pk, g.name) for g in subgroups]
        self.fields["subgroup"].choices = choices
        if not subgroups:
            del self.fields["subgroup"]


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"), widget=forms.Textarea(attrs={"rows": 3})
    )
