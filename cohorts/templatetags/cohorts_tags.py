"""Template tags for pages that show cohorts.

A program page lists its cohorts through a tag rather than ``ProgramPage.get_context``:
the read needs ``cohorts.selectors`` and its permissions, which import the models, so a
model reaching for them would close an import cycle.
"""

from django import template

from cohorts.selectors import program_cohorts_visible

register = template.Library()


@register.simple_tag(takes_context=True)
def program_cohorts(context, program):
    """The cohorts of ``program`` that the viewer may see."""
    return program_cohorts_visible(program=program, user=context["request"].user)
