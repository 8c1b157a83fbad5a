"""The sentences of section I: for one item, who did what with which documents, who is late or silent."""

from __future__ import annotations

from collections import Counter

from plan_definition.directory import KIND_NAMES
from plan_definition.plan import Item, Plan
from plan_definition.text import cited_date, join_names, lower_first, sentence, upper_first
from tracking.evidence import SubmissionEvidence
from tracking.rules import labels
from tracking.rules.period_names import is_recurring, period_sort_key
from tracking.rules.states import State
from tracking.status import ObligationStatus

from .figures import Counts, Figures, figure_lines

# A list of more agencies than this is counted, not named: the prose gives the count, the kinds and the worst
# cases, and the annex names every one.
NAMED_AT_MOST = 10
WORST_CASES = 3

KIND_PLURAL = {
    "co-quan-chuyen-mon": "cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
    "don-vi-truc-thuoc": "đơn vị trực thuộc Ủy ban nhân dân tỉnh",
    "don-vi-su-nghiep": "đơn vị sự nghiệp",
    "co-quan-bao-chi": "cơ quan báo chí",
    "to-chuc-chinh-tri-xa-hoi": "tổ chức chính trị - xã hội",
    "ubnd-cap-huyen": "Ủy ban nhân dân cấp huyện",
    "ubnd-cap-xa": "Ủy ban nhân dân cấp xã",
    "to-chuc-su-dung-lao-dong": "cơ quan, tổ chức, đơn vị có sử dụng lao động",
}


def kind_plural(kind: str) -> str:
    return KIND_PLURAL.get(kind) or KIND_NAMES.get(kind, kind)


def period_label(item: Item, period: str, due) -> str:
    """'năm 2024', 'quý III/2026', 'yêu cầu đột xuất số 1 (hạn 05/3/2024)', or the one-off product or deadline."""
    if is_recurring(period):
        return lower_first(labels.period_label(period))
    if period.startswith("adhoc-"):
        return lower_first(labels.period_label(period)) + (f" (hạn {cited_date(due)})" if due else "")
    if item.undated_product:
        return item.undated_product
    return f"thời hạn {cited_date(due)}" if due else "không quy định thời hạn"


def cited(documents: list[SubmissionEvidence]) -> str:
    """'văn bản số 12/BC-SNV ngày 16/10/2023; Kế hoạch số 3/KH-STP ngày 02/02/2024'."""
    parts: dict[str, str] = {}
    for s in documents:
        doc = s.document.strip().rstrip(".;")
        named = doc if not doc[:1].isdigit() else f"văn bản số {doc}"
        parts.setdefault(doc, f"{named} ngày {cited_date(s.reported_on)}")
    return "; ".join(parts.values())


def describe(row: ObligationStatus, figures: Figures) -> str:
    """An agency's name with what backs its state: documents, dates, progress reports."""
    documents = figures.documents.get(row.obligation_id, [])
    if row.state.is_done:
        backing = cited(documents) or f"báo cáo ngày {cited_date(row.reported_on)}"
        late = "quá hạn; " if row.state is State.DONE_LATE else ""
        return f"{row.agency_label} ({late}{backing})"
    if row.reported is not None:
        progress = f"đã báo cáo {row.reported.label.lower()} ngày {cited_date(row.reported_on)}"
        if row.document:
            progress += f", văn bản số {row.document}" if row.document[:1].isdigit() else f", {row.document}"
        return f"{row.agency_label} ({progress})"
    return row.agency_label


def kind_shares(kinds: list[str], kind_totals: dict[str, int] | None = None) -> str:
    """'80/104 Ủy ban nhân dân cấp xã, toàn bộ 9 Ủy ban nhân dân cấp huyện' (kinds in the order first seen)."""
    counted = Counter(kinds)
    parts = []
    for kind, n in counted.items():
        of_kind = kind_totals.get(kind) if kind_totals is not None else None
        if of_kind is None:
            share = str(n)
        else:
            share = f"toàn bộ {n}" if n == of_kind and n > 1 else f"{n}/{of_kind}"
        parts.append(f"{share} {kind_plural(kind)}")
    return ", ".join(parts)


def collapse(
    entries: list[tuple[str, str]],
    kind_totals: dict[str, int] | None = None,
    join=join_names,
    *,
    worst: int = 0,
    worst_label: str = "trong đó",
) -> str:
    """Join (kind, text) entries; more than NAMED_AT_MOST are counted instead, by kind, and left to the annex.

    A counted list names its first `worst` entries (the caller orders them worst first):
    '29 cơ quan, đơn vị (25/104 Ủy ban nhân dân cấp xã, 4 Ủy ban nhân dân cấp huyện; danh sách tại Phụ lục),
    trong đó: A, B và C'.
    """
    unique = list(dict.fromkeys(entries))
    if len(unique) <= NAMED_AT_MOST:
        return join([text for _, text in unique])
    counted = (
        f"{len(unique)} cơ quan, đơn vị ({kind_shares([k for k, _ in unique], kind_totals)}; danh sách tại Phụ lục)"
    )
    if worst:
        counted += f", {worst_label}: {join([text for _, text in unique[:worst]])}"
    return counted


def name_list(
    rows: list[ObligationStatus], universe: list[ObligationStatus], figures: Figures, *, worst_label: str | None = None
) -> str:
    """The agencies of `rows`, each with what backs its state; a long list is counted, naming the worst cases.

    `worst_label`: the words before the worst cases of a long list (overdue ones, the longest silent first)."""
    kind_totals = Counter(r.agency_kind for r in universe)
    if worst_label is not None:
        rows = sorted(
            rows, key=lambda r: (r.reported is not None, r.deadline or r.due or figures.as_of, r.agency_position)
        )
    return collapse(
        [(r.agency_kind, describe(r, figures)) for r in rows],
        kind_totals,
        worst=WORST_CASES if worst_label else 0,
        worst_label=worst_label or "",
    )


def count_sentence(counts: Counts, precondition: str | None) -> str:
    """'Có 30 cơ quan, đơn vị phải thực hiện, trong đó: 1 hoàn thành đúng hạn; 29 chưa hoàn thành, quá hạn (…)'."""
    if counts.silent == counts.open_overdue:
        silent = " (đều chưa gửi báo cáo)" if counts.silent > 1 else " (chưa gửi báo cáo)"
    else:
        silent = f" ({counts.silent} chưa gửi báo cáo)" if counts.silent else ""
    parts = [
        (counts.done_on_time, "hoàn thành đúng hạn"),
        (counts.done_late, "hoàn thành quá hạn"),
        (counts.done_undated, "đã hoàn thành (Kế hoạch không quy định thời hạn)"),
        (counts.open_overdue, "chưa hoàn thành, quá hạn" + silent),
        (counts.open_within_deadline, "chưa hoàn thành, còn trong hạn"),
        (counts.waiting, f"chờ điều kiện thực hiện ({precondition or 'điều kiện của Kế hoạch'})"),
        (counts.no_deadline, "chưa có kết quả (Kế hoạch không quy định thời hạn)"),
        (counts.ended, "đã kết thúc hoạt động do sắp xếp tổ chức bộ máy"),
    ]
    return (
        f"Có {counts.total} cơ quan, đơn vị phải thực hiện, trong đó: "
        + "; ".join(f"{n} {words}" for n, words in parts if n)
        + "."
    )


def single_agency_sentence(row: ObligationStatus, figures: Figures, precondition: str | None) -> str:
    """The result of an obligation owed by one agency alone, as one sentence."""
    name = row.agency_label
    documents = cited(figures.documents.get(row.obligation_id, []))
    if row.state is State.DONE_ON_TIME and row.deadline is None:
        return f"{name} đã hoàn thành ({documents or 'báo cáo ngày ' + cited_date(row.reported_on)})."
    if row.state is State.DONE_ON_TIME:
        return f"{name} đã hoàn thành đúng hạn ({documents or 'báo cáo ngày ' + cited_date(row.reported_on)})."
    if row.state is State.DONE_LATE:
        backing = documents or f"báo cáo ngày {cited_date(row.reported_on)}"
        return f"{name} đã hoàn thành quá hạn (hạn ngày {cited_date(row.deadline)}; {backing})."
    progress = ""
    if row.reported is not None:
        progress = f"; đã báo cáo {row.reported.label.lower()} ngày {cited_date(row.reported_on)}"
        progress += f" ({documents})" if documents else ""
    if row.state is State.OPEN_OVERDUE:
        silent = progress or ", chưa gửi báo cáo"
        return f"{name} chưa hoàn thành, đã quá hạn (hạn ngày {cited_date(row.deadline)}){silent}."
    if row.state is State.OPEN_WITHIN_DEADLINE:
        return f"{name} chưa hoàn thành, còn trong hạn (hạn ngày {cited_date(row.deadline)}){progress}."
    if row.state is State.ENDED:
        return f"{name} đã kết thúc hoạt động do sắp xếp tổ chức bộ máy trước khi hoàn thành{progress}."
    if row.state is State.WAITING_FOR_CONDITION:
        return f"{name} chưa thực hiện, chờ điều kiện: {precondition or 'điều kiện của Kế hoạch'}{progress}."
    return f"{name} chưa báo cáo kết quả (Kế hoạch không quy định thời hạn){progress}."


def result_lines(rows: list[ObligationStatus], figures: Figures, precondition: str | None) -> list[str]:
    """The result of one period of one item: a count, then who is done, late, silent or still in time."""
    if len(rows) == 1:
        return [single_agency_sentence(rows[0], figures, precondition)]
    lines = [count_sentence(Counts.of(rows), precondition)]
    for label, states in (
        ("Đã hoàn thành", (State.DONE_ON_TIME, State.DONE_LATE)),
        ("Chưa hoàn thành, quá hạn", (State.OPEN_OVERDUE,)),
        ("Chưa hoàn thành, còn trong hạn", (State.OPEN_WITHIN_DEADLINE,)),
        ("Chưa có kết quả (không quy định thời hạn)", (State.NO_DEADLINE,)),
        (
            "Đã kết thúc hoạt động do sắp xếp tổ chức bộ máy (nhiệm vụ còn dở chuyển cho cơ quan kế thừa, nếu có)",
            (State.ENDED,),
        ),
    ):
        chosen = [r for r in rows if r.state in states]
        if chosen:
            worst = "chậm nhất" if State.OPEN_OVERDUE in states else None
            lines.append(f"{label}: {name_list(chosen, rows, figures, worst_label=worst)}.")
    return lines


def item_lines(plan: Plan, item: Item, lead_names: str, figures: Figures) -> list[str]:
    """Everything section I says about one item of the plan in the period (earlier periods: `earlier_lines`)."""
    precondition = plan.preconditions_by_name[item.precondition].text if item.precondition else None
    timeframe = (item.timeframe or "").replace("*", "").strip().rstrip(".") or "Kế hoạch không quy định"
    requested = " (đề nghị)" if item.requested else ""
    lines = [f"Cơ quan chủ trì{requested}: {lead_names}; thời gian thực hiện: {timeframe}."]

    current = _by_period([r for r in figures.rows if r.item == item.code])
    earlier = [r for r in figures.carried_over if r.item == item.code]
    if not current:
        before = [r for r in figures.earlier if r.item == item.code]
        if earlier:
            lines.append(
                "Nhiệm vụ không đến hạn trong kỳ báo cáo; kết quả thực hiện nhiệm vụ đến hạn trong các kỳ trước "
                "nêu tại Mục II của báo cáo."
            )
        elif before and all(r.state.is_done for r in before):
            lines.append("Nhiệm vụ đến hạn trước kỳ báo cáo và đã hoàn thành.")
        else:
            lines.append("Nhiệm vụ không đến hạn trong kỳ báo cáo.")
    several = len(current) > 1
    for period, rows in current.items():
        results = result_lines(rows, figures, precondition)
        if several:
            label = period_label(item, period, rows[0].due)
            # "Tháng 1/2026: có 2 cơ quan, đơn vị …", but "Tháng 1/2026: Sở Tư pháp …": a name keeps its capital.
            first = results[0] if len(rows) == 1 else lower_first(results[0])
            results[0] = f"{label[:1].upper()}{label[1:]}: {first}"
        lines += results
    lines += [f"Số liệu báo cáo: {line}" for line in figure_lines(item, figures)]
    return [sentence(line) for line in lines]


def earlier_lines(plan: Plan, item: Item, figures: Figures) -> list[str]:
    """What is still open, or was completed in the period, of an item's obligations due in earlier periods."""
    precondition = plan.preconditions_by_name[item.precondition].text if item.precondition else None
    lines = []
    for period, rows in _by_period([r for r in figures.carried_over if r.item == item.code]).items():
        universe = [r for r in figures.earlier if r.item == item.code and r.period == period]
        lines.append(carried_over_line(item, period, rows, universe, figures, precondition))
    return [sentence(line) for line in lines]


def carried_over_line(
    item: Item,
    period: str,
    rows: list[ObligationStatus],
    universe: list[ObligationStatus],
    figures: Figures,
    precondition: str | None,
) -> str:
    """Who still owes an obligation that fell due before the period."""
    label = period_label(item, period, rows[0].due)
    lead = f"{upper_first(label)}, đến ngày {cited_date(figures.as_of)}: "
    if len(rows) == 1 and len(universe) == 1:
        return lead + single_agency_sentence(rows[0], figures, precondition)
    parts = []
    for label, states, worst in (
        ("hoàn thành trong kỳ báo cáo", (State.DONE_ON_TIME, State.DONE_LATE), None),
        ("chưa hoàn thành, quá hạn", (State.OPEN_OVERDUE,), "chậm nhất"),
        ("chưa hoàn thành, còn trong hạn", (State.OPEN_WITHIN_DEADLINE,), None),
        ("chưa có kết quả (không quy định thời hạn)", (State.NO_DEADLINE,), None),
    ):
        chosen = [r for r in rows if r.state in states]
        if chosen:
            parts.append(f"{label}: {name_list(chosen, universe, figures, worst_label=worst)}")
    waiting = sum(1 for r in rows if r.state is State.WAITING_FOR_CONDITION)
    if waiting:
        share = f"toàn bộ {waiting}" if waiting == len(universe) else f"{waiting}/{len(universe)}"
        condition = precondition or "điều kiện của Kế hoạch"
        parts.append(f"{share} cơ quan, đơn vị chưa thực hiện, chờ điều kiện ({condition})")
    return lead + "; ".join(parts)


def _by_period(rows: list[ObligationStatus]) -> dict[str, list[ObligationStatus]]:
    groups: dict[str, list[ObligationStatus]] = {}
    for row in sorted(rows, key=lambda r: (period_sort_key(r.period), r.agency_position)):
        groups.setdefault(row.period, []).append(row)
    return groups
