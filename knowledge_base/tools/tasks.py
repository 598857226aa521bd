"""Background work of sales tools: thin, safe to run twice."""

from celery import shared_task

from knowledge_base.tools.services import tools_review_remind


@shared_task(acks_late=True, ignore_result=True)
def tools_review_remind_task() -> int:
    """Remind the owners of tools past their review-by date, once per date (beat)."""
    return tools_review_remind()
