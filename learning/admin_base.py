"""What every app's Wagtail admin builds on, so that the admin writes through services.

- ``ServiceOwnedPolicy``: rows that only services write. The admin may look and act
  through buttons that call a service; the actions in ``refused`` are never offered.
- ``ServiceSaveMixin``: create and edit views whose ``save_instance`` calls a service,
  with the service's refusal put back on the form.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from wagtail.permission_policies.base import ModelPermissionPolicy

from learning.forms import add_service_errors


class ServiceOwnedPolicy(ModelPermissionPolicy):
    """Rows written only by services: the admin may look, and act through buttons."""

    refused = frozenset({"add", "change", "delete"})

    def __init__(self, model, *, refused=None, **kwargs):
        super().__init__(model, **kwargs)
        if refused is not None:
            self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)


class ServiceSaveMixin:
    """Create and edit views whose ``save_instance`` calls a service.

    Wagtail's own save would run the model form and log to the history; here the service
    validates, saves and logs, so the admin, the API and code behave the same. A refusal
    goes back on the form, the transaction rolls back and nothing is saved.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do that."))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def service_fields(self, names) -> dict:
        """The form's cleaned values of the fields the service takes."""
        data = self.form.cleaned_data
        return {name: data[name] for name in names if name in data}
