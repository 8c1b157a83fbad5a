"""What the report says, as plain values: the context every template (Word, Markdown) renders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields

from plan_definition.loading import PlanFiles
from plan_definition.text import cited_date, lower_first, upper_first

from .assessment import assessment_lines, next_tasks
from .config import ReportConfig, Signature
from .figures import Counts, Figures, Remark, figure_lines
from .narrative import WORST_CASES, collapse, kind_plural
from .outline import Block, earlier_outline, outline
from .wording import percent

RECOMMENDATIONS_PLACEHOLDER = (
    "[Phần dành cho {body}: nêu đề xuất, kiến nghị với {recipient} trước khi trình ký; xóa đoạn này khi hoàn thành.]"
)


@dataclass(frozen=True)
class TableRow:
    """One row of a figures table, every cell already written as text."""

    label: str
    total: str
    done: str
    done_undated: str
    done_on_time: str
    done_late: str
    open_within_deadline: str
    open_overdue: str
    waiting: str
    no_deadline: str
    expected: str
    reported: str
    reporting_rate: str
    on_time_rate: str

    @classmethod
    def of(cls, label: str, counts: Counts) -> TableRow:
        return cls(
            label=label,
            total=str(counts.total),
            done=str(counts.done),
            done_undated=str(counts.done_undated),
            done_on_time=str(counts.done_on_time),
            done_late=str(counts.done_late),
            open_within_deadline=str(counts.open_within_deadline),
            open_overdue=str(counts.open_overdue),
            waiting=str(counts.waiting),
            no_deadline=str(counts.no_deadline),
            expected=str(counts.expected),
            reported=str(counts.reported),
            reporting_rate=percent(counts.reporting_rate),
            on_time_rate=percent(counts.on_time_rate),
        )


@dataclass(frozen=True)
class Signer:
    """The signature block as printed; empty strings where the configuration leaves a blank."""

    authority: str
    title: str
    name: str

    @classmethod
    def of(cls, signature: Signature) -> Signer:
        return cls(signature.authority or "", signature.title, signature.name or "")


@dataclass(frozen=True)
class ReportContext:
    """Every name a report template may use; a template that asks for anything else fails."""

    parent_body: str
    body: str
    body_name: str
    number_line: str
    place_date_line: str
    summary_line: str
    title: str
    recipient_line: str
    period_line: str
    intro: str
    results: list[Block]
    earlier: list[Block]
    earlier_intro: str
    earlier_rows: list[TableRow]
    earlier_total_row: TableRow
    overview: str
    item_rows: list[TableRow]
    total_row: TableRow
    kind_rows: list[TableRow]
    table_note: str
    ranking_lines: list[str]
    difficulties: list[str]
    proposals: list[str]
    figure_lines: list[str]
    assessment: list[str]
    next_tasks: list[str]
    recommendations_placeholder: str
    closing: str
    distribution: list[str]
    signer: Signer
    as_of: str
    period: str
    period_span: str

    def as_mapping(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def report_context(files: PlanFiles, figures: Figures, config: ReportConfig) -> ReportContext:
    """Write the whole report for `figures`: header, sections I–IV, distribution and signature.

    The province and bodies are those of the report's date (`figures.as_of`), see ReportConfig.on."""
    plan = files.plan
    drafted = figures.drafted_on or figures.as_of
    config = config.on(drafted)
    subject = f"{lower_first(plan.title)} {figures.period.label}"
    period_line = f"Kỳ báo cáo: {figures.period.span}; số liệu tính đến ngày {cited_date(figures.as_of)}."
    earlier = figures.earlier_total
    return ReportContext(
        parent_body=config.parent_body,
        body=config.body,
        body_name=config.body_name,
        number_line=config.number_line,
        place_date_line=f"{config.place}, ngày      tháng      năm {drafted.year}",
        summary_line=f"Kết quả {subject}",
        title=f"Báo cáo kết quả {subject}",
        recipient_line=f"Kính gửi: {config.recipient}.",
        period_line=period_line,
        intro=(
            f"Thực hiện {plan.kind} số {plan.number} ngày {cited_date(plan.date)} của {plan.issuer} về "
            f"{lower_first(plan.title)}, trên cơ sở kết quả các cơ quan, đơn vị gửi về, {config.body_name} báo cáo "
            f"kết quả thực hiện {figures.period.label} (kỳ báo cáo {figures.period.span}, số liệu tính đến ngày "
            f"{cited_date(figures.as_of)}) như sau:"
        ),
        results=outline(plan, files.directory, figures),
        earlier=earlier_outline(plan, figures),
        earlier_intro=(
            f"Đến ngày {cited_date(figures.as_of)}, trong các nhiệm vụ đến hạn trước kỳ báo cáo, còn {earlier.open} "
            f"nhiệm vụ chưa hoàn thành"
            + (f" ({earlier.open_overdue} nhiệm vụ quá hạn)" if earlier.open_overdue else "")
            + (f"; {earlier.done} nhiệm vụ đã hoàn thành trong kỳ báo cáo" if earlier.done else "")
            + ". Các nhiệm vụ này không tính vào số liệu của kỳ báo cáo tại Mục III."
            + ended_sentence(figures, " Ngoài ra, ")
            if earlier.total
            else (
                "Không còn nhiệm vụ nào đến hạn trước kỳ báo cáo phải tiếp tục theo dõi" + ended_sentence(figures, "; ")
                if figures.ended_earlier
                else "Không còn nhiệm vụ nào đến hạn trước kỳ báo cáo mà chưa hoàn thành."
            )
        ),
        earlier_rows=[TableRow.of(code, counts) for code, counts in figures.earlier_by_item.items()],
        earlier_total_row=TableRow.of("Tổng cộng", earlier),
        overview=overview(figures),
        item_rows=[TableRow.of(code, counts) for code, counts in figures.by_item.items()],
        total_row=TableRow.of("Tổng cộng", figures.total),
        kind_rows=[TableRow.of(upper_first(kind_plural(kind)), c) for kind, c in figures.by_kind.items()],
        table_note=(
            "Ghi chú: HT: hoàn thành; phải HT: nhiệm vụ có thời hạn đã đến hạn hoặc đã hoàn thành; "
            "HT không thời hạn: nhiệm vụ Kế hoạch không quy định thời hạn đã hoàn thành (không tính vào số phải HT "
            "và số HT đúng hạn); tỷ lệ HT = số đã HT / số phải HT; tỷ lệ đúng hạn = số HT đúng hạn / số phải HT; "
            "“—”: chưa có nhiệm vụ phải hoàn thành."
        ),
        ranking_lines=ranking_lines(figures),
        difficulties=remark_lines(figures.difficulties),
        figure_lines=[f"Mục {item.code}: {line}" for item in files.plan.items for line in figure_lines(item, figures)],
        assessment=assessment_lines(plan, figures),
        next_tasks=next_tasks(plan, figures, config.body_name, files.directory),
        proposals=remark_lines(figures.proposals),
        recommendations_placeholder=RECOMMENDATIONS_PLACEHOLDER.format(
            body=config.body_name, recipient=config.recipient_short
        ),
        closing=(
            f"Trên đây là báo cáo kết quả {subject} của {config.body_name}, kính báo cáo "
            f"{config.recipient_short} xem xét, chỉ đạo./."
        ),
        distribution=config.distribution,
        signer=Signer.of(config.signature),
        as_of=cited_date(figures.as_of),
        period=figures.period.label,
        period_span=figures.period.span,
    )


def ended_sentence(figures: Figures, lead: str) -> str:
    """'…12 nhiệm vụ đến hạn trước kỳ báo cáo chưa hoàn thành đã chấm dứt do …' or '' when there are none."""
    ended = figures.ended_earlier
    if not ended:
        return ""
    return (
        f"{lead}{len(ended)} nhiệm vụ đến hạn trước kỳ báo cáo chưa hoàn thành đã chấm dứt do cơ quan, đơn vị "
        "được giao kết thúc hoạt động khi sắp xếp tổ chức bộ máy (không chuyển cho cơ quan, đơn vị tiếp nhận)."
    )


def overview(figures: Figures) -> str:
    """Section II's opening paragraph: the whole period in numbers."""
    t = figures.total
    if not t.total:
        return (
            f"Tính đến ngày {cited_date(figures.as_of)}, trong kỳ báo cáo không có nhiệm vụ nào của các cơ quan, "
            "đơn vị đến hạn hoặc phải theo dõi."
        )
    agencies = len(figures.by_agency)
    text = (
        f"Tính đến ngày {cited_date(figures.as_of)}, kỳ báo cáo có {t.total} nhiệm vụ của {agencies} cơ quan, "
        f"đơn vị thuộc {len(figures.by_item)} mục của Kế hoạch. "
    )
    if t.expected and t.reported:
        text += (
            f"Trong {t.expected} nhiệm vụ đã đến hạn hoặc đã hoàn thành, có {t.reported} nhiệm vụ đã hoàn thành "
            f"(đạt {percent(t.reporting_rate)}), trong đó {t.done_on_time} nhiệm vụ hoàn thành đúng hạn "
            f"(đạt {percent(t.on_time_rate)})"
        )
    elif t.expected:
        text += f"Trong {t.expected} nhiệm vụ đã đến hạn, chưa có nhiệm vụ nào được báo cáo hoàn thành"
    if t.open_overdue:
        text += f"; {t.open_overdue} nhiệm vụ chưa hoàn thành, quá hạn" + (
            f", trong đó {t.silent} nhiệm vụ cơ quan, đơn vị chưa gửi báo cáo" if t.silent else ""
        )
    if t.expected:
        text += ". "
    others = [
        (t.done_undated, "không quy định thời hạn, đã hoàn thành"),
        (t.open_within_deadline, "còn trong hạn"),
        (t.waiting, "chờ điều kiện thực hiện"),
        (t.no_deadline, "không quy định thời hạn, chưa có kết quả"),
    ]
    shown = [f"{n} nhiệm vụ {words}" for n, words in others if n]
    if shown:
        text += "Ngoài ra, " + "; ".join(shown) + "."
    return text.strip()


def remark_lines(remarks: list[Remark]) -> list[str]:
    """One line per distinct text, naming who wrote it: 'Kinh phí còn hạn chế (Sở Tư pháp, mục 1.2.a; …).'."""
    by_text: dict[str, dict[str, tuple[str, str, list[str]]]] = {}
    wording: dict[str, str] = {}
    for r in remarks:
        text = " ".join(r.text.split()).rstrip(".;")
        key = text.casefold()
        wording.setdefault(key, text)
        agencies = by_text.setdefault(key, {})
        kind, name, items = agencies.setdefault(r.agency, (r.agency_kind, r.agency_name, []))
        if r.item not in items:
            items.append(r.item)
    lines = []
    for key, agencies in by_text.items():
        who = collapse(
            [(kind, f"{name}, mục {', '.join(items)}") for kind, name, items in agencies.values()], join="; ".join
        )
        lines.append(f"“{wording[key]}” ({who}).")
    return lines


def ranking_lines(figures: Figures) -> list[str]:
    """Who completed everything due on time, and who completed nothing that was due (the most behind first)."""
    agencies = figures.agencies
    if not agencies:
        return ["Chưa có nhiệm vụ đến hạn để đánh giá mức độ kịp thời của các cơ quan, đơn vị."]
    kind_totals = Counter(r.agency_kind for r in agencies)
    best = [(r.agency_kind, r.agency_name) for r in agencies if r.counts.on_time_rate == 1]
    worst = [(r.agency_kind, r.agency_name) for r in agencies if not r.counts.reported]
    lines = [
        f"Có {len(agencies)} cơ quan, đơn vị có nhiệm vụ đã đến hạn hoặc đã hoàn thành; kết quả của từng cơ quan, "
        "đơn vị (xếp theo số nhiệm vụ chưa hoàn thành, quá hạn) tại Phụ lục kèm theo."
    ]
    if best:
        lines.append(f"Hoàn thành đúng hạn toàn bộ nhiệm vụ: {collapse(best, kind_totals)}.")
    if worst:
        lines.append(
            f"Chưa hoàn thành nhiệm vụ nào đã đến hạn: "
            f"{collapse(worst, kind_totals, worst=WORST_CASES, worst_label='nhiều nhiệm vụ quá hạn nhất')}."
        )
    return lines
