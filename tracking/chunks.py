"""Bounded IN-lists: a set of ids goes to the database in slices, never as one unbounded parameter list.

PostgreSQL (psycopg) refuses a statement with more than 65,535 bound parameters and
SQLite more than 32,766; an IN-list of every obligation of a national plan exceeds both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

CHUNK_SIZE = 5_000  # parameters per statement: far below both limits, and few round trips


def chunked(values: Iterable[T], size: int = CHUNK_SIZE) -> Iterator[list[T]]:
    """The values in lists of at most `size`, in order; nothing for no values."""
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk
