"""What every app's forms share: a service's refusal put back on the form; and the
sign-in forms, Django's and the Wagtail admin's, both under the throttle's rule."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm

from learning import throttle


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to the form: on its field when the form has
    one, otherwise at the top of the form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class ThrottledSignInMixin:
    """Refuse a sign-in while the account or address is locked; count each failure.

    The check comes before the password is looked at, so a locked account refuses the
    right password too. ``retry_after`` is set when refused, for the view's header.
    """

    retry_after: int | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        try:
            throttle.auth_throttle_check(request=self.request, username=username)
        except throttle.Throttled as exc:
            self.retry_after = exc.retry_after
            raise forms.ValidationError(exc.message, code="throttled") from exc
        try:
            return super().clean()
        except forms.ValidationError as exc:
            if exc.code == "invalid_login":
                throttle.auth_failure_record(request=self.request, username=username)
            raise


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """The site's sign-in form."""


class AdminSignInForm(ThrottledSignInMixin, LoginForm):
    """The Wagtail admin's sign-in form (``WAGTAILADMIN_USER_LOGIN_FORM``)."""
