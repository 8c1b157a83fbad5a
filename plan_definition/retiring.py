"""Retire a plan in its own file: `territory: ends` and `ends_on: D`, the rest of the file (comments too) untouched."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

from .loading import load_plan

_ENDING_FIELDS = re.compile(r"^(ends_on|territory)\s*:")
_ANCHOR = re.compile(r"^start_year\s*:")
RETIRED_COMMENT = "# Kết thúc theo dõi (dondoc plan retire): sau ngày ends_on không còn nhắc việc, đôn đốc.\n"


def retire_plan_file(path: Path, ends_on: date) -> None:
    """Write the plan's last day into its file, after `start_year:`; the file is replaced only once the
    changed plan validates (InvalidFiles otherwise, nothing written)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not _ENDING_FIELDS.match(line) and line != RETIRED_COMMENT]
    at = next((n + 1 for n, line in enumerate(kept) if _ANCHOR.match(line)), len(kept))
    if at == len(kept) and kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    ending = [RETIRED_COMMENT, "territory: ends\n", f"ends_on: {ends_on.isoformat()}\n"]
    text = "".join(kept[:at] + ending + kept[at:])
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".retire-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        load_plan(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
