"""Who holds a claim on a delivery: this host and process, and whether a holder can be seen to be gone.

A claimant is written 'host:pid:start', where start is the process's start time in clock ticks since boot
(Linux /proc; empty elsewhere), so that a process id reused after a reboot or a crash is not taken for the
claimant. Only a claimant on this host can be checked; one on another host keeps its claim until the lease
(ABANDONED_AFTER in delivery) runs out.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Claimant:
    host: str
    pid: int
    start: str

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}:{self.start}"

    @classmethod
    def parse(cls, text: str | None) -> Claimant | None:
        parts = (text or "").rsplit(":", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        return cls(parts[0], int(parts[1]), parts[2])

    def describe(self) -> str:
        """'máy may-chu-1, tiến trình 4242' for the operator."""
        return f"máy {self.host}, tiến trình {self.pid}"


def _stat(pid: int) -> tuple[str, str] | None:
    """The state letter and start time of a process from /proc, or None when it cannot be read."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the command name in parentheses may hold spaces
    return fields[0], fields[19]


def this_process() -> Claimant:
    return _claimant(os.getpid())  # a forked child is a claimant of its own


@cache
def _claimant(pid: int) -> Claimant:
    stat = _stat(pid)
    return Claimant(socket.gethostname(), pid, stat[1] if stat else "")


def is_gone(claimant: Claimant) -> bool:
    """True when the claimant ran on this host and that process no longer runs (or is a zombie)."""
    if claimant.host != socket.gethostname():
        return False
    try:
        os.kill(claimant.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # someone else's process with that id
    stat = _stat(claimant.pid)
    if stat is None:
        return False
    state, start = stat
    return state in ("Z", "X") or (bool(claimant.start) and start != claimant.start)
