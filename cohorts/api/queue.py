"""What waits on the caller: the requests to join and the reports they decide."""

from __future__ import annotations

from cohorts import queue
from cohorts.api.routing import router
from cohorts.api.schemas import QueueOut
from learning.api import ERROR_RESPONSES
from learning.api.schemas import person_of

QUEUE_ROWS = 50


@router.get(
    "/queue",
    response={200: QueueOut, **ERROR_RESPONSES},
    summary="What waits for my decision: requests to join and reports (oldest first)",
    tags=["cohorts"],
)
def queue_mine(request):
    cohort_requests = list(queue.requests_waiting_for(request.user)[:QUEUE_ROWS])
    group_requests = list(queue.subgroup_requests_waiting_for(request.user)[:QUEUE_ROWS])
    counts = queue.queue_counts(request.user)
    requests = [
        {
            "id": m.pk,
            "cohort_slug": m.cohort.slug,
            "subgroup_slug": None,
            "person": person_of(m.user),
        }
        for m in cohort_requests
    ] + [
        {
            "id": sgm.pk,
            "cohort_slug": sgm.subgroup.cohort.slug,
            "subgroup_slug": sgm.subgroup.slug,
            "person": person_of(sgm.membership.user),
        }
        for sgm in group_requests
    ]
    return {
        "requests": requests,
        "reports": list(queue.reports_waiting_for(request.user)[:QUEUE_ROWS]),
        "requests_count": counts.requests,
        "reports_count": counts.reports,
        "others_count": counts.others,
    }
