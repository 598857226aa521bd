"""Inviting a person to activate their account (HR), for HR systems that add people.

The rules are ``learning.accounts.invitations``'s; this only translates HTTP.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from learning.accounts import invitations
from learning.api import ERROR_RESPONSES
from learning.models import AccountInvitation, EmployeeProfile

router = Router(tags=["people"])


class ActivationInvitationOut(Schema):
    employee_id: str
    expires_at: str = Field(description="When the link stops working (ISO 8601).")
    message: str


@router.post(
    "/{employee_id}/invitation",
    response={201: ActivationInvitationOut, **ERROR_RESPONSES},
    summary="Invite a person to activate their account",
)
def invitation_send(request, employee_id: str):
    """HR only. E-mails the person, in their language, a single-use link to set their
    password (through the outbox). 400 with the reason for people who left, who already
    activated their account, or who were invited less than an hour ago."""
    if not invitations.invitation_permitted(request.user):
        raise PermissionDenied(_("Only HR can invite people to Guild."))
    profile = EmployeeProfile.objects.get(employee_id=employee_id)
    verdict = invitations.account_invitation_send(profiles=[profile], actor=request.user)
    if not verdict.invited:
        raise ValidationError({"employee_id": verdict.explain(profile)})
    invitation = AccountInvitation.objects.get(user_id=profile.user_id)
    return Status(
        201,
        {
            "employee_id": profile.employee_id,
            "expires_at": invitation.expires_at.isoformat(),
            "message": verdict.summary(),
        },
    )
