"""Writes to the people directory that do not belong to the import."""

from django.conf import settings
from django.db import transaction

from learning.models import EmployeeProfile


@transaction.atomic
def profile_set_language(*, user, language: str) -> bool:
    """Save ``language`` as the user's preferred language.

    Returns False (and changes nothing) for a user without a profile or an unknown code.
    Safe to repeat.
    """
    if language not in dict(settings.LANGUAGES):
        return False
    return bool(EmployeeProfile.objects.filter(user=user).update(preferred_language=language))
