"""Admin pages of the employee import (upload, a job page with progress, its JSON status)
and of invitations to activate accounts.

Wagtail already requires admin access for these URLs; each view also checks that the
user may import (upload) or owns the job (job page and status); the invitation services
check that the user is HR. Logic is in services.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin import messages

from learning import jobs, selectors, services
from learning.accounts import invitations
from learning.importing import COLUMNS, ENCODINGS, REQUIRED_COLUMNS
from learning.models import EmployeeProfile


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
    invite = forms.BooleanField(
        label=gettext_lazy("Invite the new people"),
        required=False,
        help_text=gettext_lazy(
            "Once the import is done, e-mail everyone it adds a link to set their password, "
            "in their own language."
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
    if not invitations.invitation_permitted(request.user):
        del form.fields["invite"]
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                user=request.user,
                upload=form.cleaned_data["file"],
                encoding=form.cleaned_data["encoding"],
                invite=form.cleaned_data.get("invite", False),
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
            "uninvited": len(selectors.import_uninvited_ids(job=job))
            if invitations.invitation_permitted(request.user)
            else 0,
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


# --- Invitations to activate an account ---------------------------------------------------


def employee_invite(request, pk: int):
    """Invite one person: what will happen (or why it cannot), then a button that sends."""
    profile = get_object_or_404(EmployeeProfile, pk=pk)
    verdict = invitations.account_invitation_send_check(profiles=[profile], actor=request.user)
    edit_url = reverse("learning_employees:edit", args=[profile.pk])
    if request.method == "POST":
        verdict = invitations.account_invitation_send(profiles=[profile], actor=request.user)
        if verdict.invited:
            messages.success(
                request,
                _("Invitation sent to %(name)s at %(email)s.")
                % {"name": profile.full_name, "email": profile.email},
            )
        else:
            messages.error(request, verdict.explain(profile))
        return redirect(edit_url)
    return render(
        request,
        "learning/admin/employee_invite.html",
        {
            "page_title": pgettext("admin page", "Invite to Guild"),
            "header_icon": "mail",
            "profile": profile,
            "refusal": verdict.explain(profile),
            "days": settings.GUILD_INVITATION_DAYS,
            "cancel_url": edit_url,
        },
    )


@require_POST
def import_job_invite(request, job_id: int):
    """Invite everyone an import created who has not got in yet (in the background when
    they are many)."""
    job = _job_for(request, job_id)
    outcome = invitations.account_invitations_start(
        profile_ids=selectors.import_uninvited_ids(job=job),
        actor=request.user,
        title=_("Invitations for the import of %(name)s")
        % {"name": job.params.get("original_name")},
        return_url=reverse("learning_import_job", args=[job.pk]),
    )
    if outcome.job is not None:
        return redirect("learning_job", job_id=outcome.job.pk)
    messages.success(request, outcome.result.summary())
    return redirect("learning_import_job", job_id=job.pk)
