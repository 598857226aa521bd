"""What mentoring hands to the rest: its background job, and (below) its admin screens,
the cohort home's mentor card, the API router and the demo."""

from wagtail import hooks


@hooks.register("guild_job_handlers")
def _mentors_job_handlers():
    from mentors.services.runs import HANDLERS

    return HANDLERS
