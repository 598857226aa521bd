"""The goal form of the dashboard (site and admin alike)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cohorts.health.metrics import metric_choices
from learning.forms import add_service_errors


class GoalForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=())
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=10, decimal_places=1)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metric_choices()


def goal_form_save(request, cohort) -> GoalForm | None:
    """Set the goal posted in ``request``: None once it is set, else the form with the
    errors (the service's named on their fields)."""
    from cohorts.health import services

    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_set(actor=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return None
    return form
