"""The agency directory: who the plan's agencies are, their heads, contacts and groups."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

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
    source: str = ""
    as_of: date | None = None
    agencies: list[Agency]
    groups: list[Group] = []

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

    @cached_property
    def by_code(self) -> dict[str, Agency]:
        return {a.code: a for a in self.agencies}

    @cached_property
    def groups_by_code(self) -> dict[str, Group]:
        return {g.code: g for g in self.groups}

    def known_codes(self) -> list[str]:
        return list(self.by_code) + list(self.groups_by_code)

    def members(self, group_code: str) -> list[str]:
        group = self.groups_by_code[group_code]
        kinds = set(group.kinds)
        listed = set(group.members)
        return [a.code for a in self.agencies if a.kind in kinds or a.code in listed]

    def expand(self, codes: list[str]) -> list[str]:
        """Agency codes for a list of agency and group codes, in directory order, each once."""
        wanted: set[str] = set()
        for code in codes:
            wanted.update(self.members(code) if code in self.groups_by_code else [code])
        return [a.code for a in self.agencies if a.code in wanted]

    def groups_of(self, agency_code: str) -> list[str]:
        agency = self.by_code[agency_code]
        return [g.code for g in self.groups if agency.kind in g.kinds or agency_code in g.members]
