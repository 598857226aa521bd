"""Admin pages of the employee import: upload, a job page with progress, its JSON status.

Wagtail already requires admin access for these URLs; each view also checks that the
user may import (upload) or owns the job (job page and status). Logic is in services.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from learning import jobs, selectors, services
from learning.importing import COLUMNS, ENCODINGS, REQUIRED_COLUMNS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Employee file"),
        help_text=gettext_lazy(
            "A .csv (UTF-8, GBK or Windows-1252) or .xlsx file with one row per employee."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding"),
        required=False,
        choices=[("", gettext_lazy("Tell from the file")), *ENCODINGS.items()],
        help_text=gettext_lazy(
            "For a .csv file: the encoding it was saved in, when Guild cannot tell it "
            "from the file. UTF-8 is always recognised."
        ),
    )


def _job_for(request, job_id: int):
    job = selectors.import_jobs_for(user=request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("No such import."))
    return job


def import_start(request):
    """The upload form, with the user's recent imports underneath."""
    if not services.import_permitted(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                user=request.user,
                upload=form.cleaned_data["file"],
                encoding=form.cleaned_data["encoding"],
            )
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            return redirect("learning_import_job", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "learning/admin/import_start.html",
        {
            "page_title": _("Import employees"),
            "header_icon": "upload",
            "form": form,
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
            "recent": [
                {"job": job, "status_label": jobs.job_status_label(job=job)}
                for job in selectors.import_jobs_for(user=request.user)[:10]
            ],
        },
        status=status,
    )


def import_job_detail(request, job_id: int):
    """One import: a progress bar while it runs, the counts or every problem after."""
    job = _job_for(request, job_id)
    return render(
        request,
        "learning/admin/import_job.html",
        {
            "page_title": _("Import of %(name)s") % {"name": job.params.get("original_name")},
            "header_icon": "upload",
            "job": job,
            "status": selectors.import_job_status(job=job),
            "problems": job.result.get("problems", []) if job.status == job.Status.FAILED else [],
            "status_url": reverse("learning_import_job_status", args=[job.pk]),
        },
    )


@require_GET
def import_job_status(request, job_id: int):
    """What the job page polls: status, stage and percent (see ``import_job_status``)."""
    job = _job_for(request, job_id)
    return JsonResponse(selectors.import_job_status(job=job))


# --- Background jobs -----------------------------------------------------------------------


def _background_job_for(request, job_id: int):
    job = jobs.jobs_for(user=request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("No such job."))
    return job


def job_detail(request, job_id: int):
    """One background job: a progress bar while it runs, then its outcome and a way on."""
    job = _background_job_for(request, job_id)
    return render(
        request,
        "learning/admin/job.html",
        {
            "page_title": job.title or _("Background job"),
            "header_icon": "time",
            "job": job,
            "status": jobs.job_status(job=job),
            "status_url": reverse("learning_job_status", args=[job.pk]),
        },
    )


@require_GET
def job_status(request, job_id: int):
    """What the job page polls (see ``learning.jobs.job_status``)."""
    return JsonResponse(jobs.job_status(job=_background_job_for(request, job_id)))
