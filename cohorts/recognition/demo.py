"""placeholder"""


def recognition_demo_seed(*, company, stdout) -> None:
    return None
