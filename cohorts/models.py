"""Programs, cohorts, sub-groups, entry rules, memberships, group rules, reports and posts.

Every change to memberships, charters and reports goes through ``cohorts.services`` so
that the audit log (``MembershipEvent``) stays complete; the models only hold data and
the invariants a database can check.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cohorts.blocks import CurriculumBlock, ResourceBlock
from learning.account_names import sort_name_of
from learning.conditions import DirectoryConditions
from learning.models import (
    Department,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
    TimeZoneField,
)

DEFAULT_SESSION_START = datetime.time(19, 30)
DEFAULT_SESSION_END = datetime.time(21, 0)

# Above this many members a cohort needs an operations team (core, planning, helpers):
# one organizer can look after a small group, not a crowd.
OPERATIONS_TEAM_THRESHOLD = 200


class ProgramPage(Page):
    """A training program (new-hire, sales…): what it teaches and the cohorts that run it."""

    class Kind(models.TextChoices):
        NEW_HIRE = "new_hire", _("New-hire onboarding")
        SALES = "sales", _("Sales enablement")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEW_HIRE)
    description = RichTextField(_("description"), blank=True)
    curriculum = StreamField(CurriculumBlock(), blank=True, verbose_name=_("curriculum"))
    resources = StreamField(ResourceBlock(), blank=True, verbose_name=_("resources"))
    group_wide = models.BooleanField(
        _("group-wide"),
        default=False,
        help_text=_("Runs for every subsidiary of the group at once."),
    )
    subsidiaries = ParentalManyToManyField(
        Subsidiary,
        blank=True,
        related_name="programs",
        verbose_name=_("subsidiaries"),
        help_text=_("The subsidiaries it runs for, unless it is group-wide."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("group_wide"), FieldPanel("subsidiaries")], heading=_("Audience")
        ),
        FieldPanel("curriculum"),
        FieldPanel("resources"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]

    parent_page_types = ["learning.HomePage"]
    subpage_types: list[str] = []
    template = "cohorts/program_page.html"

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def clean(self):
        super().clean()
        # A published program says who it is for: the whole group or named subsidiaries
        # (a draft may still be missing it).
        if self.live and not self.group_wide and not list(self.subsidiaries.all()):
            raise ValidationError(
                {
                    "subsidiaries": _(
                        "Choose the subsidiaries this program runs for, or make it group-wide."
                    )
                }
            )


class Cohort(models.Model):
    """One run of a program: a group of people who go through it together."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for joining")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(
        ProgramPage, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("program")
    )
    name = models.CharField(pgettext_lazy("a thing's", "name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = TimeZoneField(_("time zone"), default=settings.TIME_ZONE)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    session_start = models.TimeField(_("sessions start at"), default=DEFAULT_SESSION_START)
    session_end = models.TimeField(_("sessions end at"), default=DEFAULT_SESSION_END)
    announce_days_before = models.PositiveSmallIntegerField(
        _("announce sessions this many days before"),
        default=2,
        help_text=_("At the session's start time, in the cohort's time zone."),
    )
    reminder_minutes_before = models.PositiveSmallIntegerField(
        _("remind this many minutes before a session"), default=120
    )
    group_wide = models.BooleanField(
        _("group-wide"), default=False, help_text=_("Open to every subsidiary of the group.")
    )
    subsidiaries = models.ManyToManyField(
        Subsidiary,
        blank=True,
        related_name="cohorts",
        verbose_name=_("subsidiaries"),
        help_text=_("The subsidiaries taking part (leave empty when group-wide)."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="cohort_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(session_end__gt=F("session_start")),
                name="cohort_session_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.name


class SubGroup(models.Model):
    """A smaller group inside a cohort, cut by level, region, subsidiary, team or a custom key.

    Sub-groups open "with rhythm": each may have a scheduled opening and receive members
    in waves, so a cohort widens gradually instead of all at once.
    """

    class Dimension(models.TextChoices):
        LEVEL = "level", _("Level")
        REGION = "region", _("Region")
        SUBSIDIARY = "subsidiary", _("Subsidiary")
        PROJECT_TEAM = "project_team", _("Project team")
        CUSTOM = "custom", _("Custom")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="subgroups", verbose_name=_("cohort")
    )
    name = models.CharField(pgettext_lazy("a thing's", "name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    dimension = models.CharField(
        _("dimension"), max_length=20, choices=Dimension.choices, default=Dimension.CUSTOM
    )
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    subsidiary = models.ForeignKey(
        Subsidiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subsidiary"),
    )
    project_team = models.ForeignKey(
        ProjectTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project team"),
    )
    custom_key = models.CharField(
        _("custom key"),
        max_length=60,
        blank=True,
        help_text=_("An attribute of the employee profile, e.g. business_line."),
    )
    custom_value = models.CharField(_("custom value"), max_length=120, blank=True)
    hidden_from_non_eligible = models.BooleanField(
        _("hidden from those who cannot join"),
        default=False,
        help_text=_("People who do not meet the entry rule will not see that it exists."),
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Leave empty to open with the cohort.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["cohort", "name"]
        verbose_name = _("sub-group")
        verbose_name_plural = _("sub-groups")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "slug"], name="subgroup_slug_per_cohort"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="subgroup_capacity_not_negative",
            ),
            # The value must match the dimension, so a "region" group always names one.
            models.CheckConstraint(
                condition=(~Q(dimension="level") | Q(level__isnull=False))
                & (~Q(dimension="region") | Q(region__isnull=False))
                & (~Q(dimension="subsidiary") | Q(subsidiary__isnull=False))
                & (~Q(dimension="project_team") | Q(project_team__isnull=False)),
                name="subgroup_dimension_has_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — {self.name}"

    @property
    def dimension_value(self):
        """The level, region, subsidiary or team this group is cut by (or the custom value)."""
        return {
            self.Dimension.LEVEL: self.level,
            self.Dimension.REGION: self.region,
            self.Dimension.SUBSIDIARY: self.subsidiary,
            self.Dimension.PROJECT_TEAM: self.project_team,
        }.get(self.dimension, self.custom_value)


class EntryRule(models.Model):
    """The threshold for joining a cohort or a sub-group (at most one rule each).

    Empty lists mean "any"; every condition that is set must hold. Checked on the server by
    ``cohorts.eligibility.entry_rule_check`` whenever someone joins.
    """

    class Approver(models.TextChoices):
        ORGANIZER = "organizer", _("An organizer")
        CORE = "core", _("The core operations team")
        PERSON = "person", _("A named person")

    cohort = models.OneToOneField(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="entry_rule",
        verbose_name=_("cohort"),
    )
    subgroup = models.OneToOneField(
        SubGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="entry_rule",
        verbose_name=_("sub-group"),
    )
    min_level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lowest level"),
    )
    max_level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("highest level"),
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions")
    )
    subsidiaries = models.ManyToManyField(
        Subsidiary, blank=True, related_name="+", verbose_name=_("subsidiaries")
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    project_teams = models.ManyToManyField(
        ProjectTeam, blank=True, related_name="+", verbose_name=_("project teams")
    )
    hired_after = models.DateField(_("hired on or after"), null=True, blank=True)
    hired_before = models.DateField(_("hired on or before"), null=True, blank=True)
    invitation_only = models.BooleanField(_("by invitation only"), default=False)
    approval_required = models.BooleanField(_("requests need approval"), default=False)
    approver = models.CharField(
        _("approved by"), max_length=20, choices=Approver.choices, default=Approver.ORGANIZER
    )
    approver_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approver"),
        help_text=_("Only when a named person approves."),
    )

    class Meta:
        verbose_name = _("entry rule")
        verbose_name_plural = _("entry rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(cohort__isnull=False, subgroup__isnull=True)
                | Q(cohort__isnull=True, subgroup__isnull=False),
                name="entry_rule_one_target",
            ),
            models.CheckConstraint(
                condition=Q(hired_after__isnull=True)
                | Q(hired_before__isnull=True)
                | Q(hired_before__gte=F("hired_after")),
                name="entry_rule_hire_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Entry rule for %(target)s") % {"target": self.cohort or self.subgroup})

    def conditions(self) -> DirectoryConditions:
        """The rule's conditions on a person (not invitation or approval, which are not).

        Prefetch the four lists to read it without queries.
        """
        return DirectoryConditions(
            min_level=self.min_level if self.min_level_id else None,
            max_level=self.max_level if self.max_level_id else None,
            regions=tuple(self.regions.all()),
            subsidiaries=tuple(self.subsidiaries.all()),
            departments=tuple(self.departments.all()),
            project_teams=tuple(self.project_teams.all()),
            hired_after=self.hired_after,
            hired_before=self.hired_before,
        )


class Membership(models.Model):
    """A person's place in a cohort: their role, status and the rules they accepted."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        CORE = "core", _("Core team")
        PLANNING = "planning", _("Planning team")
        HELPER = "helper", _("Helper")
        MENTOR = "mentor", _("Mentor")
        NEWCOMER = "newcomer", _("Newcomer")
        GUEST = "guest", _("Guest")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        REQUESTED = "requested", _("Waiting for approval")
        ACTIVE = "active", pgettext_lazy("membership status", "Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    # The three tiers of the operations team (core, planning, helpers).
    OPERATIONS_ROLES = frozenset({Role.CORE, Role.PLANNING, Role.HELPER})
    # Who runs the cohort: may see every sub-group and its members.
    STAFF_ROLES = frozenset({Role.ORGANIZER, *OPERATIONS_ROLES})
    # Statuses that hold a seat against the capacity.
    SEAT_STATUSES = frozenset({Status.ACTIVE, Status.INVITED})

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.NEWCOMER)
    helper_duty = models.CharField(
        _("helper duty"),
        max_length=120,
        blank=True,
        help_text=_("One duty per helper, e.g. check-in supervision or Q&A triage."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    rules_accepted_version = models.ForeignKey(
        "CharterVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group rules accepted"),
    )
    muted_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    # The member's name, copied here so that a cohort's directory sorts and pages on one
    # index instead of joining every member's profile first. ``account_names_sync``
    # keeps it current through the ``guild_people_renamed`` hook.
    sort_name = models.CharField(_("name"), max_length=150, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["cohort", "created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="membership_once_per_cohort")
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "role"]),
            # The admin list's order within a cohort (``MembershipIndexView``).
            models.Index(fields=["cohort", "created_at", "id"], name="membership_admin_order"),
            # The members directory's order within a cohort (``selectors.cohort_members``).
            models.Index(
                fields=["cohort", "status", "sort_name", "id"], name="membership_directory_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cohort}"

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = sort_name_of(self.user)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_staff_role(self) -> bool:
        return self.role in self.STAFF_ROLES


class SubGroupMembership(models.Model):
    """A cohort member's place in one of its sub-groups."""

    subgroup = models.ForeignKey(
        SubGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("sub-group")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="subgroup_memberships",
        verbose_name=_("cohort membership"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Membership.Status.choices,
        default=Membership.Status.ACTIVE,
    )
    wave = models.PositiveSmallIntegerField(_("wave"), default=1)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    rules_accepted_version = models.ForeignKey(
        "CharterVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group rules accepted"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["subgroup", "created_at"]
        verbose_name = _("sub-group membership")
        verbose_name_plural = _("sub-group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["subgroup", "membership"], name="subgroup_membership_once"
            )
        ]
        indexes = [models.Index(fields=["subgroup", "status"])]

    def __str__(self) -> str:
        return f"{self.membership.user} @ {self.subgroup}"


class GroupCharter(models.Model):
    """The group rules of a cohort or a sub-group, kept as numbered versions."""

    cohort = models.OneToOneField(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="charter",
        verbose_name=_("cohort"),
    )
    subgroup = models.OneToOneField(
        SubGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="charter",
        verbose_name=_("sub-group"),
    )
    current_version = models.ForeignKey(
        "CharterVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
        editable=False,
    )

    class Meta:
        verbose_name = _("group rules")
        verbose_name_plural = _("group rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(cohort__isnull=False, subgroup__isnull=True)
                | Q(cohort__isnull=True, subgroup__isnull=False),
                name="charter_one_target",
            )
        ]

    def __str__(self) -> str:
        return str(_("Group rules of %(target)s") % {"target": self.cohort or self.subgroup})

    @property
    def target_cohort(self) -> Cohort:
        return self.cohort if self.cohort_id else self.subgroup.cohort


class CharterVersion(ClusterableModel):
    """One version of the group rules: who set it, who enforces it, when it took effect.

    Clusterable so that the admin picks the enforcers in the people chooser, several at
    a time (``MultipleChooserPanel`` over ``enforcer_rows``).
    """

    charter = models.ForeignKey(
        GroupCharter,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("group rules"),
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("rules"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    enforcers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        through="CharterEnforcer",
        verbose_name=_("enforced by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["charter", "-number"]
        verbose_name = _("group rules version")
        verbose_name_plural = _("group rules versions")
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="charter_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.charter} v{self.number}"


class CharterEnforcer(models.Model):
    """One enforcer of one version of the group rules (the rows of ``enforcers``).

    The table is the one Django made for the plain many-to-many field before: only the
    admin's chooser needed it to be a model of its own.
    """

    charterversion = ParentalKey(
        CharterVersion,
        on_delete=models.CASCADE,
        related_name="enforcer_rows",
        verbose_name=_("group rules version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("enforced by"),
    )

    class Meta:
        db_table = "cohorts_charterversion_enforcers"
        unique_together = [("charterversion", "user")]
        verbose_name = _("enforcer")
        verbose_name_plural = _("enforcers")

    def __str__(self) -> str:
        return str(self.user)


class RuleAcceptance(models.Model):
    """That a person accepted one version of the group rules, and when."""

    version = models.ForeignKey(
        CharterVersion,
        on_delete=models.CASCADE,
        related_name="acceptances",
        verbose_name=_("version"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rule_acceptances",
        verbose_name=_("user"),
    )
    accepted_at = models.DateTimeField(auto_now_add=True, verbose_name=_("accepted"))

    class Meta:
        verbose_name = _("rules acceptance")
        verbose_name_plural = _("rules acceptances")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="rule_acceptance_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.version}"


class Post(models.Model):
    """A message in a cohort's (or a sub-group's) feed."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        INTRODUCTION = "introduction", _("Introduction")
        POST = "post", _("Post")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="posts", verbose_name=_("cohort")
    )
    subgroup = models.ForeignKey(
        SubGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("sub-group"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cohort_posts",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.POST)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["cohort", "kind", "-created_at"]),
            models.Index(fields=["subgroup", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Report(models.Model):
    """Someone's report that a member or a post broke the group rules, and its outcome."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        # A report closed without action: its own context, apart from a declined request
        # to join ("Rejected"), so that languages can use different words for the two.
        DISMISSED = "dismissed", pgettext_lazy("report closed without action", "Dismissed")
        ACTIONED = "actioned", _("Action taken")

    class Outcome(models.TextChoices):
        DISMISS = "dismiss", pgettext_lazy("report closed without action", "Dismissed")
        WARN = "warn", _("Warning")
        MUTE = "mute", _("Muted")
        REMOVE = "remove", _("Removed from the cohort")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="reports", verbose_name=_("cohort")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cohort_reports",
        verbose_name=_("reporter"),
    )
    target_member = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports_against",
        verbose_name=_("reported member"),
    )
    target_post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reported post"),
    )
    rule_excerpt = models.TextField(_("rule broken"), blank=True)
    reason = models.TextField(_("what happened"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    mute_until = models.DateTimeField(_("muted until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note to the reporter"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_member__isnull=False) | Q(target_post__isnull=False),
                name="report_has_target",
            )
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return str(_("Report #%(pk)s") % {"pk": self.pk})


class AuditEvent(models.Model):
    """The shape every audit log in Guild shares: who did what, when, what changed and
    why. Each app keeps its own table (``MembershipEvent`` here, mentoring's pairing and
    question-board events above) with its own ``Action`` choices and links, writes it
    through ``cohorts.services.audit.audit_write``, and the cohort's audit log lists them
    all (``guild_audit_log_sources``)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        if self.created_at is None:
            return str(self.get_action_display())
        # In the viewer's zone and the locale's format, as every time on a page.
        when = formats.date_format(timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{self.get_action_display()} ({when})"


class MembershipEvent(AuditEvent):
    """The cohort's audit log: who changed what about whom, when and why.

    Setting the cohort up (its fields, sub-groups and entry rules), membership changes,
    cohort transitions, charter publication and moderation steps are all written here by
    the services, so one list answers "what happened in this cohort".
    """

    class Action(models.TextChoices):
        INVITED = "invited", _("Invited")
        REQUESTED = "requested", _("Asked to join")
        JOINED = "joined", _("Joined")
        APPROVED = "approved", pgettext_lazy("audit log: a request to join", "Approved")
        REJECTED = "rejected", pgettext_lazy("audit log: a request to join", "Rejected")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        ADDED_BY_RULE = "added_by_rule", _("Added by rule")
        SUBGROUP_JOINED = "subgroup_joined", _("Joined a sub-group")
        SUBGROUP_LEFT = "subgroup_left", _("Left a sub-group")
        WAVE_ADDED = "wave_added", _("Added in a wave")
        COHORT_STATUS = "cohort_status", _("Cohort status changed")
        CHARTER_PUBLISHED = "charter_published", _("Group rules published")
        RULES_ACCEPTED = "rules_accepted", _("Group rules accepted")
        REPORTED = "reported", _("Reported")
        REPORT_DECIDED = "report_decided", _("Report decided")
        MUTED = "muted", _("Muted")
        WARNED = "warned", _("Warned")
        COHORT_CREATED = "cohort_created", _("Cohort created")
        COHORT_UPDATED = "cohort_updated", _("Cohort changed")
        SUBGROUP_CREATED = "subgroup_created", _("Sub-group created")
        SUBGROUP_UPDATED = "subgroup_updated", _("Sub-group changed")
        ENTRY_RULE_SET = "entry_rule_set", _("Entry rule set")
        SESSION_CREATED = "session_created", _("Session scheduled")
        SESSION_UPDATED = "session_updated", _("Session changed")
        SESSION_STATUS = "session_status", _("Session status changed")
        SESSIONS_GENERATED = "sessions_generated", _("Session series generated")
        GUEST_INVITED = "guest_invited", _("Guest invited")
        GUEST_INVITATION = "guest_invitation", _("Guest invitation moved on")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="events", verbose_name=_("cohort")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("membership"),
    )
    subgroup = models.ForeignKey(
        SubGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("sub-group"),
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("report"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = _("cohort event")
        verbose_name_plural = _("cohort events")
        indexes = [models.Index(fields=["cohort", "-created_at"])]
