"""Forms of the inbox pages: they parse input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learning.notifications.models import WebhookEndpoint


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("Send me e-mail"), required=False)
    webhook_enabled = forms.BooleanField(label=_("Post to my webhooks"), required=False)
    quiet_hours_start = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_hours_end = forms.TimeField(
        label=_("Quiet until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    muted_kinds = forms.CharField(
        label=_("Never e-mail or post these kinds"),
        required=False,
        help_text=_("Separate kinds with commas, for example cohort.announcement."),
    )

    def clean_muted_kinds(self) -> list[str]:
        return [
            kind.strip() for kind in self.cleaned_data["muted_kinds"].split(",") if kind.strip()
        ]


class WebhookEndpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    flavor = forms.ChoiceField(label=_("Kind"), choices=WebhookEndpoint.Flavor.choices)
    url = forms.CharField(label=_("Address"), max_length=500)
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        help_text=_(
            "For Feishu and DingTalk, paste the secret from the bot's settings. "
            "Leave empty for the others: Guild makes one and shows it once."
        ),
        widget=forms.PasswordInput(render_value=False),
    )
