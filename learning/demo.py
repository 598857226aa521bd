"""The demo company, Meridian Group: an invented group that sells and runs business software.

``demo_rows`` builds its directory as import rows (deterministic: a fixed seed), and
``demo_directory_seed`` applies them through the employee import, so seeding 10,000
people exercises exactly what HR's files go through. ``DemoCompany`` is what other apps'
demo seeders receive.

Shape of the company: a group head office in Shanghai and five subsidiaries across four
regions; the five-rung ladder associate < senior < manager < director < executive; a CEO
and CFO at the top, a general manager (executive) per subsidiary, a sales director and a
delivery director under each, managers over teams of about ten, and a November 2026
intake of newcomers.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction

from learning import services
from learning.importing import Progress, employee_rows_import
from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
    User,
)

SEED = 20261102
DEMO_PASSWORD = "guild-demo"  # noqa: S105 - the documented password of the demo logins
DOMAIN = "meridian.example"
MIN_SCALE = 100
INTAKE_DATES = (datetime.date(2026, 11, 2), datetime.date(2026, 11, 9), datetime.date(2026, 11, 16))

# code, name, region, language, culture of names
SUBSIDIARIES = (
    ("meridian-shanghai", "Meridian Shanghai", "East China", "zh-hans", "zh"),
    ("meridian-shenzhen", "Meridian Shenzhen", "South China", "zh-hans", "zh"),
    ("meridian-moscow", "Meridian Moscow", "Eastern Europe", "ru", "ru"),
    ("meridian-athens", "Meridian Athens", "Southern Europe", "el", "el"),
    ("meridian-london", "Meridian London", "Western Europe", "en", "en"),
)
HEAD_OFFICE = "meridian-shanghai"

# department, share of the headcount, who it reports to ("sales", "delivery" or "gm"),
# titles by level
DEPARTMENTS = (
    (
        "Sales",
        30,
        "sales",
        {
            "associate": "Sales representative",
            "senior": "Senior account executive",
            "manager": "Sales manager",
            "director": "Sales director",
        },
    ),
    (
        "Pre-sales",
        12,
        "sales",
        {
            "associate": "Solutions consultant",
            "senior": "Senior solutions architect",
            "manager": "Pre-sales manager",
        },
    ),
    (
        "Customer success",
        14,
        "delivery",
        {
            "associate": "Customer success associate",
            "senior": "Senior customer success manager",
            "manager": "Customer success lead",
            "director": "Delivery director",
        },
    ),
    (
        "Engineering",
        24,
        "delivery",
        {
            "associate": "Software engineer",
            "senior": "Senior software engineer",
            "manager": "Engineering manager",
        },
    ),
    (
        "Finance",
        8,
        "gm",
        {
            "associate": "Financial analyst",
            "senior": "Senior accountant",
            "manager": "Finance manager",
        },
    ),
    (
        "Human resources",
        8,
        "gm",
        {
            "associate": "HR coordinator",
            "senior": "Senior HR business partner",
            "manager": "HR program manager",
        },
    ),
    (
        "Marketing",
        4,
        "sales",
        {
            "associate": "Marketing specialist",
            "senior": "Senior product marketer",
            "manager": "Marketing manager",
        },
    ),
)
PROJECT_TEAM_DEPARTMENTS = {"Sales", "Pre-sales", "Customer success", "Engineering"}
PROJECT_TEAMS = (
    "Harbour retail cloud",
    "Polaris banking core",
    "Delta logistics suite",
    "Atlas public sector",
    "Aurora healthcare",
)

# How each language names the ladder and the org units (``TranslatedName``), by the
# company's working name: a Russian page says «Восточный Китай», not "East China".
# Project teams keep their code names in every language.
REFERENCE_NAMES = {
    Level: {
        "Associate": {"zh-hans": "专员", "ru": "Специалист", "el": "Συνεργάτης"},
        "Senior": {"zh-hans": "资深专员", "ru": "Старший специалист", "el": "Ανώτερος συνεργάτης"},
        "Manager": {"zh-hans": "经理", "ru": "Менеджер", "el": "Προϊστάμενος"},
        "Director": {"zh-hans": "总监", "ru": "Директор", "el": "Διευθυντής"},
        "Executive": {"zh-hans": "高管", "ru": "Топ-менеджер", "el": "Ανώτατο στέλεχος"},
    },
    Region: {
        "East China": {"zh-hans": "华东", "ru": "Восточный Китай", "el": "Ανατολική Κίνα"},
        "South China": {"zh-hans": "华南", "ru": "Южный Китай", "el": "Νότια Κίνα"},
        "Eastern Europe": {"zh-hans": "东欧", "ru": "Восточная Европа", "el": "Ανατολική Ευρώπη"},
        "Southern Europe": {"zh-hans": "南欧", "ru": "Южная Европа", "el": "Νότια Ευρώπη"},
        "Western Europe": {"zh-hans": "西欧", "ru": "Западная Европа", "el": "Δυτική Ευρώπη"},
    },
    Subsidiary: {
        "Meridian Shanghai": {
            "zh-hans": "子午线上海",
            "ru": "Меридиан Шанхай",
            "el": "Meridian Σανγκάη",
        },
        "Meridian Shenzhen": {
            "zh-hans": "子午线深圳",
            "ru": "Меридиан Шэньчжэнь",
            "el": "Meridian Σενζέν",
        },
        "Meridian Moscow": {
            "zh-hans": "子午线莫斯科",
            "ru": "Меридиан Москва",
            "el": "Meridian Μόσχα",
        },
        "Meridian Athens": {
            "zh-hans": "子午线雅典",
            "ru": "Меридиан Афины",
            "el": "Meridian Αθήνα",
        },
        "Meridian London": {
            "zh-hans": "子午线伦敦",
            "ru": "Меридиан Лондон",
            "el": "Meridian Λονδίνο",
        },
    },
    Department: {
        "Sales": {"zh-hans": "销售部", "ru": "Продажи", "el": "Πωλήσεις"},
        "Pre-sales": {"zh-hans": "售前部", "ru": "Пресейл", "el": "Προπωλήσεις"},
        "Customer success": {
            "zh-hans": "客户成功部",
            "ru": "Успех клиентов",
            "el": "Επιτυχία πελατών",
        },
        "Engineering": {"zh-hans": "研发部", "ru": "Разработка", "el": "Μηχανική"},
        "Finance": {"zh-hans": "财务部", "ru": "Финансы", "el": "Οικονομικά"},
        "Human resources": {
            "zh-hans": "人力资源部",
            "ru": "Отдел кадров",
            "el": "Ανθρώπινο δυναμικό",
        },
        "Marketing": {"zh-hans": "市场部", "ru": "Маркетинг", "el": "Μάρκετινγκ"},
    },
}


def reference_names_translate() -> None:
    """Give the demo's levels and org units their names in Chinese, Russian and Greek.

    Sets ``name_translations`` by working name; safe to repeat."""
    for model, names in REFERENCE_NAMES.items():
        for name, translations in names.items():
            model.objects.filter(name=name).update(name_translations=translations)


# (native, Latin) pairs, so that names read naturally and e-mail addresses stay ASCII.
# fmt: off
NAMES = {
    "zh": {
        "family": [
            ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
            ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("周", "zhou"), ("吴", "wu"),
            ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("胡", "hu"), ("朱", "zhu"),
            ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"),
        ],
        "given": [
            ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
            ("磊", "lei"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"),
            ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("晓东", "xiaodong"),
            ("海燕", "haiyan"), ("建华", "jianhua"), ("志强", "zhiqiang"), ("雨桐", "yutong"),
            ("子涵", "zihan"), ("思远", "siyuan"), ("佳怡", "jiayi"), ("浩然", "haoran"),
            ("欣怡", "xinyi"), ("文博", "wenbo"),
        ],
    },
    "ru": {
        "male": [
            ("Иван", "ivan"), ("Алексей", "aleksei"), ("Дмитрий", "dmitry"),
            ("Сергей", "sergei"), ("Николай", "nikolai"), ("Михаил", "mikhail"),
            ("Андрей", "andrei"), ("Павел", "pavel"), ("Егор", "egor"), ("Артём", "artem"),
        ],
        "female": [
            ("Анна", "anna"), ("Ольга", "olga"), ("Мария", "maria"), ("Елена", "elena"),
            ("Татьяна", "tatiana"), ("Наталья", "natalia"), ("Ксения", "ksenia"),
            ("Дарья", "daria"), ("Ирина", "irina"), ("Светлана", "svetlana"),
        ],
        # masculine, feminine, Latin
        "family": [
            ("Петров", "Петрова", "petrov"), ("Смирнов", "Смирнова", "smirnov"),
            ("Кузнецов", "Кузнецова", "kuznetsov"), ("Соколов", "Соколова", "sokolov"),
            ("Волков", "Волкова", "volkov"), ("Морозов", "Морозова", "morozov"),
            ("Лебедев", "Лебедева", "lebedev"), ("Новиков", "Новикова", "novikov"),
            ("Фёдоров", "Фёдорова", "fedorov"), ("Орлов", "Орлова", "orlov"),
        ],
    },
    "el": {
        "male": [
            ("Γιώργος", "giorgos"), ("Νίκος", "nikos"), ("Δημήτρης", "dimitris"),
            ("Κώστας", "kostas"), ("Γιάννης", "giannis"), ("Παναγιώτης", "panagiotis"),
            ("Σπύρος", "spyros"), ("Αλέξανδρος", "alexandros"),
        ],
        "female": [
            ("Ελένη", "eleni"), ("Μαρία", "maria"), ("Κατερίνα", "katerina"),
            ("Σοφία", "sofia"), ("Δήμητρα", "dimitra"), ("Αθηνά", "athina"),
            ("Βασιλική", "vasiliki"), ("Ιωάννα", "ioanna"),
        ],
        "family": [
            ("Παπαδόπουλος", "Παπαδοπούλου", "papadopoulos"),
            ("Γεωργίου", "Γεωργίου", "georgiou"),
            ("Οικονόμου", "Οικονόμου", "oikonomou"),
            ("Νικολάου", "Νικολάου", "nikolaou"),
            ("Κωνσταντίνου", "Κωνσταντίνου", "konstantinou"),
            ("Βλάχος", "Βλάχου", "vlachos"),
            ("Αντωνίου", "Αντωνίου", "antoniou"),
            ("Μακρής", "Μακρή", "makris"),
        ],
    },
    "en": {
        "male": [
            ("James", "james"), ("Oliver", "oliver"), ("Thomas", "thomas"),
            ("Daniel", "daniel"), ("Samuel", "samuel"), ("Henry", "henry"),
            ("Arthur", "arthur"), ("Owen", "owen"),
        ],
        "female": [
            ("Emma", "emma"), ("Charlotte", "charlotte"), ("Grace", "grace"),
            ("Amelia", "amelia"), ("Sophie", "sophie"), ("Hannah", "hannah"),
            ("Lucy", "lucy"), ("Ruth", "ruth"),
        ],
        "family": [
            ("Smith", "Smith", "smith"), ("Walker", "Walker", "walker"),
            ("Hughes", "Hughes", "hughes"), ("Clarke", "Clarke", "clarke"),
            ("Bennett", "Bennett", "bennett"), ("Turner", "Turner", "turner"),
            ("Morgan", "Morgan", "morgan"), ("Fletcher", "Fletcher", "fletcher"),
        ],
    },
}

# fmt: on

# The people whose logins the demo hands out, by role in the generated rows.
LOGINS = ("hr", "mentor", "newcomer", "director")


@dataclass
class DemoCompany:
    """What other apps' demo seeders get: the key people and the org units, by code.

    - ``name``: the group's name.
    - ``ceo``, ``hr``, ``mentor``, ``newcomer``, ``director``: ``EmployeeProfile``s; the
      last four are the demo logins (password ``guild-demo``); ``admin`` is a superuser.
    - ``admin``: the superuser ``User``; ``organizers``: the "Organizers" ``Group``.
    - ``levels``: ``Level`` by code (associate, senior, manager, director, executive).
    - ``regions``, ``subsidiaries``, ``departments``, ``project_teams``: units by code.
    - ``executives``: the CEO, the CFO and each subsidiary's general manager.
    - ``veterans``: seniors in sales, pre-sales and customer success hired before 2023,
      good mentors; ``newcomers``: everyone hired in November 2026.
    """

    name: str
    ceo: EmployeeProfile
    hr: EmployeeProfile
    mentor: EmployeeProfile
    newcomer: EmployeeProfile
    director: EmployeeProfile
    admin: User
    organizers: Group
    levels: dict[str, Level]
    regions: dict[str, Region]
    subsidiaries: dict[str, Subsidiary]
    departments: dict[str, Department]
    project_teams: dict[str, ProjectTeam]
    executives: list[EmployeeProfile] = field(default_factory=list)
    veterans: list[EmployeeProfile] = field(default_factory=list)
    newcomers: list[EmployeeProfile] = field(default_factory=list)


class _NameBook:
    """Draws realistic, deterministic names and unique ASCII e-mail addresses."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.emails: dict[str, int] = {}

    def person(self, culture: str) -> tuple[str, str]:
        pool = NAMES[culture]
        if culture == "zh":
            family, family_latin = self.rng.choice(pool["family"])
            given, given_latin = self.rng.choice(pool["given"])
            return f"{family}{given}", self._email(given_latin, family_latin)
        female = self.rng.random() < 0.5
        given, given_latin = self.rng.choice(pool["female" if female else "male"])
        masculine, feminine, family_latin = self.rng.choice(pool["family"])
        return f"{given} {feminine if female else masculine}", self._email(
            given_latin, family_latin
        )

    def _email(self, given: str, family: str) -> str:
        local = f"{given}.{family}"
        count = self.emails.get(local, 0) + 1
        self.emails[local] = count
        return f"{local}{count if count > 1 else ''}@{DOMAIN}"


def _date_between(rng: random.Random, start: int, end: int) -> datetime.date:
    first, last = datetime.date(start, 1, 1), datetime.date(end, 12, 31)
    return first + datetime.timedelta(days=rng.randrange((last - first).days))


def demo_rows(*, scale: int = 200) -> tuple[list[dict], dict[str, str]]:
    """The demo directory as import rows, and the employee id of each demo login's person.

    Deterministic: the same ``scale`` always gives the same rows. Reads nothing.
    """
    if scale < MIN_SCALE:
        raise ValueError(f"the demo company needs at least {MIN_SCALE} people")
    rng = random.Random(SEED)  # noqa: S311 - fixed seed: the same demo every time
    names = _NameBook(rng)
    rows: list[dict] = []
    roles: dict[str, str] = {}

    def add(*, culture, level, title, subsidiary, department, manager, hired, team=""):
        _code, sub_name, region, language, _culture = subsidiary
        name, email = names.person(culture)
        row = {
            "employee_id": f"MG{len(rows) + 1:05d}",
            "name": name,
            "email": email,
            "title": title,
            "level": level,
            "region": region,
            "subsidiary": sub_name,
            "department": department,
            "project_team": team,
            "manager_id": manager,
            "hire_date": hired,
            "language": language,
        }
        rows.append(row)
        return row["employee_id"]

    head_office = next(s for s in SUBSIDIARIES if s[0] == HEAD_OFFICE)
    ceo = add(
        culture="zh",
        level="executive",
        title="Group chief executive officer",
        subsidiary=head_office,
        department="",
        manager="",
        hired=datetime.date(2009, 4, 1),
    )
    roles["ceo"] = ceo
    add(
        culture="zh",
        level="executive",
        title="Group chief financial officer",
        subsidiary=head_office,
        department="Finance",
        manager=ceo,
        hired=datetime.date(2011, 9, 1),
    )

    leaders: dict[str, dict[str, str]] = {}
    for subsidiary in SUBSIDIARIES:
        culture = subsidiary[4]
        gm = add(
            culture=culture,
            level="executive",
            title="General manager",
            subsidiary=subsidiary,
            department="",
            manager=ceo,
            hired=_date_between(rng, 2010, 2016),
        )
        sales = add(
            culture=culture,
            level="director",
            title="Sales director",
            subsidiary=subsidiary,
            department="Sales",
            manager=gm,
            hired=_date_between(rng, 2012, 2018),
        )
        delivery = add(
            culture=culture,
            level="director",
            title="Delivery director",
            subsidiary=subsidiary,
            department="Customer success",
            manager=gm,
            hired=_date_between(rng, 2012, 2019),
        )
        leaders[subsidiary[0]] = {"gm": gm, "sales": sales, "delivery": delivery}
    roles["director"] = leaders[HEAD_OFFICE]["sales"]

    # Everyone else works in a (subsidiary, department) unit; the head office is larger.
    remaining = scale - len(rows)
    units = []
    for subsidiary in SUBSIDIARIES:
        weight_of_subsidiary = 2 if subsidiary[0] == HEAD_OFFICE else 1
        for department, share, _reports_to, _titles in DEPARTMENTS:
            units.append((subsidiary, department, share * weight_of_subsidiary))
    total_weight = sum(weight for _s, _d, weight in units)
    sizes = [max(2, math.floor(remaining * weight / total_weight)) for _s, _d, weight in units]
    # Hand the rounding remainder to the biggest units so the total is exactly ``scale``.
    order = sorted(range(len(units)), key=lambda i: -units[i][2])
    shortfall = remaining - sum(sizes)
    while shortfall:
        change = 1 if shortfall > 0 else -1
        for index in order:
            if shortfall and sizes[index] + change >= 2:
                sizes[index] += change
                shortfall -= change

    departments = {name: (reports_to, titles) for name, _s, reports_to, titles in DEPARTMENTS}
    for (subsidiary, department, _weight), size in zip(units, sizes, strict=True):
        culture = subsidiary[4]
        reports_to, titles = departments[department]
        boss = leaders[subsidiary[0]][reports_to]
        manager_count = max(1, round(size / 11))
        managers = [
            add(
                culture=culture,
                level="manager",
                title=titles["manager"],
                subsidiary=subsidiary,
                department=department,
                manager=boss,
                hired=_date_between(rng, 2012, 2021),
            )
            for _ in range(manager_count)
        ]
        if department == "Human resources" and subsidiary[0] == HEAD_OFFICE:
            roles["hr"] = managers[0]
        for position in range(size - manager_count):
            manager = managers[position % manager_count]
            team = ""
            if department in PROJECT_TEAM_DEPARTMENTS and rng.random() < 0.6:
                team = rng.choice(PROJECT_TEAMS)
            newcomer = rng.random() < 0.12
            senior = not newcomer and rng.random() < 0.35
            if newcomer:
                hired = rng.choice(INTAKE_DATES)
            elif senior:
                hired = _date_between(rng, 2013, 2023)
            else:
                hired = _date_between(rng, 2020, 2025)
            key = (subsidiary[0], department)
            if key == (HEAD_OFFICE, "Sales") and position == 0:
                # The mentor login: a sales veteran at the head office.
                senior, hired, team = True, datetime.date(2014, 3, 17), PROJECT_TEAMS[0]
                roles["mentor"] = add(
                    culture=culture,
                    level="senior",
                    title="Senior account executive",
                    subsidiary=subsidiary,
                    department=department,
                    manager=manager,
                    hired=hired,
                    team=team,
                )
                continue
            if key == (HEAD_OFFICE, "Sales") and position == 1:
                roles["newcomer"] = add(
                    culture=culture,
                    level="associate",
                    title=titles["associate"],
                    subsidiary=subsidiary,
                    department=department,
                    manager=manager,
                    hired=INTAKE_DATES[0],
                    team=PROJECT_TEAMS[0],
                )
                continue
            level = "senior" if senior else "associate"
            add(
                culture=culture,
                level=level,
                title=titles[level],
                subsidiary=subsidiary,
                department=department,
                manager=manager,
                hired=hired,
                team=team,
            )
    return rows, roles


@transaction.atomic
def demo_logins_ensure(*, roles: dict[str, str]) -> tuple[dict[str, User], Group]:
    """Give the demo's key people their logins (password ``guild-demo``) and make ``admin``.

    ``hr`` becomes staff and joins the Organizers group. Safe to repeat: the same
    people keep the same logins.
    """
    organizers = services.organizer_group_ensure()
    users: dict[str, User] = {}
    for login in LOGINS:
        profile = EmployeeProfile.objects.select_related("user").get(employee_id=roles[login])
        user = profile.user
        user.username = login
        user.set_password(DEMO_PASSWORD)
        if login == "hr":
            user.is_staff = True
        user.save()
        if login == "hr":
            user.groups.add(organizers)
        users[login] = user
    admin, _created = User.objects.get_or_create(
        username="admin", defaults={"email": f"admin@{DOMAIN}"}
    )
    admin.is_staff = admin.is_superuser = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    users["admin"] = admin
    return users, organizers


def demo_directory_seed(*, scale: int = 200, progress: Progress | None = None) -> DemoCompany:
    """Create (or bring back to its seeded state) the demo company's directory and logins.

    The rows go through the employee import, so a second run changes nothing. Side
    effects: the level ladder, org units, users and profiles, the Organizers group.
    """
    services.level_ladder_ensure()
    rows, roles = demo_rows(scale=scale)
    employee_rows_import(rows=rows, progress=progress)
    reference_names_translate()
    users, organizers = demo_logins_ensure(roles=roles)
    profiles = EmployeeProfile.objects.with_directory()
    key = {role: profiles.get(employee_id=eid) for role, eid in roles.items()}
    veterans = list(
        profiles.filter(
            level__code="senior",
            department__name__in=["Sales", "Pre-sales", "Customer success"],
            hire_date__lt=datetime.date(2023, 1, 1),
        )[:50]
    )
    return DemoCompany(
        name="Meridian Group",
        ceo=key["ceo"],
        hr=key["hr"],
        mentor=key["mentor"],
        newcomer=key["newcomer"],
        director=key["director"],
        admin=users["admin"],
        organizers=organizers,
        levels={level.code: level for level in Level.objects.all()},
        regions={unit.code: unit for unit in Region.objects.all()},
        subsidiaries={unit.code: unit for unit in Subsidiary.objects.all()},
        departments={unit.code: unit for unit in Department.objects.all()},
        project_teams={unit.code: unit for unit in ProjectTeam.objects.all()},
        executives=list(profiles.filter(level__code="executive")),
        veterans=veterans,
        newcomers=list(profiles.filter(hire_date__in=INTAKE_DATES)),
    )
