"""What a channel raises when a message cannot go out; the delivery records the text."""


class DeliveryError(Exception):
    """A channel refused or could not take a message; the text becomes ``last_error``."""


class DeliveryRefused(DeliveryError):
    """We refuse to send at all (a forbidden address): retrying cannot fix it, so it fails."""
