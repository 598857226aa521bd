"""The matching engine's input read from the directory: a cohort's newcomers and the
veterans who may mentor them, as ``mentors.matching`` plain data.

A fixed number of queries whatever the cohort's size: the manager chains are walked in
memory over one read of the directory's (user, manager) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from cohorts.models import Cohort, Membership, SubGroupMembership
from learning.models import EmployeeProfile
from mentors import matching
from mentors.models import MatchExclusion, MentorProfile, Pairing
from mentors.services.profiles import mentor_eligibility_check, mentor_rule_for


@dataclass
class Pool:
    newcomers: list[matching.Newcomer]
    mentors: list[matching.Mentor]
    excluded: set[tuple[int, int]]
    # Active pairings of the cohort, newcomer → mentor: kept unless HR unlocks them.
    paired: dict[int, int]
    # Names of the units the explanations mention, by code then id.
    names: dict[str, dict[str, str]]
    # Why each veteran with a profile is not in the pool (user id → reason).
    ineligible: dict[int, str]


def _profile_text(profile: EmployeeProfile) -> str:
    words = [profile.title]
    for unit in (profile.project_team, profile.department):
        if unit is not None:
            words.append(unit.name)
    return " ".join(words).lower()


def manager_chains(user_ids) -> dict[int, frozenset[int]]:
    """For each user in ``user_ids``, the user ids of everyone above them in the
    manager chain (one query over the directory; a loop in the data stops the walk)."""
    rows = EmployeeProfile.objects.values_list("pk", "user_id", "manager_id")
    user_of = {pk: user_id for pk, user_id, _manager in rows}
    manager_of = {user_of[pk]: user_of.get(manager) for pk, _u, manager in rows if manager}
    chains = {}
    for user_id in user_ids:
        seen: list[int] = []
        boss = manager_of.get(user_id)
        while boss is not None and boss not in seen and boss != user_id:
            seen.append(boss)
            boss = manager_of.get(boss)
        chains[user_id] = frozenset(seen)
    return chains


def cohort_pool(cohort: Cohort, *, keep_mentors=()) -> Pool:
    """The newcomers of ``cohort`` (active memberships with the newcomer role) and the
    opted-in veterans from the whole directory whom the cohort's rule lets mentor,
    with their free places (mentees in other cohorts count against their capacity).
    ``keep_mentors`` (user ids) and the mentors of the cohort's active pairings are in
    the pool whatever their profile says: they keep their mentees. Reads only."""
    rule = mentor_rule_for(cohort)
    paired = dict(
        Pairing.objects.filter(cohort=cohort, status=Pairing.Status.ACTIVE).values_list(
            "mentee_id", "mentor_id"
        )
    )
    keep_mentors = {*keep_mentors, *paired.values()}
    newcomer_profiles = list(
        EmployeeProfile.objects.filter(
            user__cohort_memberships__cohort=cohort,
            user__cohort_memberships__role=Membership.Role.NEWCOMER,
            user__cohort_memberships__status=Membership.Status.ACTIVE,
        ).select_related("level", "region", "subsidiary", "project_team", "department")
    )
    newcomer_ids = {profile.user_id for profile in newcomer_profiles}
    subgroups: dict[int, set[int]] = {}
    for user_id, subgroup_id in SubGroupMembership.objects.filter(
        subgroup__cohort=cohort, status=Membership.Status.ACTIVE
    ).values_list("membership__user_id", "subgroup_id"):
        subgroups.setdefault(user_id, set()).add(subgroup_id)
    chains = manager_chains(newcomer_ids)

    profiles = list(
        MentorProfile.objects.filter(Q(opted_in=True) | Q(user_id__in=list(keep_mentors)))
        .exclude(user_id__in=newcomer_ids)
        .select_related(
            "user__profile__level", "user__profile__region", "user__profile__subsidiary"
        )
        .prefetch_related("regions")
    )
    load = dict(
        Pairing.objects.filter(status=Pairing.Status.ACTIVE)
        .exclude(cohort=cohort)
        .values_list("mentor_id")
        .annotate(count=Count("id"))
        .values_list("mentor_id", "count")
    )
    names: dict[str, dict[str, str]] = {"region": {}, "subsidiary": {}, "subgroup": {}}
    mentors, ineligible = [], {}
    for profile in profiles:
        person = getattr(profile.user, "profile", None)
        if person is None:
            continue
        problem = mentor_eligibility_check(person, cohort=cohort, rule=rule)
        if problem and profile.user_id not in keep_mentors:
            ineligible[profile.user_id] = problem
            continue
        regions = {region.pk for region in profile.regions.all()}
        for region in profile.regions.all():
            names["region"][str(region.pk)] = region.name
        if person.region_id:
            regions.add(person.region_id)
        mentors.append(
            matching.Mentor(
                id=profile.user_id,
                name=person.full_name,
                capacity=profile.capacity,
                load=load.get(profile.user_id, 0),
                languages=frozenset({*profile.languages, person.preferred_language}),
                subgroups=frozenset(subgroups.get(profile.user_id, ())),
                regions=frozenset(regions),
                subsidiary=person.subsidiary_id,
                level_rank=person.level.rank,
                tags=tuple(profile.tags),
            )
        )
    newcomers = []
    for person in newcomer_profiles:
        for code, unit in (("region", person.region), ("subsidiary", person.subsidiary)):
            if unit is not None:
                names[code][str(unit.pk)] = unit.name
        newcomers.append(
            matching.Newcomer(
                id=person.user_id,
                name=person.full_name,
                languages=frozenset({person.preferred_language}),
                subgroups=frozenset(subgroups.get(person.user_id, ())),
                region=person.region_id,
                subsidiary=person.subsidiary_id,
                level_rank=person.level.rank,
                profile_text=_profile_text(person),
                chain=chains.get(person.user_id, frozenset()),
            )
        )
    names["subgroup"] = {str(pk): name for pk, name in cohort.subgroups.values_list("pk", "name")}
    excluded = set(
        MatchExclusion.objects.filter(cohort=cohort).values_list("mentee_id", "mentor_id")
    )
    return Pool(
        newcomers=newcomers,
        mentors=mentors,
        excluded=excluded,
        paired=paired,
        names=names,
        ineligible=ineligible,
    )


def parts_json(parts, names: dict[str, dict[str, str]]) -> list[dict]:
    """A pair's fit parts as the proposal keeps them, with the names they mention."""
    rows = []
    for part in parts:
        name = names.get(part.code, {}).get(part.detail, part.detail)
        rows.append({"code": part.code, "points": part.points, "detail": part.detail, "name": name})
    return rows
