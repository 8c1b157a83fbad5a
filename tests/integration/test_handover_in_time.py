"""A duty passes to a successor only if it is still open when its agency ends, judged on the hand-over day.

Found by benchmarks/audit_replay.py (issue 14's check): the ad-hoc request of 2/6/2025 made every agency's
duty at once and, as nobody had reported yet, passed each one to the successor of 1/7/2025. An agency that
then reported before it ended (Đài Phát thanh và Truyền hình, 20/6/2025) still left its successor an
inherited duty: reminded, escalated, counted in the 2025 report, and retired only by the next year's
sync (the next ad-hoc request), which rewrote history (`status --as-of 17/11/2025` afterwards no longer matched that report)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service_layer.actions import add_request, enqueue_notices
from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow
from tracking.status import status_as_of
from tracking.submissions import Report, record_submission

PREDECESSOR, SUCCESSOR = "dai-phat-thanh-truyen-hinh", "vl-bao-va-phat-thanh-truyen-hinh"


def owed(app, day: date, agency: str, period: str) -> list:
    with transaction(app.engine) as session:
        return [
            s
            for s in status_as_of(session, app.plan_number, day)
            if s.item == "IV.2" and s.agency == agency and s.period == period
        ]


def requested_and_done_by_the_predecessor(app) -> str:
    """The ad-hoc request of 2/6/2025 on item IV.2, which the predecessor completes on 20/6; its period."""
    period = add_request(app, "IV.2", date(2025, 6, 23), today=date(2025, 6, 2), recorded_by="t")
    with transaction(app.engine) as session:
        record_submission(
            session, app.plan_number,
            Report("IV.2", PREDECESSOR, "hoan-thanh", date(2025, 6, 20), period, document="12/BC-DPTTH"),
            today=date(2025, 6, 20), recorded_by="t", source="cli",
        )  # fmt: skip
    return period


def test_a_duty_done_before_its_agency_ended_is_not_passed_on(loaded):
    app = loaded
    period = requested_and_done_by_the_predecessor(app)
    handover = date(2025, 7, 1)
    notices = enqueue_notices(app, handover, ["IV.2"])
    assert not owed(app, handover, SUCCESSOR, period)
    assert not [n for n in notices if n.context.get("agency_code") == SUCCESSOR]
    later = [n for n in enqueue_notices(app, date(2025, 7, 15), ["IV.2"]) if n.context.get("agency_code") == SUCCESSOR]
    assert not [n for n in later if n.context.get("period") == period]


def test_status_of_a_past_day_does_not_change_when_obligations_are_synced_later(loaded):
    app = loaded
    period = requested_and_done_by_the_predecessor(app)
    day = date(2025, 11, 17)
    enqueue_notices(app, day, ["IV.2"])
    before = past(app, day, period)
    add_request(app, "IV.2", date(2026, 6, 22), today=date(2026, 6, 1), recorded_by="t")  # syncs the obligations
    assert past(app, day, period) == before
    assert SUCCESSOR in before[1]  # retired on the hand-over day, before anything was sent to it


def past(app, day: date, period: str) -> tuple[list, list]:
    """The status rows of `day`, and the agencies whose duty of `period` is retired."""
    with transaction(app.engine) as session:
        rows = sorted((s.item, s.agency, s.period, s.state) for s in status_as_of(session, app.plan_number, day))
        retired = session.scalars(
            select(ObligationRow.agency_code)
            .join(ItemRow)
            .where(ItemRow.code == "IV.2", ObligationRow.period == period, ObligationRow.active.is_(False))
        ).all()
    return rows, sorted(retired)


def test_a_successor_that_existed_before_owes_nothing_of_the_item_before_it_took_it_over(loaded):
    """Sở Khoa học và Công nghệ took over Sở Thông tin và Truyền thông's duties on 1/3/2025 (item 1.2.b). The
    replay audit found it reminded, called late and escalated for 1.2.b in 2023 and 2024."""
    app = loaded
    science, media = "so-khoa-hoc-va-cong-nghe", "so-thong-tin-va-truyen-thong"
    with transaction(app.engine) as session:
        in_2024 = [s for s in status_as_of(session, app.plan_number, date(2024, 12, 2)) if s.item == "1.2.b"]
        in_2025 = [s for s in status_as_of(session, app.plan_number, date(2025, 3, 3)) if s.item == "1.2.b"]
    assert {s.agency for s in in_2024} == {media, "dai-phat-thanh-truyen-hinh", "bao-tra-vinh"}
    [passed] = [s for s in in_2025 if s.agency == science]
    assert passed.period == "2025" and [code for _, code in passed.inherited_from] == [media]
    notices = enqueue_notices(app, date(2023, 11, 15), ["1.2.b"])
    assert not [n for n in notices if n.context.get("agency_code") == science]


def test_the_report_says_how_many_earlier_duties_ended_with_their_agencies(loaded):
    """On 17/11/2025 the replay's report said 'Không còn nhiệm vụ nào đến hạn trước kỳ báo cáo mà chưa hoàn
    thành' while 25 duties of 2023 and 2024 had been left open by bodies that ended in 2025 (they do not pass
    on: only the period under way does)."""
    from reports.config import DEFAULT_REPORT_CONFIG, load_report_config
    from reports.context import report_context
    from reports.figures import compute_figures
    from reports.period import ReportPeriod
    from tracking.rules.states import State

    app = loaded
    with transaction(app.engine) as session:
        figures = compute_figures(session, app.plan_number, ReportPeriod.year(2025), date(2025, 12, 1))
    ended = [r for r in figures.earlier if r.state is State.ENDED]
    assert ended and figures.ended_earlier == ended  # nobody reported: every open 2023–2024 duty ended in 2025
    text = report_context(app.files, figures, load_report_config(DEFAULT_REPORT_CONFIG)).earlier_intro
    assert (
        f"{len(ended)} nhiệm vụ đến hạn trước kỳ báo cáo chưa hoàn thành đã chấm dứt do cơ quan, đơn vị được giao "
        "kết thúc hoạt động khi sắp xếp tổ chức bộ máy" in text
    ), text
    with transaction(app.engine) as session:
        later = compute_figures(session, app.plan_number, ReportPeriod.year(2026), date(2026, 12, 1))
    assert not later.ended_earlier  # said once, in the year the bodies ended
