"""Speak to a signed-in person in their own language and time zone."""

from django.utils import timezone, translation

from learning.directory import viewer_profile


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
    return True


class ProfileLanguageMiddleware:
    """Activate the signed-in user's preferred language and time zone.

    Runs after LocaleMiddleware (which handles the cookie and Accept-Language for everyone
    else) and after authentication, so the profile wins for people we know.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile_locale_activate(request, getattr(request, "user", None))
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
