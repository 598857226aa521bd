"""Forms of the inbox pages: they parse input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learning.notifications.kinds import notification_kinds_grouped
from learning.notifications.models import WebhookEndpoint


def muted_kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The kinds a member can keep in the inbox only, by group, labelled in their words."""
    return [
        (group, [(kind.code, kind.label) for kind in kinds if kind.mutable])
        for group, kinds in notification_kinds_grouped()
        if any(kind.mutable for kind in kinds)
    ]


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
    muted_kinds = forms.MultipleChoiceField(
        label=_("Keep in my inbox only"),
        required=False,
        choices=muted_kind_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What you tick here is never e-mailed or posted to your webhooks."),
    )


class WebhookEndpointForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("a thing's", "Name"), max_length=80)
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
