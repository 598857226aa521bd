"""The platform core: users, the people directory, background jobs, the home page.

API tokens are Wagtail's own (``wagtail.models.APIToken``): hashed, revocable, managed
in the admin.
"""

from __future__ import annotations

import functools
import uuid
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


def time_zone_validate(value: str) -> None:
    """Refuse a name that is not a zone of the IANA database this machine has."""
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone of the IANA database (e.g. Europe/London)."),
            code="invalid_time_zone",
            params={"zone": value},
        )


def time_zone_choices(*, blank_label=None) -> list[tuple[str, str]]:
    """Every IANA zone, read when a form is shown (tzdata changes, migrations do not)."""
    zones = [(name, name) for name in sorted(zoneinfo.available_timezones())]
    return [("", blank_label), *zones] if blank_label is not None else zones


class TimeZoneField(models.CharField):
    """An IANA time zone name, checked by a validator rather than stored ``choices``.

    With ``choices=`` every zone of the build machine's tzdata was written into the
    migrations, and each tzdata release would ask for a new one. Forms still offer the
    list, built when they are shown. Blank, where allowed, means "inherit": a person
    follows their region, a region the company.
    """

    default_validators = [time_zone_validate]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        blank_label = _("Not set: use the region's or the company's") if self.blank else None
        defaults = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "choices": functools.partial(time_zone_choices, blank_label=blank_label),
        }
        if self.has_default():
            defaults["initial"] = self.get_default()
        defaults.update(kwargs)
        return forms.ChoiceField(**defaults)


class User(AbstractUser):
    """Guild's user. Kept as our own model so that fields can be added without pain.

    The username is the employee id (``mg00179``), which means nothing to colleagues: a
    person is shown by the name in their directory entry. ``get_full_name`` is where
    Wagtail, Django and Guild's templates all ask for it, so it is the one place that
    decides. It reads the profile when it is already loaded and otherwise the
    ``first_name`` that ``learning.account_names.account_names_sync`` keeps equal to the
    profile's name, so that a list of users never costs a query per row.
    """

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        profile = self._state.fields_cache.get("profile")
        if profile is not None and profile.full_name:
            return profile.full_name
        return super().get_full_name()

    def get_short_name(self) -> str:
        return self.get_full_name() or self.get_username()

    def __str__(self) -> str:
        return self.get_full_name() or self.get_username()


def validate_name_translations(value) -> None:
    """``{language code: name}`` for languages Guild speaks, each name a non-empty text."""
    codes = dict(settings.LANGUAGES)
    if not isinstance(value, dict):
        raise ValidationError(
            _('Write the names as {"ru": "…", "zh-hans": "…"}.'), code="invalid_translations"
        )
    for code, name in value.items():
        if code not in codes:
            raise ValidationError(
                _("%(code)s is not a language Guild speaks (%(codes)s).")
                % {"code": code, "codes": ", ".join(codes)},
                code="unknown_language",
            )
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(
                _("The name in %(language)s is empty.") % {"language": codes[code]},
                code="empty_translation",
            )


class TranslatedName(models.Model):
    """Reference data whose ``name`` people read in their own language: a Russian page says
    «Старший специалист», not "Senior". ``name`` stays the company's working name (the
    import matches it); ``name_translations`` holds the others and ``display_name`` picks
    the active language's, so ``str()`` (admin lists, choices, messages) follows it."""

    name_translations = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        validators=[validate_name_translations],
        help_text=_('By language code, e.g. {"zh-hans": "华东", "ru": "Восток", "el": "Ανατολή"}.'),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        names = self.name_translations if isinstance(self.name_translations, dict) else {}
        language = translation.get_language() or settings.LANGUAGE_CODE
        return names.get(language) or names.get(language.split("-")[0]) or self.name


class Level(TranslatedName):
    """A rung of the company's level ladder; ``rank`` orders it (higher is more senior)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("a thing's", "name"), max_length=80)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class OrgUnit(TranslatedName):
    """What regions, subsidiaries, departments and project teams have in common."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(pgettext_lazy("a thing's", "name"), max_length=120, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]


class Region(OrgUnit):
    # Where the people of a region work when their own entry names no zone: HR sets it
    # once for London rather than on every Londoner.
    time_zone = TimeZoneField(
        _("time zone"),
        blank=True,
        help_text=_("Used for everyone in the region whose own time zone is not set."),
    )

    class Meta(OrgUnit.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Subsidiary(OrgUnit):
    class Meta(OrgUnit.Meta):
        verbose_name = _("subsidiary")
        verbose_name_plural = _("subsidiaries")


class Department(OrgUnit):
    class Meta(OrgUnit.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class ProjectTeam(OrgUnit):
    class Meta(OrgUnit.Meta):
        verbose_name = _("project team")
        verbose_name_plural = _("project teams")


class EmployeeProfileQuerySet(models.QuerySet):
    def with_directory(self) -> EmployeeProfileQuerySet:
        """Everything a directory row shows, in one query."""
        return self.select_related(
            "user", "level", "region", "subsidiary", "department", "project_team", "manager"
        )

    def active(self) -> EmployeeProfileQuerySet:
        return self.filter(is_active=True)


class EmployeeProfile(index.Indexed, models.Model):
    """One person in the company directory, linked to the user who signs in as them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    employee_id = models.CharField(_("employee id"), max_length=40, unique=True)
    full_name = models.CharField(pgettext_lazy("a person's", "name"), max_length=150)
    email = models.EmailField(_("e-mail"), unique=True)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=150, blank=True)
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("level")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("region"),
    )
    subsidiary = models.ForeignKey(
        Subsidiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("subsidiary"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("department"),
    )
    project_team = models.ForeignKey(
        ProjectTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("project team"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Empty: the region's zone, else the company's (``zone``). Set only when the person
    # works somewhere else than their region, so that HR changing a region moves them.
    time_zone = TimeZoneField(_("time zone"), blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)
    # Company-specific dimensions (e.g. "business line") that sub-groups may be cut by.
    attributes = models.JSONField(_("other attributes"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = EmployeeProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("full_name"),
        index.SearchField("employee_id"),
        index.SearchField("email"),
        index.SearchField("title"),
        index.AutocompleteField("full_name"),
        index.FilterField("level"),
        index.FilterField("region"),
        index.FilterField("subsidiary"),
        index.FilterField("department"),
        index.FilterField("project_team"),
        index.FilterField("is_active"),
    ]

    panels = [
        FieldPanel("employee_id"),
        FieldPanel("full_name"),
        FieldPanel("email"),
        FieldPanel("title"),
        FieldPanel("level"),
        FieldPanel("region"),
        FieldPanel("subsidiary"),
        FieldPanel("department"),
        FieldPanel("project_team"),
        FieldPanel("manager"),
        FieldPanel("hire_date"),
        FieldPanel("preferred_language"),
        FieldPanel("time_zone"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.CheckConstraint(condition=~Q(manager=F("pk")), name="employee_not_own_manager"),
        ]
        indexes = [
            models.Index(fields=["hire_date"]),
            # The directory's order (``learning.directory.profile_list``, the admin list):
            # pages are found on this index alone, ``is_active`` included, not by sorting
            # every row (see ``learning.paging``).
            models.Index(
                fields=["full_name", "employee_id", "is_active"], name="profile_directory_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_id})"

    @property
    def zone_name(self) -> str:
        """The IANA name of the zone this person lives in: their own, else their region's,
        else the company's (``GUILD_TIME_ZONE``). The one answer to "what time is it for
        them", for pages, quiet hours and reminders. Load ``region`` with the profile."""
        if self.time_zone:
            return self.time_zone
        if self.region_id is not None and self.region.time_zone:
            return self.region.time_zone
        return settings.TIME_ZONE

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """``zone_name`` as a ``tzinfo``; the company's zone for a name the system lacks."""
        try:
            return zoneinfo.ZoneInfo(self.zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class AccountInvitation(models.Model):
    """The invitation an account holds to set its first password (one per account).

    Only a keyed SHA-256 digest of the link's token is kept (``token_digest``): the token
    itself exists in the e-mail alone, minted when the message is built (see
    ``learning.accounts.invitations``). Sending again replaces the row's dates and
    forgets the digest, so an older link stops working; using the link clears it too.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitation",
        verbose_name=_("user"),
    )
    token_digest = models.CharField(
        max_length=64, unique=True, null=True, editable=False, verbose_name=_("token digest")
    )
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("account invitation")
        verbose_name_plural = _("account invitations")

    def __str__(self) -> str:
        return str(self.user)


class Job(models.Model):
    """One piece of long work run by a Celery worker (adding thousands of members, a PDF
    batch): which handler runs it (``kind``), with what, and how it ended.

    Handlers are registered by the apps that own the work (see ``learning.jobs``); live
    progress is in the shared cache under a key made from ``uuid``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("job id")
    )
    kind = models.SlugField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    params = models.JSONField(default=dict, blank=True, verbose_name=_("parameters"))
    result = models.JSONField(default=dict, blank=True, verbose_name=_("result"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    return_url = models.CharField(max_length=500, blank=True, verbose_name=_("return address"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return self.title or self.kind

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class HomePage(Page):
    """The site's front door: a welcome for signed-out visitors, a dashboard for members."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    template = "learning/home_page.html"

    class Meta:
        verbose_name = _("home page")
