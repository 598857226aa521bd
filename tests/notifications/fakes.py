"""Stand-ins for the outside world of the outbox: webhook answers, a counting mail backend."""

from django.core.mail.backends.locmem import EmailBackend


class FakeResponse:
    def __init__(self, status_code=200, text="ok", payload=None):
        self.status_code = status_code
        self.text = text
        self._payload = payload

    def json(self):
        if self._payload is None:
            raise ValueError("no json")
        return self._payload


class Calls(list):
    """Requests made, plus the answers to give (FakeResponse), in order."""

    def __init__(self):
        super().__init__()
        self.answers = []


class CountingEmailBackend(EmailBackend):
    """The in-memory outbox, counting the connections opened (one per batch is the rule)."""

    opened = 0

    def open(self):
        type(self).opened += 1
        return True
