"""Run a function in several threads at once, for the tests of what happens concurrently."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any


def run_together(work: Callable[..., Any], arguments: Iterable[tuple]) -> tuple[list[Any], list[Exception]]:
    """`work(*args)` for each tuple of `arguments`, each in a thread of its own, all started together; the
    results and the exceptions raised (in the order they came)."""
    results: list[Any] = []
    errors: list[Exception] = []

    def one(*args):
        try:
            results.append(work(*args))
        except Exception as exc:  # noqa: BLE001  (the test asserts there were none)
            errors.append(exc)

    threads = [threading.Thread(target=one, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
