"""StreamField blocks of sales tools, one per kind of tool plus the shared text blocks.

Each block's template is self-contained (no page chrome, no request), so the same
``{% include_block page.body %}`` renders on the site and inside a print sheet. Which
block a kind of tool must hold is ``KIND_BLOCKS`` (``ToolPage.clean``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks

from knowledge_base.models import DealStage

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class TalkTrackBlock(blocks.StructBlock):
    """What to say, ask and listen for at one deal stage."""

    stage = blocks.ChoiceBlock(choices=DealStage.choices, label=_("deal stage"))
    goal = blocks.CharBlock(label=_("goal"), max_length=200)
    say = blocks.TextBlock(label=_("what to say"))
    ask = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label=_("question")), label=_("questions to ask")
    )
    listen_for = blocks.TextBlock(label=_("listen for"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Talk track for a stage")
        template = "knowledge_tools/blocks/talk_track.html"
        preview_value = {
            "stage": "qualification",
            "goal": "Learn who decides and by when.",
            "say": "Thank you for the time. May I ask how you choose a supplier today?",
            "ask": ["Who else takes part in the decision?", "What happens if nothing changes?"],
            "listen_for": "A date, a budget holder, a pain they name themselves.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["stage_label"] = DealStage(value["stage"]).label if value["stage"] else ""
        return context


class ObjectionBlock(blocks.StructBlock):
    objection = blocks.CharBlock(label=_("objection"), max_length=300)
    response = blocks.TextBlock(label=_("response"))
    proof = blocks.CharBlock(label=_("proof"), max_length=300, required=False)


class ObjectionTableBlock(blocks.StructBlock):
    """Objection, response, proof: one row each."""

    rows = blocks.ListBlock(ObjectionBlock(), label=_("objections"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Objection-handling table")
        template = "knowledge_tools/blocks/objection_table.html"
        preview_value = {
            "rows": [
                {
                    "objection": "Your price is higher.",
                    "response": "Let us compare the cost over three years, service included.",
                    "proof": "A retail chain saved 12% over three years.",
                }
            ]
        }


class ComparisonRowBlock(blocks.StructBlock):
    criterion = blocks.CharBlock(label=_("criterion"), max_length=200)
    us = blocks.CharBlock(label=pgettext_lazy("a comparison's column", "us"), max_length=300)
    them = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("value")),
        label=_("competitors, in the order named above"),
    )


class ComparisonBlock(blocks.StructBlock):
    """Rows of criteria, us against each named competitor."""

    competitors = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label=_("competitor")),
        label=_("competitors"),
        min_num=1,
    )
    rows = blocks.ListBlock(ComparisonRowBlock(), label=_("criteria"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Competitor comparison")
        template = "knowledge_tools/blocks/comparison.html"
        preview_value = {
            "competitors": ["Vendor A"],
            "rows": [{"criterion": "Time to go live", "us": "6 weeks", "them": ["12 weeks"]}],
        }


class SlideBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    message = blocks.TextBlock(label=_("key message"))
    minutes = blocks.IntegerBlock(label=_("minutes"), min_value=1, max_value=120, required=False)
    evidence = blocks.CharBlock(label=_("evidence to show"), max_length=300, required=False)


class PresentationOutlineBlock(blocks.StructBlock):
    """The product presentation, slide by slide."""

    audience = blocks.CharBlock(label=_("audience"), max_length=200, required=False)
    slides = blocks.ListBlock(SlideBlock(), label=_("slides"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Presentation outline")
        template = "knowledge_tools/blocks/presentation_outline.html"
        preview_value = {
            "audience": "Operations director",
            "slides": [
                {"title": "What worries you", "message": "Start from their risk.", "minutes": 5}
            ],
        }


class ChecklistItemBlock(blocks.StructBlock):
    step = blocks.CharBlock(label=_("step"), max_length=300)
    owner = blocks.CharBlock(label=_("who does it"), max_length=120, required=False)
    done_when = blocks.CharBlock(label=_("done when"), max_length=300, required=False)


class ChecklistBlock(blocks.StructBlock):
    """A service process as steps to tick off."""

    title = blocks.CharBlock(label=_("title"), max_length=200, required=False)
    items = blocks.ListBlock(ChecklistItemBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "tick-inverse"
        label = _("Service checklist")
        template = "knowledge_tools/blocks/checklist.html"
        preview_value = {
            "title": "First week after installation",
            "items": [
                {
                    "step": "Call the store manager",
                    "owner": "Customer success",
                    "done_when": "Issues logged",
                }
            ],
        }


class PlanTaskBlock(blocks.StructBlock):
    task = blocks.CharBlock(label=_("task"), max_length=300)
    owner = blocks.CharBlock(label=_("owner"), max_length=120, required=False)
    days = blocks.IntegerBlock(label=_("days"), min_value=0, max_value=999, required=False)


class PlanPhaseBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=pgettext_lazy("a phase's", "name"), max_length=200)
    tasks = blocks.ListBlock(PlanTaskBlock(), label=_("tasks"), min_num=1)


class ProjectPlanBlock(blocks.StructBlock):
    """Phases of a project, each with tasks, owners and durations."""

    phases = blocks.ListBlock(PlanPhaseBlock(), label=_("phases"), min_num=1)

    class Meta:
        icon = "date"
        label = _("Project plan")
        template = "knowledge_tools/blocks/project_plan.html"
        preview_value = {
            "phases": [
                {
                    "name": "Prepare",
                    "tasks": [{"task": "Site survey", "owner": "Engineer", "days": 3}],
                }
            ]
        }


class ConcessionStepBlock(blocks.StructBlock):
    give = blocks.CharBlock(label=_("we give"), max_length=300)
    in_return = blocks.CharBlock(label=_("we get in return"), max_length=300)
    approval = blocks.CharBlock(label=_("who approves"), max_length=120, required=False)


class ConcessionLadderBlock(blocks.StructBlock):
    """Pricing and negotiation: concessions in order, each traded for something, and
    the points where we walk away."""

    steps = blocks.ListBlock(ConcessionStepBlock(), label=_("concession ladder"), min_num=1)
    walk_away = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("walk-away point")),
        label=_("walk-away points"),
        min_num=1,
    )

    class Meta:
        icon = "pick"
        label = _("Concession ladder")
        template = "knowledge_tools/blocks/concession_ladder.html"
        preview_value = {
            "steps": [
                {
                    "give": "2% price adjustment",
                    "in_return": "A three-year term",
                    "approval": "Sales director",
                }
            ],
            "walk_away": ["Below the floor price without a longer term"],
        }


class FormFieldBlock(blocks.StructBlock):
    class Kind:
        CHOICES = [
            ("text", _("Text")),
            ("long_text", _("Long text")),
            ("number", _("Number")),
            ("date", _("Date")),
            ("choice", _("One of a list")),
            ("checkbox", _("Tick box")),
        ]

    label = blocks.CharBlock(label=_("label"), max_length=200)
    kind = blocks.ChoiceBlock(choices=Kind.CHOICES, label=pgettext_lazy("a form field's", "type"))
    help = blocks.CharBlock(label=_("help text"), max_length=300, required=False)
    options = blocks.CharBlock(
        label=_("options"),
        max_length=500,
        required=False,
        help_text=_("For one of a list: the options, separated by commas."),
    )


class FillableFormBlock(blocks.StructBlock):
    """The fields a seller fills in (on paper from the sheet, or on screen)."""

    form_fields = blocks.ListBlock(FormFieldBlock(), label=_("fields"), min_num=1)

    class Meta:
        icon = "form"
        label = _("Fillable form")
        template = "knowledge_tools/blocks/fillable_form.html"
        preview_value = {
            "form_fields": [
                {"label": "Customer", "kind": "text", "help": "", "options": ""},
                {"label": "Decision date", "kind": "date", "help": "", "options": ""},
            ]
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["form_fields"] = [
            {
                "label": field["label"],
                "kind": field["kind"],
                "help": field["help"],
                "options": [o.strip() for o in (field["options"] or "").split(",") if o.strip()],
            }
            for field in value["form_fields"]
        ]
        return context


class ToolBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        icon="title",
        max_length=120,
        template="knowledge_tools/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=TEXT_FEATURES)
    talk_track = TalkTrackBlock()
    objections = ObjectionTableBlock()
    comparison = ComparisonBlock()
    presentation = PresentationOutlineBlock()
    checklist = ChecklistBlock()
    project_plan = ProjectPlanBlock()
    concessions = ConcessionLadderBlock()
    form = FillableFormBlock()


# The block that makes a page a tool of its kind; any other kind's block is refused.
KIND_BLOCKS = {
    "sales_script": "talk_track",
    "objection_handling": "objections",
    "competitor_comparison": "comparison",
    "product_presentation": "presentation",
    "service_checklist": "checklist",
    "project_plan": "project_plan",
    "pricing_playbook": "concessions",
    "fillable_form": "form",
}
SHARED_BLOCKS = ("heading", "paragraph")
