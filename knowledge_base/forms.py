"""Forms of the knowledge base's member pages: they check shape, the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from knowledge_base.models import CaseKind, CaseSource, DealStage
from knowledge_base.services.cases import LINE_MAX, TEXT_MAX
from learning.models import Region


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by ``attachments_check``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _text(label, *, required=True, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=CaseKind.choices)
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    product = forms.CharField(label=_("Product"), max_length=LINE_MAX, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=LINE_MAX, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), required=False
    )
    customer_segment = forms.CharField(
        label=_("Customer segment"), max_length=LINE_MAX, required=False
    )
    deal_stage = forms.ChoiceField(
        label=_("Deal stage"), choices=[("", "—"), *DealStage.choices], required=False
    )
    situation = _text(_("Situation"), help_text=_("Who the customer was and what they needed."))
    actions = _text(_("What was done"))
    outcome = _text(_("Outcome"), required=False, rows=3)
    lessons = _text(_("Lessons"), required=False, rows=3)
    source = forms.ChoiceField(label=_("Source"), choices=CaseSource.choices)
    source_reference = forms.CharField(label=_("Source reference"), max_length=300, required=False)
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    @classmethod
    def initial_of(cls, case) -> dict:
        """The form's values for an existing case (to change it)."""
        fields = [name for name in cls.base_fields if name not in ("tags", "attachments")]
        initial = {name: getattr(case, name) for name in fields}
        initial["region"] = case.region_id
        initial["tags"] = ", ".join(sorted(tag.name for tag in case.tags.all()))
        return initial

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("attachments", None)
        data.pop("remove_attachments", None)
        data["region"] = data["region"].pk if data.get("region") else None
        data["tags"] = [tag for tag in (data.get("tags") or "").split(",") if tag.strip()]
        return data


class CaseChangeForm(CaseForm):
    """A case sent back for changes: its fields, and which of its files to remove."""

    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove attachments"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_attachments"].choices = [
            (attachment.pk, attachment.name) for attachment in case.attachments.all()
        ]
        if not self.fields["remove_attachments"].choices:
            del self.fields["remove_attachments"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *CaseKind.choices], required=False
    )
    product = forms.CharField(label=_("Product"), max_length=LINE_MAX, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Any region"),
    )
    deal_stage = forms.ChoiceField(
        label=_("Deal stage"),
        choices=[("", _("Any stage")), *DealStage.choices],
        required=False,
    )
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or "",
            "product": data.get("product") or "",
            "region": data["region"].pk if data.get("region") else None,
            "deal_stage": data.get("deal_stage") or "",
            "tag": data.get("tag") or "",
        }


class LibraryForm(forms.Form):
    program = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    cohort = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    since = forms.DateField(
        label=pgettext_lazy("a date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("a date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
