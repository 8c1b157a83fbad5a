"""What the operator sees in the Prefect UI: keyed tables, progress and the plan-wide overview."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import quote

from prefect.artifacts import create_markdown_artifact, create_progress_artifact, create_table_artifact

from plan_definition.plan import plan_slug
from plan_definition.text import slug
from reports.markdown import markdown_text
from tracking.rules.labels import STAGE_LABELS, STATE_LABELS, period_label
from tracking.rules.ladder import stage_from_code
from tracking.rules.states import State
from tracking.status import ObligationStatus


def item_key(plan_number: str, item: str) -> str:
    """'86/KH-UBND', 'IV.2' → '86-kh-ubnd-muc-iv-2' (keys allow lowercase letters, digits, dashes)."""
    return f"{plan_slug(plan_number)}-muc-{slug(item)}"


def progress_key(plan_number: str, item: str) -> str:
    return f"{item_key(plan_number, item)}-tien-do"


def overview_key(plan_number: str) -> str:
    return f"{plan_slug(plan_number)}-tong-quan"


def report_key(plan_number: str, year: int) -> str:
    return f"{plan_slug(plan_number)}-bao-cao-{year}"


def stage_label(code: str | None) -> str:
    if not code:
        return ""
    stage = stage_from_code(code)
    when = f"{-stage.offset} ngày làm việc trước hạn" if stage.offset < 0 else f"{stage.offset} ngày làm việc sau hạn"
    return f"{STAGE_LABELS[stage.kind]} ({when})"


def agency_page_url(base_url: str, agency: str) -> str:
    """The operator's page for an agency on dondoc's own web server: '{base}/can-bo/co-quan/{code}'."""
    return f"{base_url.rstrip('/')}/can-bo/co-quan/{quote(agency, safe='')}"


def agency_cell(name: str, agency: str, base_url: str | None) -> str:
    """The agency's name, escaped, linked to its operator page when dondoc's web server is configured."""
    text = markdown_text(name)
    if not base_url:
        return text
    # A URL in Markdown link syntax: parentheses and spaces percent-encoded so the code cannot end the link.
    url = agency_page_url(base_url, agency).replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({url})"


def item_table(statuses: list[ObligationStatus], notices: dict, operator_url: str | None = None) -> list[dict]:
    """One row per obligation: agency, role, period, deadline, state, last notice, escalation stage.

    The UI renders each cell as Markdown, so text that came from the directory or a record is escaped.
    `operator_url`: dondoc's web server address when its operator pages are on; each agency then links to its page.
    """
    rows = []
    for s in statuses:
        notice = notices.get(s.obligation_id)
        rows.append(
            {
                "Mã cơ quan": markdown_text(s.agency),
                "Cơ quan": agency_cell(s.agency_name, s.agency, operator_url),
                "Vai trò": "Được đề nghị chủ trì" if s.requested else "Chủ trì",
                "Kỳ": s.period,
                "Tên kỳ": period_label(s.period),
                "Hạn": s.deadline.isoformat() if s.deadline else "",
                "Trạng thái": s.state.label,
                "Mã trạng thái": s.state.value,
                "Ngày báo cáo": s.reported_on.isoformat() if s.reported_on else "",
                "Văn bản": markdown_text(s.document or ""),
                "Thông báo gần nhất": f"{notice.decided_on.isoformat()}: {notice.stage}" if notice else "",
                "Bậc đôn đốc": stage_label(notice.stage) if notice else "",
            }
        )
    return rows


def done_share(statuses: list[ObligationStatus]) -> float:
    return 100.0 * sum(s.state.is_done for s in statuses) / len(statuses) if statuses else 100.0


def publish_item(
    plan_number: str,
    item: str,
    day: date,
    statuses: list[ObligationStatus],
    notices: dict,
    operator_url: str | None = None,
) -> None:
    counts = Counter(s.state for s in statuses)
    summary = (
        "; ".join(f"{STATE_LABELS[state]}: {counts[state]}" for state in State if counts[state]) or "không có nghĩa vụ"
    )
    create_table_artifact(
        key=item_key(plan_number, item),
        table=item_table(statuses, notices, operator_url),
        description=f"Mục {markdown_text(item)}, Kế hoạch {markdown_text(plan_number)}, tình hình đến ngày {day:%d/%m/%Y}. {summary}.",
    )
    create_progress_artifact(
        key=progress_key(plan_number, item),
        progress=round(done_share(statuses), 1),
        description=f"Mục {markdown_text(item)}: tỷ lệ nghĩa vụ đã hoàn thành đến ngày {day:%d/%m/%Y}.",
    )


def state_table(heading: str, first_column: str, rows: list[tuple[str, Counter]]) -> str:
    """A heading, then one row of counts per state for each labelled row, and the totals."""
    lines = [
        f"# {heading}",
        "",
        f"| {first_column} | " + " | ".join(STATE_LABELS[s] for s in State) + " | Tổng |",
        "|" + "---|" * (len(State) + 2),
    ]
    total = Counter()
    for label, counts in rows:
        total.update(counts)
        cells = " | ".join(str(counts[s]) for s in State)
        lines.append(f"| {markdown_text(label)} | {cells} | {sum(counts.values())} |")
    lines.append("| **Tổng** | " + " | ".join(f"**{total[s]}**" for s in State) + f" | **{sum(total.values())}** |")
    return "\n".join(lines) + "\n"


def overview_markdown(plan_number: str, day: date, statuses: list[ObligationStatus], item_order: list[str]) -> str:
    """Items × states for the whole plan."""
    by_item: dict[str, Counter] = {code: Counter() for code in item_order}
    for s in statuses:
        by_item.setdefault(s.item, Counter())[s.state] += 1
    heading = f"Kế hoạch {markdown_text(plan_number)}: tình hình thực hiện đến ngày {day:%d/%m/%Y}"
    return state_table(heading, "Mục", list(by_item.items()))


def publish_overview(plan_number: str, day: date, statuses: list[ObligationStatus], item_order: list[str]) -> None:
    create_markdown_artifact(
        key=overview_key(plan_number),
        markdown=overview_markdown(plan_number, day, statuses, item_order),
        description=f"Tổng quan Kế hoạch {markdown_text(plan_number)} ngày {day:%d/%m/%Y}",
    )


ACROSS_PLANS_KEY = "cac-ke-hoach-tong-quan"


def across_plans_markdown(day: date, by_plan: dict[str, list[ObligationStatus]], ended: dict[str, date]) -> str:
    """Plans × states: one row per plan followed (each plan's own overview has its items)."""
    rows = [
        (number + (f" (đã kết thúc ngày {ended[number]:%d/%m/%Y})" if number in ended else ""),
         Counter(s.state for s in statuses))
        for number, statuses in by_plan.items()
    ]  # fmt: skip
    return state_table(f"Các kế hoạch: tình hình thực hiện đến ngày {day:%d/%m/%Y}", "Kế hoạch", rows)


def publish_across_plans(day: date, by_plan: dict[str, list[ObligationStatus]], ended: dict[str, date]) -> None:
    create_markdown_artifact(
        key=ACROSS_PLANS_KEY,
        markdown=across_plans_markdown(day, by_plan, ended),
        description=f"Tổng quan các kế hoạch ngày {day:%d/%m/%Y}",
    )
