"""dondoc's web app over HTTP (Starlette's test client) on the loaded reference plan: links, limits, login, report."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from reports.period import ReportPeriod
from service_layer.reporting import draft_report
from tracking.database import transaction
from tracking.models import ObligationRow, SubmissionRow
from tracking.rules.states import State
from tracking.status import status_as_of

DAY = date(2024, 10, 31)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("DONDOC_TODAY", DAY.isoformat())
    return DAY


def client(app, **options) -> TestClient:
    from web import create_app

    return TestClient(create_app(app, **options))


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def submissions(app) -> int:
    with transaction(app.engine) as session:
        return session.scalar(select(func.count()).select_from(SubmissionRow))


def open_obligation(app, agency: str, item: str, period: str) -> int:
    with transaction(app.engine) as session:
        from tracking.models import ItemRow

        return session.scalar(
            select(ObligationRow.id)
            .join(ItemRow, ObligationRow.item_id == ItemRow.id)
            .where(ObligationRow.agency_code == agency, ItemRow.code == item, ObligationRow.period == period)
        )


def post_report(http, link: str, obligation: int, **fields):
    page = http.get(path_of(link))
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    data = {"csrf": csrf, "obligation": str(obligation), "state": "hoan-thanh", **fields}
    return http.post(path_of(link), data=data, follow_redirects=False)


def test_without_an_operator_password_the_operator_pages_are_off_and_agency_links_still_work(loaded, today):
    http = client(loaded)
    answer = http.get("/can-bo/")
    assert answer.status_code == 503 and "DONDOC_WEB_OPERATOR_PASSWORD" in answer.text
    assert http.get(path_of(loaded.report_link("so-tu-phap", today))).status_code == 200


def test_a_link_is_used_up_after_its_requests_and_then_says_how_to_get_a_new_one(loaded, today):
    http = client(loaded, requests_per_link=2)
    path = path_of(loaded.report_link("so-tu-phap", today))
    assert [http.get(path).status_code for _ in range(2)] == [200, 200]
    answer = http.get(path)
    assert answer.status_code == 429 and "Đường liên kết đã hết lượt sử dụng" in answer.text
    assert "Để nhận đường liên kết mới" in answer.text


def test_a_report_from_the_page_counts_in_the_yearly_report_with_its_figures_summed(loaded, today):
    http = client(loaded)
    for agency, classes, people in (("ubnd-tp-tra-vinh", "2", "150"), ("ubnd-huyen-cang-long", "3", "210")):
        answer = post_report(
            http, loaded.report_link(agency, today), open_obligation(loaded, agency, "1.3.b", "2024"),
            **{"figure-lop_tap_huan": classes, "figure-nguoi_tham_du": people, "difficulties": f"Thiếu kinh phí ({agency})."},
        )  # fmt: skip
        assert answer.status_code == 303
    draft = draft_report(loaded, ReportPeriod.year(2024), today, formats=("md",))
    assert "- Mục 1.3.b: Số lớp tập huấn: 5 lớp (2 cơ quan, đơn vị báo cáo)" in draft.markdown
    assert "- Mục 1.3.b: Số người tham dự: 360 người (2 cơ quan, đơn vị báo cáo)" in draft.markdown
    assert "Thiếu kinh phí (ubnd-huyen-cang-long)" in draft.markdown  # in the agency's own words


def test_a_figure_that_is_not_a_number_is_refused_on_the_page_and_writes_nothing(loaded, today):
    http = client(loaded)
    link = loaded.report_link("ubnd-tp-tra-vinh", today)
    answer = post_report(http, link, open_obligation(loaded, "ubnd-tp-tra-vinh", "1.3.b", "2024"),
                         **{"figure-lop_tap_huan": "ba"})  # fmt: skip
    assert answer.status_code == 400
    assert "Chưa ghi nhận được: mục 1.3.b, số liệu &#39;lop_tap_huan&#39; = &#39;ba&#39;" in answer.text
    assert submissions(loaded) == 0


def test_operator_pages_need_the_password_and_serve_report_files_only_from_the_reports_folder(loaded, today):
    loaded.settings.web_operator_password = SecretStr("mat-khau")
    draft_report(loaded, ReportPeriod.year(2024), today, formats=("md",))
    http = client(loaded)
    assert http.get("/can-bo/").status_code == 401
    assert http.get("/can-bo/", auth=("an", "sai")).status_code == 401
    index = http.get("/can-bo/", auth=("an", "mat-khau"))
    assert index.status_code == 200 and "/can-bo/bao-cao/2024/" in index.text
    name = index.text.split('href="/can-bo/bao-cao/', 1)[1].split('"', 1)[0]
    assert http.get(f"/can-bo/bao-cao/{name}", auth=("an", "mat-khau")).text.startswith("# Kết quả")
    assert http.get("/can-bo/bao-cao/../web-secret", auth=("an", "mat-khau")).status_code == 404
    assert http.get("/can-bo/bao-cao/%2e%2e/web-secret", auth=("an", "mat-khau")).status_code == 404


def test_the_page_takes_as_much_text_as_the_cli_leaving_room_for_the_documents_date(loaded, today):
    from tracking.submissions import TEXT_FIELDS
    from web.agency_routes import DOCUMENT_NUMBER_LIMIT

    http = client(loaded)
    link = loaded.report_link("ubnd-tp-tra-vinh", today)
    page = http.get(path_of(link)).text
    assert DOCUMENT_NUMBER_LIMIT == TEXT_FIELDS["document"].max_chars - 16  # room for " ngày 10/11/2026"
    assert f'name="document" maxlength="{DOCUMENT_NUMBER_LIMIT}"' in page
    assert f'name="note" rows="2" maxlength="{TEXT_FIELDS["note"].max_chars}"' in page
    number = "125/BC-UBND " + "x" * (DOCUMENT_NUMBER_LIMIT - 12)
    answer = post_report(http, link, open_obligation(loaded, "ubnd-tp-tra-vinh", "1.3.b", "2024"), document=number)
    assert answer.status_code == 303, answer.text
    assert submissions(loaded) == 1


def test_a_late_report_sent_on_the_page_counts_from_the_day_it_arrives_whatever_date_its_document_bears(loaded, today):
    http = client(loaded)
    link = loaded.report_link("ubnd-tp-tra-vinh", today)
    obligation = open_obligation(loaded, "ubnd-tp-tra-vinh", "2.2", "once")
    with transaction(loaded.engine) as session:
        deadline = session.get(ObligationRow, obligation).deadline
    assert deadline < today
    backdated = deadline.replace(day=1)
    answer = post_report(http, link, obligation, document="07/BC-UBND", document_date=backdated.isoformat())
    assert answer.status_code == 303, answer.text
    with transaction(loaded.engine) as session:
        [stored] = session.scalars(select(SubmissionRow)).all()
        assert (stored.reported_on, stored.document) == (today, f"07/BC-UBND ngày {backdated:%d/%m/%Y}")
        [row] = [s for s in status_as_of(session, loaded.plan_number, today) if s.obligation_id == obligation]
    assert row.state is State.DONE_LATE
