"""The language walk: every admin and member page, read in Chinese, Russian and Greek by
someone in Kolkata, must show no English interface text, no raw ``None``/``True``/
``False`` and no clock time in any zone but the viewer's.

The pages come from the URLconf: every URL of Guild's admin ViewSets and snippets (found
through Wagtail's ViewSet registry), Guild's own admin pages (``register_admin_urls``),
the dashboard and the member namespaces, with path parameters filled from the permission
sweep's world. A new page is walked without being named here; one the walk does not GET
must be listed in ``SKIPPED`` or ``SKIPPED_VIEWS`` with the reason.

How English is recognised. While a page renders, every gettext call that comes back in
English is recorded. The visible text (text nodes and ``title``/``placeholder``/
``aria-label``; not ``hidden`` elements, ``<script>``, ``<style>``, ``<code>``,
``<textarea>``, nor what the seed's people typed) is cut into runs of ASCII words; a run
is English when one of its words occurs in a msgid that the catalogs translate into the
page's language. Such a run is:

- *pending* when a gettext call returned it untranslated (a Guild msgid not translated
  yet, or a Wagtail or Django one their catalog leaves in English, which Guild's catalog
  may fill with the same meaning), or when Guild's own translation keeps that English on
  purpose ("Webhook"): the translation pass decides;
- a *leak* otherwise: text that never went through gettext (a field without a
  ``verbose_name``, a hard-coded word, a string translated once at start-up), or a
  translated msgid looked up in the wrong language or context.

Leaks, raw values and foreign clocks fail ``test_pages_read_in_the_viewers_language``;
pending runs only make it xfail ("translation pass pending") until locale/ is translated.

``GUILD_WALK_SAVE=/some/dir`` keeps every page walked, by language and path, to read them.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import zoneinfo
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail import hooks
from wagtail.admin.viewsets import viewsets
from wagtail.models import Page as WagtailPage

from cohorts.engagement.models import Checkin, CheckinTask, PointsRule
from cohorts.engagement.services import period_get
from cohorts.models import CharterVersion, Cohort, Membership, MembershipEvent, Report
from knowledge_base.models import CodeOfConduct, GlossaryTerm
from knowledge_base.services import (
    REVIEWER_GROUP,
    case_review_decide,
    case_review_ensure,
    case_submit,
)
from knowledge_base.tools.demo import tool_index_ensure
from knowledge_base.tools.services import tool_review_ensure
from learning import demo, importing
from learning.models import EmployeeProfile, Job, TranslatedName
from learning.notifications.models import Channel, Delivery, Notification
from mentors.models import PairingEvent
from tests.learning.factories import ProjectTeamFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "ru", "el")
GUILD_APPS = (
    "learning",
    "cohorts",
    "guest_sessions",
    "engagement",
    "recognition",
    "operations",
    "health",
    "retrospectives",
    "notifications",
    "mentors",
    "mentor_questions",
    "knowledge_base",
    "kb_sheets",
    "knowledge_tools",
)
MEMBER_NAMESPACES = (
    "cohorts",
    "engagement",
    "sessions",
    "notifications",
    "knowledge_base",
    "kb_sheets",
    "knowledge_tools",
    "questions",
    "questions_queue",
    "mentors",
    "recognition",
    "recognition_me",
    "operations",
    "health",
    "retrospectives",
)

# The viewer's zone, half an hour off any whole-hour zone so that a time shown in UTC or
# in the company's zone (Asia/Shanghai) cannot be mistaken for it.
VIEWER_ZONE = "Asia/Kolkata"
# Every date-time the seed writes: 14:05 UTC is 19:35 in Kolkata and 22:05 in Shanghai.
INSTANT = datetime.datetime(2026, 11, 2, 14, 5, tzinfo=datetime.UTC)
LOCAL_CLOCK = "19:35"
FOREIGN_CLOCKS = ("14:05", "22:05")

# Pages the walk does not GET, with the reason. Keys are URL names.
SKIPPED = {
    "learning_import_job_status": "JSON progress for the import page, no HTML",
    "learning_job_status": "JSON progress for the job page, no HTML",
    "learning_import_job_invite": "POST only: the import page holds its form",
    "cohorts_cohort_transition": "POST only: the cohort's edit page holds its buttons",
    "cohorts_charter_publish": "POST only: the group rules' page holds its form",
    "cohorts:queue_request_decide": "POST only: the queue page holds its form",
    "cohorts:queue_subgroup_request_decide": "POST only: the queue page holds its form",
    "cohorts:queue_report_decide": "POST only: the queue page holds its form",
    "cohorts:subgroup_join": "POST only: the sub-group page holds its form",
    "sessions:rsvp": "POST only: the session page holds its form",
    "engagement:checkin_delete": "POST only: the check-in page holds its form",
    "engagement_checkin:add": "check-ins are made by members on their phones, never here",
    "engagement_checkin:edit": "check-ins are read here, never changed (inspect shows one)",
    "engagement:nudge": "POST only: the supervising page holds its button",
    "engagement:checkin_photo": "an image, no HTML",
    "sessions:feedback": "POST only: the session page holds its form",
    "sessions:question_vote": "POST only: the room holds its buttons",
    "sessions:question_answered": "POST only: the room holds its buttons",
    "sessions:ics": "a calendar file, no HTML (its words are tested in test_calendar)",
    "sessions:room_media": "an image or a voice clip, no HTML",
    "knowledge_base:case_attachment": "a case's file, no HTML",
    "kb_sheets:download": "a PDF sheet, no HTML (read back in tests/knowledge_base/sheets)",
    "kb_sheets_admin_download": "a PDF sheet, no HTML (read back in tests/knowledge_base/sheets)",
    "kb_sheets_booklet_download": "a PDF booklet, no HTML",
    "knowledge_tools:helped": "POST only: the tool's page holds its form",
    "knowledge_tools:index": "a redirect to the tools index, walked as a site page",
    "sales_tools:choose_parent": "a redirect to the add page under the one tools index",
    "notifications:mark_read": "POST only: the inbox holds its form",
    "questions:similar": "JSON for the ask form's suggestions, no HTML",
    "questions:vote": "POST only: the question's page holds its form",
    "questions:accept": "POST only: the question's page holds its form",
    "questions:helpful": "POST only: the question's page holds its form",
    "questions:propose_case": "POST only: the question's page holds its form",
    "notifications:open": "POST only: the inbox holds its form",
    "notifications:webhook_add": "POST only: the preferences page holds its form",
    "notifications:webhook_delete": "POST only: the preferences page holds its form",
    "recognition:withdraw": "POST only: the kudos list holds its button",
    "recognition_me:greet": "POST only: the queue page holds its form",
    "recognition_award_close": "POST only: the award's inspect page holds its button",
    "retrospectives:publish": "POST only: the retrospective's page holds its button",
    "retrospectives:pdf": "a PDF, no HTML (read back in tests/cohorts/retrospectives)",
    **dict.fromkeys(
        [
            "operations:post_pin",
            "operations:plan_item_add",
            "operations:plan_item_done",
            "operations:roster_set",
            "operations:roster_remove",
        ],
        "POST only: the operations room holds its forms",
    ),
    **dict.fromkeys(
        ["operations:evaluation_start", "operations:evaluation_assess"],
        "POST only: the evaluations page holds its forms",
    ),
    "operations:planning_answer": "POST only: the queue page holds its buttons",
    **dict.fromkeys(
        ["health:goal_set", "health:goal_remove", "health_goal_set", "health_goal_remove"],
        "POST only: the health dashboard holds its forms",
    ),
    "health:export": "a CSV or XLSX file, no HTML (read back in tests/cohorts/health)",
    "health_export": "a CSV or XLSX file, no HTML (read back in tests/cohorts/health)",
    "operations:post_edit": "only the post's author opens it (tests/cohorts/operations)",
    **dict.fromkeys(
        [
            "guest_sessions_transition",
            "guest_sessions_segments",
            "guest_sessions_invite",
            "guest_sessions_summary",
            "guest_sessions_invitation_transition",
            "guest_sessions_link_mint",
            "guest_sessions_link_revoke",
            "guest_sessions_link_email",
        ],
        "POST only: the session's edit page holds its forms",
    ),
    **dict.fromkeys(
        [
            "mentors_runs:change",
            "mentors_runs:rerun",
            "mentors_runs:exclude",
            "mentors_runs:publish",
            "mentors_runs:discard",
            "mentors_runs:lock",
        ],
        "POST only: the run's review page holds its buttons and forms",
    ),
    "mentors:repair": "only the pair's two people open it (tests/mentors/test_pages.py)",
    "wagtailsnippetchoosers_guest_sessions_session:choose": (
        "Wagtail's snippet chooser, which no Guild form uses for sessions"
    ),
    **dict.fromkeys(
        [
            "wagtailsnippetchoosers_knowledge_base_case:choose",
            "wagtailsnippetchoosers_knowledge_base_glossaryterm:choose",
            "wagtailsnippetchoosers_knowledge_base_codeofconduct:choose",
        ],
        "Wagtail's snippet chooser, which no Guild form uses for the knowledge base",
    ),
}
SERVICE_OWNED = "rows only services write: the admin offers no form (a redirect)"
SKIPPED |= dict.fromkeys(
    [
        "outbox_notifications:add",
        "outbox_notifications:edit",
        "outbox_deliveries:add",
        "outbox_deliveries:edit",
        "outbox_webhooks:add",
        "wagtailsnippets_cohorts_membership:add",
        "wagtailsnippetchoosers_cohorts_membership:create",
        "cohorts_charterversion:edit",
        "cohorts_report:add",
        "cohorts_report:edit",
        "cohorts_event:add",
        "cohorts_event:edit",
        "mentor_questions_question:add",
        "mentor_questions_question:edit",
        "mentors_pairing:add",
        "mentors_pairing:edit",
        "mentors_repairrequest:add",
        "mentors_repairrequest:edit",
        "mentors_pairingevent:add",
        "mentors_pairingevent:edit",
        "recognition_kudos:add",
        "recognition_kudos:edit",
        "recognition_nomination:add",
        "recognition_nomination:edit",
        "operations_room_post:add",
        "operations_room_post:edit",
        "operations_weekly_plan:add",
        "operations_weekly_plan:edit",
        "operations_evaluation:add",
        "operations_evaluation:edit",
        "retrospectives_retrospective:add",
        "retrospectives_retrospective:edit",
    ],
    SERVICE_OWNED,
)
# Wagtail's own views that every ViewSet gets and whose text is Wagtail's: their
# headings name the object, which the edit and inspect pages already show.
SKIPPED_VIEWS = {
    "index_results": "the listing's table again, fetched by the listing page's filters",
    "list_results": "the listing's table again, fetched by the listing page's filters",
    "history_results": "the history table again, fetched by the history page",
    "chosen": "JSON answer of a chooser after a pick",
    "chosen_multiple": "JSON answer of a chooser after a pick",
    "choose_results": "the chooser's table again, fetched by its search box",
    "delete": "Wagtail's confirmation, naming the object as the edit page does",
    "history": "Wagtail's log of the object's revisions (Guild keeps its own audit log)",
    "usage": "Wagtail's list of references to the object",
    "copy": "the add form, filled from an existing object",
    # Wagtail's revision and workflow screens of a snippet with drafts (knowledge-base
    # cases), reached from its edit page with a revision's, task's or state's id.
    **dict.fromkeys(
        [
            "revisions_revert",
            "revisions_compare",
            "revisions_unschedule",
            "workflow_action",
            "collect_workflow_action_data",
            "workflow_history_detail",
        ],
        "Wagtail's revision and workflow screens, opened from the edit page with an id",
    ),
    **dict.fromkeys(
        ["lock", "unlock", "confirm_workflow_cancellation"],
        "POST only or a JSON answer: the edit page holds its buttons",
    ),
}

# Names and loanwords that translations keep (Django's and Wagtail's keep "URL" in every
# language, Wagtail's Greek keeps "slug").
ALLOWED_WORDS = {
    *("guild", "wagtail", "english", "javascript", "json", "hr", "iana", "ics", "api", "id"),
    *("pdf", "csv", "xlsx", "gbk", "utf", "windows", "e", "mail", "bot", "url", "slug"),
    *("webhook", "webhooks", "slack", "teams", "feishu", "lark", "wecom", "dingtalk"),
    # the sales tools' own acronym (a tag in an example: "pricing, CRM"), and the unit
    # Django's Greek file sizes keep ("14 bytes")
    *("crm", "byte", "bytes", "qr"),
    # the spreadsheet program a download is named for ("下载 Excel")
    "excel",
    # Wagtail's own Greek for the admin's "Site summary" ("Κατάσταση site")
    "site",
    # Language codes, as in a help text's example {"zh-hans": "华东", "ru": …}.
    *(word for code, _name in settings.LANGUAGES for word in code.split("-")),
}
# A list of the import's column names is the file format, not a sentence to translate.
FILE_COLUMNS = frozenset(importing.COLUMNS)


# Which pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str  # the URL name, namespaced
    params: tuple[str, ...]
    model: type[models.Model] | None = None  # what a ``pk`` names
    admin: bool = True
    url: str = ""  # a Wagtail page's own address


def _guild_model(model) -> bool:
    return model is not None and model._meta.app_label in GUILD_APPS


def _patterns(patterns, namespace="", params=()):
    """(namespace, pattern, its parameters) for every page under ``patterns``; a page
    included under a path with parameters (the sessions' /cohorts/<slug>/sessions/)
    takes those too."""
    for pattern in patterns:
        inherited = (*params, *pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner, inherited)
        else:
            yield namespace, pattern, inherited


@functools.cache
def pages() -> list[Page]:
    """Every page the walk is about, from the live URLconf."""
    # Loading the URLconf is what fills Wagtail's ViewSet registry.
    resolver_patterns = get_resolver().url_patterns
    found = [Page("wagtailadmin_home", ())]
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        # A ViewSet of Guild's own with no model (a report such as the mentor
        # scorecards) is walked too.
        ours = model is None and type(viewset).__module__.split(".")[0] in GUILD_APPS
        if not (_guild_model(model) or ours):
            continue
        for _namespace, pattern, params in _patterns(viewset.get_urlpatterns()):
            found.append(Page(f"{viewset.url_namespace}:{pattern.name}", params, model))
    for hook in hooks.get_hooks("register_admin_urls"):
        if hook.__module__.split(".")[0] not in GUILD_APPS:
            continue
        for _namespace, pattern, params in _patterns(hook()):
            found.append(Page(pattern.name, params, ADMIN_PAGE_MODELS.get(pattern.name)))
    for namespace, pattern, params in _patterns(resolver_patterns):
        if namespace.rstrip(":") in MEMBER_NAMESPACES:
            found.append(Page(f"{namespace}{pattern.name}", params, admin=False))
    return found


def site_pages() -> list[Page]:
    """The live Wagtail pages of Guild's page types (home page, programmes), as members
    see them."""
    return [
        Page(f"{type(page).__name__} {page.slug}", (), admin=False, url=page.url)
        for page in WagtailPage.objects.live().specific()
        if _guild_model(type(page))
    ]


# What the ``pk`` of Guild's own admin pages names.
ADMIN_PAGE_MODELS = {
    "learning_employee_invite": EmployeeProfile,
    "cohorts_cohort_transition": Cohort,
    "cohorts_charter_publish": CharterVersion,
    "cohorts_report_decide": Report,
}


def _skip_reason(page: Page) -> str | None:
    if page.name in SKIPPED:
        return SKIPPED[page.name]
    return SKIPPED_VIEWS.get(page.name.rsplit(":", 1)[-1])


# The world -------------------------------------------------------------------------------


@dataclass
class World:
    hr: object
    organizer: object
    values: dict = field(default_factory=dict)  # path parameter -> value
    user_data: list[str] = field(default_factory=list)


@pytest.fixture
def world(sweep_world, ladder):
    """The permission sweep's world, with an import, an audit entry, a delivery, the
    organizer's own notification, levels named in each language (as the demo names them)
    and every date-time at ``INSTANT``; HR may open every Guild admin page."""
    demo.reference_names_translate()
    hr = sweep_world["users"]["hr"]
    hr.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=GUILD_APPS))
    Job.objects.create(
        kind="employee-import",
        created_by=hr,
        status=Job.Status.DONE,
        params={"original_name": "people.csv"},
        result={"created": 3, "updated": 1},
    )
    ProjectTeamFactory(name="Πρόσκληση", code="walk-team")
    home = Membership.objects.get(pk=sweep_world["targets"]["own"].membership)
    MembershipEvent.objects.create(
        cohort=home.cohort,
        membership=home,
        actor=hr,
        action=MembershipEvent.Action.ROLE_CHANGED,
        changes={"role": ["newcomer", "mentor"]},
    )
    PairingEvent.objects.create(
        cohort=home.cohort,
        actor=hr,
        action=PairingEvent.Action.PUBLISHED,
        changes={"started": 1, "ended": 0, "kept": 0},
    )
    NotificationFactory(recipient=sweep_world["users"]["organizer"])
    task = CheckinTask.objects.get(pk=sweep_world["targets"]["own"].checkin_task)
    Checkin.objects.create(
        task=task,
        period=period_get(task, task.cohort.start_date),
        person=home.user,
        book="Ανάγνωση",
        text="Διάβασα δέκα σελίδες.",
        submitted_at=INSTANT,
    )
    PointsRule.objects.create(cohort=task.cohort, rule="checkin_missed", points=-2)
    Delivery.objects.create(
        notification=Notification.objects.order_by("pk").first(),
        channel=Channel.EMAIL,
        status=Delivery.Status.SENT,
    )
    for model in apps.get_models():
        if not _guild_model(model):
            continue
        fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)
        ]
        if fields:
            instants = dict.fromkeys(fields, INSTANT)
            if "ends_at" in instants:  # a session ends after it starts (a table constraint)
                instants["ends_at"] = INSTANT + datetime.timedelta(minutes=90)
            # Withdrawn kudos show nowhere: the walk keeps them given.
            instants.pop("withdrawn_at", None)
            if "voting_close_at" in instants:  # an award's windows follow one another
                windows = ("nominations_open_at", "nominations_close_at", "voting_open_at")
                for days, name in enumerate((*windows, "voting_close_at")):
                    instants[name] = INSTANT + datetime.timedelta(days=days)
            model.objects.update(**instants)
    own = sweep_world["targets"]["own"]
    values = {
        "slug": own.slug,
        "sub_slug": own.subgroup_slug,
        "membership_id": own.membership,
        "request_id": own.subgroup_request,
        "report_id": own.report,
        "post_id": own.post,
        "board_question_id": own.board_question,
        "answer_id": own.board_answer,
        "join_slug": sweep_world["targets"]["other"].slug,
        "job_id": Job.objects.filter(created_by=hr).latest("pk").pk,
        "session_id": own.session,
        "case_id": sweep_world["private"]["case_id"],
        "match_run": own.match_run,
        "repair_request": own.repair_request,
        "kudos_id": own.kudos,
        "award_id": own.award,
        "cohort_id": Cohort.objects.get(slug=own.slug).pk,
        "program_id": Cohort.objects.get(slug=own.slug).program_id,
    }
    # The member pages are walked as the organizer: as a knowledge reviewer, they read the
    # case waiting for review with its glossary flags.
    GlossaryTerm.objects.create(
        concept="price-adjustment", language="en", preferred="price adjustment", deprecated="A"
    )
    CodeOfConduct.objects.create(language="el", title="Κώδικας", body="<p>Ειλικρίνεια.</p>")
    case_review_ensure()
    reviewers = Group.objects.get(name=REVIEWER_GROUP)
    organizer = sweep_world["users"]["organizer"]
    organizer.groups.add(reviewers)
    # A case of the walker's own that a reviewer sent back, for the page that changes it.
    sent_back = case_submit(author=organizer, data=_CASE)
    case_review_decide(case=sent_back, actor=organizer, approve=False, comment="Πιο σύντομα.")
    values["sent_back_case"] = sent_back.pk
    # HR curates the sales tools too: the tools' admin listing and report.
    tool_review_ensure(tool_index_ensure())
    hr.groups.add(reviewers)
    return World(
        hr=hr, organizer=sweep_world["users"]["organizer"], values=values, user_data=_user_data()
    )


def _user_data() -> list[str]:
    """What people typed: names, titles, posts, reasons... Of reference data only the
    codes: its names are translated and must show so."""
    texts = set()
    for model in apps.get_models():
        if issubclass(model, TranslatedName):
            texts.update(model.objects.values_list("code", flat=True))
            continue
        # Pages, workflows and their tasks are named by the people who make them.
        named_by_people = ("wagtailcore.Page", "wagtailcore.Workflow", "wagtailcore.Task")
        if not _guild_model(model) and model._meta.label not in named_by_people:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            texts.update(value for value in row if isinstance(value, str) and len(value) > 2)
    return sorted(texts, key=len, reverse=True)


# Parameters a page needs filled otherwise than the rest: the join page is about a cohort
# the member is not in yet.
PAGE_PARAMS = {
    "cohorts:join": {"slug": "join_slug"},
    "mentors_runs:review": {"pk": "match_run"},
    "mentors_repair_decide": {"pk": "repair_request"},
    "knowledge_base:case_change": {"case_id": "sent_back_case"},
}

_CASE = {
    "title": "Ανανέωση με διανομέα",
    "kind": "case_sharing",
    "language": "el",
    "situation": "Ο διανομέας ζήτησε έκπτωση.",
    "actions": "Δείξαμε το συνολικό κόστος.",
}


def _url(page: Page, world: World) -> str | None:
    kwargs = {}
    for param in page.params:
        name = PAGE_PARAMS.get(page.name, {}).get(param, param)
        if name == "pk":
            kwargs[name] = page.model.objects.order_by("pk").values_list("pk", flat=True).first()
            if kwargs[name] is None:
                return None
        else:
            kwargs[param] = world.values[name]
    return reverse(page.name, kwargs=kwargs)


# Reading a page ---------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Text a person reads: text nodes and the attributes read aloud or shown on hover,
    outside elements that are never shown (``hidden``) or are not prose."""

    # <noscript> is shown only to a browser without JavaScript, where the admin cannot work.
    NOT_PROSE = {"script", "style", "code", "pre", "textarea", "template", "svg", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    READ_ATTRIBUTES = ("title", "placeholder", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hides its content)

    @property
    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hides = tag in self.NOT_PROSE or "hidden" in attributes
        if not hides and not self._hidden:
            self.texts.extend(
                attributes[name] for name in self.READ_ATTRIBUTES if attributes.get(name)
            )
        if tag not in self.VOID:
            self._open.append((tag, hides))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


# Not words: addresses, paths, identifiers, numbers.
# Codes made of lower-case words and hyphens ("total-cost", a glossary concept) are
# identifiers too.
NOT_WORDS = re.compile(
    r"\S+@\S+|\S*[/_\\]\S*|\S*\d\S*|&\w+;|\S+\.(?:csv|xlsx)\b|\b[a-z]+(?:-[a-z]+)+\b"
)
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z' ,.:;!?()\-…]*[A-Za-z.!?…)]|[A-Za-z]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@functools.cache
def vocabulary(language: str) -> frozenset[str]:
    """Lower-case words of every msgid the catalogs translate into ``language``."""
    words = set()
    for key, text in trans_real.translation(language)._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04", 1)[-1]
        if text and text != msgid:
            words.update(
                w.lower() for w in re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub(" ", msgid))
            )
    return frozenset(words - ALLOWED_WORDS)


ZONE_NAMES = frozenset(zoneinfo.available_timezones())


@functools.cache
def translation_wording(language: str) -> frozenset[str]:
    """English runs that Guild's translations into ``language`` keep on purpose
    (a loanword such as "webhook", a product name), lower case."""
    path = Path(settings.LOCALE_PATHS[0]) / translation.to_locale(language) / "LC_MESSAGES"
    runs = set()
    for entry in polib.mofile(str(path / "django.mo")):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            text = NOT_WORDS.sub(" ", PLACEHOLDER.sub(" ", " ".join(text.split())))
            runs.update(run.strip().lower() for run in ENGLISH_RUN.findall(text))
    return frozenset(runs)


def _msgid_pattern(msgid: str) -> re.Pattern:
    parts = PLACEHOLDER.split(msgid)
    body = r".+?".join(re.escape(" ".join(part.split())) for part in parts)
    return re.compile(rf"\W*{body}\W*", re.IGNORECASE)


class GettextRecorder:
    """Every msgid a page asked gettext for and got back in English."""

    FUNCTIONS = ("gettext", "pgettext", "ngettext", "npgettext")
    CONTEXT_FIRST = {"pgettext", "npgettext"}

    def __init__(self, monkeypatch):
        self.untranslated: set[str] = set()
        trans = translation._trans
        for name in self.FUNCTIONS:
            monkeypatch.setattr(trans, name, self._recording(getattr(trans, name)))

    def _recording(self, function):
        def call(*args):
            result = function(*args)
            if translation.get_language() not in (None, "en"):
                messages = args[1:] if function.__name__ in self.CONTEXT_FIRST else args
                english = [m for m in messages if isinstance(m, str)]
                if str(result) in english:
                    self.untranslated.add(str(result))
            return result

        return call


@dataclass
class Finding:
    url: str
    text: str
    run: str

    def __str__(self):
        return f"{self.url}: {self.run!r} in {self.text!r}"


@dataclass
class Reading:
    leaks: list[Finding] = field(default_factory=list)
    pending: list[Finding] = field(default_factory=list)
    raw_values: list[Finding] = field(default_factory=list)
    foreign_clocks: list[Finding] = field(default_factory=list)
    local_clock_on: set[str] = field(default_factory=set)
    unreachable: list[str] = field(default_factory=list)


def read_page(url: str, html: str, *, language: str, world: World, untranslated, reading):
    vocab = vocabulary(language)
    # A msgid is also matched as the runs are cut: without its hyphenated lower-case
    # words ("check-in"), which NOT_WORDS takes out of the page's text.
    pending = [
        _msgid_pattern(form)
        for m in untranslated
        if m.strip()
        for form in (m, NOT_WORDS.sub(" ", m))
    ]
    for text in visible_texts(html):
        if LOCAL_CLOCK in text:
            reading.local_clock_on.add(url)
        for clock in FOREIGN_CLOCKS:
            if clock in text:
                reading.foreign_clocks.append(Finding(url, text, clock))
        for raw in re.findall(r"\b(?:None|True|False)\b", text):
            reading.raw_values.append(Finding(url, text, raw))
        bare = text
        for typed in world.user_data:
            if typed in bare:
                bare = bare.replace(typed, " ")
        bare = NOT_WORDS.sub(" ", bare)
        for run in ENGLISH_RUN.findall(bare):
            words = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", run)}
            if not words & vocab or words <= FILE_COLUMNS or run.strip() in ZONE_NAMES:
                continue
            finding = Finding(url, text, run.strip())
            # A translation that keeps an English word is the translation pass's wording.
            worded = run.strip().lower() in translation_wording(language)
            cut = " ".join(run.split())
            if worded or any(
                p.fullmatch(run) or p.fullmatch(cut) or p.fullmatch(text) for p in pending
            ):
                reading.pending.append(finding)
            else:
                reading.leaks.append(finding)


def _fragment(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def walk(language: str, world: World, monkeypatch) -> Reading:
    for user in (world.hr, world.organizer):
        EmployeeProfile.objects.filter(user=user).update(
            preferred_language=language, time_zone=VIEWER_ZONE
        )
    reading = Reading()
    clients = {}
    for admin, user in ((True, world.hr), (False, world.organizer)):
        clients[admin] = Client()
        clients[admin].force_login(user)
    recorder = GettextRecorder(monkeypatch)
    for page in [*pages(), *site_pages()]:
        if _skip_reason(page):
            continue
        url = page.url or _url(page, world)
        if url is None:
            reading.unreachable.append(f"{page.name}: the seed has no {page.model.__name__}")
            continue
        recorder.untranslated.clear()
        response = clients[page.admin].get(url)
        if response.status_code != 200:
            reading.unreachable.append(f"{page.name} {url}: {response.status_code}")
            continue
        html = _fragment(response)
        if os.environ.get("GUILD_WALK_SAVE"):
            target = Path(os.environ["GUILD_WALK_SAVE"]) / language / url.strip("/")
            target.mkdir(parents=True, exist_ok=True)
            (target / "index.html").write_text(html)
        read_page(
            url,
            html,
            language=language,
            world=world,
            untranslated=set(recorder.untranslated),
            reading=reading,
        )
    return reading


def _report(findings, limit=80) -> str:
    unique = list(dict.fromkeys(str(f) for f in findings))
    more = f"\n… and {len(unique) - limit} more" if len(unique) > limit else ""
    return "\n".join(unique[:limit]) + more


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_read_in_the_viewers_language(language, world, monkeypatch):
    reading = walk(language, world, monkeypatch)

    assert not reading.unreachable, (
        "pages the walk could not open; fix them or list them in SKIPPED with the reason:\n"
        + "\n".join(reading.unreachable)
    )
    assert not reading.leaks, "English that did not go through gettext:\n" + _report(reading.leaks)
    assert not reading.raw_values, "raw Python values:\n" + _report(reading.raw_values)
    assert not reading.foreign_clocks, f"times not in {VIEWER_ZONE}:\n" + _report(
        reading.foreign_clocks
    )
    lists_and_details = {
        reverse("cohorts_event:index"),
        reverse("cohorts_report:inspect", args=[Report.objects.order_by("pk")[0].pk]),
    }
    missing = lists_and_details - reading.local_clock_on
    assert not missing, f"{LOCAL_CLOCK} ({VIEWER_ZONE}) not shown on {missing}"

    # English left in the page because its catalog entry is not translated (Guild's own
    # new strings, or gaps in Wagtail's and Django's catalogs that Guild fills).
    assert not reading.pending, "untranslated:\n" + _report(reading.pending)


def test_the_walk_finds_every_kind_of_page_and_skips_only_real_ones():
    names = {page.name for page in pages()}
    assert {
        "wagtailadmin_home",
        "cohorts_cohort:index",
        "cohorts_report:inspect",
        "mentor_questions_scorecards:index",
        "wagtailsnippets_cohorts_membership:list",
        "learning_employees:edit",
        "learning_import_job",
        "cohorts:home",
        "notifications:inbox",
    } <= names
    assert set(SKIPPED) <= names, f"skipped pages that no longer exist: {set(SKIPPED) - names}"
