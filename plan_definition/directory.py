"""The agency directory: who the plan's agencies are, their heads, contacts and groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import Email, SingleLine, Slug

AgencyKind = Literal[
    "ubnd-cap-tinh",
    "co-quan-chuyen-mon",
    "don-vi-truc-thuoc",
    "don-vi-su-nghiep",
    "co-quan-bao-chi",
    "to-chuc-chinh-tri-xa-hoi",
    "hoi-dong",
    "ubnd-cap-huyen",
    "ubnd-cap-xa",
    "to-chuc-su-dung-lao-dong",
]

KIND_NAMES: dict[str, str] = {
    "ubnd-cap-tinh": "Ủy ban nhân dân cấp tỉnh",
    "co-quan-chuyen-mon": "Cơ quan chuyên môn thuộc UBND tỉnh",
    "don-vi-truc-thuoc": "Đơn vị trực thuộc UBND tỉnh",
    "don-vi-su-nghiep": "Đơn vị sự nghiệp",
    "co-quan-bao-chi": "Cơ quan báo chí",
    "to-chuc-chinh-tri-xa-hoi": "Tổ chức chính trị - xã hội",
    "hoi-dong": "Hội đồng",
    "ubnd-cap-huyen": "UBND cấp huyện",
    "ubnd-cap-xa": "UBND cấp xã",
    "to-chuc-su-dung-lao-dong": "Tổ chức sử dụng lao động",
}


class Person(BaseModel):
    """A head (người đứng đầu) or focal contact (cán bộ đầu mối), addressed by position."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: SingleLine | None = None
    title: SingleLine
    email: Email


class Agency(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Slug
    name: SingleLine
    kind: AgencyKind
    parent: Slug | None = None
    gso_code: str | None = None
    aliases: list[SingleLine] = []
    head: Person
    contact: Person
    began: date | None = None
    ended: date | None = None
    successors: list[Slug] = []


class Reorganisation(BaseModel):
    """One change of organisation on a day: the bodies in `ended` end the day before `effective`;
    each passes its duties to `successors` (none: the duty itself ends, like a district's on 1/7/2025)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ended: list[Slug] = Field(min_length=1)
    successors: list[Slug] = []
    note: str = ""


class Reform(BaseModel):
    """A dated reorganisation (a merger of departments, the end of the district level) and its legal basis."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    effective: date
    basis: str
    changes: list[Reorganisation] = Field(min_length=1)


class ProvinceEra(BaseModel):
    """The province's name over a span of days (Trà Vinh until 30/6/2025, Vĩnh Long from 1/7/2025)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: SingleLine
    began: date | None = None
    ended: date | None = None


@dataclass(frozen=True)
class Life:
    """When an agency existed and who took over its duties."""

    began: date | None
    ended: date | None
    successors: tuple[str, ...]

    def active_on(self, day: date) -> bool:
        return (self.began is None or self.began <= day) and (self.ended is None or day <= self.ended)

    def overlaps(self, start: date, end: date | None) -> bool:
        """Whether the agency existed on some day of [start, end] (end None: open-ended)."""
        return (self.ended is None or start <= self.ended) and (self.began is None or end is None or self.began <= end)


class Group(BaseModel):
    """A named set of agencies, such as *Ủy ban nhân dân cấp xã*; as a lead it expands to its members."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Slug
    name: SingleLine
    description: str = ""
    kinds: list[AgencyKind] = []
    members: list[Slug] = []
    aliases: list[SingleLine] = []


class Directory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    province: SingleLine
    provinces: list[ProvinceEra] = []
    source: str = ""
    as_of: date | None = None
    agencies: list[Agency]
    groups: list[Group] = []
    reforms: list[Reform] = []

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Directory:
        seen: dict[str, str] = {}
        places = [(a.code, f"cơ quan thứ {n} (agencies)") for n, a in enumerate(self.agencies, start=1)]
        places += [(g.code, f"nhóm thứ {n} (groups)") for n, g in enumerate(self.groups, start=1)]
        for code, place in places:
            if code in seen:
                raise ValueError(f"mã '{code}' bị trùng: {seen[code]} và {place}")
            seen[code] = place
        return self

    @model_validator(mode="after")
    def _lives_hold_together(self) -> Directory:
        problems = []
        for n, reform in enumerate(self.reforms):
            for change in reform.changes:
                for code in change.ended + change.successors:
                    if code not in self.by_code:
                        problems.append(f"reforms[{n}] ({reform.effective}): mã '{code}' không có trong danh bạ")
        if problems:
            raise ValueError("; ".join(problems))
        for code, life in self.lives.items():
            if life.began and life.ended and life.ended < life.began:
                problems.append(f"cơ quan {code}: ngày kết thúc {life.ended} trước ngày bắt đầu {life.began}")
            for successor in life.successors:
                if successor not in self.by_code:
                    problems.append(f"cơ quan {code}: trường 'successors': mã '{successor}' không có trong danh bạ")
                    continue
                if life.ended is None:
                    problems.append(f"cơ quan {code}: có cơ quan kế thừa '{successor}' nhưng không có ngày kết thúc")
                    continue
                began = self.lives[successor].began
                if began is not None and began > life.ended + timedelta(days=1):
                    problems.append(
                        f"cơ quan {code}: cơ quan kế thừa '{successor}' bắt đầu {began}, "
                        f"muộn hơn ngày sau khi {code} kết thúc ({life.ended + timedelta(days=1)})"
                    )
                if successor == code:
                    problems.append(f"cơ quan {code}: không thể tự kế thừa chính mình")
        problems += self._statistics_codes_problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _statistics_codes_problems(self) -> list[str]:
        """Two agencies may share a statistics code only one after the other (a new commune reusing an old
        one's code keeps a dondoc code of its own); at the same time it would be one unit listed twice."""
        problems = []
        by_gso: dict[str, list[str]] = {}
        for agency in self.agencies:
            if agency.gso_code:
                by_gso.setdefault(agency.gso_code, []).append(agency.code)
        for gso, codes in by_gso.items():
            for n, first in enumerate(codes):
                for second in codes[n + 1 :]:
                    a, b = self.lives[first], self.lives[second]
                    if (a.ended is None or b.began is None or b.began <= a.ended) and (
                        b.ended is None or a.began is None or a.began <= b.ended
                    ):
                        problems.append(f"cơ quan {first} và {second} cùng mã thống kê '{gso}' trong cùng thời gian")
        return problems

    @cached_property
    def lives(self) -> dict[str, Life]:
        """Each agency's life: its own began/ended/successors, with the dated reforms' ends and successors added.

        A reform never sets `began`: a new body says its first day itself, so a department that absorbed
        another (Sở Tài chính taking in Sở Kế hoạch và Đầu tư) keeps its life and history.
        """
        ended = {a.code: a.ended for a in self.agencies}
        successors: dict[str, list[str]] = {a.code: list(a.successors) for a in self.agencies}
        for reform in self.reforms:
            for change in reform.changes:
                for code in change.ended:
                    if code in ended and ended[code] is None:
                        ended[code] = reform.effective - timedelta(days=1)
                    successors.setdefault(code, [])
                    successors[code] += [s for s in change.successors if s not in successors[code]]
        return {a.code: Life(a.began, ended[a.code], tuple(successors[a.code])) for a in self.agencies}

    def active_on(self, day: date) -> list[Agency]:
        """The agencies that exist on `day`, in directory order."""
        return [a for a in self.agencies if self.lives[a.code].active_on(day)]

    def on(self, day: date) -> Directory:
        """The directory as it stood on `day`: its agencies then, groups over them, the province's name then."""
        alive = {a.code for a in self.active_on(day)}
        groups = [
            g.model_copy(update={"members": [c for c in self.current(g.members, day) if c in alive]})
            for g in self.groups
        ]
        return Directory(
            province=self.province_on(day),
            source=self.source,
            as_of=day,
            agencies=[a for a in self.agencies if a.code in alive],
            groups=groups,
        )

    def province_on(self, day: date) -> str:
        for era in self.provinces:
            if (era.began is None or era.began <= day) and (era.ended is None or day <= era.ended):
                return era.name
        return self.province

    def current(self, codes: list[str], day: date) -> list[str]:
        """The agencies that carry `codes`' duties on `day`: each itself while it exists, else its successors
        (followed on through later reforms); an agency that ended without successor carries none."""
        result: list[str] = []
        seen: set[str] = set()
        todo = list(codes)
        while todo:
            code = todo.pop(0)
            if code in seen or code not in self.lives:
                continue
            seen.add(code)
            life = self.lives[code]
            if life.active_on(day) or (life.began is not None and day < life.began):
                if life.active_on(day) and code not in result:
                    result.append(code)
                continue
            todo.extend(life.successors)
        return result

    def body_on(self, code: str, day: date) -> Agency:
        """The one agency that holds `code`'s office on `day` (Sở Nội vụ then); `code` itself when none or many."""
        found = self.current([code], day)
        return self.by_code[found[0]] if len(found) == 1 else self.by_code[code]

    def territory(self, day: date) -> set[str]:
        """The agencies that existed on `day` and every agency that took over from them since."""
        result: set[str] = set()
        todo = [a.code for a in self.active_on(day)]
        while todo:
            code = todo.pop()
            if code not in result:
                result.add(code)
                todo.extend(self.lives[code].successors)
        return result

    @cached_property
    def by_code(self) -> dict[str, Agency]:
        return {a.code: a for a in self.agencies}

    @cached_property
    def groups_by_code(self) -> dict[str, Group]:
        return {g.code: g for g in self.groups}

    def known_codes(self) -> list[str]:
        return list(self.by_code) + list(self.groups_by_code)

    def members(self, group_code: str) -> list[str]:
        return list(self._members[group_code])

    @cached_property
    def _members(self) -> dict[str, tuple[str, ...]]:
        """Each group's members in directory order, computed once (a directory may hold tens of thousands)."""
        out: dict[str, tuple[str, ...]] = {}
        for group in self.groups:
            kinds, listed = set(group.kinds), set(group.members)
            out[group.code] = tuple(a.code for a in self.agencies if a.kind in kinds or a.code in listed)
        return out

    @cached_property
    def _groups_of(self) -> dict[str, list[str]]:
        by_kind: dict[str, list[str]] = {}
        for group in self.groups:
            for kind in group.kinds:
                by_kind.setdefault(kind, []).append(group.code)
        listed: dict[str, set[str]] = {}
        for group in self.groups:
            for member in group.members:
                listed.setdefault(member, set()).add(group.code)
        order = {g.code: n for n, g in enumerate(self.groups)}
        return {
            a.code: sorted(set(by_kind.get(a.kind, ())) | listed.get(a.code, set()), key=order.__getitem__)
            for a in self.agencies
        }

    def expand(self, codes: list[str]) -> list[str]:
        """Agency codes for a list of agency and group codes, in directory order, each once."""
        wanted: set[str] = set()
        for code in codes:
            wanted.update(self.members(code) if code in self.groups_by_code else [code])
        return [a.code for a in self.agencies if a.code in wanted]

    def expand_lineage(self, codes: list[str]) -> list[str]:
        """`expand`, plus every agency that took over from those, in directory order: all who may ever owe."""
        wanted = set(self.expand(codes))
        todo = list(wanted)
        while todo:
            for successor in self.lives[todo.pop()].successors:
                if successor not in wanted:
                    wanted.add(successor)
                    todo.append(successor)
        return [a.code for a in self.agencies if a.code in wanted]

    def lineage_before(self, codes: list[str]) -> list[str]:
        """`codes` and every agency whose duties passed to them, through earlier reforms, in directory order."""
        before: dict[str, set[str]] = {}
        for code, life in self.lives.items():
            for successor in life.successors:
                before.setdefault(successor, set()).add(code)
        wanted, todo = set(codes), list(codes)
        while todo:
            for predecessor in before.get(todo.pop(), ()):
                if predecessor not in wanted:
                    wanted.add(predecessor)
                    todo.append(predecessor)
        return [a.code for a in self.agencies if a.code in wanted]

    def groups_of(self, agency_code: str) -> list[str]:
        self.by_code[agency_code]  # noqa: B018 (an unknown code is a KeyError, as before)
        return list(self._groups_of[agency_code])
