"""Demo data for the knowledge base: a dozen cases from the field in the subsidiaries'
languages (ten approved, one waiting for review, one sent back), the glossary of the
standard sales language in four languages and the code of conduct.

HR reviews cases (it joins the "Knowledge reviewers" group). Cases go through the real
submission and review (``case_submit``, ``case_review_decide``); the glossary is written
in bulk and indexed with ``search_index_refresh``, as any bulk write must be. Registered
as a ``guild_seed_demo`` hook; safe to repeat.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from cohorts.sessions.models import Summary
from knowledge_base.demo_texts import CASES, CONDUCT, GLOSSARY
from knowledge_base.models import Case, CodeOfConduct, GlossaryTerm
from knowledge_base.services import (
    REVIEWER_GROUP,
    case_review_decide,
    case_review_ensure,
    case_submit,
)
from knowledge_base.services.search import search_index_refresh
from learning.models import Region

IN_REVIEW, SENT_BACK = 11, 8  # indexes in CASES left undecided and sent back


def _authors(company) -> dict[str, list]:
    """Veterans by the language they write in, the mentor as a fallback."""
    people = [company.mentor, *company.veterans]
    by_language: dict[str, list] = {}
    for profile in people:
        by_language.setdefault(profile.preferred_language or "en", []).append(profile.user)
    return by_language


def _glossary_seed() -> int:
    terms = [
        GlossaryTerm(
            concept=concept,
            language=language,
            preferred=preferred,
            deprecated="\n".join(deprecated),
            definition=definition,
        )
        for concept, languages in GLOSSARY.items()
        for language, (preferred, deprecated, definition) in languages.items()
    ]
    GlossaryTerm.objects.bulk_create(terms)
    search_index_refresh(GlossaryTerm.objects.all())
    for language, (title, body) in CONDUCT.items():
        CodeOfConduct.objects.create(language=language, title=title, body=body)
    return len(terms)


def knowledge_demo_seed(*, company, stdout) -> None:
    if Case.objects.exists() or GlossaryTerm.objects.exists():
        stdout.write("Knowledge base: demo data already present.")
        return
    case_review_ensure()
    reviewer = company.hr.user
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    terms = _glossary_seed()
    authors = _authors(company)
    summary = Summary.objects.filter(status=Summary.Status.PUBLISHED).order_by("pk").first()
    regions = {region.name: region.pk for region in Region.objects.all()}
    for index, row in enumerate(CASES):
        (language, region, kind, title, product, industry, segment, stage) = row[:8]
        situation, actions, outcome, lessons, tags = row[8:]
        extra = {}
        if kind == "service_process" and summary is not None:
            extra = {"source": "session_summary", "source_summary": summary.pk}
        writers = authors.get(language) or authors.get("en") or [company.mentor.user]
        author = company.newcomer.user if index == IN_REVIEW else writers[index % len(writers)]
        case = case_submit(
            author=author,
            data={
                "title": title,
                "kind": kind,
                "language": language,
                "product": product,
                "industry": industry,
                "region": regions.get(region),
                "customer_segment": segment,
                "deal_stage": stage,
                "situation": situation,
                "actions": actions,
                "outcome": outcome,
                "lessons": lessons,
                "tags": tags,
                **extra,
            },
        )
        if index == IN_REVIEW:
            continue
        case_review_decide(
            case=case,
            actor=reviewer,
            approve=index != SENT_BACK,
            comment="Please add the customer's segment size." if index == SENT_BACK else "",
        )
    stdout.write(
        f"Knowledge base: {len(CASES)} cases, {terms} glossary terms, "
        f"{len(CONDUCT)} codes of conduct."
    )
