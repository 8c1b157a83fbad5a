"""Requests allowed per link, counted in memory (one web process serves every link)."""

from __future__ import annotations

import threading
from collections import Counter


class LinkBudget:
    """Each link may make `limit` requests to this process; past that it is used up."""

    def __init__(self, limit: int):
        self.limit = limit
        self._used: Counter[str] = Counter()
        self._lock = threading.Lock()

    def spend(self, key: str) -> bool:
        """Count one request; False once the link has used its budget."""
        with self._lock:
            self._used[key] += 1
            return self._used[key] <= self.limit
