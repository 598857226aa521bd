"""The Q&A board's API: questions, answers, votes, acceptance, helpful marks, reports,
similar questions, the board's settings, the caller's queue and the mentors' scorecards.

Every operation joins the one ``router``; ``mentors.questions.wagtail_hooks`` hands it to
the API through the ``guild_api_routers`` hook. The views only translate HTTP: a cohort
or question the caller may not see is 404 (``mentors.questions.access``), the services
check the rest.
"""

from mentors.questions.api.board import router

__all__ = ["router"]
