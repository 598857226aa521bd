"""The tools index's filters: they check shape, the selector filters."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from knowledge_base.models import DealStage
from knowledge_base.tools.models import ToolKind
from learning.models import Region


class ToolFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *ToolKind.choices], required=False
    )
    product = forms.CharField(label=_("Product"), max_length=120, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), required=False
    )
    deal_stage = forms.ChoiceField(
        label=_("Deal stage"), choices=[("", "—"), *DealStage.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Written in"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False)

    def filters(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = data["region"].pk if data.get("region") else None
        return {name: value for name, value in data.items() if value}
