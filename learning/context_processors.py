"""What every page of the site shell needs: the languages and the unread count."""

from django.conf import settings

from learning import registry


def shell(request):
    context = {"guild_languages": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["shell_badges"] = registry.shell_badges(request)
    return context
