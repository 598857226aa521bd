"""How the guest sessions' admin shows a session or a guest in a list cell: each from
what the list's selector already loaded, never a query of its own."""

from __future__ import annotations

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cohorts.sessions.models import Guest, GuestInvitation, Session

# Invitations that no longer count towards a session's guests.
GUEST_GONE = (GuestInvitation.Status.DECLINED, GuestInvitation.Status.WITHDRAWN)


def session_when(session: Session) -> str:
    """The evening on its cohort's clock, as HR reads a calendar: weekday, date, hours."""
    return format_html(
        '<span class="w-whitespace-nowrap">{} {}</span><br>'
        '<span class="w-whitespace-nowrap">{}–{}</span><br><small>{}</small>',
        formats.date_format(session.date, "D"),
        formats.date_format(session.date, "SHORT_DATE_FORMAT"),
        formats.time_format(session.start_time, "H:i"),
        formats.time_format(session.end_time, "H:i"),
        session.cohort.time_zone,
    )


def session_guests(session: Session) -> str:
    """The guests asked (prefetched), each with how far their invitation has come."""
    invitations = [i for i in session.invitations.all() if i.status not in GUEST_GONE]
    if not invitations:
        return format_html('<span class="w-text-critical-200">{}</span>', _("No guest yet"))
    return format_html_join(
        "",
        "<div>{} <small>({})</small></div>",
        ((i.guest.display_name, i.get_status_display()) for i in invitations),
    )


def session_cohort(session: Session) -> str:
    """The cohort, and the sub-group when the evening is only theirs."""
    if session.subgroup_id is None:
        return session.cohort.name
    return format_html("{}<br><small>{}</small>", session.cohort.name, session.subgroup.name)


def session_host(session: Session) -> str:
    host = session.host
    if host is None:
        return "—"
    profile = getattr(host, "profile", None)
    return profile.full_name if profile is not None else str(host)


def session_flags(session: Session) -> str:
    clashes = getattr(session, "clashes", ())
    return format_html_join(
        "",
        '<div class="w-text-critical-200" data-testid="clash-{}">⚠ {}</div>',
        ((clash.code, clash.message) for clash in clashes),
    )


def guest_works_at(guest: Guest) -> str:
    """Title and organization: the employee's from the directory, an outsider's as typed."""
    if guest.employee_id is not None:
        return guest.employee.title or ""
    return " · ".join(part for part in (guest.job_title, guest.organization) if part)
