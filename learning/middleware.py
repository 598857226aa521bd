"""Speak to a signed-in person in their own language and time zone."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from learning.directory import viewer_profile

ADMIN_PREFIX = "/admin/"


def profile_locale_activate(request, user) -> bool:
    """Activate ``user``'s preferred language and time zone for the rest of ``request``.

    The one place that decides how a known person is spoken to: the middleware calls it
    for session users, the API's bearer authentication for token callers (who are only
    known once Ninja has checked the token, long after the middleware ran). Returns
    whether the user has a profile to follow; without one the request keeps what
    LocaleMiddleware chose. The time zone is reset by the middleware when the request ends.
    """
    profile = viewer_profile(user) if user is not None else None
    if profile is None:
        return False
    translation.activate(profile.preferred_language)
    request.LANGUAGE_CODE = translation.get_language()
    timezone.activate(profile.zone)
    if request.path_info.startswith(ADMIN_PREFIX):
        _wagtail_profile_follow(user, profile)
    return True


def _wagtail_profile_follow(user, profile) -> None:
    """Make Wagtail's admin speak in the directory's language and zone too.

    Wagtail wraps every admin view in the language and zone of its own user profile, and
    falls back to ``settings.TIME_ZONE`` (the company's) rather than to what is active:
    left alone, HR in Kolkata would read every admin list in Shanghai time. The user gets
    an unsaved copy of that profile carrying the directory's choices (one query, nothing
    written), so the directory stays the one answer.
    """
    try:
        wagtail_profile = UserProfile.objects.get(user=user)
    except UserProfile.DoesNotExist:
        wagtail_profile = UserProfile(user=user)
    wagtail_profile.preferred_language = profile.preferred_language
    wagtail_profile.current_time_zone = profile.zone.key
    user.wagtail_userprofile = wagtail_profile


class ProfileLanguageMiddleware:
    """Activate the signed-in user's preferred language and time zone.

    Runs after LocaleMiddleware (which handles the cookie and Accept-Language for everyone
    else) and after authentication, so the profile wins for people we know.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A path polled by many readers that identifies its callers itself (a signed
        # ticket) loads no session, user or profile: a request that needs no database
        # then costs none (``GUILD_SESSIONLESS_PATHS``).
        if not request.path_info.startswith(tuple(settings.GUILD_SESSIONLESS_PATHS)):
            profile_locale_activate(request, getattr(request, "user", None))
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        if not request.path.startswith(ADMIN_PREFIX):
            response.headers.setdefault("Content-Language", translation.get_language())
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, with the relaxations the Wagtail admin needs under /admin/ only.

    ``CONTENT_SECURITY_POLICY`` is the strict policy of the member pages;
    ``GUILD_ADMIN_CSP`` replaces the directives that Wagtail's own templates cannot meet,
    so that the admin's needs never loosen the pages every employee sees. A view's own
    ``@csp_replace`` still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**settings.GUILD_ADMIN_CSP, **(parts.replace or {})}
        return parts
