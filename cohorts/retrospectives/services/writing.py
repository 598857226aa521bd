"""Writing a retrospective: who may, the entries and summary, publishing.

The core team and the organizers (HR included) write it; the whole operations team
reads it. Publishing needs the cohort's last day to have passed, a closing summary and
at least one entry of each kind; it freezes the text, queues the PDFs and tells the
team.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort, Membership
from cohorts.retrospectives.models import Entry, Retrospective
from cohorts.sessions.services.schedule import cohort_zone
from learning.notifications.services import in_recipient_language, notification_send_many

ENTRIES_MAX = 20
TEXT_MAX = 2000
QUOTE_MAX = 1000
SUMMARY_MAX = 6000
WRITER_ROLES = (Membership.Role.ORGANIZER, Membership.Role.CORE)


@dataclass(frozen=True)
class EntryInput:
    """One entry as written: the point, and what members said (may be empty)."""

    text: str
    quote: str = ""


def may_write(user, cohort: Cohort) -> bool:
    """The organizers (HR included) and the core team write the retrospective."""
    if permissions.is_organizer(user, cohort):
        return True
    membership = permissions.membership_for(user, cohort)
    return bool(
        membership is not None
        and membership.status == Membership.Status.ACTIVE
        and membership.role in WRITER_ROLES
    )


def may_read(user, cohort: Cohort) -> bool:
    """The organizers and the whole operations team read it (drafts too)."""
    return permissions.is_cohort_staff(user, cohort)


def cohort_ended(cohort: Cohort, *, now=None) -> bool:
    """Whether the cohort's last day has passed on its own clock."""
    now = now or timezone.now()
    return timezone.localtime(now, cohort_zone(cohort)).date() > cohort.end_date


def team_ids(cohort: Cohort, roles=WRITER_ROLES) -> list[int]:
    """The active members of ``cohort`` in ``roles`` (default: the writers)."""
    return list(
        Membership.objects.filter(
            cohort=cohort, status=Membership.Status.ACTIVE, role__in=list(roles)
        ).values_list("user_id", flat=True)
    )


def retrospective_url(cohort: Cohort) -> str:
    return f"/cohorts/{cohort.slug}/retrospective/"


def retrospective_start(*, cohort: Cohort) -> Retrospective:
    """The cohort's retrospective, created as an empty draft the first time. Safe to
    repeat (one per cohort, whoever asks first)."""
    retrospective, _created = Retrospective.objects.get_or_create(cohort=cohort)
    retrospective.cohort = cohort
    return retrospective


def retrospective_edit_check(*, retrospective: Retrospective, actor) -> Exception | None:
    """Why ``actor`` may not edit it now, or None. Side-effect free."""
    if not may_write(actor, retrospective.cohort):
        return PermissionDenied(
            _("Only the core team and the organizers write this cohort's retrospective.")
        )
    if retrospective.status == Retrospective.Status.PUBLISHED:
        return ValidationError(
            {"status": _("This retrospective is published: its text no longer changes.")}
        )
    return None


def _entries_clean(field: str, entries) -> list[EntryInput]:
    cleaned = []
    for number, entry in enumerate(entries or (), start=1):
        text = (entry.text or "").strip()
        quote = (entry.quote or "").strip()
        if not text and not quote:
            continue
        if not text:
            raise ValidationError(
                {field: _("Entry %(n)s quotes members but says nothing itself.") % {"n": number}}
            )
        if len(text) > TEXT_MAX or len(quote) > QUOTE_MAX:
            raise ValidationError(
                {
                    field: _(
                        "Entry %(n)s is too long (at most %(text)s characters, %(quote)s quoted)."
                    )
                    % {"n": number, "text": f"{TEXT_MAX:,}", "quote": f"{QUOTE_MAX:,}"}
                }
            )
        if "\x00" in text or "\x00" in quote:
            raise ValidationError({field: _("Entry %(n)s holds a NUL character.") % {"n": number}})
        cleaned.append(EntryInput(text=text, quote=quote))
    if len(cleaned) > ENTRIES_MAX:
        raise ValidationError({field: _("Keep it to %(n)s entries at most.") % {"n": ENTRIES_MAX}})
    return cleaned


def retrospective_update(
    *,
    retrospective: Retrospective,
    actor,
    summary: str | None = None,
    language: str | None = None,
    went_well: list[EntryInput] | None = None,
    to_change: list[EntryInput] | None = None,
) -> Retrospective:
    """Change what is given (``None`` leaves a part as it is; a list replaces that kind's
    entries in its order) and count a new revision. Raises ``PermissionDenied`` or
    ``ValidationError`` naming the field; nothing is saved then. Each call that changes
    something is a new revision; a call that changes nothing saves nothing."""
    error = retrospective_edit_check(retrospective=retrospective, actor=actor)
    if error is not None:
        raise error
    changes: dict = {}
    if summary is not None:
        summary = summary.strip()
        if len(summary) > SUMMARY_MAX:
            raise ValidationError(
                {"summary": _("Keep it under %(n)s characters.") % {"n": f"{SUMMARY_MAX:,}"}}
            )
        if "\x00" in summary:
            raise ValidationError({"summary": _("The summary holds a NUL character.")})
        changes["summary"] = summary
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": _("Choose one of the languages Guild speaks.")})
        changes["language"] = language
    lists = {}
    for field, kind, entries in (
        ("went_well", Entry.Kind.WENT_WELL, went_well),
        ("to_change", Entry.Kind.TO_CHANGE, to_change),
    ):
        if entries is not None:
            lists[kind] = _entries_clean(field, entries)
    with transaction.atomic():
        locked = Retrospective.objects.select_for_update().get(pk=retrospective.pk)
        locked.cohort = retrospective.cohort
        error = retrospective_edit_check(retrospective=locked, actor=actor)
        if error is not None:
            raise error
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for kind, entries in lists.items():
            now = [(e.text, e.quote) for e in locked.entries.filter(kind=kind)]
            if now != [(e.text, e.quote) for e in entries]:
                locked.entries.filter(kind=kind).delete()
                Entry.objects.bulk_create(
                    Entry(
                        retrospective=locked,
                        kind=kind,
                        position=position,
                        text=entry.text,
                        quote=entry.quote,
                    )
                    for position, entry in enumerate(entries, start=1)
                )
                changed.append(kind)
        if changed:
            for name in changes:
                setattr(locked, name, changes[name])
            locked.revision += 1
            locked.updated_by = actor
            locked.save()
    return locked


def retrospective_write(*, cohort: Cohort, actor, **changes) -> Retrospective:
    """``retrospective_update`` of ``cohort``'s retrospective, started first if need be,
    all in one transaction (a refused first edit leaves no empty draft behind)."""
    with transaction.atomic():
        retrospective = retrospective_start(cohort=cohort)
        return retrospective_update(retrospective=retrospective, actor=actor, **changes)


def retrospective_publish_check(*, retrospective: Retrospective, actor) -> Exception | None:
    """Why ``actor`` may not publish it now, or None. Side-effect free."""
    error = retrospective_edit_check(retrospective=retrospective, actor=actor)
    if error is not None:
        return error
    cohort = retrospective.cohort
    if not cohort_ended(cohort):
        return ValidationError(
            {
                "status": _("%(cohort)s runs until %(date)s: publish its retrospective after that.")
                % {"cohort": cohort.name, "date": date_format(cohort.end_date, "DATE_FORMAT")}
            }
        )
    if not retrospective.summary.strip():
        return ValidationError({"summary": _("Write the closing summary first.")})
    kinds = set(retrospective.entries.values_list("kind", flat=True))
    for field, kind in (("went_well", Entry.Kind.WENT_WELL), ("to_change", Entry.Kind.TO_CHANGE)):
        if kind not in kinds:
            return ValidationError(
                {field: _("Add at least one entry to “%(kind)s”.") % {"kind": kind.label}}
            )
    return None


def retrospective_publish(*, retrospective: Retrospective, actor) -> Retrospective:
    """Publish: the text is frozen, the PDF is rendered in the background in each
    language the operations team reads, and the team is told. Refused once published,
    so a double tap publishes once."""
    from cohorts.retrospectives.services.printing import retrospective_pdf_render_queue

    with transaction.atomic():
        locked = Retrospective.objects.select_for_update().get(pk=retrospective.pk)
        locked.cohort = cohort = retrospective.cohort
        error = retrospective_publish_check(retrospective=locked, actor=actor)
        if error is not None:
            raise error
        locked.status = Retrospective.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        readers = team_ids(cohort, roles=Membership.STAFF_ROLES)
        notification_send_many(
            recipients=[pk for pk in readers if pk != actor.pk],
            kind="retrospectives.published",
            title=in_recipient_language(
                lambda: _("The retrospective of %(cohort)s is published") % {"cohort": cohort.name}
            ),
            body=locked.summary[:500],
            url=retrospective_url(cohort),
            dedupe_key=f"retrospective-published:{locked.pk}",
        )
        retrospective_pdf_render_queue(retrospective=locked, readers=readers)
    return locked
