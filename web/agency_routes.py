"""The agency's report page, opened through its signed personal link."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from plan_definition.errors import PlanError
from service_layer.actions import record_report
from service_layer.agency_pages import active_agency, agency_submissions, open_obligations
from service_layer.bootstrap import App
from service_layer.clock import today
from service_layer.links import LinkGrant, LinkRefusal, check_form_token, form_token, read_token
from service_layer.uploads import StoredFile, store_upload
from tracking.errors import TrackingError
from tracking.rules.states import Reported
from tracking.submissions import TEXT_FIELDS, Report

from .limits import LinkBudget
from .rendering import Pages

NOTHING_WRITTEN = "không có nội dung nào được ghi nhận."
REFUSALS = {
    "invalid": (403, "Đường liên kết không hợp lệ", "Đường liên kết không đúng (có thể đã bị sao chép thiếu hoặc bị sửa đổi)."),
    "expired": (410, "Đường liên kết đã hết hạn", "Đường liên kết này đã hết thời hạn sử dụng."),
    "used": (429, "Đường liên kết đã hết lượt sử dụng", "Đường liên kết này đã được dùng quá số lần cho phép."),
    "form": (403, "Biểu mẫu không hợp lệ", "Biểu mẫu gửi lên không khớp với đường liên kết của Quý cơ quan; " + NOTHING_WRITTEN),
    "obligation": (403, "Nhiệm vụ không thuộc Quý cơ quan",
                   "Nhiệm vụ trong biểu mẫu không phải nhiệm vụ đang mở của Quý cơ quan; " + NOTHING_WRITTEN),
}  # fmt: skip


def agency_router(app: App, pages: Pages, budget: LinkBudget) -> APIRouter:
    router = APIRouter()
    secret = app.settings.web_secret
    monitor = app.directory.by_code[app.first_plan().files.plan.monitor]

    def refused(request: Request, reason: str) -> HTMLResponse:
        status, title, line = REFUSALS[reason]
        return pages.render(request, "refused.html.j2", status_code=status, title=title, line=line, contact=monitor)

    def grant_for(request: Request, token: str, day: date) -> LinkGrant | HTMLResponse:
        grant = read_token(secret, token, day)
        if isinstance(grant, LinkRefusal):
            return refused(request, grant.reason)
        if active_agency(app, grant.agency, day) is None:
            return refused(request, "invalid")
        if not budget.spend(grant.nonce):
            return refused(request, "used")
        return grant

    def page(request: Request, grant: LinkGrant, day: date, *, error: str | None = None, status_code: int = 200):
        agency = active_agency(app, grant.agency, day)
        recorded = request.query_params.get("da-ghi")
        return pages.render(
            request,
            "agency.html.j2",
            status_code=status_code,
            agency=agency,
            obligations=open_obligations(app, grant.agency, day),
            submissions=[s for s in agency_submissions(app, grant.agency)][:15],
            csrf=form_token(secret, grant.token),
            action=f"/bao-cao/{grant.token}",
            expires=grant.expires,
            today=day,
            error=error,
            recorded=int(recorded) if recorded and recorded.isdigit() else None,
            max_mb=app.settings.upload_max_bytes / 1_048_576,
            limits={key: field.max_chars for key, field in TEXT_FIELDS.items()} | {"document": DOCUMENT_NUMBER_LIMIT},
        )

    @router.get("/bao-cao/{token}", response_class=HTMLResponse)
    def show(request: Request, token: str):
        day = today()
        grant = grant_for(request, token, day)
        if isinstance(grant, HTMLResponse):
            return grant
        return page(request, grant, day)

    @router.post("/bao-cao/{token}", response_class=HTMLResponse)
    async def submit(request: Request, token: str):
        day = today()
        grant = grant_for(request, token, day)
        if isinstance(grant, HTMLResponse):
            return grant
        form = await request.form(max_files=1, max_fields=60)
        if not check_form_token(secret, grant.token, str(form.get("csrf", ""))):
            return refused(request, "form")
        owed = {str(o.status.obligation_id): o for o in open_obligations(app, grant.agency, day)}
        obligation = owed.get(str(form.get("obligation", "")))
        if obligation is None:
            return refused(request, "obligation")
        try:
            report = _report(form, obligation, grant.agency, day)
        except ValueError as exc:
            return page(request, grant, day, error=str(exc), status_code=400)
        upload = form.get("file")
        stored: StoredFile | None = None
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                content = await upload.read(app.settings.upload_max_bytes + 1)
                stored = store_upload(
                    app.settings.home, grant.agency, upload.filename, content, app.settings.upload_max_bytes
                )
                report = replace(report, file_path=stored.path, file_name=stored.name, file_sha256=stored.sha256)
            recorded = record_report(
                app.plan(obligation.plan_number), report, today=day, recorded_by=f"web:{grant.agency}", source="web"
            )
        except (TrackingError, PlanError) as exc:
            if stored is not None:
                stored.discard(app.settings.home)
            return page(request, grant, day, error=f"Chưa ghi nhận được: {exc}.", status_code=400)
        return RedirectResponse(f"/bao-cao/{grant.token}?da-ghi={recorded.submission_id}", status_code=303)

    return router


# The document's number, leaving room for its date (" ngày 10/11/2026") in the report's 300 characters.
DOCUMENT_NUMBER_LIMIT = TEXT_FIELDS["document"].max_chars - len(" ngày 01/01/2026")


def _report(form, obligation, agency: str, day: date) -> Report:
    """The report the form describes; raises ValueError with a Vietnamese sentence when a field is wrong.

    A report sent on the page counts from the day it arrives: the date the agency gives its document is
    kept with the document's number, but cannot make a late report count as on time."""
    state = str(form.get("state", ""))
    if state not in {r.value for r in Reported}:
        raise ValueError("Chưa chọn tình trạng thực hiện.")
    date_text = str(form.get("document_date", "")).strip()
    try:
        dated = date.fromisoformat(date_text) if date_text else day
    except ValueError:
        raise ValueError(f"Ngày văn bản '{date_text}' không đúng (cần ngày/tháng/năm).") from None
    document = _text(form, "document", "Số, ký hiệu văn bản", DOCUMENT_NUMBER_LIMIT)
    if dated != day:
        document = f"{document or 'Văn bản'} ngày {dated.day:02d}/{dated.month:02d}/{dated.year}"
    figures = {f.key: str(form.get(f"figure-{f.key}", "")) for f in obligation.figures}
    return Report(
        item=obligation.status.item,
        agency=agency,
        state=state,
        reported_on=day,
        period=obligation.status.period,
        document=document,
        note=_text(form, "note", "Tóm tắt kết quả", TEXT_FIELDS["note"].max_chars),
        difficulties=_text(form, "difficulties", "Khó khăn, vướng mắc", TEXT_FIELDS["difficulties"].max_chars),
        proposals=_text(form, "proposals", "Đề xuất, kiến nghị", TEXT_FIELDS["proposals"].max_chars),
        figures={k: v for k, v in figures.items() if v.strip()} or None,
    )


def _text(form, name: str, label: str, limit: int) -> str | None:
    value = str(form.get(name, "") or "").strip()
    if len(value) > limit:
        raise ValueError(f"Nội dung ô “{label}” quá dài (tối đa {limit} ký tự).")
    return value or None
