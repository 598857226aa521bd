"""Forms of the guest sessions' admin screens: they check each field's input and turn it
into one service's keyword arguments; the service decides (see ``cohorts.forms``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.widgets import AdminDateInput

from cohorts import permissions
from cohorts.forms import ServiceSavedForm
from cohorts.models import Cohort, SubGroup
from cohorts.sessions.models import Guest, GuestInvitation, Session, SessionSegment
from cohorts.sessions.services.summaries import SUMMARY_FIELDS

REASON_MAX = 500
HOLIDAYS_MAX = 400


class CohortScopedFormMixin:
    """The cohort and sub-group pickers list only the cohorts the person organizes."""

    def scope_to(self, user) -> None:
        cohorts = permissions.cohorts_organized_by(user)
        if "cohort" in self.fields:
            self.fields["cohort"].queryset = cohorts.order_by("-start_date", "name")
        if "subgroup" in self.fields:
            self.fields["subgroup"].queryset = SubGroup.objects.filter(
                cohort__in=cohorts
            ).select_related("cohort")


class SessionForm(CohortScopedFormMixin, ServiceSavedForm):
    """A session's fields, saved by ``session_create`` or ``session_update``. A session
    stays in the cohort it was scheduled in: its guests and audience are there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_to(self.for_user)
        if self.instance.pk and "cohort" in self.fields:
            self.fields["cohort"].disabled = True


class SegmentForm(forms.Form):
    # An empty first choice, so that the blank row left for a new segment stays unchanged
    # (and is skipped) until HR fills it.
    kind = forms.ChoiceField(
        label=capfirst(_("kind")), choices=[("", "---------"), *SessionSegment.Kind.choices]
    )
    minutes = forms.IntegerField(label=capfirst(_("minutes")), min_value=1, max_value=24 * 60)
    title = forms.CharField(
        label=capfirst(pgettext_lazy("of a segment", "title")), max_length=150, required=False
    )


SegmentFormSet = forms.formset_factory(SegmentForm, extra=1, can_delete=True, max_num=12)


def segments_of(formset) -> list[tuple[str, int, str]]:
    """The rows of a valid segments formset, in order, without the emptied and deleted."""
    return [
        (row.cleaned_data["kind"], row.cleaned_data["minutes"], row.cleaned_data["title"])
        for row in formset.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE")
    ]


class SessionTransitionForm(forms.Form):
    status = forms.ChoiceField(choices=Session.Status.choices)
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=REASON_MAX, required=False)


class CancelForm(forms.Form):
    """The reason members are told when their sessions are cancelled."""

    reason = forms.CharField(
        label=_("Why they are cancelled"),
        help_text=_("Everyone who answered the RSVP is told this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
    )


class NoOptionsForm(forms.Form):
    """A bulk action that needs nothing but a confirmation."""


class SeriesForm(CohortScopedFormMixin, forms.Form):
    """One planned slot per evening, saved by ``series_generate``."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    subgroup = forms.ModelChoiceField(
        label=_("Sub-group"),
        help_text=_("Leave empty for the whole cohort."),
        queryset=SubGroup.objects.none(),
        required=False,
    )
    first_date = forms.DateField(label=capfirst(_("first evening")), widget=AdminDateInput)
    last_date = forms.DateField(label=capfirst(_("last evening")), widget=AdminDateInput)
    skip_weekdays = forms.TypedMultipleChoiceField(
        label=capfirst(_("weekdays without a session")),
        choices=[(number + 1, name) for number, name in WEEKDAYS.items()],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    holidays = forms.CharField(
        label=capfirst(_("holidays")),
        help_text=_("One date a line, as 2026-12-25."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=HOLIDAYS_MAX * 11,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_to(user)

    def clean_holidays(self) -> list[dt.date]:
        days, wrong = [], []
        for line in self.cleaned_data["holidays"].split():
            try:
                days.append(dt.date.fromisoformat(line.strip().rstrip(",")))
            except ValueError:
                wrong.append(line)
        if wrong:
            raise ValidationError(
                _("Not a date: %(values)s. Write each as 2026-12-25.")
                % {"values": ", ".join(wrong[:5])}
            )
        return days


class InviteForm(forms.Form):
    guest = forms.ModelChoiceField(label=_("Guest"), queryset=None)
    message = forms.CharField(
        label=capfirst(_("message to the guest")),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
    )

    def __init__(self, *args, guest_widget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest"].queryset = Guest.objects.select_related("employee")
        if guest_widget is not None:
            self.fields["guest"].widget = guest_widget


class InvitationTransitionForm(forms.Form):
    status = forms.ChoiceField(choices=GuestInvitation.Status.choices)


class SummaryBodyEditor(DraftailRichTextArea):
    """The rich text editor, reading what it cannot parse as empty: the editor always
    posts its JSON, so anything else is a hand-made request, which gets a form back,
    never a 500."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except ValueError:
            return ""


class SummaryForm(forms.Form):
    """The summary's template: key points, the questions and answers, actions, more."""

    key_points = forms.CharField(
        label=capfirst(_("key points")), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    questions_and_answers = forms.CharField(
        label=capfirst(_("questions and answers")),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    actions = forms.CharField(
        label=capfirst(_("actions")), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    body = forms.CharField(
        label=capfirst(_("more")),
        help_text=_("Anything else, with images and links to recordings."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rich text, as the library shows it; made here, since building the editor reads
        # every app's hooks, which are not all loaded when this module is imported.
        self.fields["body"].widget = SummaryBodyEditor()

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in SUMMARY_FIELDS}


class PipelineForm(CohortScopedFormMixin, forms.Form):
    """The pipeline's choices: which cohort's newcomers to suggest, how far to look ahead."""

    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False
    )
    days = forms.IntegerField(
        label=_("Days ahead"), min_value=1, max_value=90, initial=14, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_to(user)
