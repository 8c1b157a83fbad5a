"""The agencies a decision needs, looked up as it needs them instead of loading the whole directory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from .chunks import chunked
from .models import AgencyRow


class AgencyLookup(Mapping[str, AgencyRow]):
    """Agency rows by code: the given codes fetched at once, any other (a parent, a successor, the provincial
    office) on first use, each once. A plan's check needs its own agencies and the few above them; loading
    every agency of a national directory for each plan's check made the checks grow with plans × agencies."""

    def __init__(self, session: Session, codes: Iterable[str] = ()):
        self._session = session
        self._rows: dict[str, AgencyRow | None] = {}
        for chunk in chunked(sorted(set(codes))):
            for row in session.scalars(select(AgencyRow).where(AgencyRow.code.in_(chunk))):
                self._rows[row.code] = row

    def _find(self, code: str) -> AgencyRow | None:
        if code not in self._rows:
            self._rows[code] = self._session.get(AgencyRow, code)
        return self._rows[code]

    def __getitem__(self, code: str) -> AgencyRow:
        row = self._find(code)
        if row is None:
            raise KeyError(code)
        return row

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._find(code) is not None

    def __iter__(self) -> Iterator[str]:  # the whole directory, only when someone asks for all of it
        return iter([a.code for a in self._session.scalars(select(AgencyRow))])

    def __len__(self) -> int:
        return sum(1 for _ in self)
