"""How a signed-in person is loaded on each request: with their directory entry.

Every page reads the person's profile (their language and time zone, see
``learning.middleware``; their name in the shell): loaded with the account in the same
query, it stops costing one more on every request. Passwords are checked exactly as
Django's ``ModelBackend`` checks them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountWithProfileBackend(ModelBackend):
    def get_user(self, user_id):
        # The profile's region is what ``EmployeeProfile.zone`` reads; a person without a
        # profile gets a cached None, so nothing asks again (``directory.viewer_profile``).
        user = (
            get_user_model()
            ._default_manager.select_related("profile__region")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
