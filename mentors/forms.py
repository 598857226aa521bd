"""Member forms of mentoring: they validate shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentors.admin_forms import MentorProfileFields
from mentors.services.repairs import MAX_REASON

__all__ = ["MentorProfileFields", "RepairAskForm"]


class RepairAskForm(forms.Form):
    reason = forms.CharField(
        label=_("Why would you like another pairing?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only HR and the cohort's organizers read this."),
    )
