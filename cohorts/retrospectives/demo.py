"""Demo data for retrospectives (filled in below)."""


def retrospectives_demo_seed(*, company, stdout) -> None:
    return None
