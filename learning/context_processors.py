"""What every page of the site shell needs: the languages and the unread count."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from learning import registry


def shell(request):
    context = {"guild_languages": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["shell_badges"] = SimpleLazyObject(lambda: _badges_once(request))
    return context


def _badges_once(request) -> dict[str, int]:
    # A page may render several templates with the request (panels, includes); the
    # badges are counted once per request, and only when a template shows them.
    if not hasattr(request, "_guild_shell_badges"):
        request._guild_shell_badges = registry.shell_badges(request)
    return request._guild_shell_badges
