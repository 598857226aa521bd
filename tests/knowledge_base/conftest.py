"""Fixtures of the knowledge base: members, a reviewer, and cases through the service."""

import pytest

from knowledge_base.models import CaseKind
from knowledge_base.services import REVIEWER_GROUP, case_review_ensure, case_submit
from tests.learning.factories import EmployeeProfileFactory


def case_data(**fields) -> dict:
    return {
        "title": "Winning back a distributor",
        "kind": CaseKind.CASE_SHARING,
        "situation": "The distributor was about to switch to a competitor.",
        "actions": "We walked them through the total cost over three years.",
        "outcome": "They renewed for two years.",
        "lessons": "Lead with total cost, not the unit price.",
        **fields,
    }


@pytest.fixture
def author(db):
    return EmployeeProfileFactory(full_name="Alice Author").user


@pytest.fixture
def member(db):
    return EmployeeProfileFactory(full_name="Mark Member").user


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group

    case_review_ensure()
    user = EmployeeProfileFactory(full_name="Rita Reviewer").user
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


@pytest.fixture
def submit(author):
    """``submit(**fields)``: a case submitted by ``author`` (or ``by=``) into review."""

    def make(by=None, attachments=(), **fields):
        return case_submit(author=by or author, data=case_data(**fields), attachments=attachments)

    return make
