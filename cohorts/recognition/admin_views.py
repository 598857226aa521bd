"""Recognition's admin pages beyond its ViewSets: the "Close round and announce" button."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.recognition import services
from cohorts.recognition.models import Award


@require_POST
def award_close(request, pk: int):
    """The admin's "Close round and announce" button."""
    award = get_object_or_404(Award.objects.select_related("cohort"), pk=pk)
    try:
        standings = services.award_close(award=award, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        winners = [str(row["nominee"]) for row in standings if row["winner"]]
        messages.success(
            request,
            _("%(award)s is announced. Winners: %(names)s.")
            % {"award": award.name, "names": ", ".join(winners) or _("none (no votes)")},
        )
    return redirect("recognition_award:inspect", pk)
