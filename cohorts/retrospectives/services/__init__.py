"""Writes of retrospectives, one module per concern; import from here.

- ``writing``: who writes and reads, editing the entries and summary, publishing;
- ``due``: telling a cohort's team, once, that its retrospective waits (beat);
- ``printing``: the PDF cache per revision, language and day of the numbers.
"""

from cohorts.retrospectives.services.due import (
    cohorts_ended_unannounced,
    retrospective_due_notify,
    retrospectives_due_notify,
)
from cohorts.retrospectives.services.printing import (
    numbers_as_of,
    retrospective_pdf_filename,
    retrospective_pdf_for,
    retrospective_pdf_get_or_render,
    retrospective_pdf_render,
    retrospective_pdf_render_queue,
    retrospective_pdf_render_run,
)
from cohorts.retrospectives.services.writing import (
    EntryInput,
    cohort_ended,
    may_read,
    may_write,
    retrospective_edit_check,
    retrospective_publish,
    retrospective_publish_check,
    retrospective_start,
    retrospective_update,
    retrospective_url,
    retrospective_write,
)

__all__ = [
    "EntryInput",
    "cohort_ended",
    "cohorts_ended_unannounced",
    "may_read",
    "may_write",
    "numbers_as_of",
    "retrospective_due_notify",
    "retrospective_edit_check",
    "retrospective_pdf_filename",
    "retrospective_pdf_for",
    "retrospective_pdf_get_or_render",
    "retrospective_pdf_render",
    "retrospective_pdf_render_queue",
    "retrospective_pdf_render_run",
    "retrospective_publish",
    "retrospective_publish_check",
    "retrospective_start",
    "retrospective_update",
    "retrospective_url",
    "retrospective_write",
    "retrospectives_due_notify",
]
