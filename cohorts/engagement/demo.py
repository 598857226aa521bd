"""Demo check-ins: filled in below."""


def engagement_demo_seed(*, company, stdout) -> None:
    stdout.write("Check-ins: none yet.")
