"""Speak to a signed-in person in the language of their profile."""

from django.utils import translation


class ProfileLanguageMiddleware:
    """Activate the signed-in user's preferred language.

    Runs after LocaleMiddleware (which handles the cookie and Accept-Language for everyone
    else) and after authentication, so the profile wins for people we know.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = _profile_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            return response
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _profile_language(user) -> str | None:
    from learning.models import EmployeeProfile

    try:
        return user.profile.preferred_language
    except EmployeeProfile.DoesNotExist:
        return None
