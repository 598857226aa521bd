"""The knowledge-base demo: cases in four languages through the real review, the
glossary indexed after its bulk write, the code of conduct; once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import cohorts_demo_seed
from cohorts.sessions.demo import sessions_demo_seed
from knowledge_base.demo import knowledge_demo_seed
from knowledge_base.models import Case, CaseSource, CodeOfConduct, GlossaryTerm
from knowledge_base.services import case_review_status
from knowledge_base.services.search import knowledge_search
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_reviewed_cases_a_searchable_glossary_and_the_code(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)
    sessions_demo_seed(company=company, stdout=out)

    knowledge_demo_seed(company=company, stdout=out)
    knowledge_demo_seed(company=company, stdout=out)

    cases = list(Case.objects.all())
    assert len(cases) == 12
    assert {case.language for case in cases} == {"en", "zh-hans", "ru", "el"}
    assert len({case.kind for case in cases}) == 7
    statuses = sorted(case_review_status(case) for case in cases)
    assert statuses.count("approved") == 10
    assert {"in_review", "needs_changes"} <= set(statuses)
    assert Case.objects.filter(source=CaseSource.SESSION_SUMMARY).exists()
    assert GlossaryTerm.objects.count() == 60
    assert CodeOfConduct.objects.count() == 4
    hr = company.hr.user
    # Found although written in bulk: the seeding indexed it.
    assert [t.preferred for t in knowledge_search(user=hr, query="友商")["glossary"]] == ["友商"]
    assert knowledge_search(user=hr, query="уступок")["cases"]
    assert "already present" in out.getvalue()
