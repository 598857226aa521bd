"""Template tags for pages that show cohorts.

A program page lists its cohorts through a tag rather than ``ProgramPage.get_context``:
the read needs ``cohorts.selectors`` and its permissions, which import the models, so a
model reaching for them would close an import cycle.

``cohort_home_sections`` lets other parts fill the cohort home's places (the schedule,
the mentor) through a hook, as ``learning.registry`` does for the site's home page.
"""

from django import template
from wagtail import hooks

from cohorts.selectors import program_cohorts_visible

register = template.Library()


@register.simple_tag(takes_context=True)
def program_cohorts(context, program):
    """The cohorts of ``program`` that the viewer may see."""
    return program_cohorts_visible(program=program, user=context["request"].user)


@register.simple_tag(takes_context=True)
def cohort_home_sections(context, cohort, place: str) -> list[str]:
    """HTML that the apps above cohorts (and cohorts' own parts) put at ``place`` on the
    cohort home ("schedule", "questions", "recognition", "mentor"), through the
    ``guild_cohort_home_sections`` hook: ``fn(request, cohort, place) -> list[str]``."""
    sections: list[str] = []
    for fn in hooks.get_hooks("guild_cohort_home_sections"):
        sections.extend(fn(context["request"], cohort, place))
    return sections
