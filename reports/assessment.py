"""The assessment drafted from the facts, and the tasks proposed for the next year from what is still open."""

from __future__ import annotations

from plan_definition.directory import Directory
from plan_definition.plan import Item, Plan
from plan_definition.text import join_names
from tracking.rules.period_names import is_recurring
from tracking.rules.states import State
from tracking.rules.transfers import heirs

from .figures import Counts, Figures, Remark
from .narrative import kind_plural, kind_shares
from .wording import percent

OPEN_STATES = (State.OPEN_OVERDUE, State.OPEN_WITHIN_DEADLINE, State.NO_DEADLINE, State.WAITING_FOR_CONDITION)
MOST_OFTEN = 3
LAGGING_NAMED = 5


def short_title(item: Item, words: int = 14) -> str:
    """The item's title, cut at a word after `words` words: 'Tổ chức hội nghị quán triệt …'."""
    parts = item.title.strip().rstrip(".;:").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def items_done(plan: Plan, figures: Figures) -> list[str]:
    return [i.code for i in plan.items if (c := figures.by_item.get(i.code)) and c.total and c.done == c.total]


def kinds_behind(figures: Figures, item: str) -> list[tuple[str, Counts]]:
    """The kinds of agencies with obligations overdue on `item`, most overdue first."""
    kinds = figures.by_item_and_kind.get(item, {})
    return sorted(((k, c) for k, c in kinds.items() if c.open_overdue), key=lambda kc: -kc[1].open_overdue)


def common_difficulties(remarks: list[Remark]) -> list[tuple[str, int]]:
    """The difficulties most agencies wrote, in their own words, with how many agencies wrote each."""
    agencies: dict[str, set[str]] = {}
    wording: dict[str, str] = {}
    for r in remarks:
        text = " ".join(r.text.split()).rstrip(".;")
        key = text.casefold()
        wording.setdefault(key, text)
        agencies.setdefault(key, set()).add(r.agency)
    ranked = sorted(agencies.items(), key=lambda kv: -len(kv[1]))
    shared = [(k, v) for k, v in ranked if len(v) > 1]  # a difficulty one agency wrote is quoted in section IV
    return [(wording[k], len(v)) for k, v in (shared or ranked)[:MOST_OFTEN]]


def assessment_lines(plan: Plan, figures: Figures) -> list[str]:
    """What went well, what did not and why, as the facts say it; the clerk edits it before signing."""
    lines = []
    done = items_done(plan, figures)
    with_rows = [i for i in plan.items if figures.by_item.get(i.code)]
    if done:
        lines.append(
            f"Các nhiệm vụ đã hoàn thành toàn bộ ({len(done)}/{len(with_rows)} mục có nhiệm vụ trong kỳ): "
            f"mục {', '.join(done)}."
        )
    elif with_rows:
        lines.append("Chưa có mục nào của Kế hoạch được tất cả cơ quan, đơn vị thực hiện hoàn thành trong kỳ báo cáo.")
    lagging = sorted(
        (i for i in plan.items if (c := figures.by_item.get(i.code)) and c.open_overdue),
        key=lambda i: -figures.by_item[i.code].open_overdue,
    )
    if lagging:
        parts = []
        for item in lagging[:LAGGING_NAMED]:
            counts = figures.by_item[item.code]
            behind = kinds_behind(figures, item.code)
            kinds = "; ".join(f"{kind_plural(k)}: {c.open_overdue}/{c.total}" for k, c in behind[:2])
            parts.append(f"mục {item.code} ({counts.open_overdue}/{counts.total} chưa hoàn thành, quá hạn; {kinds})")
        more = len(lagging) - LAGGING_NAMED
        lines.append(
            "Các nhiệm vụ còn chậm: "
            + "; ".join(parts)
            + (f"; và {more} mục khác (chi tiết tại Phụ lục)" if more > 0 else "")
            + "."
        )
    kinds = [(k, c) for k, c in figures.by_kind.items() if c.expected]
    if len(kinds) > 1:
        slowest = min(kinds, key=lambda kc: (kc[1].on_time_rate or 0.0, -kc[1].open_overdue))
        fastest = max(kinds, key=lambda kc: (kc[1].on_time_rate or 0.0, -kc[1].open_overdue))
        if (fastest[1].on_time_rate or 0.0) > max(slowest[1].on_time_rate or 0.0, 0.0):  # a real difference
            lines.append(
                f"Khối {kind_plural(fastest[0])} thực hiện kịp thời nhất (tỷ lệ đúng hạn "
                f"{percent(fastest[1].on_time_rate)}); khối {kind_plural(slowest[0])} còn chậm nhất (tỷ lệ đúng hạn "
                f"{percent(slowest[1].on_time_rate)}, {slowest[1].open_overdue} nhiệm vụ chưa hoàn thành, quá hạn"
                + (f", trong đó {slowest[1].silent} nhiệm vụ chưa gửi báo cáo" if slowest[1].silent else "")
                + ")."
            )
    earlier = figures.earlier_total
    if earlier.total:
        done = (
            f"{earlier.done} nhiệm vụ đã hoàn thành trong kỳ báo cáo"
            if earlier.done
            else "chưa có nhiệm vụ nào được hoàn thành trong kỳ báo cáo"
        )
        still = f"{earlier.open} nhiệm vụ chưa hoàn thành" if earlier.open else "không còn nhiệm vụ chưa hoàn thành"
        lines.append(f"Nhiệm vụ đến hạn trong các kỳ trước: {done}; {still}.")
    common = common_difficulties(figures.difficulties)
    if common:
        lines.append(
            "Khó khăn được các cơ quan, đơn vị phản ánh nhiều nhất: "
            + "; ".join(f"“{text}” ({n} cơ quan, đơn vị)" for text, n in common)
            + "."
        )
    return lines or ["Trong kỳ báo cáo chưa có nhiệm vụ đến hạn để đánh giá."]


def next_tasks(plan: Plan, figures: Figures, body_name: str, directory: Directory) -> list[str]:
    """Tasks for the next year, from what is still open on the cut-off day and what recurs every year."""
    lines = []
    open_rows = [r for r in figures.rows + figures.carried_over if r.state in OPEN_STATES]
    items = {i.code: i for i in plan.items}
    collectors = heirs(plan.reporting.collector, directory.lives)  # Sở Nội vụ and the bodies that took over from it
    for item in plan.items:
        rows = [r for r in open_rows if r.item == item.code and r.state is not State.WAITING_FOR_CONDITION]
        if rows:
            agencies = list(dict.fromkeys((r.agency, r.agency_kind, r.agency_label) for r in rows))
            who = (
                join_names(name for _, _, name in agencies)
                if len(agencies) <= 3
                else f"{len(agencies)} cơ quan, đơn vị ({kind_shares([k for _, k, _ in agencies])})"
            )
            overdue = sum(1 for r in rows if r.state is State.OPEN_OVERDUE)
            late = f", trong đó {overdue} nhiệm vụ đã quá hạn" if overdue else ""
            if {code for code, _, _ in agencies} <= collectors:
                action = f"{who} tập trung hoàn thành"  # the monitor's own duty: it does not chase itself
            elif all(r.requested for r in rows):
                action = f"Đề nghị {who} hoàn thành"  # a body the UBND cannot order is asked, never chased
            else:
                action = f"Đôn đốc {who} hoàn thành"
            lines.append(
                f"{action} nhiệm vụ tại mục {item.code} ({short_title(item)}): "
                f"còn {len(rows)} nhiệm vụ chưa hoàn thành{late}."
            )
    waiting = sorted({r.item for r in open_rows if r.state is State.WAITING_FOR_CONDITION}, key=list(items).index)
    for code in waiting:
        item = items[code]
        condition = (
            plan.preconditions_by_name[item.precondition].text if item.precondition else "điều kiện của Kế hoạch"
        )
        lines.append(
            f"Theo dõi {condition}; khi đáp ứng, triển khai ngay nhiệm vụ tại mục {code} ({short_title(item)})."
        )
    recurring = sorted({r.item for r in figures.rows if is_recurring(r.period)}, key=list(items).index)
    if recurring:
        due = plan.reporting.yearly_due
        lines.append(
            f"Tiếp tục thực hiện các nhiệm vụ thường xuyên, hằng năm tại mục {', '.join(recurring)}; các cơ quan, "
            f"đơn vị gửi kết quả về {body_name} trước ngày {due.day + 1:02d}/{due.month}/"
            f"{figures.period.report_year + 1}."
            if due.day < 28
            else f"Tiếp tục thực hiện các nhiệm vụ thường xuyên, hằng năm tại mục {', '.join(recurring)}."
        )
    return lines or ["Các nhiệm vụ của Kế hoạch đã hoàn thành; tiếp tục theo dõi, duy trì kết quả."]
