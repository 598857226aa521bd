"""Demo content of the Q&A board: a few weeks of questions in the new-hire cohort."""


def questions_demo_seed(*, company, stdout) -> None:
    return None
