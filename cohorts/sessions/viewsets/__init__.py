"""The guest sessions' entries of the Cohorts admin menu (``cohorts.viewsets``), and who
may use them: registered on import, before the menu registers the ViewSets, so that
Wagtail never falls back to model permissions for these rows."""

from wagtail.permissions import register_permission_policy

from cohorts.sessions.admin_access import OrganizerPolicy
from cohorts.sessions.models import Guest, Session
from cohorts.sessions.viewsets.guests import GuestPipelineViewSet, GuestViewSet
from cohorts.sessions.viewsets.sessions import SessionViewSet

# A session is cancelled (its audience told), never deleted; a guest is added and
# changed through ``guest_create`` and ``guest_update`` and stays on the list with the
# history of their invitations.
register_permission_policy(Session, OrganizerPolicy(Session), exact_class=True)
register_permission_policy(Guest, OrganizerPolicy(Guest), exact_class=True)

__all__ = ["GuestPipelineViewSet", "GuestViewSet", "SessionViewSet"]
