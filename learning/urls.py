"""Root URLconf: the site shell, the admin, the API and each app's pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

import learning.accounts.api
import learning.api.account
import learning.api.jobs
import learning.api.people
import learning.notifications.api
from learning import registry, views
from learning.api import api

api.add_router("/", learning.api.account.router)
api.add_router("/people", learning.api.people.router)
api.add_router("/people", learning.accounts.api.router)
api.add_router("/jobs", learning.api.jobs.router)
api.add_router("/inbox", learning.notifications.api.router)
# Apps above layer 0 hand their routers over through the guild_api_routers hook.
for prefix, router in registry.api_routers():
    api.add_router(prefix, router)

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the pages link to. The address is looked up
    # per request: under production's manifest storage, looking it up while the URLconf
    # loads fails before collectstatic has run (manage.py migrate, check --deploy).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("guild/favicon.svg"), permanent=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("welcome/set-password/", views.account_password_set, name="account_password_set"),
    path("welcome/<str:token>/", views.account_invitation, name="account_invitation"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("language/", views.language_switch, name="language_switch"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("inbox/", include("learning.notifications.urls")),
    path("cohorts/<slug:slug>/sessions/", include("cohorts.sessions.urls")),
    path("cohorts/<slug:slug>/retrospective/", include("cohorts.retrospectives.urls")),
    path("cohorts/<slug:slug>/questions/", include("mentors.questions.urls")),
    path("cohorts/<slug:slug>/", include("cohorts.engagement.urls")),
    path("cohorts/<slug:slug>/kudos/", include("cohorts.recognition.urls")),
    path("cohorts/<slug:slug>/operations/", include("cohorts.operations.urls")),
    path("cohorts/<slug:slug>/health/", include("cohorts.health.urls")),
    path("recognition/", include("cohorts.recognition.me_urls")),
    path("questions/", include("mentors.questions.queue_urls")),
    path("cohorts/", include("cohorts.urls")),
    path("knowledge/tools/", include("knowledge_base.tools.urls")),
    path("knowledge/sheets/", include("knowledge_base.sheets.urls")),
    path("knowledge/", include("knowledge_base.urls")),
    path("mentoring/", include("mentors.urls")),
    path("", include("cohorts.sessions.outside_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
