"""StreamField blocks for programs: the curriculum and the resource library."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class CurriculumModuleBlock(blocks.StructBlock):
    """One module of a program's curriculum, placed in a given week of the cohort."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    summary = blocks.TextBlock(label=_("summary"), required=False)
    week = blocks.IntegerBlock(label=_("week"), min_value=1, max_value=104, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Curriculum module")
        template = "cohorts/blocks/curriculum_module.html"
        preview_value = {
            "title": "Our products in one hour",
            "summary": "What we sell, to whom, and why they buy it.",
            "week": 1,
        }


class ResourceLinkBlock(blocks.StructBlock):
    """A resource outside Guild (a recording, an intranet page)."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    url = blocks.URLBlock(label=_("address"))
    note = blocks.CharBlock(label=_("note"), max_length=200, required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "cohorts/blocks/resource_link.html"


class ResourceDocumentBlock(blocks.StructBlock):
    """A file kept in Guild's document library (a handbook, a price list)."""

    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)
    document = DocumentChooserBlock(label=_("document"))
    note = blocks.CharBlock(label=_("note"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cohorts/blocks/resource_document.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("document"):
            raise ValidationError(_("Choose a document."))
        return value


class CurriculumBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), icon="title", max_length=120)
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    module = CurriculumModuleBlock()


class ResourceBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), icon="title", max_length=120)
    link = ResourceLinkBlock()
    document = ResourceDocumentBlock()
