"""Recognition's API: kudos (give, list what I may see, withdraw), my recognition
preference, awards with their nominations and votes, announcing winners, and the wall.

One router (``routing``), handed to the API by ``cohorts.recognition.wagtail_hooks``.
As everywhere, the views only translate HTTP: a cohort the caller may not see is 404
(``cohorts.api.lookups``), kudos they may not see are 404 (``kudos_visible_to``), and
the services check the rest.
"""

from cohorts.recognition.api import awards, kudos  # noqa: F401  (each adds its operations)
from cohorts.recognition.api.routing import router

__all__ = ["router"]
