"""Field types shared by the plan and the directory schemas."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_EMAIL = re.compile(
    r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("không được chứa ký tự xuống dòng")
    return value


def _email(value: str) -> str:
    _single_line(value)
    if not _EMAIL.match(value):
        raise ValueError(f"địa chỉ thư điện tử không hợp lệ: {value!r}")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
SingleLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_single_line)]
Email = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_email)]
