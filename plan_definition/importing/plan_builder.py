"""Assemble the plan from the header, the items and section IV, naming every gap as a problem."""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError

from ..errors import PlanError
from ..plan import EscalationPolicy, Plan
from ..timeframes import UnreadableTimeframe, parse_timeframe, split_condition
from .agency_names import AgencyNames
from .deadlines import precondition_name, product_in, timeframe_in
from .gaps import placeholder_for
from .header import Header
from .items import Draft, Outline
from .labels import LEAD
from .organisation import DEFAULT_YEARLY_DUE, Organisation
from .result import (
    MISSING,
    NOTE,
    UNKNOWN_LEAD,
    UNMATCHED,
    UNREADABLE,
    UNRESOLVED_LEAD,
    Problem,
    unresolved_lead,
)


class NoItems(PlanError):
    """The document holds no part that names a lead or a timeframe."""


class PlanBuilder:
    def __init__(self, source: str, names: AgencyNames):
        self.source, self.names = source, names
        self.problems: list[Problem] = []
        self.comments: dict[str, list[str]] = {}
        self.preconditions: dict[str, str] = {}  # text -> name
        self.unmatched: list[str] = []  # names the directory lacks, in order of first mention

    def build(self, header: Header, outline: Outline, organisation: Organisation) -> Plan:
        if not outline.drafts:
            raise NoItems(
                f"{self.source}: không tìm thấy mục nào có cơ quan chủ trì hoặc thời gian thực hiện "
                "(văn bản có thể bị cắt cụt hoặc không phải kế hoạch); dùng --header để chỉ đọc phần đầu văn bản"
            )
        start_year = _start_year(header, outline, self.source)
        items = [self._item(d, start_year) for d in outline.drafts]
        data = {
            **self._header_fields(header, start_year),
            "legal_basis": list(header.legal_basis),
            "monitor": self._required(
                organisation.monitor, "cơ quan theo dõi, tổng hợp (mục Tổ chức thực hiện)", code=True
            ),
            "start_year": start_year,
            "reporting": self._reporting(organisation),
            "escalation": self._escalation(organisation).model_dump(),
            "preconditions": [{"name": n, "text": t} for t, n in self.preconditions.items()],
            "headings": [{k: v for k, v in h.items() if v is not None} for h in outline.headings],
            "items": items,
        }
        try:
            return Plan.model_validate(data)
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise PlanError(f"{self.source}: kế hoạch đọc được không hợp lệ: {details}") from exc

    def _item(self, draft: Draft, start_year: int) -> dict:
        code = draft.code
        responsibility = draft.responsibility
        lead_line = f.numbers[0] if (f := draft.node.field(LEAD)) else draft.node.line
        leads = self._codes(responsibility.leads, code, lead_line, "cơ quan chủ trì")
        if not leads:
            leads = [UNKNOWN_LEAD]
            why = unresolved_lead(responsibility.lead_text, draft.title)
            self._problem(UNRESOLVED_LEAD, lead_line, f"{why}; tạm ghi mã '{UNKNOWN_LEAD}'", code)
        elif draft.inherited:
            self._problem(
                NOTE, draft.node.line, f"cơ quan chủ trì lấy theo đề mục trên: {responsibility.lead_text}", code
            )
        coordinators = self._codes(responsibility.coordinators, code, lead_line, "cơ quan phối hợp")
        timeframe = draft.timeframe
        if timeframe is None and not draft.node.fields:
            timeframe = timeframe_in(draft.title)
        meaning, precondition = self._timeframe(timeframe, start_year, code, draft.node.line)
        undated = product_in(draft.title) if meaning and meaning.kind != "once" and not draft.product else None
        item = {
            "code": code,
            "parent": draft.parent,
            "title": draft.title,
            "lead_text": responsibility.lead_text,
            "leads": leads,
            "requested": responsibility.requested or None,
            "coordinator_text": responsibility.coordinator_text,
            "coordinators": coordinators or None,
            "form": draft.form,
            "product": draft.product,
            "undated_product": undated,
            "timeframe": timeframe,
            "meaning": meaning.model_dump(mode="json", exclude_defaults=True) if meaning else None,
            "precondition": precondition,
        }
        return {k: v for k, v in item.items() if v is not None}

    def _codes(self, matches, code: str, line: int, role: str) -> list[str]:
        codes: list[str] = []
        for match in matches:
            found = match.code
            if found is None:
                found, message = placeholder_for(match, self.names, role)
                if match.text not in self.unmatched:
                    self.unmatched.append(match.text)
                self._problem(UNMATCHED, line, message, code)
                self.comments.setdefault(code, []).append(message)
            if found not in codes:
                codes.append(found)
        return codes

    def _timeframe(self, text: str | None, start_year: int, code: str, line: int):
        """The meaning of the timeframe (never overdue when none is written) and its precondition's name."""
        try:
            meaning = parse_timeframe(text, start_year=start_year, item=code)
        except UnreadableTimeframe as exc:
            self._problem(
                UNREADABLE, line, f"{exc}; giữ nguyên chữ trong tệp, cần sửa tay".replace(f"mục {code}: ", ""), code
            )
            meaning = None
        _rest, condition = split_condition(text or "")
        if not condition:
            return meaning, None
        if condition not in self.preconditions:
            name, n = precondition_name(condition), 2
            while name in self.preconditions.values():
                name, n = f"{precondition_name(condition)}-{n}", n + 1
            self.preconditions[condition] = name
        return meaning, self.preconditions[condition]

    def _header_fields(self, header: Header, start_year: int) -> dict:
        place = header.place
        if place is None and (place := _place_of(header.issuer)):
            self._problem(NOTE, None, f"văn bản không ghi địa danh; lấy theo cơ quan ban hành: {place}")
        if header.date is None:
            self._problem(MISSING, None, f"không tìm thấy ngày ban hành; tạm ghi 01/01/{start_year}")
        return {
            "number": self._required(header.number, "số, ký hiệu văn bản"),
            "kind": header.kind or "Kế hoạch",
            "issuer": self._required(header.issuer, "cơ quan ban hành"),
            "place": self._required(place, "địa danh"),
            "date": (header.date or date(start_year, 1, 1)).isoformat(),
            "title": self._required(header.title, "trích yếu (tên) văn bản"),
        }

    def _reporting(self, organisation: Organisation) -> dict:
        if organisation.reporting_text is None:
            self._problem(
                MISSING,
                None,
                "không tìm thấy quy định báo cáo định kỳ (ví dụ 'Định kỳ, hằng năm trước ngày "
                "15 tháng 11 …'); tạm lấy hạn 14/12 hằng năm theo Nghị định 09/2019/NĐ-CP",
            )
        return {
            "text": organisation.reporting_text or "Không ghi trong văn bản; tạm lấy hạn 14/12 hằng năm",
            "yearly_due": organisation.yearly_due or DEFAULT_YEARLY_DUE,
            "collector": self._required(organisation.collector, "cơ quan nhận báo cáo", code=True),
            "report_to": self._required(organisation.report_to, "cơ quan được báo cáo (thường là UBND)", code=True),
        }

    def _escalation(self, organisation: Organisation) -> EscalationPolicy:
        defaults = EscalationPolicy()
        return EscalationPolicy(
            leadership=[organisation.monitor] if organisation.monitor else defaults.leadership,
            provincial_chain=organisation.provincial_chain or defaults.provincial_chain,
            # a new plan chases as the shipped ones do: weekly on the recipient's day, monthly after three repeats
            slow_after=3,
            slow_repeat_every=20,
            weekly=True,
        )

    def _required(self, value, what: str, *, code: bool = False):
        if value:
            return value
        placeholder = UNKNOWN_LEAD if code else f"(chưa rõ {what})"
        self._problem(MISSING, None, f"không tìm thấy {what}; tạm ghi '{placeholder}'")
        return placeholder

    def _problem(self, kind: str, line: int | None, message: str, item: str | None = None) -> None:
        self.problems.append(Problem(kind, line, message, item))


def _start_year(header: Header, outline: Outline, source: str) -> int:
    """The plan's first year: the year it was issued, else the earliest year its timeframes name."""
    if header.date:
        return header.date.year
    years = [int(y) for d in outline.drafts for y in re.findall(r"\b(20\d\d)\b", d.timeframe or "")]
    if years:
        return min(years)
    raise PlanError(
        f"{source}: không xác định được năm bắt đầu: văn bản không ghi ngày ban hành "
        "và không mục nào ghi năm trong thời gian thực hiện"
    )


def _place_of(issuer: str | None) -> str | None:
    match = re.search(r"\b(?:tỉnh|thành phố|huyện|thị xã|quận)\s+(.+)$", issuer or "")
    return match.group(1) if match else None
