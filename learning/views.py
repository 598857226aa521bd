"""Site-shell views: sign-in and the language switcher. Logic lives in services."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_POST

from learning import services
from learning.forms import SignInForm


class LoginView(auth_views.LoginView):
    template_name = "learning/login.html"
    redirect_authenticated_user = True
    form_class = SignInForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after is not None:
            # Locked by learning.throttle: say so the way HTTP clients understand.
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


@require_POST
def language_switch(request):
    """Set the interface language for this browser and, when signed in, on the profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.profile_set_language(user=request.user, language=language)
    activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response
