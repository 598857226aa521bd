"""Site-shell views: sign-in, getting in (invitations, "Forgot password") and the language
switcher. Logic lives in services."""

from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from learning import calendar, services
from learning.accounts import invitations, passwords
from learning.forms import SignInForm
from learning.notifications.models import CalendarFeed


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


# --- Getting in: invitations and "Forgot password" -------------------------------------

INVITATION_SESSION_KEY = "guild_invitation_token"


def _in_language(language: str | None, render_page):
    """Render a page for someone not signed in yet in their profile's language."""
    with translation.override(language or None):
        response = render_page()
        if hasattr(response, "render"):
            response.render()
        response.headers["Content-Language"] = translation.get_language()
    return response


def _link_invalid(request):
    # The same page for unknown, used, expired and replaced links: no hint whether the
    # account exists.
    return render(request, "learning/account/link_invalid.html", status=404)


@never_cache
def account_invitation(request, token: str):
    """The link in an invitation e-mail: checked, then traded for a session key so the
    token leaves the address bar (and any ``Referer``) at once."""
    invitation = invitations.account_invitation_check(token=token)
    if invitation is None:
        return _link_invalid(request)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("account_password_set")


class _PasswordForm(SetPasswordForm):
    """Django's set-password form; the service checks the password again, as a rule."""


@never_cache
def account_password_set(request):
    """Set a first password with the invitation in the session; sign in; go to cohorts."""
    token = request.session.get(INVITATION_SESSION_KEY, "")
    invitation = invitations.account_invitation_check(token=token)
    if invitation is None:
        return _link_invalid(request)
    user = invitation.user
    profile = getattr(user, "profile", None)
    language = profile.preferred_language if profile is not None else None

    def page(form, status=200):
        return render(
            request,
            "learning/account/password_set.html",
            {"form": form, "person": user, "invitation": invitation},
            status=status,
        )

    if request.method != "POST":
        return _in_language(language, lambda: page(_PasswordForm(user)))
    with translation.override(language or None):
        form = _PasswordForm(user, request.POST)
        if form.is_valid():
            try:
                user = invitations.account_invitation_accept(
                    token=token, password=form.cleaned_data["new_password1"]
                )
            except ValidationError as refused:
                if "token" in refused.message_dict:
                    return _link_invalid(request)
                for message in refused.message_dict.get("password", []):
                    form.add_error("new_password2", message)
            else:
                request.session.pop(INVITATION_SESSION_KEY, None)
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                return redirect(settings.GUILD_WELCOME_URL)
    return _in_language(language, lambda: page(form, status=400))


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)


def password_reset(request):
    """ "Forgot password": the same answer whether or not the address has an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        passwords.password_reset_request(email=form.cleaned_data["email"])
        return redirect("password_reset_done")
    return render(
        request,
        "learning/account/password_reset.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def password_reset_done(request):
    return render(request, "learning/account/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's checks of the reset link (constant time, single-use, expiring), styled as
    the sign-in page and spoken in the person's language; signs them in on success."""

    template_name = "learning/account/password_reset_confirm.html"
    post_reset_login = True
    post_reset_login_backend = settings.AUTHENTICATION_BACKENDS[0]

    def get_success_url(self):
        return settings.GUILD_WELCOME_URL

    def render_to_response(self, context, **kwargs):
        profile = getattr(self.user, "profile", None) if self.user else None
        language = profile.preferred_language if profile is not None else None
        return _in_language(
            language,
            lambda: super(PasswordResetConfirmView, self).render_to_response(context, **kwargs),
        )


@login_required
@never_cache
def calendar_page(request):
    """Where a person makes, replaces or revokes their calendar address. The address holds
    a secret, so it is shown once, in the answer to making it, and never stored."""
    feed_path = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.calendar_feed_revoke(user=request.user)
        else:
            feed_path = calendar.calendar_feed_create(user=request.user)
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    site = settings.WAGTAILADMIN_BASE_URL
    host = site.split("://", 1)[-1]
    response = render(
        request,
        "learning/calendar.html",
        {
            "feed_url": f"{site}{feed_path}" if feed_path else "",
            "webcal_url": f"webcal://{host}{feed_path}" if feed_path else "",
            "has_feed": has_feed,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def calendar_feed(request, token: str):
    """A person's calendar feed, fetched by calendar apps without signing in: the secret
    token in the address is the key. Unknown or revoked: 404, the same for both."""
    user = calendar.calendar_feed_user(token)
    if user is None:
        raise Http404
    with translation.override(getattr(getattr(user, "profile", None), "preferred_language", None)):
        body = calendar.ics_build(
            calendar.calendar_events_for(user),
            name="Guild",
            base_url=settings.WAGTAILADMIN_BASE_URL,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="guild.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
