import pytest

from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import organizer_make


@pytest.fixture
def organizer(db):
    """An employee who organizes programmes: in the "Organizers" group, not staff."""
    profile = EmployeeProfileFactory(title="Programme organizer")
    organizer_make(profile.user)
    return profile
