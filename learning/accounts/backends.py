"""How a signed-in person is loaded on each request: with their directory entry.

Every page reads the person's profile (their language and time zone, see
``learning.middleware``; their name in the shell): loaded with the account in the same
query, compiled once per process (``learning.statements``), it stops costing one more
on every request. Passwords are checked exactly as Django's ``ModelBackend`` checks them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from learning.statements import prepared


@prepared
def _account(*, user: int):
    # The profile's region is what ``EmployeeProfile.zone`` reads; a person without a
    # profile gets a cached None, so nothing asks again (``directory.viewer_profile``).
    return get_user_model()._default_manager.select_related("profile__region").filter(pk=user)[:1]


class AccountWithProfileBackend(ModelBackend):
    def get_user(self, user_id):
        user = _account.first(user=int(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None
