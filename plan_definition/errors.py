"""Errors raised while reading a plan, a directory or a calendar."""


class PlanError(Exception):
    """A plan, directory or calendar file says something dondoc cannot accept."""


class InvalidFiles(PlanError):
    """Several problems found in the plan and directory files, all listed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))
