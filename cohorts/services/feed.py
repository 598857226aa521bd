"""Posts to a cohort's or sub-group's feed, and the newcomer's introduction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions, selectors
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    Post,
    SubGroup,
    SubGroupMembership,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


def post_create(
    *,
    cohort: Cohort,
    author,
    body: str,
    kind: str = Post.Kind.POST,
    subgroup: SubGroup | None = None,
) -> Post:
    """Post to the cohort's feed (or a sub-group's).

    Refuses non-members, muted members, and announcements from anyone outside the
    organizers and operations team. Not idempotent: each call is a new post.
    """
    body = (body or "").strip()
    if kind not in Post.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of post.")})
    if subgroup is not None and subgroup.cohort_id != cohort.pk:
        raise ValidationError({"subgroup": _("This sub-group belongs to another cohort.")})
    if not permissions.can_post(
        author, cohort, subgroup=subgroup, announcement=kind == Post.Kind.ANNOUNCEMENT
    ):
        if kind == Post.Kind.ANNOUNCEMENT:
            raise PermissionDenied(_("Only organizers and the operations team post announcements."))
        raise PermissionDenied(_("Only members can post here."))
    membership = permissions.membership_for(author, cohort)
    if (
        membership is not None
        and membership.muted_until
        and membership.muted_until > timezone.now()
    ):
        raise PermissionDenied(
            _("You are muted in this cohort until %(date)s.")
            % {"date": date_format(timezone.localtime(membership.muted_until), "DATETIME_FORMAT")}
        )
    _rules_accepted_check(membership=membership, cohort=cohort, subgroup=subgroup)
    if not body:
        raise ValidationError({"body": _("Write something before posting.")})
    if len(body) > 10_000:
        raise ValidationError({"body": _("Keep a post under 10,000 characters.")})
    with transaction.atomic():
        return Post.objects.create(
            cohort=cohort, subgroup=subgroup, author=author, kind=kind, body=body
        )


def _rules_accepted_check(*, membership, cohort: Cohort, subgroup: SubGroup | None) -> None:
    """Posting is for members who accepted the group rules in force: the cohort's, and a
    sub-group's own when posting there. New rules are read before the next post."""
    pending = selectors.rules_acceptance_pending(
        record=membership, charter=selectors.charter_current(cohort=cohort)
    )
    if not pending and subgroup is not None and membership is not None:
        sub_charter = selectors.charter_current(subgroup=subgroup)
        record = SubGroupMembership.objects.filter(subgroup=subgroup, membership=membership).first()
        pending = selectors.rules_acceptance_pending(record=record, charter=sub_charter)
    if pending:
        raise PermissionDenied(_("Accept the group rules before posting."))


def introduction_post(*, membership: Membership, body: str) -> Post:
    """The self-introduction a newcomer writes on joining. One per member: a second call
    returns the first introduction unchanged (and tells the ``guild_introduction_posted``
    hooks nothing more).
    """
    existing = Post.objects.filter(
        cohort_id=membership.cohort_id, author_id=membership.user_id, kind=Post.Kind.INTRODUCTION
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        post = post_create(
            cohort=membership.cohort, author=membership.user, body=body, kind=Post.Kind.INTRODUCTION
        )
        # Whoever welcomes newcomers hears of it in the same transaction
        # (``guild_introduction_posted``: recognition prompts the helper on welcome duty).
        for fn in hooks.get_hooks("guild_introduction_posted"):
            fn(membership=membership, post=post)
    return post
